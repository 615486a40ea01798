/*
 * icmp_options.c - check_icmp's option table, its value grammars and
 * --help (see icmp_options.h).
 *
 * Grammars, as check_icmp 2.4 documents them:
 *   TIME        a number with an optional unit us, ms (default) or s, also
 *               u and m ("80", "80ms", "0.5s", "500us");
 *   -w/-c       RTA[,PL[%]]: "200ms,40%", "200.25,60%", "500";
 *   -R -P -J    WARN[,CRIT], an optional "ms" or "%" after each number;
 *   -M -S       WARN[,CRIT], plain numbers.
 * Deliberate differences, all listed in the man page: a one-character RTA
 * keeps its loss part ("-w 5,10%" is 5 ms and 10 %; 2.4 drops the 10 %),
 * decimals mean what they say ("1.05ms" is 1050 us, not 1500), and words
 * that are not numbers are refused instead of read as 0.
 */
#include "icmp_options.h"

#include "excerpt.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define OPT_EXTRA_OPTS 256

struct icmp_option {
    const char *name; /* long name (3.x), or NULL */
    int id;
    int has_arg;
    const char *arg;
    const char *help;
};

static const struct icmp_option icmp_table[] = {
    {"Host", 'H', required_argument, "HOST",
     "Host to check; repeatable, and arguments without an option are hosts\n"
     "too (-H a b c). Also our host grammar: names, CIDR blocks, ranges"},
    {"ipv4-only", '4', no_argument, NULL, "Use IPv4 only"},
    {"ipv6-only", '6', no_argument, NULL, "Use IPv6 only"},
    {"warning", 'w', required_argument, "RTA[,PL%]",
     "Warning threshold (default 200.000ms,40%); RTA in us, ms (default) or s"},
    {"critical", 'c', required_argument, "RTA[,PL%]", "Critical threshold (default 500.000ms,80%)"},
    {"rta-mode-thresholds", 'R', required_argument, "WARN[,CRIT]",
     "RTA mode, in ms, e.g. 100ms,200ms"},
    {"packet-loss-mode-thresholds", 'P', required_argument, "WARN[,CRIT]",
     "Packet loss mode, in %, e.g. 40%,50%"},
    {"jitter-mode-thresholds", 'J', required_argument, "WARN[,CRIT]",
     "Jitter mode, in ms, e.g. 40.000ms,50.000ms (default 40,50)"},
    {"mos-mode-thresholds", 'M', required_argument, "WARN[,CRIT]",
     "MOS mode, 0 to 5 (at most ~4.4 is reached), e.g. 3.5,3.0 (default)"},
    {"score-mode-thresholds", 'S', required_argument, "WARN[,CRIT]",
     "Score mode, 0 to 100, e.g. 80,70 (default)"},
    {"out-of-order-packets", 'O', no_argument, NULL,
     "Order mode: CRITICAL when replies arrive out of order"},
    {"number-of-packets", 'n', required_argument, "N", "Packets per host, 1-20 (default 5)"},
    {NULL, 'p', required_argument, "N", "Same as -n"},
    {"packet-interval", 'i', required_argument, "TIME",
     "Interval between two packets to one host (default 80ms)"},
    {"target-interval", 'I', required_argument, "TIME",
     "Interval between packets to different hosts (default 0: as fast as\n"
     "check_multiping's --rate default allows)"},
    {"minimal-host-alive", 'm', required_argument, "N",
     "OK when at least N hosts are OK, else WARNING when at least N are OK\n"
     "or WARNING"},
    {"outgoing-ttl", 'l', required_argument, "TTL", "TTL on outgoing packets, 1-255 (default 64)"},
    {"size", 'b', required_argument, "BYTES", "ICMP data bytes, 52-65507 (default 68)"},
    {NULL, 's', required_argument, "ADDRESS|DEVICE", "Source address, or a device's address"},
    {"timeout", 't', required_argument, "SECONDS", "Timeout, 1-3600 s (default 10; 0 means 10)"},
    {"verbose", 'v', no_argument, NULL, "Add one line per host with every figure"},
    {"extra-opts", OPT_EXTRA_OPTS, optional_argument, "[SECTION][@FILE]",
     "Read options from an ini file section (default section: check_icmp)"},
    {"help", 'h', no_argument, NULL, "Print this help and exit"},
    {"version", 'V', no_argument, NULL, "Print the version and exit"},
};

