/*
 * check_multiping - ping many hosts in parallel and report them as one
 * Monitoring Plugins check.
 *
 * main() only wires the pieces in the order privilege demands:
 *   watchdog (-t) -> options (privileges suspended; the command line's -t
 *   first, so that it holds while --extra-opts files are read) -> sockets
 *   (privileges resumed) -> drop privileges for good -> host files and
 *   arguments -> engine -> verdict -> output -> exit code.
 * Bulk runs (bulk.h) add, after the privilege drop: the API password and
 * the objects (from the API or from -f) before the engine, and the
 * submission of every object's result after it.
 * Everything it prints goes through output.c; every failure before the run
 * is one UNKNOWN line saying what and where.
 *
 * Two personalities share that pipeline, chosen once here from argv[0]:
 * check_multiping's own, and check_icmp's (invoked as "check_icmp": its
 * option table in icmp_options.c, its verdict and text in verdict_icmp.c
 * and output_icmp.c).  They differ only in the front end and the printer.
 */
#include "bulk.h"
#include "clock.h"
#include "engine/engine.h"
#include "hosts/hostlist.h"
#include "icmp_options.h"
#include "options.h"
#include "check_icmp/output_icmp.h"
#include "output/output.h"
#include "net/sock.h"
#include "verdict/verdict.h"
#include "watch.h"
#include "watchdog.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

struct plugin;
struct engine_report;

/* What makes a personality: its front end, its failure line, its printer. */
struct personality {
    const char *watchdog_prefix; /* see struct watchdog */
    /* options_begin(), options_finish() (see options.h) */
    enum options_result (*begin)(int argc, char **argv, struct plugin *p);
    enum options_result (*parse)(struct plugin *p);
    void (*failure)(FILE *out, const char *message);
    void (*fit_timing)(struct plugin *p); /* after the hosts are known */
    int (*report)(struct plugin *p, const struct engine_report *rep);
};

/* Time kept back from -t to stop the threads and print the result. */
#define STOP_MARGIN_MS 250

struct plugin {
    const struct personality *persona;
    struct options opt;
    struct icmp_config icmp; /* the check_icmp personality's thresholds and modes */
    struct watchdog watchdog;
    struct icmp_socket sockets[2];
    struct hostset set;
    struct bulk bulk;
    uint64_t start_ns;
    bool watchdog_running;
    char err[1024];
};

_Noreturn static void fail(struct plugin *p, const char *message)
{
    if (watchdog_claim_output(&p->watchdog)) {
        p->persona->failure(stdout, message);
        fflush(stdout);
        if (p->watchdog_running)
            watchdog_stop(&p->watchdog);
        exit(STATE_UNKNOWN);
    }
    for (;;)
        pause(); /* the watchdog is printing; it exits for us */
}

static void open_sockets(struct plugin *p)
{
    sock_resume_privileges();
    p->sockets[0].fd = p->sockets[1].fd = -1;
    if (p->opt.family != AF_INET6)
        sock_open(&p->sockets[0], AF_INET, p->opt.socket_mode);
    if (p->opt.family != AF_INET)
        sock_open(&p->sockets[1], AF_INET6, p->opt.socket_mode);
    for (int f = 0; f < 2; f++) {
        if (sock_configure(&p->sockets[f], &p->opt.send, p->err, sizeof(p->err)) < 0)
            fail(p, p->err);
    }
}

static int add_source(struct hostlist *list, const struct host_source *s, char *err, size_t len)
{
    switch (s->kind) {
    case SOURCE_ARG:
        return hostlist_add_arg(list, s->text, s->argno, err, len);
    case SOURCE_FILE:
        return hostlist_add_file(list, s->text, err, len);
    case SOURCE_POSITIONAL:
        break;
    }
    return hostlist_add_positional(list, s->text, err, len);
}

static uint64_t stop_ns(const struct plugin *p)
{
    return p->start_ns + (uint64_t)p->opt.timeout_s * 1000000000u -
           (uint64_t)STOP_MARGIN_MS * 1000000u;
}

static void load_host_list(struct plugin *p)
{
    struct hostlist list;
    hostlist_init(&list, p->opt.family);
    hostset_init(&p->set);
    for (size_t i = 0; i < p->opt.source_count; i++) {
        if (add_source(&list, &p->opt.sources[i], p->err, sizeof(p->err)) < 0)
            fail(p, p->err);
    }
    if (hostlist_build(&list, p->opt.max_hosts, &p->set, p->err, sizeof(p->err)) < 0)
        fail(p, p->err);
    hostlist_free(&list);
}

