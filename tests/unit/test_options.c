/* test_options.c - the send options on the command line: every good
 * spelling lands in struct send_params, every bad value is one line naming
 * its option. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "net/icmp.h"
#include "options.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define MAX_WORDS 24

/* Parse "words" (space-separated, then a host) into *opt. */
static enum options_result parse(const char *words, struct options *opt, char *err, size_t len)
{
    static char buf[512];
    char *argv[MAX_WORDS + 2];
    int argc = 0;
    snprintf(buf, sizeof(buf), "%s", words);
    argv[argc++] = "check_multiping";
    for (char *w = strtok(buf, " "); w && argc < MAX_WORDS; w = strtok(NULL, " "))
        argv[argc++] = w;
    argv[argc++] = "127.0.0.1";
    argv[argc] = NULL;
    err[0] = '\0';
    return options_parse(argc, argv, opt, stdout, err, len);
}

static void parses(const char *words, struct options *opt)
{
    char err[512];
    if (parse(words, opt, err, sizeof(err)) != OPTIONS_RUN)
        fail_msg("'%s' refused: %s", words, err);
}

static void refused(const char *words, const char *want)
{
    struct options opt;
    char err[512];
    if (parse(words, &opt, err, sizeof(err)) != OPTIONS_ERROR)
        fail_msg("'%s' was accepted", words);
    if (!strstr(err, want) || strchr(err, '\n'))
        fail_msg("'%s': message \"%s\" lacks \"%s\" or is not one line", words, err, want);
    options_free(&opt);
}

static void test_options_send_defaults(void **state)
{
    (void)state;
    struct options opt;
    parses("", &opt);
    assert_int_equal(opt.send.tos, SEND_PARAMS_UNSET);
    assert_int_equal(opt.send.ttl, SEND_PARAMS_UNSET);
    assert_int_equal(opt.send.payload_size, ICMP_PAYLOAD_LEN);
    assert_false(opt.send.has_mark);
    assert_false(opt.send.dont_fragment);
    assert_false(opt.all_addresses);
    assert_int_equal(opt.send.source[0].family, 0);
    assert_string_equal(opt.send.interface, "");
    options_free(&opt);
}

static void test_options_send_values(void **state)
{
    (void)state;
    struct options opt;
    parses("-S 192.0.2.10 -S 2001:db8::10 -I lo --mark 4294967295 --ttl 255 -b 1472 "
           "--dont-fragment -A --tos 0",
           &opt);
    assert_int_equal(opt.send.source[0].family, AF_INET);
    assert_int_equal(opt.send.source[1].family, AF_INET6);
    assert_string_equal(opt.send.interface, "lo");
    assert_true(opt.send.has_mark);
    assert_int_equal(opt.send.mark, 4294967295u);
    assert_int_equal(opt.send.ttl, 255);
    assert_int_equal(opt.send.tos, 0);
    assert_int_equal(opt.send.payload_size, 1472);
    assert_true(opt.send.dont_fragment);
    assert_true(opt.all_addresses);
    options_free(&opt);
}