#define ICMP_OPTION_COUNT (sizeof(icmp_table) / sizeof(icmp_table[0]))

void icmp_options_print_help(FILE *out)
{
    fprintf(out,
            "check_icmp (check_multiping %s) - check_icmp's command line and output,\n"
            "check_multiping's engine: every host in parallel, -t always honoured\n\n"
            "Usage:\n check_icmp [options] [-H] host1 host2 hostN\n\nOptions:\n",
            MULTIPING_VERSION);
    for (size_t i = 0; i < ICMP_OPTION_COUNT; i++) {
        const struct icmp_option *o = &icmp_table[i];
        if (o->id < OPT_EXTRA_OPTS && o->name)
            fprintf(out, " -%c, --%s", o->id, o->name);
        else if (o->id < OPT_EXTRA_OPTS)
            fprintf(out, " -%c", o->id);
        else
            fprintf(out, "     --%s", o->name);
        fprintf(out, "%s%s\n    ", o->arg ? (o->id < OPT_EXTRA_OPTS ? " " : "=") : "",
                o->arg ? o->arg : "");
        for (const char *p = o->help; *p; p++) {
            fputc(*p, out);
            if (*p == '\n')
                fputs("    ", out);
        }
        fputc('\n', out);
    }
    fputs("\nIf none of -R -P -J -M -S -O is given, -R -P is the default.\n"
          "A host is CRITICAL when it never answers. See check_multiping(1),\n"
          "\"CHECK_ICMP PERSONALITY\", for every difference from check_icmp 2.4.\n",
          out);
}

/* ---- value grammars -------------------------------------------------------- */

/* A decimal number at s; *end after it.  No sign, no exponent. */
static bool decimal(const char *s, double *v, const char **end)
{
    if (!isdigit((unsigned char)s[0]) && !(s[0] == '.' && isdigit((unsigned char)s[1])))
        return false;
    char *e;
    errno = 0;
    *v = strtod(s, &e);
    if (errno != 0 || *e == 'e' || *e == 'E' || *v > 1e12)
        return false;
    *end = e;
    return true;
}

/* TIME in [s, e) as microseconds. */
static bool time_us(const char *s, const char *e, uint64_t *us)
{
    static const struct {
        const char *unit;
        double factor;
    } units[] = {{"", 1000}, {"ms", 1000}, {"m", 1000}, {"us", 1}, {"u", 1}, {"s", 1000000}};
    double v;
    const char *p;
    if (s == e || !decimal(s, &v, &p) || p > e)
        return false;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        size_t n = strlen(units[i].unit);
        if ((size_t)(e - p) == n && strncmp(p, units[i].unit, n) == 0) {
            *us = (uint64_t)(v * units[i].factor + 0.5);
            return true;
        }
    }
    return false;
}

static int parse_time(int id, const char *text, uint64_t *us, char *err, size_t errlen)
{
    if (time_us(text, text + strlen(text), us))
        return 0;
    char opt[3] = {'-', (char)id, '\0'}, quoted[EXCERPT_LEN];
    return excerpt_fail(err, errlen, "%s: '%s' is not a time (a number with us, ms or s)", opt,
                        excerpt_quote(text, quoted, sizeof(quoted)));
}

/* -w/-c RTA[,PL[%]]: RTA clamped to 255 s and PL to 100 %, and a fraction
 * of PL dropped (40.5% is 40%), as 2.4 does: a drop-in must not refuse a
 * command line that 2.4 ran. */