/* Hosts from -H/-f, or a bulk run's objects (from the API or -f). */
static void load_hosts(struct plugin *p)
{
    if (!p->bulk.active)
        load_host_list(p);
    else if (bulk_connect(&p->bulk, &p->opt, p->err, sizeof(p->err)) < 0 ||
             bulk_load(&p->bulk, &p->opt, stop_ns(p), &p->set, p->err, sizeof(p->err)) < 0)
        fail(p, p->err);
    if (hostset_prepare_names(&p->set, p->opt.all_addresses, p->opt.max_hosts) < 0)
        fail(p, "out of memory preparing the host table for names");
}

/* A family whose socket did not open matters only if a literal needs it,
 * or if no socket at all opened. */
static void check_sockets(struct plugin *p)
{
    bool need[2] = {false, false};
    for (uint32_t i = 0; i < p->set.count; i++) {
        const struct host *h = &p->set.hosts[i];
        if (h->status == HOST_READY)
            need[run_family_slot(h->addr.family)] = true;
    }
    bool any = p->sockets[0].fd >= 0 || p->sockets[1].fd >= 0;
    for (int f = 0; f < 2; f++) {
        bool wanted = f == 0 ? p->opt.family != AF_INET6 : p->opt.family != AF_INET;
        if (wanted && p->sockets[f].fd < 0 && (need[f] || !any)) {
            sock_explain_failure(&p->sockets[f], p->err, sizeof(p->err));
            fail(p, p->err);
        }
    }
}

/* Refuse a run that cannot finish inside -t, rather than cut it short. */
static void check_timing(struct plugin *p)
{
    const struct options *o = &p->opt;
    uint64_t send_ms = 0;
    if (o->rate_pps)
        send_ms = ((uint64_t)p->set.count * o->packets * 1000u + o->rate_pps - 1) / o->rate_pps;
    uint64_t need_ms = (uint64_t)(o->packets - 1) * o->interval_ms + o->packet_timeout_ms + send_ms;
    uint64_t have_ms = (uint64_t)o->timeout_s * 1000u - STOP_MARGIN_MS;
    if (need_ms <= have_ms)
        return;
    snprintf(p->err, sizeof(p->err),
             "-n %u --interval %u --packet-timeout %u for %u hosts at --rate %u need "
             "%llu.%03llu s, more than -t %u allows (%llu.%03llu s): raise -t or lower "
             "the others",
             o->packets, o->interval_ms, o->packet_timeout_ms, p->set.count, o->rate_pps,
             (unsigned long long)(need_ms / 1000), (unsigned long long)(need_ms % 1000),
             o->timeout_s, (unsigned long long)(have_ms / 1000),
             (unsigned long long)(have_ms % 1000));
    fail(p, p->err);
}

static void run_engine(struct plugin *p, struct engine_report *rep)
{
    const struct options *o = &p->opt;
    struct run_config cfg = {
        .packets = o->packets,
        .interval_ms = o->interval_ms,
        .packet_timeout_ms = o->packet_timeout_ms,
        .rate_pps = o->rate_pps,
        .family = o->family,
        .dns_parallel = o->dns_parallel,
        .send = &o->send,
        .deadline_ns = stop_ns(p),
    };
    watchdog_measuring(&p->watchdog, o->timeout_state);
    if (engine_run(&cfg, p->sockets, &p->set, rep, p->err, sizeof(p->err)) < 0)
        fail(p, p->err);
}

/* Every object's own result to the core; the counts go to the output. A
 * failed submission makes the run UNKNOWN: the core holds stale results. */
static void submit_results(struct plugin *p, const struct engine_report *rep)
{
    if (!p->opt.bulk.submit || rep->abandoned)
        return;
    if (bulk_submit(&p->bulk, &p->opt, &p->set, stop_ns(p), p->err, sizeof(p->err)) < 0)
        fail(p, p->err);
    p->opt.output.has_submit = true;
    p->opt.output.submitted = p->bulk.counts.submitted;
    p->opt.output.submit_failed = p->bulk.counts.failed;
    p->opt.output.has_unchanged = p->opt.bulk.skip_unchanged_s > 0;
    p->opt.output.unchanged = p->bulk.counts.unchanged;
}

