/*
 * option_table.c - the native command line's one option table, and what is
 * read from it alone: --help, getopt_long's arrays, an option's name for
 * messages, and the whole-number parser every option group shares.
 *
 * It sits below the files that apply options (options.c, options_send.c,
 * options_bulk.c): they all call down into it and it calls none of them, so
 * the table stays the single source of truth for --help, the man page test
 * and the contrib test (tests/docs/check_options.sh) without a circle.
 */
#include "option_table.h"

#include "excerpt.h"
#include "net/icmp.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>

struct option_spec {
    const char *name;
    int id;      /* the short option character, or >= OPT_LONG_ONLY */
    int has_arg; /* no_argument / required_argument */
    const char *arg;
    const char *help; /* may span lines with '\n' */
};

/* --rate's help, a format: the bandwidth and the request size follow -b. */
#define RATE_HELP_FORMAT                                                                           \
    "Requests per second to all hosts together; 0 = as fast as the socket\n"                       \
    "allows (default: 100000, about %s of %u-byte IPv4 requests\n"                                 \
    "at the --size given before --help, under a tenth of a gigabit uplink\n"                       \
    "at the default size and only while the list is walked: one request to\n"                      \
    "each host of a /16 leaves in 0.66 s; each single host still gets at\n"                        \
    "most one request per --interval)"

