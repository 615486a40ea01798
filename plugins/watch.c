/*
 * watch.c - main's part of --watch (see watch.h): only wiring.
 */
#include "watch.h"

#include "clock.h"
#include "daemon/daemon.h"
#include "watch/watch_config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Loading one generation's list may take this long (API query, names). */
#define WATCH_LOAD_TIMEOUT_NS (60 * CLOCK_NS_PER_S)
/* SIGTERM: pending changes are flushed for at most this long. */
#define WATCH_STOP_NS (800 * CLOCK_NS_PER_MS)
/* A log class says at most one line per this (watch_log.h). */
#define WATCH_LOG_GAP_NS (10 * CLOCK_NS_PER_S)
/* Submission: results a second and at once (pending.h), retry backoff. */
#define WATCH_SUBMIT_RATE_MIN 500.0
#define WATCH_SUBMIT_BURST 50.0
#define WATCH_BACKOFF_BASE_NS (1 * CLOCK_NS_PER_S)
#define WATCH_BACKOFF_MAX_NS (5 * CLOCK_NS_PER_S) /* the core back: right again within it */

struct watch_wiring {
    struct bulk *bulk;
    struct options *opt;
    char node[256];
    char heartbeat[2 * 256 + 2];
};

static int load_list(void *ctx, struct objects *objects, struct hostset *set, char *err,
                     size_t errlen)
{
    struct watch_wiring *w = ctx;
    uint64_t deadline = clock_add_ns(clock_mono_ns(), WATCH_LOAD_TIMEOUT_NS);
    return bulk_load_objects(w->bulk, w->opt, deadline, objects, set, err, errlen);
}

static struct submit_sink *open_sink(void *ctx, char *err, size_t errlen)
{
    struct watch_wiring *w = ctx;
    return bulk_open_sink(w->bulk, w->opt, err, errlen);
}

/* Renewals of hosts submitted together come at up to hosts / (0.25 x
 * --skip-unchanged) a second (pending_renewal_due_ns's window); a quarter
 * more, and changes need room above that. */
static double submit_rate(const struct options *opt, size_t hosts)
{
    double renewals = (double)hosts / (0.25 * opt->bulk.skip_unchanged_s);
    return WATCH_SUBMIT_RATE_MIN + 1.25 * renewals;
}

static void configure(struct watch_wiring *w, struct daemon_config *c)
{
    const struct options *o = w->opt;
    struct watch_config wc = {o->watch.interval_ms, o->watch.down_after_s, o->bulk.skip_unchanged_s,
                              o->bulk.submit_ttl_s};
    *c = (struct daemon_config){
        .source = {load_list, w, o->family, o->dns_parallel, o->max_hosts},
        .prober = {.interval_ns = (uint64_t)o->watch.interval_ms * CLOCK_NS_PER_MS,
                   .service = o->bulk.submit_service != NULL,
                   .verdict = &o->verdict},
        .pending = {.rate_per_s = submit_rate(o, o->max_hosts < 100000 ? o->max_hosts : 100000),
                    .burst = WATCH_SUBMIT_BURST,
                    .skip_unchanged_ns = (uint64_t)o->bulk.skip_unchanged_s * CLOCK_NS_PER_S,
                    .backoff = {WATCH_BACKOFF_BASE_NS, WATCH_BACKOFF_MAX_NS}},
        .submit = {.open = open_sink,
                   .open_ctx = w,
                   .reopen_after_failure = o->bulk.command_file != NULL,
                   .service = o->bulk.submit_service,
                   .check_source = w->node,
                   .ttl_s = o->bulk.submit_ttl_s,
                   .down_after_s = o->watch.down_after_s,
                   .interval_ns = (uint64_t)o->watch.interval_ms * CLOCK_NS_PER_MS},
        .rate_pps = o->rate_pps,
        .send = &o->send,
        .reload_ns = (uint64_t)o->watch.reload_s * CLOCK_NS_PER_S,
        .load_timeout_ns = WATCH_LOAD_TIMEOUT_NS,
        .stop_ns = WATCH_STOP_NS,
        .down_after_s = o->watch.down_after_s,
        .core_states = o->bulk.from_api != NULL,
    };
    watch_config_liveness(&wc, &c->prober.live);
    if (o->watch.heartbeat) {
        snprintf(w->heartbeat, sizeof(w->heartbeat), "%s", o->watch.heartbeat);
        char *bang = strchr(w->heartbeat, '!');
        *bang = '\0';
        c->submit.heartbeat_host = w->heartbeat;
        c->submit.heartbeat_service = bang + 1;
    }
}

int watch_run(struct bulk *b, struct options *opt, struct icmp_socket sockets[2], char *err,
              size_t errlen)
{
    struct watch_wiring w; /* lives as long as the daemon: daemon_run returns at its end */
    struct daemon_config cfg;
    struct watch_log log;
    w.bulk = b;
    w.opt = opt;
    if (gethostname(w.node, sizeof(w.node) - 1) != 0)
        snprintf(w.node, sizeof(w.node), "check_multiping");
    if (bulk_connect(b, opt, err, errlen) < 0)
        return -1;
    configure(&w, &cfg);
    if (watch_log_init(&log, stderr, WATCH_LOG_GAP_NS) < 0) {
        snprintf(err, errlen, "cannot set up the log");
        return -1;
    }
    int rc = daemon_run(&cfg, sockets, &log, err, errlen);
    if (rc <= 0) /* else a thread still running may log */
        watch_log_destroy(&log);
    return rc;
}