static int report(struct plugin *p, const struct engine_report *rep)
{
    if (rep->resolver_errno) {
        snprintf(p->err, sizeof(p->err), "cannot resolve names: %s", strerror(rep->resolver_errno));
        fail(p, p->err);
    }
    struct verdict v;
    verdict_compute(&p->opt.verdict, &p->set, &v);
    char note[480 + 2 * SUBMIT_ERROR_LEN] = "";
    int n = 0;
    if (rep->rx_dropped > 0) {
        /* A reply the kernel dropped would pass for a dead host. */
        n = snprintf(note, sizeof(note),
                     "the kernel dropped %llu received packets (socket buffer full): classes "
                     "may be wrong, lower --rate",
                     (unsigned long long)rep->rx_dropped);
        v.state = STATE_UNKNOWN;
    }
    if (rep->timed_out && n >= 0 && (size_t)n < sizeof(note)) {
        snprintf(note + n, sizeof(note) - (size_t)n,
                 "%stimed out after %u s with %u of %u hosts unfinished", n ? "; " : "",
                 p->opt.timeout_s, rep->unfinished_hosts, v.hosts);
        v.state = p->opt.timeout_state;
    }
    if (p->set.extra_dropped > 0 && n >= 0 && (size_t)n < sizeof(note)) {
        n = (int)strlen(note);
        snprintf(note + n, sizeof(note) - (size_t)n,
                 "%s%u further addresses of names not pinged (-A pings at most %d per name, "
                 "within --max-hosts)",
                 n ? "; " : "", p->set.extra_dropped, HOSTSET_ADDRESSES_PER_NAME);
    }
    /* a bulk object that failed or was refused: the core lacks its result */
    bool bulk_says = p->opt.output.has_submit || (p->bulk.active && bulk_failed(&p->bulk));
    if (bulk_says && n >= 0 && (size_t)n < sizeof(note)) {
        n = (int)strlen(note);
        bulk_note(&p->bulk, &p->opt, note + n + (n ? 2 : 0), sizeof(note) - (size_t)n - 2);
        if (n)
            memcpy(note + n, "; ", 2);
        if (bulk_failed(&p->bulk))
            v.state = STATE_UNKNOWN;
    }
    if (p->bulk.active && bulk_describe(&p->bulk) == 0) {
        p->opt.output.bulk_text = p->bulk.report.text;
        p->opt.output.bulk_json = p->bulk.report.json;
    }
    if (rep->rx_dropped > 0 || rep->timed_out || p->set.extra_dropped > 0 || bulk_says)
        p->opt.output.note = note;
    if (!watchdog_claim_output(&p->watchdog))
        for (;;)
            pause();
    if (output_result(stdout, &p->set, &v, &p->opt.verdict, &p->opt.output) < 0 ||
        fflush(stdout) != 0)
        return STATE_UNKNOWN;
    return (int)v.state;
}

/* check_icmp: results as far as they got; a run cut by -t is still judged
 * on what was seen, as check_icmp does on its alarm. */
static int report_icmp(struct plugin *p, const struct engine_report *rep)
{
    if (rep->resolver_errno) {
        snprintf(p->err, sizeof(p->err), "Failed to resolve names: %s",
                 strerror(rep->resolver_errno));
        fail(p, p->err);
    }
    if (!watchdog_claim_output(&p->watchdog))
        for (;;)
            pause();
    enum state s = output_icmp_result(stdout, &p->set, &p->icmp);
    return fflush(stdout) == 0 ? (int)s : STATE_UNKNOWN;
}

static enum options_result begin_native(int argc, char **argv, struct plugin *p)
{
    return options_begin(argc, argv, &p->opt, p->err, sizeof(p->err));
}

static enum options_result parse_native(struct plugin *p)
{
    return options_finish(&p->opt, stdout, p->err, sizeof(p->err));
}

static enum options_result begin_icmp(int argc, char **argv, struct plugin *p)
{
    return icmp_options_begin(argc, argv, &p->opt, &p->icmp, p->err, sizeof(p->err));
}

static enum options_result parse_icmp(struct plugin *p)
{
    return icmp_options_finish(&p->opt, &p->icmp, stdout, p->err, sizeof(p->err));
}

static void failure_native(FILE *out, const char *message)
{
    output_failure(out, STATE_UNKNOWN, message);
}

static void fit_icmp(struct plugin *p)
{
    icmp_options_fit_timing(&p->opt, &p->icmp, STOP_MARGIN_MS);
}

static const struct personality native = {NULL,           begin_native, parse_native,
                                          failure_native, check_timing, report};
static const struct personality check_icmp = {"check_icmp",        begin_icmp, parse_icmp,
                                              output_icmp_failure, fit_icmp,   report_icmp};

/* The name we were called by decides: "check_icmp" (a link) or ours. */
static const struct personality *choose_personality(const char *argv0)
{
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
    const char *base = slash ? slash + 1 : argv0;
    return base && strcmp(base, "check_icmp") == 0 ? &check_icmp : &native;
}