static int parse_rta_pl(const char *which, const char *text, uint64_t *rta_us, unsigned *pl,
                        char *err, size_t errlen)
{
    const char *comma = strchr(text, ',');
    const char *rta_end = comma ? comma : text + strlen(text);
    uint64_t us = *rta_us;
    char quoted[EXCERPT_LEN];
    if (rta_end > text && !time_us(text, rta_end, &us))
        return excerpt_fail(err, errlen,
                            "Invalid %s threshold '%s': expected RTA[,PL%%] as in 200ms,40%%",
                            which, excerpt_quote(text, quoted, sizeof(quoted)));
    double loss = *pl;
    if (comma) {
        const char *p;
        if (!decimal(comma + 1, &loss, &p) || (*p == '%' && p[1] != '\0') ||
            (*p != '%' && *p != '\0'))
            return excerpt_fail(err, errlen,
                                "Invalid %s threshold '%s': expected RTA[,PL%%] as in 200ms,40%%",
                                which, excerpt_quote(text, quoted, sizeof(quoted)));
    }
    *rta_us = us > 255000000u ? 255000000u : us;
    *pl = loss > 100 ? 100 : (unsigned)loss;
    return 0;
}

/* One number of -R -P -J -M -S, its "ms"/"m"/"%" suffix tolerated. */
static bool mode_number(const char *s, const char *e, double *v)
{
    const char *p;
    if (s == e || !decimal(s, v, &p) || p > e)
        return false;
    size_t rest = (size_t)(e - p);
    return rest == 0 || (rest == 2 && strncmp(p, "ms", 2) == 0) ||
           (rest == 1 && (*p == 'm' || *p == '%'));
}

/* WARN[,CRIT] for mode `id` into the two limit sets, within [0, max]. */
static int parse_mode(int id, const char *text, struct icmp_config *c, char *err, size_t errlen)
{
    static const char *const what[] = {"RTA", "packet loss", "jitter", "MOS", "score"};
    static const char ids[] = "RPJMS";
    static const double max[] = {255000, 100, 255000, 5, 100};
    int m = (int)(strchr(ids, id) - ids);
    const char *comma = strchr(text, ',');
    const char *wend = comma ? comma : text + strlen(text);
    double v[2];
    bool ok = mode_number(text, wend, &v[0]) && v[0] <= max[m];
    if (ok && comma)
        ok = !strchr(comma + 1, ',') &&
             mode_number(comma + 1, comma + 1 + strlen(comma + 1), &v[1]) && v[1] <= max[m];
    if (!ok || (m == 1 && (v[0] != (unsigned)v[0] || (comma && v[1] != (unsigned)v[1]))))
        return excerpt_fail(err, errlen, "Failed to parse %s threshold", what[m]);
    struct icmp_limits *lim[2] = {&c->warn, &c->crit};
    for (int i = 0; i < (comma ? 2 : 1); i++) {
        if (m == 0)
            lim[i]->rta_us = (uint64_t)(v[i] * 1000.0 + 0.5);
        else if (m == 1)
            lim[i]->pl = (unsigned)v[i];
        else if (m == 2)
            lim[i]->jitter_ms = v[i];
        else if (m == 3)
            lim[i]->mos = v[i];
        else
            lim[i]->score = v[i];
    }
    c->modes |= 1u << m; /* ICMP_MODE_RTA .. ICMP_MODE_SCORE, in "RPJMS" order */
    return 0;
}

/* A whole number in [min, max]; `what` names it in check_icmp's words. */
static int parse_whole(const char *text, long min, long max, long *out, const char *what, char *err,
                       size_t errlen)
{
    char *e, quoted[EXCERPT_LEN];
    errno = 0;
    long v = strtol(text, &e, 10);
    if (text[0] == '\0' || *e != '\0' || errno != 0)
        return excerpt_fail(err, errlen, "Invalid %s '%s': not a whole number", what,
                            excerpt_quote(text, quoted, sizeof(quoted)));
    if (v < min || v > max) {
        snprintf(err, errlen, "Invalid %s '%s': must be between %ld and %ld", what,
                 excerpt_quote(text, quoted, sizeof(quoted)), min, max);
        return -1;
    }
    *out = v;
    return 0;
}

/* -s: an address (the last -s of its family wins), or a device's first
 * address of each family that no -s of this layer has set yet; a layer
 * replaces what an earlier one (an --extra-opts file) set. */
