/*
 * test_icmp_options.c - the check_icmp personality's command line
 * (plugins/icmp_options.c): defaults, every option into struct options /
 * struct icmp_config, hosts from -H and bare arguments in any mix, the
 * thresholds' grammars, and check_icmp's kind of message for bad values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "icmp_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct parsed {
    struct options opt;
    struct icmp_config icmp;
    char err[256];
    enum options_result rc;
};

/* Parse a NULL-terminated list of words after "check_icmp". */
static void parse(struct parsed *p, const char *const *words)
{
    static char store[40][64]; /* getopt wants char *: copies of the words */
    char *argv[40];
    int argc = 0;
    snprintf(store[0], sizeof(store[0]), "check_icmp");
    argv[argc] = store[argc];
    argc++;
    for (; *words; words++, argc++) {
        snprintf(store[argc], sizeof(store[argc]), "%s", *words);
        argv[argc] = store[argc];
    }
    argv[argc] = NULL;
    memset(p, 0, sizeof(*p));
    FILE *devnull = fopen("/dev/null", "w");
    p->rc = icmp_options_parse(argc, argv, &p->opt, &p->icmp, devnull, p->err, sizeof(p->err));
    fclose(devnull);
}

#define PARSE(p, ...) parse(p, (const char *const[]){__VA_ARGS__, NULL})

static void expect_error(const char *message, const char *const *words)
{
    struct parsed p;
    parse(&p, words);
    assert_int_equal(p.rc, OPTIONS_ERROR);
    if (strcmp(p.err, message) != 0)
        fail_msg("got \"%s\", expected \"%s\"", p.err, message);
    options_free(&p.opt);
}

#define EXPECT_ERROR(msg, ...) expect_error(msg, (const char *const[]){__VA_ARGS__, NULL})

static void test_defaults_are_check_icmps(void **state)
{
    (void)state;
    struct parsed p;
    PARSE(&p, "192.0.2.1");
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.opt.packets, 5);
    assert_int_equal(p.opt.interval_ms, 80);
    assert_int_equal(p.opt.timeout_s, 10);
    assert_int_equal(p.opt.send.payload_size, 68);
    assert_int_equal(p.icmp.warn.rta_us, 200000);
    assert_int_equal(p.icmp.crit.rta_us, 500000);
    assert_int_equal(p.icmp.warn.pl, 40);
    assert_int_equal(p.icmp.crit.pl, 80);
    assert_true(p.icmp.warn.mos == 3.5 && p.icmp.crit.score == 70);
    assert_int_equal(p.icmp.min_hosts_alive, -1);
    assert_int_equal(p.icmp.modes, 0);
    options_free(&p.opt);
}

static void test_hosts_from_H_and_bare_words_in_any_mix(void **state)
{
    (void)state;
    struct parsed p;
    PARSE(&p, "-H", "a", "b", "-n", "2", "c", "-H", "d");
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.opt.source_count, 4);
    const char *want[] = {"a", "d", "b", "c"}; /* getopt: options first, then the rest */
    for (int i = 0; i < 4; i++)
        assert_string_equal(p.opt.sources[i].text, want[i]);
    assert_int_equal(p.opt.packets, 2);
    options_free(&p.opt);
}

static void test_warning_critical_units_and_one_char_rta(void **state)
{
    (void)state;
    struct parsed p;
    PARSE(&p, "-w", "5,10%", "-c", "0.5s,90", "h");
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.icmp.warn.rta_us, 5000); /* 2.4 drops the ",10%" here */
    assert_int_equal(p.icmp.warn.pl, 10);
    assert_int_equal(p.icmp.crit.rta_us, 500000);
    assert_int_equal(p.icmp.crit.pl, 90);
    options_free(&p.opt);
    PARSE(&p, "-w", "1.05ms,40%", "-c", "500us", "h");
    assert_int_equal(p.icmp.warn.rta_us, 500); /* warning no stricter than critical */
    assert_int_equal(p.icmp.crit.rta_us, 500);
    options_free(&p.opt);
    PARSE(&p, "-w", "1.05ms", "h");
    assert_int_equal(p.icmp.warn.rta_us, 1050);
    options_free(&p.opt);
    PARSE(&p, "-w", "200,40.5%", "-c", "500,80.9", "h"); /* 2.4 reads 40 and 80 */
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.icmp.warn.pl, 40);
    assert_int_equal(p.icmp.crit.pl, 80);
    options_free(&p.opt);
    PARSE(&p, "-w", "666,6606660662", "-c", "300s,250", "h"); /* clamped as 2.4 does */
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.icmp.crit.rta_us, 255000000);
    assert_int_equal(p.icmp.crit.pl, 100);
    assert_int_equal(p.icmp.warn.pl, 100);
    options_free(&p.opt);
}