/* The options, under the watchdog: the default -t until the command line's
 * is known, then the -t of both layers.  --help and --version exit here. */
static void parse_options(struct plugin *p, int argc, char **argv)
{
    enum options_result rc = p->persona->begin(argc, argv, p);
    if (rc == OPTIONS_RUN) {
        watchdog_set_timeout(&p->watchdog, p->opt.timeout_s);
        rc = p->persona->parse(p);
    }
    if (rc == OPTIONS_ERROR)
        fail(p, p->err);
    if (rc == OPTIONS_EXIT) {
        fflush(stdout);
        if (!watchdog_claim_output(&p->watchdog))
            for (;;)
                pause(); /* the watchdog is printing; it exits for us */
        watchdog_stop(&p->watchdog);
        exit(STATE_UNKNOWN);
    }
    watchdog_set_timeout(&p->watchdog, p->opt.timeout_s);
}

/* --watch: a daemon, not a check.  The watchdog ends here (no -t over a
 * run that never ends; the daemon takes its signals itself, still blocked
 * in every thread), the same sockets and privilege drop; a failure to
 * start is one UNKNOWN line, as before a run, and the same on stderr for
 * the journal. */
static int run_watch(struct plugin *p)
{
    watchdog_stop(&p->watchdog);
    p->watchdog_running = false;
    open_sockets(p);
    for (int f = 0; f < 2 && p->sockets[0].fd < 0 && p->sockets[1].fd < 0; f++) {
        if (p->opt.family != (f == 0 ? AF_INET6 : AF_INET)) {
            sock_explain_failure(&p->sockets[f], p->err, sizeof(p->err));
            fail(p, p->err);
        }
    }
    if (sock_drop_privileges(p->err, sizeof(p->err)) < 0)
        fail(p, p->err);
    int rc = watch_run(&p->bulk, &p->opt, p->sockets, p->err, sizeof(p->err));
    if (rc < 0) {
        fprintf(stderr, "check_multiping[watch]: cannot run: %s\n", p->err);
        fail(p, p->err);
    }
    if (rc > 0) {
        /* a reload or a send still runs and uses the wiring: end now */
        fflush(stderr);
        _exit(0);
    }
    sock_close(&p->sockets[0]);
    sock_close(&p->sockets[1]);
    bulk_free(&p->bulk);
    options_free(&p->opt);
    return 0;
}

int main(int argc, char **argv)
{
    static struct plugin p; /* main's own state: static only to keep it off the stack */
    p.start_ns = clock_mono_ns();
    p.persona = choose_personality(argv[0]);
    signal(SIGPIPE, SIG_IGN);
    /* --extra-opts reads a file: with the user's rights, and the watchdog
     * thread starts without any (capabilities are per thread). */
    sock_suspend_privileges();
    if (watchdog_start(&p.watchdog, p.start_ns, OPTIONS_DEFAULT_TIMEOUT_S,
                       p.persona->watchdog_prefix) < 0)
        fail(&p, "cannot start the timeout thread");
    p.watchdog_running = true;
    parse_options(&p, argc, argv);
    bulk_init(&p.bulk, &p.opt);
    /* libcurl (and OpenSSL) load only when the API is used.  The watchdog
     * is the only other thread then: curl_global_init() must not race
     * threads using libcurl or the libraries it initialises, and the
     * watchdog uses none of them (it waits for signals, formats one line,
     * write()s it and _exit()s). */
    if (bulk_load_curl(&p.bulk, &p.opt, p.err, sizeof(p.err)) < 0)
        fail(&p, p.err);
    if (p.opt.watch.enabled)
        return run_watch(&p);
    open_sockets(&p);
    if (sock_drop_privileges(p.err, sizeof(p.err)) < 0)
        fail(&p, p.err);
    load_hosts(&p);
    check_sockets(&p);
    p.persona->fit_timing(&p);
    struct engine_report rep;
    run_engine(&p, &rep);
    submit_results(&p, &rep);
    int state = p.persona->report(&p, &rep);
    watchdog_stop(&p.watchdog);
    if (rep.abandoned) {
        /* A getaddrinfo pool worker is stuck and still points
         * into the host table: nothing can be freed or joined, so end the
         * process now, as -t demands. */
        fflush(stdout);
        _exit(state);
    }
    hostset_free(&p.set);
    sock_close(&p.sockets[0]);
    sock_close(&p.sockets[1]);
    bulk_free(&p.bulk);
    options_free(&p.opt);
    return state;
}
