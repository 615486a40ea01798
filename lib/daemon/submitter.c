/*
 * submitter.c - --watch's submitting thread (see submitter.h).
 */
#include "submitter.h"

#include "clock.h"
#include "heartbeat.h"
#include "sinks/watch_result.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* A batch may take this long before what is unconfirmed is retried. */
#define SUBMITTER_BATCH_NS (2 * CLOCK_NS_PER_S)
#define SUBMITTER_NAP_NS (250 * CLOCK_NS_PER_MS)
#define SUBMITTER_HEARTBEAT_TTL_MIN_S 30

/* What the sink's callbacks see of a batch. */
struct batch_view {
    const struct submit_item *items;
    uint8_t *outcome;
};

static void view_format(const void *ctx, size_t index, struct submit_item *out)
{
    const struct batch_view *v = ctx;
    *out = v->items[index];
}

static void view_outcome(void *ctx, size_t index, enum submit_outcome outcome, const char *reason)
{
    struct batch_view *v = ctx;
    (void)reason; /* the sink notes the first in its counts' error */
    v->outcome[index] = (uint8_t)outcome;
}

/* Under the registry's lock: the taken results as items.  A result whose
 * generation is gone is reported back as a retry (pending drops it as
 * stale or carries it to its new id). */
static uint32_t format_batch(struct submitter *s, uint32_t n, uint32_t *order)
{
    uint32_t kept = 0;
    pthread_mutex_lock(&s->registry->lock);
    for (uint32_t i = 0; i < n; i++) {
        const struct pending_result *r = &s->taken[i];
        const struct generation *g = registry_find_locked(s->registry, r->generation);
        s->outcome[i] = SUBMIT_FAILED;
        if (!g || r->id >= g->objects.count || g->host_of[r->id] == GENERATION_NONE)
            continue;
        snprintf(s->names[kept], sizeof(s->names[kept]), "%s", objects_name(&g->objects, r->id));
        struct watch_result_context c = {
            .object = s->names[kept],
            .addr = &g->set.hosts[g->host_of[r->id]].addr,
            .spelling = objects_address(&g->objects, r->id),
            .service = s->cfg.service != NULL,
            .down_after_s = s->cfg.down_after_s,
        };
        watch_result_format(r, &c, &s->items[kept]);
        s->items[kept].object = s->names[kept];
        order[kept++] = i;
    }
    pthread_mutex_unlock(&s->registry->lock);
    return kept;
}

static bool ensure_sink(struct submitter *s, char *err, size_t errlen)
{
    if (!s->sink)
        s->sink = s->cfg.open(s->cfg.open_ctx, err, errlen);
    return s->sink != NULL;
}

static void send_items(struct submitter *s, const struct submit_item *items, uint8_t *outcome,
                       size_t count, const char *service, uint32_t ttl_s,
                       struct submit_counts *counts)
{
    struct batch_view view = {items, outcome};
    for (size_t i = 0; i < count; i++)
        outcome[i] = SUBMIT_FAILED;
    memset(counts, 0, sizeof(*counts));
    if (!ensure_sink(s, counts->error, sizeof(counts->error)))
        return;
    uint64_t deadline = clock_add_ns(clock_mono_ns(), SUBMITTER_BATCH_NS);
    if (atomic_load(&s->stopping) && atomic_load(&s->flush_deadline_ns) < deadline)
        deadline = atomic_load(&s->flush_deadline_ns);
    struct submit_batch b = {
        .count = count,
        .format = view_format,
        .ctx = &view,
        .service = service,
        .check_source = s->cfg.check_source,
        .ttl_s = ttl_s,
        .deadline_ns = deadline,
        .outcome = view_outcome,
        .outcome_ctx = &view,
    };
    s->sink->send(s->sink, &b, counts);
    if (counts->failed > 0 && s->cfg.reopen_after_failure) {
        s->sink->free(s->sink);
        s->sink = NULL;
    }
}

/* A 409 (the core holds a newer result) is as good as taken; an object
 * that refused its result would refuse it again (it is tried again at its
 * next change or renewal); anything else is retried. */
static enum pending_outcome pending_of(uint8_t outcome)
{
    return outcome == SUBMIT_OK || outcome == SUBMIT_SUPERSEDED ? PENDING_SUBMITTED
           : outcome == SUBMIT_REFUSED                          ? PENDING_REFUSED
                                                                : PENDING_RETRY;
}

static void log_failures(struct submitter *s, bool failed, const char *error)
{
    if (failed) {
        if (s->failing++ == 0)
            snprintf(s->first_error, sizeof(s->first_error), "%s", error);
        struct pending_counters pc;
        pending_counters(s->pending, clock_mono_ns(), &pc);
        uint64_t backoff = pending_backoff_ns(&s->pending->cfg.backoff, pc.failures_in_row);
        watch_log(s->log, WATCH_LOG_SUBMIT_FAILING, "submit failing: %s, retrying in %.1f s",
                  error[0] ? error : "results not taken", (double)backoff / 1e9);
    } else if (s->failing > 0) {
        watch_log(s->log, WATCH_LOG_SUBMIT_RECOVERED, "submit recovered after %u failures",
                  s->failing);
        s->failing = 0;
    }
}

static void submit_batch_of(struct submitter *s, uint32_t n)
{
    uint32_t order[SUBMITTER_BATCH];
    uint8_t outcome[SUBMITTER_BATCH];
    uint32_t kept = format_batch(s, n, order);
    struct submit_counts counts;
    send_items(s, s->items, outcome, kept, s->cfg.service, s->cfg.ttl_s, &counts);
    for (uint32_t k = 0; k < kept; k++)
        s->outcome[order[k]] = outcome[k];
    uint64_t done_ns = clock_mono_ns();
    bool failed = false, stopping = atomic_load(&s->stopping);
    for (uint32_t i = 0; i < n; i++) {
        failed = failed || s->outcome[i] == SUBMIT_FAILED;
        if (stopping && s->outcome[i] == SUBMIT_OK)
            atomic_fetch_add(&s->flushed, 1);
        pending_done(s->pending, &s->taken[i], pending_of(s->outcome[i]), done_ns);
    }
    log_failures(s, failed && kept > 0, counts.error);
}

