/* test_options.c - the send options on the command line: every good
 * spelling lands in struct send_params, every bad value is one line naming
 * its option; --extra-opts files as defaults the command line replaces. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "net/icmp.h"
#include "option_table.h"
#include "options.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

/* The same with an --extra-opts file whose [check_multiping] section
 * holds `lines` ('\n'-separated), named first on the command line. */
static enum options_result parse_with_file(const char *lines, const char *words,
                                           struct options *opt, char *err, size_t len)
{
    char path[] = "/tmp/test_options.XXXXXX", all[512];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fprintf(f, "[check_multiping]\n%s\n", lines);
    fclose(f);
    snprintf(all, sizeof(all), "--extra-opts=@%s %s", path, words);
    enum options_result rc = parse(all, opt, err, len);
    unlink(path);
    return rc;
}

static void parses_with_file(const char *lines, const char *words, struct options *opt)
{
    char err[512];
    if (parse_with_file(lines, words, opt, err, sizeof(err)) != OPTIONS_RUN)
        fail_msg("file '%s' with '%s' refused: %s", lines, words, err);
}

static void refused_with_file(const char *lines, const char *words, const char *want)
{
    struct options opt;
    char err[512];
    if (parse_with_file(lines, words, &opt, err, sizeof(err)) != OPTIONS_ERROR)
        fail_msg("file '%s' with '%s' was accepted", lines, words);
    if (!strstr(err, want) || strchr(err, '\n'))
        fail_msg("file '%s' with '%s': message \"%s\" lacks \"%s\" or is not one line", lines,
                 words, err, want);
    options_free(&opt);
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

/* --api-proxy: the only proxy the API client uses, and only with --api. */
static void test_options_api_proxy(void **state)
{
    (void)state;
    struct options opt;
    parses("--api https://192.0.2.1:5665 --submit --api-proxy http://192.0.2.3:3128", &opt);
    assert_string_equal(opt.bulk.api_proxy, "http://192.0.2.3:3128");
    options_free(&opt);
    parses("--api https://192.0.2.1:5665 --submit", &opt);
    assert_null(opt.bulk.api_proxy);
    options_free(&opt);
    refused("--submit --command-file /tmp/x --api-proxy http://192.0.2.3:3128",
            "--api-proxy need --api");
    refused("--api https://192.0.2.1:5665 --submit --api-proxy=", "--api-proxy: empty argument");
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
    assert_false(opt.send.df_small);
    assert_false(opt.all_addresses);
    assert_int_equal(opt.send.source[0].family, 0);
    assert_string_equal(opt.send.interface, "");
    options_free(&opt);
    /* --watch: small IPv4 requests with DF (send_params.h) */
    parses("--watch --command-file /tmp/x", &opt);
    assert_true(opt.send.df_small);
    assert_false(opt.send.dont_fragment);
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

/* ---- --extra-opts files as defaults (issue 21, defect 8) ---- */

static const char *source_text(const struct options *opt, int f, char *buf, size_t len)
{
    return opt->send.source[f].family ? ipaddr_format(&opt->send.source[f], buf, len) : "-";
}

/* The three cases as reported: each was refused ("set the same byte",
 * "the second IPv4 source address", "exclude each other"). */
static void test_options_command_line_dscp_replaces_the_files(void **state)
{
    (void)state;
    struct options opt;
    parses_with_file("dscp=af11", "--dscp ef", &opt);
    assert_int_equal(opt.send.tos, 184);
    options_free(&opt);
    parses_with_file("dscp=af11", "--tos 8", &opt); /* --tos and --dscp are one family */
    assert_int_equal(opt.send.tos, 8);
    options_free(&opt);
    parses_with_file("tos=8", "", &opt); /* alone, the file's value holds */
    assert_int_equal(opt.send.tos, 8);
    options_free(&opt);
    /* within one layer the two still contradict each other */
    refused_with_file("dscp=af11\ntos=8", "", "in --extra-opts: --tos: --tos and --dscp set");
    refused_with_file("dscp=af11", "--tos 8 --dscp ef", "--dscp: --tos and --dscp set the same");
}

static void test_options_command_line_source_replaces_the_files_per_family(void **state)
{
    (void)state;
    struct options opt;
    char a[64], b[64];
    parses_with_file("source=10.90.0.1\nsource=2001:db8::1", "-S 10.99.0.1", &opt);
    assert_string_equal(source_text(&opt, 0, a, sizeof(a)), "10.99.0.1");
    assert_string_equal(source_text(&opt, 1, b, sizeof(b)), "2001:db8::1"); /* other family */
    options_free(&opt);
    parses_with_file("source=10.90.0.1", "-S 2001:db8::2", &opt);
    assert_string_equal(source_text(&opt, 0, a, sizeof(a)), "10.90.0.1");
    assert_string_equal(source_text(&opt, 1, b, sizeof(b)), "2001:db8::2");
    options_free(&opt);
    refused_with_file("source=10.90.0.1\nsource=10.90.0.2", "", "is the second IPv4 source");
    refused_with_file("source=10.90.0.1", "-S 10.99.0.1 -S 10.99.0.2",
                      "--source: '10.99.0.2' is the second IPv4 source address");
}

static void test_options_command_line_family_replaces_the_files(void **state)
{
    (void)state;
    struct options opt;
    char a[64], b[64];
    parses_with_file("ipv4", "-6", &opt);
    assert_int_equal(opt.family, AF_INET6);
    options_free(&opt);
    parses_with_file("ipv6", "-4", &opt);
    assert_int_equal(opt.family, AF_INET);
    options_free(&opt);
    /* the file's source of the family -6 leaves out is a default that
     * does not apply: dropped, not "an IPv4 source address with -6" */
    parses_with_file("source=10.90.0.1\nsource=2001:db8::1", "-6", &opt);
    assert_string_equal(source_text(&opt, 0, a, sizeof(a)), "-");
    assert_string_equal(source_text(&opt, 1, b, sizeof(b)), "2001:db8::1");
    options_free(&opt);
    refused_with_file("ipv4\nipv6", "", "-4 and -6 exclude each other");
    refused_with_file("ipv4", "-4 -6", "-4 and -6 exclude each other");
    refused_with_file("ipv4\nsource=2001:db8::1", "", "an IPv6 source address with -4");
    /* a source the command line asks for is never dropped */
    refused_with_file("ipv4", "-S 2001:db8::1", "an IPv6 source address with -4");
}

/* Every value of struct options an option sets, as text. */
static void dump(const struct options *o, char *buf, size_t len)
{
    const struct verdict_config *v = &o->verdict;
    const struct range *r[] = {&v->down.warning, &v->down.critical, &v->partial.warning,
                               &v->partial.critical, &v->min_alive};
    const struct host_limit *l[] = {&v->host_warning, &v->host_critical};
    const struct bulk_options *b = &o->bulk;
    const char *text[] = {b->api_url,        b->api_user,    b->api_password_file, b->api_ca,
                          b->api_cert,       b->api_key,     b->api_proxy,         b->from_api,
                          b->submit_service, b->command_file};
    char s4[64], s6[64];
    int n = snprintf(buf, len,
                     "family %d max %llu n %u i %u pt %u rate %u dns %u socket %d src %s %s "
                     "if %s mark %d/%u tos %d ttl %d size %u df %d A %d t %u:%d fmt %d lines "
                     "%u v %d pd %d ttl %u skip %u submit %d th %d%d%d%d%d %d%d",
                     o->family, (unsigned long long)o->max_hosts, o->packets, o->interval_ms,
                     o->packet_timeout_ms, o->rate_pps, o->dns_parallel, (int)o->socket_mode,
                     source_text(o, 0, s4, sizeof(s4)), source_text(o, 1, s6, sizeof(s6)),
                     o->send.interface, o->send.has_mark, o->send.mark, o->send.tos, o->send.ttl,
                     o->send.payload_size, o->send.dont_fragment, o->all_addresses, o->timeout_s,
                     (int)o->timeout_state, (int)o->output.format, o->output.max_lines,
                     o->output.verbose, o->output.perfdata_hosts, b->submit_ttl_s,
                     b->skip_unchanged_s, b->submit, v->down.has_warning, v->down.has_critical,
                     v->partial.has_warning, v->partial.has_critical, v->has_min_alive,
                     v->has_host_warning, v->has_host_critical);
    for (size_t i = 0; i < sizeof(r) / sizeof(r[0]) && n > 0 && (size_t)n < len; i++)
        n += snprintf(buf + n, len - (size_t)n, " r %g %g %d%d%d%d", r[i]->start, r[i]->end,
                      r[i]->start_infinite, r[i]->end_infinite, r[i]->inside, r[i]->percent);
    for (size_t i = 0; i < 2 && n > 0 && (size_t)n < len; i++)
        n += snprintf(buf + n, len - (size_t)n, " l %llu %g %llu %g %g",
                      (unsigned long long)l[i]->rta_us, l[i]->loss_pct,
                      (unsigned long long)l[i]->jitter_us, l[i]->mos, l[i]->score);
    for (size_t i = 0; i < sizeof(text) / sizeof(text[0]) && n > 0 && (size_t)n < len; i++)
        n += snprintf(buf + n, len - (size_t)n, " s %s", text[i] ? text[i] : "-");
    const struct watch_options *w = &o->watch;
    if (n > 0 && (size_t)n < len)
        snprintf(buf + n, len - (size_t)n, " watch %d %u %u %u %s", w->enabled, w->interval_ms,
                 w->down_after_s, w->reload_s, w->heartbeat ? w->heartbeat : "-");
}

/* Every option that takes one value: VALUE in the file, OTHER on the
 * command line (with the words some options need beside them). */
struct replaced {
    const char *name;
    const char *value;
    const char *other;
    const char *beside;
};

static const struct replaced single_values[] = {
    {"max-hosts", "10", "20", ""},
    {"packets", "3", "5", ""},
    {"interval", "100", "300", ""},
    {"packet-timeout", "500", "700", ""},
    {"rate", "10", "20", ""},
    {"dns-parallel", "10", "20", ""},
    {"warning", "1", "@2:3", ""},
    {"critical", "10%", "4", ""},
    {"partial-warning", "1", "2", ""},
    {"partial-critical", "1", "2", ""},
    {"min-alive", "1", "50%", ""},
    {"host-warning", "100ms,10%", "200ms,20%,jitter=5ms", ""},
    {"host-critical", "100ms,10%,mos=3", "200ms,20%", ""},
    {"max-lines", "5", "6", ""},
    {"format", "table", "json", ""},
    {"source", "10.90.0.1", "10.99.0.1", ""},
    {"interface", NULL, NULL, ""}, /* two devices of this machine, found at run time */
    {"mark", "1", "2", ""},
    {"tos", "1", "2", ""},
    {"dscp", "af11", "ef", ""},
    {"ttl", "1", "2", ""},
    {"size", "100", "200", ""},
    {"socket", "dgram", "raw", ""},
    {"timeout", "30:CRITICAL", "7", ""}, /* -t 7 is 7:UNKNOWN, not 7:CRITICAL */
    {"api", "https://192.0.2.1:5665", "https://192.0.2.2:5665", "--submit"},
    {"api-user", "a", "b", "--api=https://192.0.2.1 --submit"},
    {"api-password-file", "/a", "/b", "--api=https://192.0.2.1 --submit"},
    {"api-ca", "/a", "/b", "--api=https://192.0.2.1 --submit"},
    {"api-proxy", "http://192.0.2.1:3128", "http://192.0.2.2:3128",
     "--api=https://192.0.2.1 --submit"},
    {"api-cert", "/a", "/b", "--api=https://192.0.2.1 --submit --api-key=/k"},
    {"api-key", "/a", "/b", "--api=https://192.0.2.1 --submit --api-cert=/c"},
    {"from-api", "a", "b", "--api=https://192.0.2.1"},
    {"submit-service", "a", "b", "--submit --command-file=/c"},
    {"submit-ttl", "100", "200", ""},
    {"command-file", "/a", "/b", "--submit"},
    {"skip-unchanged", "10", "20", "--api=https://192.0.2.1 --from-api=f --submit"},
    {"watch-interval", "2", "3", "--watch --command-file=/c"},
    {"down-after", "20", "30", "--watch --command-file=/c"},
    {"reload", "10", "20", "--watch --command-file=/c"},
    {"heartbeat", "a!b", "c!d", "--watch --command-file=/c"},
};

/* "--NAME=VALUE BESIDE" in one layer, the other empty, or both. */
static void dump_parse(const struct replaced *r, const char *file_value, const char *value,
                       char *buf, size_t len)
{
    char line[256] = "", words[256];
    struct options opt;
    if (file_value)
        snprintf(line, sizeof(line), "%s=%s", r->name, file_value);
    snprintf(words, sizeof(words), "--%s=%s %s", r->name, value, r->beside);
    parses_with_file(line, words, &opt);
    dump(&opt, buf, len);
    options_free(&opt);
}

/* The general rule: a file's value of a single-valued option is a default;
 * the command line's replaces it whole (file VALUE + command line OTHER
 * is OTHER alone, which differs from VALUE alone). */
static void test_options_command_line_replaces_every_single_value(void **state)
{
    (void)state;
    struct if_nameindex *devices = if_nameindex();
    assert_non_null(devices);
    for (size_t i = 0; i < sizeof(single_values) / sizeof(single_values[0]); i++) {
        struct replaced r = single_values[i];
        if (!r.value) {
            if (!devices[0].if_name || !devices[1].if_name) {
                print_message("only one network device: --interface not tried\n");
                continue;
            }
            r.value = devices[0].if_name;
            r.other = devices[1].if_name;
        }
        char both[1024], other[1024], value[1024];
        dump_parse(&r, r.value, r.other, both, sizeof(both));
        dump_parse(&r, NULL, r.other, other, sizeof(other));
        dump_parse(&r, NULL, r.value, value, sizeof(value));
        if (strcmp(both, other) != 0)
            fail_msg("--%s: file %s + command line %s gave\n  %s\nwhere %s alone gives\n  %s",
                     r.name, r.value, r.other, both, r.other, other);
        if (strcmp(other, value) == 0)
            fail_msg("--%s: %s and %s parse the same: the case proves nothing", r.name, r.value,
                     r.other);
    }
    if_freenameindex(devices);
}

/* The list above is every option that takes a value, but for those that
 * accumulate (-H, -f) and --extra-opts itself: a new one must be added. */
static void test_options_replaced_list_covers_the_table(void **state)
{
    (void)state;
    struct option longs[OPTION_TABLE_MAX + 1];
    char shorts[2 * OPTION_TABLE_MAX + 2];
    option_table_getopt(longs, shorts);
    for (const struct option *o = longs; o->name; o++) {
        bool listed = o->has_arg == no_argument || strcmp(o->name, "host") == 0 ||
                      strcmp(o->name, "file") == 0 || strcmp(o->name, "extra-opts") == 0;
        for (size_t i = 0; !listed && i < sizeof(single_values) / sizeof(single_values[0]); i++)
            listed = strcmp(single_values[i].name, o->name) == 0;
        if (!listed)
            fail_msg("--%s takes a value but is not in single_values[]", o->name);
    }
}

/* Hosts add up from both layers, in order: the file's first. */
static void test_options_hosts_come_from_both_layers(void **state)
{
    (void)state;
    struct options opt;
    parses_with_file("host=192.0.2.1", "-H 192.0.2.2", &opt);
    assert_int_equal(opt.source_count, 3); /* and parse()'s 127.0.0.1 */
    assert_string_equal(opt.sources[0].text, "192.0.2.1");
    assert_string_equal(opt.sources[1].text, "192.0.2.2");
    assert_int_equal(opt.sources[1].argno, 2);
    options_free(&opt);
}

/* --extra=... is getopt's abbreviation of --extra-opts, on the command
 * line as anywhere; inside a file the option stays refused. */
static void test_options_extra_opts_abbreviated(void **state)
{
    (void)state;
    struct options opt;
    char err[512], path[] = "/tmp/test_options.XXXXXX", words[128];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, "[check_multiping]\npackets=7\n", 28) == 28);
    close(fd);
    snprintf(words, sizeof(words), "--extra=@%s", path);
    parses(words, &opt);
    assert_int_equal(opt.packets, 7);
    options_free(&opt);
    snprintf(words, sizeof(words), "--extra-o=@%s -n 3", path);
    parses(words, &opt);
    assert_int_equal(opt.packets, 3);
    options_free(&opt);
    unlink(path);
    refused_with_file("extra-opts=x", "", "--extra-opts may not appear inside an extra-opts file");
    /* a bare key of an option that needs a value takes no command-line word */
    assert_int_equal(parse_with_file("warning", "", &opt, err, sizeof(err)), OPTIONS_ERROR);
    assert_string_equal(err, "in --extra-opts: option -w needs an argument (see --help)");
    options_free(&opt);
}

