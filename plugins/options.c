/*
 * options.c - the native command line: getopt_long over the option table
 * (option_table.c), each option applied to struct options, defaults and
 * --extra-opts.
 *
 * Every value is checked here, at the edge, and stored typed: the rest of
 * the plugin never sees option text again (thresholds keep their text only
 * to echo it in JSON).
 */
#include "options.h"
#include "option_table.h"

#include "excerpt.h"
#include "extraopts.h"
#include "net/icmp.h"
#include "verdict/range.h"

#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int parse_state(const char *text, enum state *out)
{
    static const char *const names[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
    for (int s = 0; s < 4; s++) {
        if (strcasecmp(text, names[s]) == 0 || (text[0] == '0' + s && text[1] == '\0')) {
            *out = (enum state)s;
            return 0;
        }
    }
    return -1;
}

/* -t SECONDS[:STATE], as the Monitoring Plugins' -t accepts it; a -t
 * without STATE means UNKNOWN, whatever an earlier -t said. */
static int parse_timeout(const char *text, struct options *opt, char *err, size_t errlen)
{
    char secs[32], quoted[EXCERPT_LEN];
    const char *colon = strchr(text, ':');
    size_t n = colon ? (size_t)(colon - text) : strlen(text);
    if (n >= sizeof(secs)) {
        snprintf(err, errlen, "--timeout: '%s' is not SECONDS[:STATE]",
                 excerpt_quote(text, quoted, sizeof(quoted)));
        return -1;
    }
    memcpy(secs, text, n);
    secs[n] = '\0';
    uint64_t v;
    if (options_parse_uint(OPT_TIMEOUT, secs, 1, OPTIONS_MAX_TIMEOUT_S, &v, err, errlen) < 0)
        return -1;
    opt->timeout_s = (uint32_t)v;
    opt->timeout_state = STATE_UNKNOWN;
    if (colon && parse_state(colon + 1, &opt->timeout_state) < 0) {
        snprintf(err, errlen,
                 "--timeout: '%s' is not a state (OK, WARNING, CRITICAL, UNKNOWN or 0-3)",
                 excerpt_quote(colon + 1, quoted, sizeof(quoted)));
        return -1;
    }
    return 0;
}

static int parse_range_option(int id, const char *text, struct range *out, char *err, size_t errlen)
{
    char msg[256];
    if (range_parse(text, out, msg, sizeof(msg)) < 0) {
        snprintf(err, errlen, "--%s: %s", options_label(id), msg);
        return -1;
    }
    return 0;
}

/* --min-alive N (or N%) is the range "N:" on the alive count. */
static int parse_min_alive(const char *text, struct options *opt, char *err, size_t errlen)
{
    char buf[64];
    const char *range_text = text;
    if (!strpbrk(text, ":@~")) {
        if (strlen(text) + 2 > sizeof(buf)) {
            char quoted[EXCERPT_LEN];
            snprintf(err, errlen, "--min-alive: '%s' is too long",
                     excerpt_quote(text, quoted, sizeof(quoted)));
            return -1;
        }
        snprintf(buf, sizeof(buf), "%s:", text);
        range_text = buf;
    }
    opt->verdict.has_min_alive = true;
    return parse_range_option(OPT_MIN_ALIVE, range_text, &opt->verdict.min_alive, err, errlen);
}

static int parse_host_limit(int id, const char *text, struct host_limit *out, bool *has, char *err,
                            size_t errlen)
{
    char msg[256];
    if (host_limit_parse(text, out, msg, sizeof(msg)) < 0) {
        snprintf(err, errlen, "--%s: %s", options_label(id), msg);
        return -1;
    }
    *has = true;
    return 0;
}

static int parse_choice(int id, const char *text, const char *const *choices, int count, int *out,
                        char *err, size_t errlen)
{
    for (int i = 0; i < count; i++) {
        if (strcmp(text, choices[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    char quoted[EXCERPT_LEN];
    int n = snprintf(err, errlen, "--%s: '%s' is not one of", options_label(id),
                     excerpt_quote(text, quoted, sizeof(quoted)));
    for (int i = 0; i < count && n > 0 && (size_t)n < errlen; i++)
        n += snprintf(err + n, errlen - (size_t)n, "%s %s", i ? "," : "", choices[i]);
    return -1;
}

int options_add_source(struct options *opt, enum host_source_kind kind, const char *text,
                       unsigned argno)
{
    struct host_source *grown =
        realloc(opt->sources, (opt->source_count + 1) * sizeof(*opt->sources));
    if (!grown)
        return -1;
    opt->sources = grown;
    opt->sources[opt->source_count++] = (struct host_source){kind, text, argno};
    return 0;
}

static int apply_choice(int id, const char *arg, struct options *opt, char *err, size_t errlen)
{
    static const char *const formats[] = {"plugin", "table", "json"};
    static const char *const sockets[] = {"auto", "dgram", "raw"};
    int v = 0;
    if (id == OPT_FORMAT) {
        if (parse_choice(id, arg, formats, 3, &v, err, errlen) < 0)
            return -1;
        opt->output.format = (enum output_format)v;
        return 0;
    }
    if (parse_choice(id, arg, sockets, 3, &v, err, errlen) < 0)
        return -1;
    opt->socket_mode = (enum sock_mode)v;
    return 0;
}

static int apply_number(int id, const char *arg, struct options *opt, char *err, size_t errlen)
{
    uint64_t v;
    switch (id) {
    case OPT_PACKETS:
        if (options_parse_uint(id, arg, 1, OPTIONS_MAX_PACKETS, &v, err, errlen) < 0)
            return -1;
        opt->packets = (uint16_t)v;
        return 0;
    case OPT_INTERVAL:
    case OPT_PACKET_TIMEOUT:
        if (options_parse_uint(id, arg, id == OPT_INTERVAL ? 0 : 1, 60000, &v, err, errlen) < 0)
            return -1;
        *(id == OPT_INTERVAL ? &opt->interval_ms : &opt->packet_timeout_ms) = (uint32_t)v;
        return 0;
    case OPT_RATE:
        if (options_parse_uint(id, arg, 0, 10000000, &v, err, errlen) < 0)
            return -1;
        opt->rate_pps = (uint32_t)v;
        return 0;
    case OPT_MAX_HOSTS:
        return options_parse_uint(id, arg, 1, 16777216, &opt->max_hosts, err, errlen);
    case OPT_MAX_LINES:
        if (options_parse_uint(id, arg, 0, 1000000, &v, err, errlen) < 0)
            return -1;
        opt->output.max_lines = (unsigned)v;
        return 0;
    case OPT_DNS_PARALLEL:
        if (options_parse_uint(id, arg, 1, OPTIONS_MAX_DNS_PARALLEL, &v, err, errlen) < 0)
            return -1;
        opt->dns_parallel = (unsigned)v;
        return 0;
    }
    return parse_timeout(arg, opt, err, errlen);
}

static int apply_threshold(int id, const char *arg, struct options *opt, char *err, size_t errlen)
{
    struct verdict_config *v = &opt->verdict;
    switch (id) {
    case OPT_WARNING:
        v->down.has_warning = true;
        return parse_range_option(id, arg, &v->down.warning, err, errlen);
    case OPT_CRITICAL:
        v->down.has_critical = true;
        return parse_range_option(id, arg, &v->down.critical, err, errlen);
    case OPT_PARTIAL_WARNING:
        v->partial.has_warning = true;
        return parse_range_option(id, arg, &v->partial.warning, err, errlen);
    case OPT_PARTIAL_CRITICAL:
        v->partial.has_critical = true;
        return parse_range_option(id, arg, &v->partial.critical, err, errlen);
    case OPT_MIN_ALIVE:
        return parse_min_alive(arg, opt, err, errlen);
    case OPT_HOST_WARNING:
        return parse_host_limit(id, arg, &v->host_warning, &v->has_host_warning, err, errlen);
    }
    return parse_host_limit(id, arg, &v->host_critical, &v->has_host_critical, err, errlen);
}

/* -4 and -6 exclude each other within a layer; the command line's
 * replaces an --extra-opts file's. */
static int set_family(struct options *opt, int family, char *err, size_t errlen)
{
    if (opt->origin.family == opt->origin.current && opt->family != family) {
        snprintf(err, errlen, "-4 and -6 exclude each other");
        return -1;
    }
    opt->family = family;
    opt->origin.family = opt->origin.current;
    return 0;
}

/* One option; returns 0, 1 for --help/--version done, -1 on error. */
static int apply_option(int id, const char *arg, struct options *opt, FILE *out, char *err,
                        size_t errlen)
{
    switch (id) {
    case OPT_HOST:
    case OPT_FILE:
        if (options_add_source(opt, id == OPT_HOST ? SOURCE_ARG : SOURCE_FILE, arg,
                               id == OPT_HOST ? ++opt->h_count : 0) < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        return 0;
    case OPT_IPV4:
        return set_family(opt, AF_INET, err, errlen);
    case OPT_IPV6:
        return set_family(opt, AF_INET6, err, errlen);
    case OPT_PERFDATA_HOSTS:
        opt->output.perfdata_hosts = true;
        return 0;
    case OPT_ALL_ADDRESSES:
        opt->all_addresses = true;
        return 0;
    case OPT_SOURCE:
    case OPT_INTERFACE:
    case OPT_MARK:
    case OPT_TOS:
    case OPT_DSCP:
    case OPT_TTL:
    case OPT_SIZE:
    case OPT_DONT_FRAGMENT:
        return options_apply_send(id, arg, opt, err, errlen);
    case OPT_EXTRA_OPTS:
        return options_extra_opts_in_layer(opt, err, errlen);
    case OPT_VERBOSE:
        opt->output.verbose++;
        return 0;
    case OPT_HELP:
        options_print_help(out, opt->send.payload_size);
        return 1;
    case OPT_VERSION:
        fprintf(out, "check_multiping %s\n", MULTIPING_VERSION);
        return 1;
    case OPT_FORMAT:
    case OPT_SOCKET:
        return apply_choice(id, arg, opt, err, errlen);
    case OPT_PACKETS:
    case OPT_INTERVAL:
    case OPT_PACKET_TIMEOUT:
    case OPT_RATE:
    case OPT_MAX_HOSTS:
    case OPT_MAX_LINES:
    case OPT_DNS_PARALLEL:
    case OPT_TIMEOUT:
        return apply_number(id, arg, opt, err, errlen);
    }
    if (id >= OPT_WATCH)
        return options_apply_watch(id, arg, opt, err, errlen);
    if (id >= OPT_API)
        return options_apply_bulk(id, arg, opt, err, errlen);
    return apply_threshold(id, arg, opt, err, errlen);
}

void options_set_defaults(struct options *opt)
{
    memset(opt, 0, sizeof(*opt));
    extraopts_init(&opt->extra);
    opt->family = AF_UNSPEC;
    opt->max_hosts = OPTIONS_DEFAULT_MAX_HOSTS;
    opt->packets = OPTIONS_DEFAULT_PACKETS;
    opt->interval_ms = OPTIONS_DEFAULT_INTERVAL_MS;
    opt->packet_timeout_ms = OPTIONS_DEFAULT_PACKET_TIMEOUT_MS;
    opt->rate_pps = OPTIONS_DEFAULT_RATE_PPS;
    opt->send.tos = SEND_PARAMS_UNSET;
    opt->send.ttl = SEND_PARAMS_UNSET;
    opt->send.payload_size = ICMP_PAYLOAD_LEN;
    opt->timeout_s = OPTIONS_DEFAULT_TIMEOUT_S;
    opt->timeout_state = STATE_UNKNOWN;
    opt->output.max_lines = OPTIONS_DEFAULT_MAX_LINES;
    opt->bulk.submit_ttl_s = OPTIONS_DEFAULT_SUBMIT_TTL_S;
    opt->dns_parallel = OPTIONS_DEFAULT_DNS_PARALLEL;
    opt->watch.interval_ms = OPTIONS_DEFAULT_WATCH_INTERVAL_MS;
    opt->watch.down_after_s = OPTIONS_DEFAULT_DOWN_AFTER_S;
    opt->watch.reload_s = OPTIONS_DEFAULT_RELOAD_S;
}

static void unknown_option(int argc, char **argv, char *err, size_t errlen)
{
    /* optind has moved past the offending word (or its argument). */
    const char *word = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
    char quoted[EXCERPT_LEN];
    if (optopt && optopt < OPT_LONG_ONLY && strchr("Hf46nirwcmtSIb", optopt))
        snprintf(err, errlen, "option -%c needs an argument (see --help)", optopt);
    else
        snprintf(err, errlen, "unknown option or missing argument: '%s' (see --help)",
                 excerpt_quote(word, quoted, sizeof(quoted)));
}

/* One layer (see options_layers.c): getopt_long over argv, each option
 * applied to opt; the words that are not options are hosts. */
static enum options_result parse_layer(void *ctx, int argc, char **argv, FILE *out, char *err,
                                       size_t errlen)
{
    struct options *opt = ctx;
    struct option longs[OPTION_TABLE_MAX + 1];
    char shorts[2 * OPTION_TABLE_MAX + 2];
    option_table_getopt(longs, shorts);
    opterr = 0;
    optind = 0; /* GNU getopt: also reset its internal state */
    int id;
    while ((id = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (id == '?' || id == ':') {
            unknown_option(argc, argv, err, errlen);
            return OPTIONS_ERROR;
        }
        int rc = apply_option(id, optarg, opt, out, err, errlen);
        if (rc != 0)
            return rc > 0 ? OPTIONS_EXIT : OPTIONS_ERROR;
    }
    for (int i = optind; i < argc; i++) {
        if (options_add_source(opt, SOURCE_POSITIONAL, argv[i], 0) < 0) {
            snprintf(err, errlen, "out of memory");
            return OPTIONS_ERROR;
        }
    }
    return OPTIONS_RUN;
}

enum options_result options_begin(int argc, char **argv, struct options *opt, char *err,
                                  size_t errlen)
{
    struct option longs[OPTION_TABLE_MAX + 1];
    char shorts[2 * OPTION_TABLE_MAX + 2];
    const char *timeout;
    options_set_defaults(opt);
    option_table_getopt(longs, shorts);
    if (options_scan(argc, argv, longs, shorts, OPT_EXTRA_OPTS, opt, &timeout) < 0) {
        snprintf(err, errlen, "out of memory");
        return OPTIONS_ERROR;
    }
    if (timeout) /* a bad -t is refused by options_finish(): the default holds until then */
        (void)parse_timeout(timeout, opt, err, errlen);
    err[0] = '\0';
    return OPTIONS_RUN;
}

enum options_result options_finish(struct options *opt, FILE *out, char *err, size_t errlen)
{
    enum options_result rc =
        options_apply_layers(opt, "check_multiping", parse_layer, opt, out, err, errlen);
    if (rc == OPTIONS_RUN && options_check_send(opt, err, errlen) < 0)
        return OPTIONS_ERROR;
    if (rc == OPTIONS_RUN && options_finish_watch(opt, err, errlen) < 0)
        return OPTIONS_ERROR;
    if (rc == OPTIONS_RUN && options_check_bulk(opt, err, errlen) < 0)
        return OPTIONS_ERROR;
    if (rc == OPTIONS_RUN && opt->source_count == 0 && !opt->bulk.from_api) {
        snprintf(err, errlen,
                 "no hosts given: use -H HOST, -f FILE or HOST arguments "
                 "(see --help)");
        return OPTIONS_ERROR;
    }
    return rc;
}

enum options_result options_parse(int argc, char **argv, struct options *opt, FILE *out, char *err,
                                  size_t errlen)
{
    enum options_result rc = options_begin(argc, argv, opt, err, errlen);
    return rc == OPTIONS_RUN ? options_finish(opt, out, err, errlen) : rc;
}

void options_free(struct options *opt)
{
    extraopts_free(&opt->extra);
    free(opt->extra_specs);
    opt->extra_specs = NULL;
    opt->extra_spec_count = 0;
    free(opt->argv);
    opt->argv = NULL;
    free(opt->sources);
    opt->sources = NULL;
    opt->source_count = 0;
}