static void test_modes_and_their_thresholds(void **state)
{
    (void)state;
    struct parsed p;
    PARSE(&p, "-R", "100ms,200ms", "-P", "5%,10%", "-J", "4.5,9", "-M", "4,3.5", "-S", "90,85",
          "-O", "h");
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.icmp.modes, ICMP_MODE_RTA | ICMP_MODE_PL | ICMP_MODE_JITTER | ICMP_MODE_MOS |
                                       ICMP_MODE_SCORE | ICMP_MODE_ORDER);
    assert_int_equal(p.icmp.warn.rta_us, 100000);
    assert_int_equal(p.icmp.crit.rta_us, 200000);
    assert_int_equal(p.icmp.warn.pl, 5);
    assert_true(p.icmp.warn.jitter_ms == 4.5 && p.icmp.crit.jitter_ms == 9);
    assert_true(p.icmp.warn.mos == 4 && p.icmp.crit.mos == 3.5);
    assert_true(p.icmp.warn.score == 90 && p.icmp.crit.score == 85);
    options_free(&p.opt);
}

static void test_long_option_aliases(void **state)
{
    (void)state;
    struct parsed p;
    PARSE(&p, "--Host", "a", "--number-of-packets", "3", "--packet-interval", "1s",
          "--target-interval", "10ms", "--minimal-host-alive", "1", "--outgoing-ttl", "7", "--size",
          "100", "--out-of-order-packets", "--timeout", "4", "--ipv4-only");
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.opt.packets, 3);
    assert_int_equal(p.opt.interval_ms, 1000);
    assert_int_equal(p.opt.rate_pps, 100);
    assert_int_equal(p.icmp.min_hosts_alive, 1);
    assert_int_equal(p.opt.send.ttl, 7);
    assert_int_equal(p.opt.send.payload_size, 100);
    assert_int_equal(p.opt.timeout_s, 4);
    assert_int_equal(p.opt.family, AF_INET);
    options_free(&p.opt);
}

static void test_source_ttl_timeout_special_values(void **state)
{
    (void)state;
    struct parsed p;
    PARSE(&p, "-s", "127.0.15.15", "-l", "0", "-t", "0", "h");
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.opt.send.source[0].family, AF_INET);
    assert_int_equal(p.opt.send.ttl, 64); /* 0 means the default */
    assert_int_equal(p.opt.timeout_s, 10);
    options_free(&p.opt);
    PARSE(&p, "-s", "lo", "h"); /* a device: its address */
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_true(p.opt.send.source[0].family == AF_INET || p.opt.send.source[1].family);
    options_free(&p.opt);
}

static void test_bad_values_say_what_like_check_icmp(void **state)
{
    (void)state;
    EXPECT_ERROR("No hosts to check", "-w", "100,10%");
    EXPECT_ERROR("packets is > 20 (21)", "-n", "21", "h");
    EXPECT_ERROR("ICMP data length must be between: 52 and 65507", "-b", "51", "h");
    EXPECT_ERROR("ICMP data length must be between: 52 and 65507", "-b", "65508", "h");
    EXPECT_ERROR("minimum alive hosts is negative (-2)", "-m", "-2", "h");
    EXPECT_ERROR("Failed to parse RTA threshold", "-R", "abc", "h");
    EXPECT_ERROR("Failed to parse packet loss threshold", "-P", "101", "h");
    EXPECT_ERROR("Failed to parse jitter threshold", "-J", "1,2,3", "h");
    EXPECT_ERROR("Failed to parse MOS threshold", "-M", "6", "h");
    EXPECT_ERROR("Failed to parse score threshold", "-S", "x", "h");
    EXPECT_ERROR("Invalid warning threshold 'abc': expected RTA[,PL%] as in 200ms,40%", "-w", "abc",
                 "h");
    EXPECT_ERROR("Invalid critical threshold '100,x': expected RTA[,PL%] as in 200ms,40%", "-c",
                 "100,x", "h");
    EXPECT_ERROR("Invalid TTL '256': must be between 0 and 255", "-l", "256", "h");
    EXPECT_ERROR("Invalid timeout 'x': not a whole number", "-t", "x", "h");
    EXPECT_ERROR("-i: '5 parsecs' is not a time (a number with us, ms or s)", "-i", "5 parsecs",
                 "h");
    EXPECT_ERROR("Multiple protocol versions not supported", "-4", "-6", "h");
    EXPECT_ERROR("invalid option -- 'x'", "-x", "h");
    EXPECT_ERROR("option requires an argument -- 'w'", "h", "-w");
    EXPECT_ERROR("Cannot determine IP address of interface nosuchdev0", "-s", "nosuchdev0", "h");
}

/* An --extra-opts file ([check_icmp] holding `lines`) named before the
 * words. */
static void parse_with_file(struct parsed *p, const char *lines, const char *const *words)
{
    char path[] = "/tmp/test_icmp_options.XXXXXX", spec[64];
    const char *all[40] = {spec};
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "[check_icmp]\n%s\n", lines);
    fclose(f);
    snprintf(spec, sizeof(spec), "--extra-opts=@%s", path);
    for (size_t i = 0; words[i] && i < 38; i++)
        all[i + 1] = words[i];
    parse(p, all);
    unlink(path);
}

#define PARSE_WITH_FILE(p, lines, ...)                                                             \
    parse_with_file(p, lines, (const char *const[]){__VA_ARGS__, NULL})