/* Control characters in a value are quoted (\x0a), never echoed raw:
 * the message is the plugin's one status line. */
static void test_options_values_with_control_characters_stay_one_line(void **state)
{
    (void)state;
    refused("-n 5\nCRITICAL", "--packets: '5\\x0aCRITICAL' is not a whole number");
    refused("-t 5\n:OK", "--timeout: '5\\x0a' is not a whole number");
    refused("-t 5:\rOK", "--timeout: '\\x0dOK' is not a state");
    refused("--format json\nx", "--format: 'json\\x0ax' is not one of plugin, table, json");
    refused("--socket \x1b[2J", "--socket: '\\x1b[2J' is not one of");
    refused("--min-alive 1\n2", "--min-alive: '1\\x0a2:'");
    refused("-S 192.0.2.1\n", "--source: '192.0.2.1\\x0a' is not an IPv4 or IPv6 address");
    refused("-I lo\n", "--interface: 'lo\\x0a' is not a network device");
    refused("--dscp ef\n", "--dscp: 'ef\\x0a' is not a DSCP class");
    refused("--bogus\nCRITICAL", "unknown option or missing argument: '--bogus\\x0aCRITICAL'");
    refused_with_file("packets=5\x01", "", "in --extra-opts: --packets: '5\\x01'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_skip_unchanged_rules),
        cmocka_unit_test(test_options_send_defaults),
        cmocka_unit_test(test_options_api_proxy),
        cmocka_unit_test(test_options_send_values),
        cmocka_unit_test(test_options_dscp_classes),
        cmocka_unit_test(test_options_size_limits_per_family),
        cmocka_unit_test(test_options_bad_send_values),
        cmocka_unit_test(test_options_command_line_dscp_replaces_the_files),
        cmocka_unit_test(test_options_command_line_source_replaces_the_files_per_family),
        cmocka_unit_test(test_options_command_line_family_replaces_the_files),
        cmocka_unit_test(test_options_command_line_replaces_every_single_value),
        cmocka_unit_test(test_options_replaced_list_covers_the_table),
        cmocka_unit_test(test_options_hosts_come_from_both_layers),
        cmocka_unit_test(test_options_extra_opts_abbreviated),
        cmocka_unit_test(test_options_values_with_control_characters_stay_one_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