static int parse_source(const char *text, struct options *opt, char *err, size_t errlen)
{
    struct options_origin *o = &opt->origin;
    struct ipaddr a, found[2] = {{0}, {0}};
    char quoted[EXCERPT_LEN];
    if (ipaddr_parse(text, &a)) {
        opt->send.source[a.family == AF_INET6] = a;
        o->source[a.family == AF_INET6] = o->current;
        return 0;
    }
    struct ifaddrs *list, *i;
    if (getifaddrs(&list) != 0)
        return excerpt_fail(err, errlen, "Cannot determine IP address of interface %s",
                            excerpt_quote(text, quoted, sizeof(quoted)));
    for (i = list; i; i = i->ifa_next) {
        int fam = i->ifa_addr ? i->ifa_addr->sa_family : AF_UNSPEC;
        if ((fam == AF_INET || fam == AF_INET6) && strcmp(i->ifa_name, text) == 0 &&
            found[fam == AF_INET6].family == 0)
            ipaddr_from_sockaddr(i->ifa_addr, &found[fam == AF_INET6]);
    }
    freeifaddrs(list);
    if (!found[0].family && !found[1].family)
        return excerpt_fail(err, errlen, "Cannot determine IP address of interface %s",
                            excerpt_quote(text, quoted, sizeof(quoted)));
    for (int f = 0; f < 2; f++) {
        if (found[f].family && o->source[f] != o->current) {
            opt->send.source[f] = found[f];
            o->source[f] = o->current;
        }
    }
    return 0;
}

static int set_family(struct options *opt, int family, char *err, size_t errlen)
{
    if (opt->origin.family == opt->origin.current && opt->family != family)
        return excerpt_fail(err, errlen, "Multiple protocol versions not supported");
    opt->family = family; /* the command line's replaces an --extra-opts file's */
    opt->origin.family = opt->origin.current;
    return 0;
}

static int apply_count(int id, const char *arg, struct options *opt, struct icmp_config *c,
                       char *err, size_t errlen)
{
    long v = 0;
    switch (id) {
    case 'n':
    case 'p':
        if (parse_whole(arg, 0, LONG_MAX, &v, "number of packets", err, errlen) < 0)
            return -1;
        if (v > ICMP_MAX_PACKETS || v < 1) {
            snprintf(err, errlen, "packets is %s 20 (%ld)", v < 1 ? "< 1, not 1 to" : ">", v);
            return -1;
        }
        opt->packets = (uint16_t)v;
        return 0;
    case 'm':
        if (parse_whole(arg, LONG_MIN, 0x7fffffff, &v, "number of alive hosts", err, errlen) < 0)
            return -1;
        if (v < -1) {
            snprintf(err, errlen, "minimum alive hosts is negative (%ld)", v);
            return -1;
        }
        c->min_hosts_alive = (int)v;
        return 0;
    case 'l':
        if (parse_whole(arg, 0, 255, &v, "TTL", err, errlen) < 0)
            return -1;
        opt->send.ttl = v ? (int)v : 64; /* check_icmp: 0 means the default, 64 */
        return 0;
    case 'b':
        if (parse_whole(arg, LONG_MIN, LONG_MAX, &v, "data length", err, errlen) < 0)
            return -1;
        if (v < ICMP_MIN_DATA_SIZE || v > ICMP_MAX_DATA_SIZE) {
            snprintf(err, errlen, "ICMP data length must be between: %d and %d", ICMP_MIN_DATA_SIZE,
                     ICMP_MAX_DATA_SIZE);
            return -1;
        }
        opt->send.payload_size = (uint32_t)v;
        return 0;
    }
    if (parse_whole(arg, 0, OPTIONS_MAX_TIMEOUT_S, &v, "timeout", err, errlen) < 0)
        return -1;
    opt->timeout_s = v ? (uint32_t)v : 10;
    return 0;
}

static int apply_interval(int id, const char *arg, struct options *opt, char *err, size_t errlen)
{
    uint64_t us = 0; /* scan-build cannot see that excerpt_fail returns -1 */
    if (parse_time(id, arg, &us, err, errlen) < 0)
        return -1;
    if (us > 60000000u) {
        char o[3] = {'-', (char)id, '\0'}, quoted[EXCERPT_LEN];
        return excerpt_fail(err, errlen, "%s: '%s' is over 60 s", o,
                            excerpt_quote(arg, quoted, sizeof(quoted)));
    }
    if (id == 'i') {
        opt->interval_ms = (uint32_t)((us + 999) / 1000);
        return 0;
    }
    /* -I: one packet per target interval to all hosts together, at least
     * one a second; 0 keeps the default rate (check_icmp's 0: no gap). */
    if (us > 0) {
        uint64_t pps = 1000000u / us;
        opt->rate_pps = pps > 0 ? (uint32_t)pps : 1;
    }
    return 0;
}