/* ---- heartbeat -------------------------------------------------------------- */

static void heartbeat_figures(struct submitter *s, uint64_t now_ns, struct heartbeat_figures *f)
{
    struct pending_counters pc;
    pending_counters(s->pending, now_ns, &pc);
    uint64_t probes = atomic_load(&s->stats->probes), late = atomic_load(&s->stats->late);
    double span_s = (double)clock_since_ns(now_ns, s->hb_ns) / 1e9;
    *f = (struct heartbeat_figures){
        .hosts = atomic_load(&s->stats->hosts),
        .up = atomic_load(&s->stats->up),
        .down = atomic_load(&s->stats->down),
        .unknown = atomic_load(&s->stats->unknown),
        .probes_per_s = span_s > 0 ? (double)(probes - s->hb_probes) / span_s : 0,
        .submitted = pc.submitted,
        .failed = pc.failed,
        .late = late,
        .failed_recent = pc.failed - s->hb_failed,
        .late_recent = late - s->hb_late,
        .oldest_unsent_s = (double)pc.oldest_change_age_ns / 1e9,
        .interval_s = (double)s->cfg.interval_ns / 1e9,
    };
    s->hb_probes = probes;
    s->hb_failed = pc.failed;
    s->hb_late = late;
    s->hb_ns = now_ns;
}

static void send_heartbeat(struct submitter *s, uint64_t now_ns)
{
    s->next_heartbeat_ns = clock_add_ns(now_ns, s->cfg.interval_ns);
    if (!s->cfg.heartbeat_host)
        return;
    struct heartbeat_figures f;
    heartbeat_figures(s, now_ns, &f);
    struct submit_item item;
    char perfdata[HEARTBEAT_PERFDATA_LEN];
    memset(&item, 0, sizeof(item));
    item.object = s->cfg.heartbeat_host;
    item.exit_status =
        heartbeat_format(&f, item.output, sizeof(item.output), perfdata, sizeof(perfdata));
    item.perfdata = perfdata;
    uint64_t ttl_s = 3 * s->cfg.interval_ns / CLOCK_NS_PER_S;
    if (ttl_s < SUBMITTER_HEARTBEAT_TTL_MIN_S)
        ttl_s = SUBMITTER_HEARTBEAT_TTL_MIN_S;
    uint8_t outcome;
    struct submit_counts counts;
    send_items(s, &item, &outcome, 1, s->cfg.heartbeat_service, (uint32_t)ttl_s, &counts);
    if (outcome == SUBMIT_OK)
        pending_target_back(s->pending);
    else
        watch_log(s->log, WATCH_LOG_ERROR, "heartbeat not submitted: %s",
                  counts.error[0] ? counts.error : "refused");
}

/* ---- the thread ------------------------------------------------------------- */

/* Stopping: flush while changes are queued and the deadline allows. */
static bool flush_over(struct submitter *s, uint64_t now_ns)
{
    if (!atomic_load(&s->stopping))
        return false;
    if (now_ns >= atomic_load(&s->flush_deadline_ns))
        return true;
    struct pending_counters pc;
    pending_counters(s->pending, now_ns, &pc);
    return pc.changes == 0 && pc.in_flight == 0;
}

static void *submitter_main(void *arg)
{
    struct submitter *s = arg;
    for (;;) {
        uint64_t now = clock_mono_ns();
        if (flush_over(s, now))
            break;
        if (now >= s->next_heartbeat_ns && !atomic_load(&s->stopping))
            send_heartbeat(s, now);
        uint32_t n = pending_take(s->pending, now, s->taken, SUBMITTER_BATCH);
        if (n > 0) {
            submit_batch_of(s, n);
            continue;
        }
        uint64_t until = clock_add_ns(now, SUBMITTER_NAP_NS);
        if (until > s->next_heartbeat_ns)
            until = s->next_heartbeat_ns;
        pending_wait(s->pending, until);
    }
    if (s->sink)
        s->sink->free(s->sink);
    s->sink = NULL;
    atomic_store(&s->done, true);
    return NULL;
}

int submitter_start(struct submitter *s, const struct submitter_config *cfg,
                    struct pending *pending, struct generation_registry *registry,
                    struct prober_stats *stats, struct watch_log *log, char *err, size_t errlen)
{
    memset(s, 0, sizeof(*s));
    s->cfg = *cfg;
    s->pending = pending;
    s->registry = registry;
    s->stats = stats;
    s->log = log;
    s->hb_ns = clock_mono_ns();
    s->next_heartbeat_ns = s->hb_ns;
    int rc = pthread_create(&s->thread, NULL, submitter_main, s);
    if (rc != 0) {
        snprintf(err, errlen, "cannot start the submitting thread: %s", strerror(rc));
        return -1;
    }
    return 0;
}

bool submitter_stop(struct submitter *s, uint64_t deadline_ns)
{
    atomic_store(&s->flush_deadline_ns, deadline_ns);
    atomic_store(&s->stopping, true);
    while (!atomic_load(&s->done) && clock_mono_ns() < deadline_ns) {
        pending_wake(s->pending);
        clock_sleep_until_ns(clock_add_ns(clock_mono_ns(), 5 * CLOCK_NS_PER_MS));
    }
    if (!atomic_load(&s->done))
        return false;
    pthread_join(s->thread, NULL);
    return true;
}