/* The TOS byte is the DSCP code point shifted left by two. */
static void test_options_dscp_classes(void **state)
{
    (void)state;
    static const struct {
        const char *words;
        int tos;
    } cases[] = {
        {"--dscp ef", 184}, {"--dscp EF", 184},  {"--dscp af11", 40}, {"--dscp af43", 152},
        {"--dscp cs0", 0},  {"--dscp cs7", 224}, {"--dscp 46", 184},  {"--dscp 63", 252},
        {"--tos 255", 255}, {"--size 16", -1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct options opt;
        parses(cases[i].words, &opt);
        assert_int_equal(opt.send.tos, cases[i].tos < 0 ? SEND_PARAMS_UNSET : cases[i].tos);
        options_free(&opt);
    }
}

static void test_options_size_limits_per_family(void **state)
{
    (void)state;
    struct options opt;
    parses("-b 65507", &opt);
    options_free(&opt);
    parses("-6 -b 65527", &opt);
    assert_int_equal(opt.send.payload_size, 65527);
    options_free(&opt);
    refused("-b 65508", "--size: 65508 bytes do not fit an IPv4 datagram");
    refused("-b 65528", "--size: '65528' is not a whole number from 16 to 65527");
    refused("-b 15", "--size: '15'");
}

static void test_options_bad_send_values(void **state)
{
    (void)state;
    refused("-S 192.0.2.300", "--source: '192.0.2.300' is not an IPv4 or IPv6 address");
    refused("-S lo", "--source: 'lo'");
    refused("-S 192.0.2.1 -S 192.0.2.2", "--source: '192.0.2.2' is the second IPv4");
    refused("-S 2001:db8::1 -S 2001:db8::2", "is the second IPv6");
    refused("-4 -S 2001:db8::1", "--source: an IPv6 source address with -4");
    refused("-6 -S 192.0.2.1", "--source: an IPv4 source address with -6");
    refused("-S fe80::1%nosuch0", "--source: 'fe80::1%nosuch0'");
    refused("-I nosuch0", "--interface: 'nosuch0' is not a network device");
    refused("-I aaaaaaaaaaaaaaaaaaaaaaaa", "--interface:");
    refused("--mark -1", "--mark: '-1'");
    refused("--mark 4294967296", "--mark: '4294967296'");
    refused("--mark 0x10", "--mark: '0x10'");
    refused("--tos 256", "--tos: '256' is not a whole number from 0 to 255");
    refused("--tos ef", "--tos: 'ef'");
    refused("--dscp 64", "--dscp: '64' is not a DSCP class");
    refused("--dscp af14", "--dscp: 'af14'");
    refused("--dscp af51", "--dscp: 'af51'");
    refused("--dscp cs8", "--dscp: 'cs8'");
    refused("--dscp efx", "--dscp: 'efx'");
    refused("--tos 8 --dscp ef", "--dscp: --tos and --dscp set the same byte");
    refused("--dscp ef --dscp ef", "--dscp: --tos and --dscp set the same byte");
    refused("--ttl 0", "--ttl: '0' is not a whole number from 1 to 255");
    refused("--ttl 256", "--ttl: '256'");
    refused("--ttl 1.5", "--ttl: '1.5'");
}

/* --skip-unchanged: the core's states come only from the API, and a
 * skipped result must be renewed before its ttl runs out: by the next run
 * (one check interval, at most SECONDS, later), within its -t. */
static void test_options_skip_unchanged_rules(void **state)
{
    (void)state;
    struct options opt;
    parses("--api https://192.0.2.1:5665 --from-api true --submit --skip-unchanged 145", &opt);
    assert_int_equal(opt.bulk.skip_unchanged_s, 145); /* 2 x 145 + 10 = 300 */
    options_free(&opt);
    parses("--api https://192.0.2.1:5665 --from-api true --submit", &opt);
    assert_int_equal(opt.bulk.skip_unchanged_s, 0);
    options_free(&opt);
    refused("--api https://192.0.2.1:5665 --submit --skip-unchanged 60 -f hosts.txt",
            "--skip-unchanged needs --from-api: only the Icinga 2 API tells the core's current "
            "states (a -f or -H list does not)");
    refused("--submit --command-file /tmp/x --skip-unchanged 60 -f hosts.txt",
            "--skip-unchanged needs --from-api: only the Icinga 2 API tells the core's current "
            "states (a -f or -H list does not)");
    refused("--api https://192.0.2.1:5665 --from-api true --skip-unchanged 60",
            "--skip-unchanged needs --submit");
    refused("--api https://192.0.2.1:5665 --from-api true --submit --skip-unchanged 146",
            "--skip-unchanged 146 leaves too small a margin: 2 x 146 + -t 10 = 302 s is more "
            "than --submit-ttl 300 (a host skipped that long, renewed by the next run only "
            "after one check interval and -t, would go stale)");
    /* the case: ttl 10, skip 5 (below the ttl, accepted by 0.2.0) */
    refused("--api https://192.0.2.1:5665 --from-api true --submit --submit-ttl 10 "
            "--skip-unchanged 5 -t 2",
            "--skip-unchanged 5 leaves too small a margin: 2 x 5 + -t 2 = 12 s is more than "
            "--submit-ttl 10 (a host skipped that long, renewed by the next run only after one "
            "check interval and -t, would go stale)");
    refused("--api https://192.0.2.1:5665 --from-api true --submit --submit-ttl 600 "
            "--skip-unchanged 240 -t 121",
            "--skip-unchanged 240 leaves too small a margin: 2 x 240 + -t 121 = 601 s is more "
            "than --submit-ttl 600 (a host skipped that long, renewed by the next run only "
            "after one check interval and -t, would go stale)");
    refused("--api https://192.0.2.1:5665 --from-api true --submit --skip-unchanged 0",
            "--skip-unchanged: '0' is not a whole number from 1 to 604800");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_skip_unchanged_rules),
        cmocka_unit_test(test_options_send_defaults),
        cmocka_unit_test(test_options_send_values),
        cmocka_unit_test(test_options_dscp_classes),
        cmocka_unit_test(test_options_size_limits_per_family),
        cmocka_unit_test(test_options_bad_send_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