/* The single source of truth for options (--help, man page test, contrib test). */
static const struct option_spec option_table[] = {
    {"host", OPT_HOST, required_argument, "HOST[,HOST...]",
     "Host to ping; repeatable, comma-separated lists allowed; arguments\n"
     "without an option are hosts too. HOST is an IPv4 or IPv6 address, a\n"
     "name, a CIDR block (192.0.2.0/28, 2001:db8::/120), a last-octet range\n"
     "(192.0.2.60-69) or a full range (192.0.2.250-192.0.3.10)"},
    {"file", OPT_FILE, required_argument, "FILE",
     "Read hosts from FILE ('-' = standard input): one per line, '#' starts\n"
     "a comment, blank lines are ignored"},
    {"ipv4", OPT_IPV4, no_argument, NULL, "Use IPv4 only (names resolve to IPv4 addresses)"},
    {"ipv6", OPT_IPV6, no_argument, NULL, "Use IPv6 only"},
    {"all-addresses", OPT_ALL_ADDRESSES, no_argument, NULL,
     "Ping every address a name resolves to (A and AAAA; -4/-6 restrict),\n"
     "each as a host of its own shown as 'NAME (ADDR)'; without -A a name\n"
     "is pinged at the resolver's first address (IPv4 first)"},
    {"dns-parallel", OPT_DNS_PARALLEL, required_argument, "N",
     "At most N names resolving at once, 1-65535 (default: 500); each asks\n"
     "an A and an AAAA query (one with -4/-6). The window starts at 32 and\n"
     "opens only while answers come back without queueing delay. With the\n"
     "getaddrinfo fallback (nsswitch.conf hosts: names other sources than\n"
     "files and dns) at most min(N, 16) threads resolve"},
    {"max-hosts", OPT_MAX_HOSTS, required_argument, "N",
     "Refuse host lists that expand to more than N hosts (default: 1048576)"},
    {"packets", OPT_PACKETS, required_argument, "N", "Echo requests per host, 1-100 (default: 2)"},
    {"interval", OPT_INTERVAL, required_argument, "MS",
     "Milliseconds between two requests to the same host (default: 200)"},
    {"packet-timeout", OPT_PACKET_TIMEOUT, required_argument, "MS",
     "Milliseconds a request waits for its reply (default: 1000)"},
    {"rate", OPT_RATE, required_argument, "PPS", RATE_HELP_FORMAT},
    {"warning", OPT_WARNING, required_argument, "RANGE",
     "WARNING when the number of down hosts (dead + unreachable +\n"
     "unresolved) is outside RANGE; a count or a percent of all hosts:\n"
     "0 = any host down, 10% = more than 10% down, @1:5, ~:3, 2: ..."},
    {"critical", OPT_CRITICAL, required_argument, "RANGE", "CRITICAL likewise"},
    {"partial-warning", OPT_PARTIAL_WARNING, required_argument, "RANGE",
     "WARNING when the number of partially answering hosts is outside RANGE"},
    {"partial-critical", OPT_PARTIAL_CRITICAL, required_argument, "RANGE", "CRITICAL likewise"},
    {"min-alive", OPT_MIN_ALIVE, required_argument, "N|N%|RANGE",
     "CRITICAL when fewer than N (or N% of) hosts are alive; a full RANGE\n"
     "on the alive count is accepted too"},
    {"host-warning", OPT_HOST_WARNING, required_argument, "RTA,LOSS%[,jitter=T,mos=N,score=N]",
     "Per-host limit on round-trip average and loss, e.g. 200ms,40%\n"
     "(units us, ms, s), and optionally on jitter (at or above), MOS and\n"
     "score (at or below), e.g. 200ms,40%,jitter=40ms,mos=3.5,score=80;\n"
     "hosts that answered and reach it are listed and make the result\n"
     "WARNING"},
    {"host-critical", OPT_HOST_CRITICAL, required_argument, "RTA,LOSS%[,jitter=T,mos=N,score=N]",
     "Likewise, CRITICAL (e.g. 500ms,80%)"},
    {"perfdata-hosts", OPT_PERFDATA_HOSTS, no_argument, NULL,
     "Add per-host perfdata: NAME_rta, NAME_pl, NAME_jitter, NAME_mos\n"
     "and NAME_score (NAME: the host, '.', ':' etc. made '_')"},
    {"max-lines", OPT_MAX_LINES, required_argument, "N",
     "At most N problem hosts in the long output (default: 50)"},
    {"format", OPT_FORMAT, required_argument, "plugin|table|json",
     "Output format (default: plugin: status line, perfdata, long output)"},
    {"source", OPT_SOURCE, required_argument, "ADDR",
     "Send from this address of this machine; at most once per family\n"
     "(-S 192.0.2.10 -S 2001:db8::10)"},
    {"interface", OPT_INTERFACE, required_argument, "IFNAME",
     "Bind every socket to this device (SO_BINDTODEVICE); a VRF device\n"
     "makes requests leave by the VRF's routing table"},
    {"mark", OPT_MARK, required_argument, "N",
     "Firewall mark on every request (SO_MARK), 0-4294967295, for policy\n"
     "routing; needs root, cap_net_admin, or cap_net_raw (Linux 5.17+)"},
    {"tos", OPT_TOS, required_argument, "N", "IPv4 TOS byte / IPv6 traffic class, 0-255"},
    {"dscp", OPT_DSCP, required_argument, "CLASS",
     "The same as a DSCP class: ef, af11..af43, cs0..cs7, or 0-63"},
    {"ttl", OPT_TTL, required_argument, "N", "Outgoing TTL / hop limit, 1-255"},
    {"size", OPT_SIZE, required_argument, "BYTES",
     "ICMP payload bytes per request (default: 24); at least 16, what the\n"
     "request's identifying cookie needs; at most 65507 (IPv4) / 65527 (IPv6)"},
    {"dont-fragment", OPT_DONT_FRAGMENT, no_argument, NULL,
     "Set IPv4 DF / forbid IPv6 fragmentation: a request larger than the\n"
     "path MTU makes its host unreachable, with the MTU when known"},
    {"socket", OPT_SOCKET, required_argument, "auto|dgram|raw",
     "ICMP socket type; auto tries an unprivileged datagram socket first,\n"
     "then a raw one (default: auto)"},
    {"timeout", OPT_TIMEOUT, required_argument, "SECONDS[:STATE]",
     "Give up after SECONDS, 1-3600, reporting STATE (default: 10:UNKNOWN)"},
    {"verbose", OPT_VERBOSE, no_argument, NULL, "Add a per-host table to the long output"},
    {"extra-opts", OPT_EXTRA_OPTS, optional_argument, "[SECTION][@FILE]",
     "Read options from an ini file section (default section: check_multiping;\n"
     "default file: the Monitoring Plugins' plugins.ini search list); its\n"
     "options are defaults: the command line replaces each option it gives,\n"
     "and the whole family for --tos/--dscp, -S per address family, -4/-6"},
    /* bulk host checks: every host's own result to the core */
    {"api", OPT_API, required_argument, "URL",
     "Icinga 2 REST API to query (--from-api) and submit to (--submit),\n"
     "e.g. https://icinga-master:5665"},
    {"api-user", OPT_API_USER, required_argument, "NAME", "ApiUser name for --api"},
    {"api-password-file", OPT_API_PASSWORD_FILE, required_argument, "FILE",
     "Read the ApiUser's password from the first line of FILE (read after\n"
     "privileges are dropped); else the environment variable\n"
     "ICINGA2_API_PASSWORD is used. Never give a password on the command line"},
    {"api-ca", OPT_API_CA, required_argument, "FILE",
     "Trust only the CA(s) in FILE for the API's certificate, no other CA of\n"
     "the system (default: the system CAs); a certificate from another CA or\n"
     "for another name is UNKNOWN and nothing, not even the password, is sent"},
    {"api-cert", OPT_API_CERT, required_argument, "FILE",
     "Client certificate for the API (an ApiUser with client_cn)"},
    {"api-key", OPT_API_KEY, required_argument, "FILE", "Private key of --api-cert"},
    {"api-proxy", OPT_API_PROXY, required_argument, "URL",
     "Reach the API through this proxy (e.g. http://proxy:3128); without it\n"
     "no proxy is used, whatever http_proxy, https_proxy or ALL_PROXY say"},
    {"from-api", OPT_FROM_API, required_argument, "FILTER",
     "Ping the host objects matching the Icinga filter expression FILTER\n"
     "(e.g. '\"linux\" in host.groups'): each object's address, or\n"
     "address6 under -6 (the object name when it is empty)"},
    {"submit", OPT_SUBMIT, no_argument, NULL,
     "Send every host object its own passive check result (to --api, or\n"
     "to --command-file): UP for alive and partial, DOWN for dead,\n"
     "unreachable and unresolved, with check_icmp's rta and pl perfdata.\n"
     "-f lines are then 'OBJECT_NAME [ADDRESS]'. A failed submission makes\n"
     "this check UNKNOWN"},
    {"submit-service", OPT_SUBMIT_SERVICE, required_argument, "NAME",
     "Submit to service NAME of each host instead: OK, WARNING or\n"
     "CRITICAL by --host-warning/--host-critical, CRITICAL when down"},
    {"submit-ttl", OPT_SUBMIT_TTL, required_argument, "SECONDS",
     "Icinga 2: a submitted result goes stale after SECONDS without a new\n"
     "one (default: 300)"},
    {"command-file", OPT_COMMAND_FILE, required_argument, "PATH",
     "With --submit: write PROCESS_HOST_CHECK_RESULT (or\n"
     "PROCESS_SERVICE_CHECK_RESULT) lines to the Nagios/Naemon/Icinga\n"
     "command pipe PATH instead of the API (--from-api still queries it)"},
    {"skip-unchanged", OPT_SKIP_UNCHANGED, required_argument, "SECONDS",
     "With --from-api and --submit: send no new result to an object whose\n"
     "hard state in the core equals the new one and whose last check result\n"
     "is younger than SECONDS (2 x SECONDS + -t <= --submit-ttl); counted\n"
     "'unchanged'. Such a host gets no new rta/pl graph point until it is\n"
     "resubmitted"},
    /* continuous mode: a daemon of the same binary */
    {"watch", OPT_WATCH, no_argument, NULL,
     "Run continuously (a daemon for systemd, in the foreground): every host\n"
     "one echo request every --watch-interval, its state (UP at any reply,\n"
     "DOWN after --down-after without one) submitted at once when it changes\n"
     "and renewed every --skip-unchanged, through --submit (API) or\n"
     "--command-file. SIGHUP reloads the hosts, SIGTERM stops. No -t"},
    {"watch-interval", OPT_WATCH_INTERVAL, required_argument, "SECONDS",
     "--watch: one echo request per host every SECONDS (default: 5; may be\n"
     "fractional, at least 0.2), spread evenly over the interval"},
    {"down-after", OPT_DOWN_AFTER, required_argument, "SECONDS",
     "--watch: a host is DOWN once SECONDS pass without a reply (default:\n"
     "15; at least twice --watch-interval)"},
    {"reload", OPT_RELOAD, required_argument, "SECONDS",
     "--watch: read the host list again every SECONDS (default: 300; 0:\n"
     "only on SIGHUP); names are resolved again, kept hosts keep their state"},
    {"heartbeat", OPT_HEARTBEAT, required_argument, "HOST!SERVICE",
     "--watch: submit the daemon's own result (hosts, up, down, probes/s,\n"
     "results submitted and failed) to service SERVICE of host HOST every\n"
     "interval, with a ttl of three intervals (at least 30 s)"},
    {"help", OPT_HELP, no_argument, NULL, "Print this help and exit"},
    {"version", OPT_VERSION, no_argument, NULL, "Print the version and exit"},
};