/* The file's options are defaults: the command line's -4/-6 replace
 * them (issue 21, defect 8); one layer alone still conflicts. */
static void test_command_line_replaces_the_files_family(void **state)
{
    (void)state;
    struct parsed p;
    char a[64];
    PARSE_WITH_FILE(&p, "ipv4-only", "-6", "h");
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.opt.family, AF_INET6);
    options_free(&p.opt);
    PARSE_WITH_FILE(&p, "ipv4-only\nipv6-only", "h");
    assert_int_equal(p.rc, OPTIONS_ERROR);
    assert_string_equal(p.err, "in --extra-opts: Multiple protocol versions not supported");
    options_free(&p.opt);
    /* -s has no long name, so no file sets it: -s DEVICE fills only the
     * families no -s has set */
    PARSE(&p, "-s", "127.0.9.9", "-s", "lo", "h");
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_string_equal(ipaddr_format(&p.opt.send.source[0], a, sizeof(a)), "127.0.9.9");
    options_free(&p.opt);
    EXPECT_ERROR("Cannot determine IP address of interface nosuchdev0", "-s", "127.0.9.9", "-s",
                 "nosuchdev0", "h");
    /* single values: the command line's */
    PARSE_WITH_FILE(&p, "number-of-packets=3\ntimeout=30", "-n", "4", "-t", "5", "h");
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.opt.packets, 4);
    assert_int_equal(p.opt.timeout_s, 5);
    options_free(&p.opt);
}

/* --extra=... abbreviates --extra-opts on the command line too. */
static void test_extra_opts_abbreviated(void **state)
{
    (void)state;
    struct parsed p;
    char path[] = "/tmp/test_icmp_options.XXXXXX", spec[64];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char text[] = "[check_icmp]\nnumber-of-packets=7\n";
    assert_true(write(fd, text, sizeof(text) - 1) == (ssize_t)sizeof(text) - 1);
    close(fd);
    snprintf(spec, sizeof(spec), "--extra=@%s", path);
    PARSE(&p, spec, "h");
    unlink(path);
    assert_int_equal(p.rc, OPTIONS_RUN);
    assert_int_equal(p.opt.packets, 7);
    options_free(&p.opt);
}

/* Values are quoted with control characters as \xNN: one line. */
static void test_control_characters_are_quoted(void **state)
{
    (void)state;
    EXPECT_ERROR("Invalid number of packets '5\\x0aCRITICAL': not a whole number", "-n",
                 "5\nCRITICAL", "h");
    EXPECT_ERROR("Invalid timeout '5\\x0a': not a whole number", "-t", "5\n", "h");
    EXPECT_ERROR("Invalid warning threshold '1\\x0d': expected RTA[,PL%] as in 200ms,40%", "-w",
                 "1\r", "h");
    EXPECT_ERROR("-i: '1\\x1b' is not a time (a number with us, ms or s)", "-i", "1\x1b", "h");
    EXPECT_ERROR("Cannot determine IP address of interface x\\x0ay", "-s", "x\ny", "h");
    EXPECT_ERROR("unrecognized option '--x\\x0ay'", "--x\ny", "h");
    EXPECT_ERROR("invalid option -- '\\x0a'", "-\n", "h");
}

static void test_help_and_version_exit(void **state)
{
    (void)state;
    struct parsed p;
    PARSE(&p, "-h");
    assert_int_equal(p.rc, OPTIONS_EXIT);
    options_free(&p.opt);
    PARSE(&p, "--version");
    assert_int_equal(p.rc, OPTIONS_EXIT);
    options_free(&p.opt);
}

static void test_fit_timing_keeps_inside_timeout(void **state)
{
    (void)state;
    struct parsed p;
    PARSE(&p, "-c", "10000ms,100%", "-t", "2", "h");
    icmp_options_fit_timing(&p.opt, &p.icmp, 250);
    assert_int_equal(p.opt.packet_timeout_ms, 2000 - 250 - 4 * 80);
    options_free(&p.opt);
    PARSE(&p, "h");
    icmp_options_fit_timing(&p.opt, &p.icmp, 250);
    assert_int_equal(p.opt.packet_timeout_ms, 1000); /* at least 1 s */
    options_free(&p.opt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_check_icmps),
        cmocka_unit_test(test_hosts_from_H_and_bare_words_in_any_mix),
        cmocka_unit_test(test_warning_critical_units_and_one_char_rta),
        cmocka_unit_test(test_modes_and_their_thresholds),
        cmocka_unit_test(test_long_option_aliases),
        cmocka_unit_test(test_source_ttl_timeout_special_values),
        cmocka_unit_test(test_bad_values_say_what_like_check_icmp),
        cmocka_unit_test(test_command_line_replaces_the_files_family),
        cmocka_unit_test(test_extra_opts_abbreviated),
        cmocka_unit_test(test_control_characters_are_quoted),
        cmocka_unit_test(test_help_and_version_exit),
        cmocka_unit_test(test_fit_timing_keeps_inside_timeout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