/* One option; 0, 1 when --help/--version printed, -1 on error. */
static int apply_option(int id, const char *arg, struct options *opt, struct icmp_config *c,
                        FILE *out, char *err, size_t errlen)
{
    switch (id) {
    case 'H':
        if (options_add_source(opt, SOURCE_ARG, arg, ++opt->h_count) < 0)
            return excerpt_fail(err, errlen, "out of memory");
        return 0;
    case '4':
    case '6':
        return set_family(opt, id == '4' ? AF_INET : AF_INET6, err, errlen);
    case 'w':
    case 'c': {
        struct icmp_limits *l = id == 'w' ? &c->warn : &c->crit;
        return parse_rta_pl(id == 'w' ? "warning" : "critical", arg, &l->rta_us, &l->pl, err,
                            errlen);
    }
    case 'R':
    case 'P':
    case 'J':
    case 'M':
    case 'S':
        return parse_mode(id, arg, c, err, errlen);
    case 'O':
        c->modes |= ICMP_MODE_ORDER;
        return 0;
    case 'i':
    case 'I':
        return apply_interval(id, arg, opt, err, errlen);
    case 's':
        return parse_source(arg, opt, err, errlen);
    case 'v':
        c->verbose++;
        return 0;
    case 'h':
        icmp_options_print_help(out);
        return 1;
    case 'V':
        fprintf(out, "check_icmp (check_multiping %s)\n", MULTIPING_VERSION);
        return 1;
    case OPT_EXTRA_OPTS:
        return options_extra_opts_in_layer(opt, err, errlen);
    }
    return apply_count(id, arg, opt, c, err, errlen);
}

static void icmp_defaults(struct options *opt, struct icmp_config *c)
{
    options_set_defaults(opt);
    opt->packets = ICMP_DEFAULT_PACKETS;
    opt->interval_ms = ICMP_DEFAULT_INTERVAL_US / 1000;
    opt->send.payload_size = ICMP_DEFAULT_DATA_SIZE;
    *c = (struct icmp_config){
        .warn = {.rta_us = 200000, .pl = 40, .jitter_ms = 40, .mos = 3.5, .score = 80},
        .crit = {.rta_us = 500000, .pl = 80, .jitter_ms = 50, .mos = 3, .score = 70},
        .min_hosts_alive = -1,
    };
}

/* check_icmp keeps the warning side no stricter than the critical one. */
static void order_limits(struct icmp_config *c)
{
    if (c->warn.pl > c->crit.pl)
        c->warn.pl = c->crit.pl;
    if (c->warn.rta_us > c->crit.rta_us)
        c->warn.rta_us = c->crit.rta_us;
    if (c->warn.jitter_ms > c->crit.jitter_ms)
        c->crit.jitter_ms = c->warn.jitter_ms;
    if (c->warn.mos < c->crit.mos)
        c->warn.mos = c->crit.mos;
    if (c->warn.score < c->crit.score)
        c->warn.score = c->crit.score;
}

static void build_getopt(struct option *longs, char *shorts)
{
    size_t s = 0, l = 0;
    for (size_t i = 0; i < ICMP_OPTION_COUNT; i++) {
        const struct icmp_option *o = &icmp_table[i];
        if (o->name)
            longs[l++] = (struct option){o->name, o->has_arg, NULL, o->id};
        if (o->id < OPT_EXTRA_OPTS) {
            shorts[s++] = (char)o->id;
            if (o->has_arg == required_argument)
                shorts[s++] = ':';
        }
    }
    longs[l] = (struct option){NULL, 0, NULL, 0};
    shorts[s] = '\0';
}