#define OPTION_COUNT (sizeof(option_table) / sizeof(option_table[0]))
_Static_assert(OPTION_COUNT <= OPTION_TABLE_MAX, "raise OPTION_TABLE_MAX in option_table.h");

/* The --rate help quotes the bandwidth of the default rate at the
 * requests' size: the one place the help text is a format. */
static const char *rate_help(uint32_t payload_size, char *buf, size_t len)
{
    uint32_t ip_bytes = 20 + ICMP_HEADER_LEN + payload_size;
    double mbit = (double)OPTIONS_DEFAULT_RATE_PPS * ip_bytes * 8 / 1e6;
    char bandwidth[32];
    if (mbit >= 1000)
        snprintf(bandwidth, sizeof(bandwidth), "%.1f Gbit/s", mbit / 1000);
    else
        snprintf(bandwidth, sizeof(bandwidth), "%.0f Mbit/s", mbit);
    snprintf(buf, len, RATE_HELP_FORMAT, bandwidth, (unsigned)ip_bytes);
    return buf;
}

static void print_option(FILE *out, const struct option_spec *o, const char *help)
{
    char head[80];
    int n = o->id < OPT_LONG_ONLY ? snprintf(head, sizeof(head), " -%c, --%s", o->id, o->name)
                                  : snprintf(head, sizeof(head), "     --%s", o->name);
    if (o->arg && n > 0 && (size_t)n < sizeof(head))
        snprintf(head + n, sizeof(head) - (size_t)n, "=%s", o->arg);
    fprintf(out, "%s\n    ", head);
    for (const char *p = help; *p; p++) {
        fputc(*p, out);
        if (*p == '\n')
            fputs("    ", out);
    }
    fputc('\n', out);
}

void options_print_help(FILE *out, uint32_t payload_size)
{
    char rate[640];
    fprintf(out,
            "check_multiping %s - ping many hosts in parallel, report them as one check\n\n"
            "Usage:\n"
            " check_multiping [options] [-H] HOST [HOST...]\n"
            " check_multiping [options] -f FILE\n\n"
            "Every host is one of: alive (all requests answered), partial (some),\n"
            "dead (none), unreachable (an ICMP error or no route), unresolved (the\n"
            "name did not resolve). down = dead + unreachable + unresolved.\n"
            "Without -w, -c or --min-alive: OK when no host is down, CRITICAL when\n"
            "all are, WARNING otherwise. Exit codes: 0 OK, 1 WARNING, 2 CRITICAL,\n"
            "3 UNKNOWN.\n\nOptions:\n",
            MULTIPING_VERSION);
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const struct option_spec *o = &option_table[i];
        print_option(out, o,
                     o->id == OPT_RATE ? rate_help(payload_size, rate, sizeof(rate)) : o->help);
    }
    fprintf(out, "\nRanges follow the Monitoring Plugins guidelines: N means outside 0..N,\n"
                 "N: below N, ~:N above N, N:M outside N..M, @N:M inside N..M.\n"
                 "Example:\n"
                 " check_multiping -w 0 -c 10%% -f /etc/nagios/core-switches.txt\n"
                 " check_multiping -n 3 --host-warning 200ms,40%% 192.0.2.0/28 2001:db8::1\n");
}

void option_table_getopt(struct option *longs, char *shorts)
{
    size_t s = 0;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const struct option_spec *o = &option_table[i];
        longs[i] = (struct option){o->name, o->has_arg, NULL, o->id};
        if (o->id < OPT_LONG_ONLY) {
            shorts[s++] = (char)o->id;
            if (o->has_arg == required_argument)
                shorts[s++] = ':';
        }
    }
    longs[OPTION_COUNT] = (struct option){NULL, 0, NULL, 0};
    shorts[s] = '\0';
}

const char *options_label(int id)
{
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        if (option_table[i].id == id)
            return option_table[i].name;
    }
    return "?";
}

int options_parse_uint(int id, const char *text, uint64_t min, uint64_t max, uint64_t *out,
                       char *err, size_t errlen)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max) {
        char quoted[EXCERPT_LEN]; /* a value is quoted on one line, whatever it holds */
        snprintf(err, errlen, "--%s: '%s' is not a whole number from %llu to %llu",
                 options_label(id), excerpt_quote(text, quoted, sizeof(quoted)),
                 (unsigned long long)min, (unsigned long long)max);
        return -1;
    }
    *out = v;
    return 0;
}