static void unknown_option(int argc, char **argv, char *err, size_t errlen)
{
    char quoted[EXCERPT_LEN];
    if (optopt && optopt < OPT_EXTRA_OPTS && strchr("HwcRPJMSnpiImlbst", optopt)) {
        snprintf(err, errlen, "option requires an argument -- '%c'", optopt);
        return;
    }
    const char *word = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
    if (optopt && optopt < OPT_EXTRA_OPTS) {
        char letter[2] = {(char)optopt, '\0'};
        snprintf(err, errlen, "invalid option -- '%s'",
                 excerpt_quote(letter, quoted, sizeof(quoted)));
    } else {
        snprintf(err, errlen, "unrecognized option '%s'",
                 excerpt_quote(word, quoted, sizeof(quoted)));
    }
}

/* One layer (see options_layers.c): getopt_long over argv, each option
 * applied; the words that are not options are hosts. */
struct icmp_parse {
    struct options *opt;
    struct icmp_config *icmp;
};

static enum options_result parse_layer(void *ctx, int argc, char **argv, FILE *out, char *err,
                                       size_t errlen)
{
    struct icmp_parse *p = ctx;
    struct option longs[ICMP_OPTION_COUNT + 1];
    char shorts[2 * ICMP_OPTION_COUNT + 2];
    build_getopt(longs, shorts);
    opterr = 0;
    optind = 0;
    int id;
    while ((id = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (id == '?' || id == ':') {
            unknown_option(argc, argv, err, errlen);
            return OPTIONS_ERROR;
        }
        int rc = apply_option(id, optarg, p->opt, p->icmp, out, err, errlen);
        if (rc != 0)
            return rc > 0 ? OPTIONS_EXIT : OPTIONS_ERROR;
    }
    for (int i = optind; i < argc; i++) {
        if (options_add_source(p->opt, SOURCE_POSITIONAL, argv[i], 0) < 0) {
            excerpt_fail(err, errlen, "out of memory");
            return OPTIONS_ERROR;
        }
    }
    return OPTIONS_RUN;
}

enum options_result icmp_options_begin(int argc, char **argv, struct options *opt,
                                       struct icmp_config *icmp, char *err, size_t errlen)
{
    struct option longs[ICMP_OPTION_COUNT + 1];
    char shorts[2 * ICMP_OPTION_COUNT + 2];
    const char *timeout;
    icmp_defaults(opt, icmp);
    build_getopt(longs, shorts);
    if (options_scan(argc, argv, longs, shorts, OPT_EXTRA_OPTS, opt, &timeout) < 0) {
        excerpt_fail(err, errlen, "out of memory");
        return OPTIONS_ERROR;
    }
    if (timeout) /* a bad -t is refused by icmp_options_finish(): the default holds until then */
        (void)apply_count('t', timeout, opt, icmp, err, errlen);
    err[0] = '\0';
    return OPTIONS_RUN;
}

enum options_result icmp_options_finish(struct options *opt, struct icmp_config *icmp, FILE *out,
                                        char *err, size_t errlen)
{
    struct icmp_parse p = {opt, icmp};
    enum options_result rc =
        options_apply_layers(opt, "check_icmp", parse_layer, &p, out, err, errlen);
    if (rc != OPTIONS_RUN)
        return rc;
    if (opt->source_count == 0) {
        excerpt_fail(err, errlen, "No hosts to check");
        return OPTIONS_ERROR;
    }
    order_limits(icmp);
    return OPTIONS_RUN;
}

enum options_result icmp_options_parse(int argc, char **argv, struct options *opt,
                                       struct icmp_config *icmp, FILE *out, char *err,
                                       size_t errlen)
{
    enum options_result rc = icmp_options_begin(argc, argv, opt, icmp, err, errlen);
    return rc == OPTIONS_RUN ? icmp_options_finish(opt, icmp, out, err, errlen) : rc;
}

void icmp_options_fit_timing(struct options *opt, const struct icmp_config *icmp,
                             uint32_t margin_ms)
{
    uint64_t wait_ms = (icmp->crit.rta_us + 999) / 1000;
    if (wait_ms < 1000)
        wait_ms = 1000;
    int64_t budget =
        (int64_t)opt->timeout_s * 1000 - margin_ms - (int64_t)(opt->packets - 1) * opt->interval_ms;
    if ((int64_t)wait_ms > budget)
        wait_ms = budget > 1 ? (uint64_t)budget : 1;
    opt->packet_timeout_ms = (uint32_t)wait_ms;
}
