/*
 * daemon.c - --watch's lifecycle on the main thread (see daemon.h).
 */
#include "daemon.h"

#include "clock.h"
#include "engine/engine.h"
#include "registry.h"
#include "watch/core_view.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The receivers read replies in batches, at most every 5 ms (about 200
 * wake-ups a second each instead of one per reply or two; each reply keeps
 * its kernel time).  What waits meanwhile, 100 replies at 20,000 a second,
 * is far below the socket buffer and the fate ring (8,192). */
#define DAEMON_RX_GATHER_NS (5 * CLOCK_NS_PER_MS)

/* A reload's host list is read and resolved on a thread of its own (an
 * API query, names: seconds), so that main keeps answering signals; main
 * applies it once `done`.  The thread owns gen and err until then. */
struct builder {
    const struct daemon_config *cfg;
    pthread_t thread;
    bool running; /* main's: started and not joined */
    _Atomic bool done;
    uint32_t number;
    struct generation *gen; /* NULL: failed, err says why */
    char err[512];
};

struct daemon {
    const struct daemon_config *cfg;
    struct builder builder;
    struct icmp_socket *sockets;
    uint64_t dropped;       /* the sockets' SK_MEMINFO drops when last looked at (cumulative) */
    uint64_t ring_overflow; /* the fate rings' overflow when last looked at (cumulative) */
    uint32_t unsent;        /* results still queued when the daemon stopped */
    struct watch_log *log;
    struct generation *gen; /* the one being probed (main's copy of the pointer) */
    struct generation *prev;
    struct generation_registry registry;
    struct pending pending;
    struct prober prober;
    struct submitter submitter;
    struct engine *engine;
    bool pending_ok, registry_ok, prober_ok, submitter_ok;
    uint64_t started_ns;
    uint64_t settle_ns; /* settle_check: 0 not yet known, UINT64_MAX done */
    bool reload_again;  /* a reload was asked for while one was being built */
};

/* The core's view of each object at start or reload: its hard state with
 * a result (core_view.h), so that only what differs is submitted, and the
 * time of its last result, so that renewals count from it. */
static void seed_state(const struct object *o, int8_t *last_state)
{
    *last_state = (int8_t)core_view_state(o->core_state, o->core_hard, o->core_checked);
}

static void seed_renewal(struct daemon *d, const struct object *o, uint32_t id, uint64_t now_mono,
                         double now_unix)
{
    if (o->core_checked > 0) {
        double age_s = now_unix - (double)o->core_checked;
        uint64_t age = age_s > 0 ? (uint64_t)(age_s * 1e9) : 0;
        pending_seed(&d->pending, id, now_mono > age ? now_mono - age : 1);
    }
}

static int start(struct daemon *d, struct icmp_socket sockets[2], char *err, size_t errlen)
{
    const struct daemon_config *c = d->cfg;
    uint64_t now = clock_mono_ns();
    d->gen = generation_build(&c->source, 0, clock_add_ns(now, c->load_timeout_ns), err, errlen);
    if (!d->gen)
        return -1;
    if (d->gen->objects.count == 0) {
        snprintf(err, errlen, "no hosts to watch");
        return -1;
    }
    if (c->rate_pps && !schedule_capacity_check(d->gen->set.count, c->prober.interval_ns,
                                                c->rate_pps, err, errlen))
        return -1;
    if (registry_init(&d->registry, d->gen) < 0 ||
        pending_init(&d->pending, (uint32_t)d->gen->objects.count, &c->pending, now) < 0) {
        snprintf(err, errlen, "out of memory for %zu hosts", d->gen->objects.count);
        return -1;
    }
    d->registry_ok = d->pending_ok = true;
    if (prober_init(&d->prober, &c->prober, d->gen, &d->pending, &d->registry, now) < 0) {
        snprintf(err, errlen, "out of memory for %zu hosts", d->gen->objects.count);
        return -1;
    }
    d->prober_ok = true;
    double now_unix = (double)clock_wall_ns() / 1e9;
    for (size_t i = 0; i < d->gen->objects.count; i++) {
        seed_state(&d->gen->objects.items[i], &d->prober.t.last_state[i]);
        seed_renewal(d, &d->gen->objects.items[i], (uint32_t)i, now, now_unix);
    }
    struct engine_parts parts = {&d->prober.source,
                                 {&d->prober.rings[0].sink, &d->prober.rings[1].sink},
                                 c->rate_pps,
                                 c->send,
                                 DAEMON_RX_GATHER_NS};
    if (engine_start(&parts, sockets, &d->engine, err, errlen) < 0)
        return -1;
    if (submitter_start(&d->submitter, &c->submit, &d->pending, &d->registry, &d->prober.stats,
                        d->log, err, errlen) < 0)
        return -1;
    d->submitter_ok = true;
    return 0;
}

/* ---- reload ----------------------------------------------------------------- */

struct reload_work {
    struct prober_reload r;
    struct generation_diff diff;
};

static void free_work(struct reload_work *w)
{
    prober_tables_free(&w->r.tables);
    free(w->r.host_map);
    free(w->r.object_map);
}

/* The new generation's tables, maps, and the core's states of its objects
 * (kept objects take theirs from the running tables at the swap, unless
 * the core's differs: prober.c's carry_over). */
static int prepare(struct daemon *d, struct generation *g, struct reload_work *w)
{
    memset(w, 0, sizeof(*w));
    w->r.gen = g;
    w->r.host_map = malloc((d->gen->set.count ? d->gen->set.count : 1) * sizeof(uint32_t));
    w->r.object_map =
        malloc((d->gen->objects.count ? d->gen->objects.count : 1) * sizeof(uint32_t));
    if (!w->r.host_map || !w->r.object_map || prober_tables_alloc(&w->r.tables, g) < 0 ||
        generation_map(d->gen, g, w->r.host_map, w->r.object_map, &w->diff) < 0)
        return -1;
    for (size_t i = 0; i < g->objects.count; i++)
        seed_state(&g->objects.items[i], &w->r.tables.last_state[i]);
    return 0;
}

/* After the swap: objects new in g count their renewals from the core's
 * time of their last result. */
static void seed_new_objects(struct daemon *d, const struct generation *g,
                             const uint32_t *object_map, size_t old_count)
{
    bool *kept = calloc(g->objects.count ? g->objects.count : 1, sizeof(*kept));
    if (!kept)
        return;
    for (size_t i = 0; i < old_count; i++) {
        if (object_map[i] != GENERATION_NONE)
            kept[object_map[i]] = true;
    }
    uint64_t now = clock_mono_ns();
    double now_unix = (double)clock_wall_ns() / 1e9;
    for (size_t i = 0; i < g->objects.count; i++) {
        if (!kept[i])
            seed_renewal(d, &g->objects.items[i], (uint32_t)i, now, now_unix);
    }
    free(kept);
}

static void *builder_main(void *arg)
{
    struct builder *b = arg;
    uint64_t deadline = clock_add_ns(clock_mono_ns(), b->cfg->load_timeout_ns);
    b->gen = generation_build(&b->cfg->source, b->number, deadline, b->err, sizeof(b->err));
    atomic_store(&b->done, true);
    return NULL;
}

static void reload_start(struct daemon *d)
{
    struct builder *b = &d->builder;
    if (b->running) {
        /* one at a time; the running one may have read the list before it
         * changed, so another follows it (reload_poll) */
        d->reload_again = true;
        return;
    }
    b->cfg = d->cfg;
    b->number = d->gen->number + 1;
    b->gen = NULL;
    atomic_store(&b->done, false);
    int rc = pthread_create(&b->thread, NULL, builder_main, b);
    if (rc != 0)
        watch_log(d->log, WATCH_LOG_RELOAD, "reload failed: no thread: %s", strerror(rc));
    b->running = rc == 0;
}

/* The new generation to the prober, and the one before the previous freed. */
static void reload_apply(struct daemon *d, struct generation *g)
{
    const struct daemon_config *c = d->cfg;
    struct reload_work w;
    size_t old_count = d->gen->objects.count;
    const char *why = NULL;
    if (prepare(d, g, &w) < 0)
        why = "out of memory";
    else if (!prober_reload(&d->prober, &w.r, clock_add_ns(clock_mono_ns(), 5 * CLOCK_NS_PER_S)))
        why = "the prober did not take it";
    if (why) {
        watch_log(d->log, WATCH_LOG_RELOAD, "reload failed: %s (%zu hosts)", why, g->objects.count);
        free_work(&w);
        generation_free(g);
        return;
    }
    seed_new_objects(d, g, w.r.object_map, old_count);
    /* w.r.retired is d->prev (two generations back): nobody reaches it */
    generation_free(d->prev);
    /* Each generation is built on a thread of its own (glibc gives it an
     * arena) and freed on main: without a trim the freed pages stay with
     * the process, and RSS rose at reloads (bench/watch-soak, 10,000 hosts
     * from the API: +0.7 MB, then +3.6 MB at the first two) though nothing
     * leaks (ASan's leak check in tests/watch/soak). */
    malloc_trim(0);
    d->prev = d->gen;
    d->gen = g;
    char msg[256];
    if (c->rate_pps && !schedule_capacity_check(g->set.count, c->prober.interval_ns, c->rate_pps,
                                                msg, sizeof(msg)))
        watch_log(d->log, WATCH_LOG_OVERLOAD, "overload: %s", msg);
    watch_log(d->log, WATCH_LOG_RELOAD,
              "reload: %zu hosts (+%u -%u ~%u), %u the core held otherwise submitted again%s",
              g->objects.count, w.diff.added, w.diff.removed, w.diff.changed, w.r.core_differs,
              g->unresolved ? ", some names did not resolve" : "");
    free_work(&w);
}

/* Main: a finished build is joined and applied. */
static void reload_poll(struct daemon *d)
{
    struct builder *b = &d->builder;
    if (!b->running || !atomic_load(&b->done))
        return;
    pthread_join(b->thread, NULL);
    b->running = false;
    if (b->gen)
        reload_apply(d, b->gen);
    else
        watch_log(d->log, WATCH_LOG_RELOAD, "reload failed, still watching the %zu hosts: %s",
                  d->gen->objects.count, b->err);
    b->gen = NULL;
    if (d->reload_again) {
        d->reload_again = false;
        reload_start(d);
    }
}

/* Stopping: a build still running may be waited for until deadline_ns;
 * false when it is still running then (it points into d). */
static bool reload_end(struct daemon *d, uint64_t deadline_ns)
{
    struct builder *b = &d->builder;
    while (b->running && !atomic_load(&b->done) && clock_mono_ns() < deadline_ns)
        clock_sleep_until_ns(clock_add_ns(clock_mono_ns(), 5 * CLOCK_NS_PER_MS));
    if (b->running && !atomic_load(&b->done))
        return false;
    if (b->running)
        pthread_join(b->thread, NULL);
    b->running = false;
    generation_free(b->gen);
    b->gen = NULL;
    return true;
}

/* ---- signals and the end ---------------------------------------------------- */

static void block_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, set, NULL);
}

/* Wait for a signal until the next reload; returns it, or 0 at the time.
 * While a reload is being read, main looks at it ten times a second. */
static int wait_signal(const sigset_t *set, uint64_t until_ns, bool building)
{
    uint64_t now = clock_mono_ns();
    uint64_t wait = until_ns > now ? until_ns - now : 0;
    uint64_t most = building ? 100 * CLOCK_NS_PER_MS : CLOCK_NS_PER_S;
    if (wait > most)
        wait = most;
    struct timespec ts = {(time_t)(wait / CLOCK_NS_PER_S), (long)(wait % CLOCK_NS_PER_S)};
    int sig = sigtimedwait(set, NULL, &ts);
    return sig > 0 ? sig : 0;
}

/* The kernel's drops are cumulative: each new one is logged once, as a
 * delta (a dropped reply passes for a lost probe). */
static void check_drops(struct daemon *d)
{
    uint64_t now = sock_dropped(&d->sockets[0]) + sock_dropped(&d->sockets[1]);
    if (now > d->dropped)
        watch_log(d->log, WATCH_LOG_OVERLOAD,
                  "the kernel dropped %llu received packets (socket buffer full): lower --rate "
                  "or raise net.core.rmem_max",
                  (unsigned long long)(now - d->dropped));
    d->dropped = now;
    /* A full fate ring drops a reply the receiver had counted: the same
     * effect (a lost probe), so the same class of log line. */
    uint64_t ring = atomic_load_explicit(&d->prober.rings[0].overflow, memory_order_relaxed) +
                    atomic_load_explicit(&d->prober.rings[1].overflow, memory_order_relaxed);
    if (ring > d->ring_overflow)
        watch_log(d->log, WATCH_LOG_OVERLOAD,
                  "%llu replies or errors dropped: the prober fell behind the receivers",
                  (unsigned long long)(ring - d->ring_overflow));
    d->ring_overflow = ring;
}

/*
 * The core's own checks can cross the first submission: a freshness check
 * Icinga had already queued when our result came runs anyway, and its "No
 * Passive Check Result Received" lands after our UP (8 of 100,000 hosts at
 * a start in bench/watch/run, DOWN until a reload).  So once every host
 * has had --down-after seconds and no change is queued or in flight, the
 * core's states are read once more DAEMON_SETTLE_NS later, as a reload
 * does (what differs is submitted again), whatever --reload says.
 */
#define DAEMON_SETTLE_NS (30 * CLOCK_NS_PER_S)

static void settle_check(struct daemon *d, uint64_t now)
{
    if (d->settle_ns == UINT64_MAX || !d->cfg->core_states)
        return;
    if (d->settle_ns == 0) {
        struct pending_counters pc;
        pending_counters(&d->pending, now, &pc);
        uint64_t known =
            clock_add_ns(d->started_ns, (uint64_t)d->cfg->down_after_s * CLOCK_NS_PER_S);
        if (now >= known && pc.changes == 0 && pc.in_flight == 0)
            d->settle_ns = clock_add_ns(now, DAEMON_SETTLE_NS);
        return;
    }
    if (now < d->settle_ns)
        return;
    /* (lifecycle, never held back: the reload's own line follows at once) */
    watch_log(d->log, WATCH_LOG_LIFECYCLE,
              "first submission done: reading the core's states once more (its own checks may have "
              "crossed it)");
    reload_start(d);
    d->settle_ns = UINT64_MAX;
}

static void watch_until_stopped(struct daemon *d, const sigset_t *set)
{
    const struct daemon_config *c = d->cfg;
    uint64_t next_reload = c->reload_ns ? clock_add_ns(clock_mono_ns(), c->reload_ns) : UINT64_MAX;
    for (;;) {
        int sig = wait_signal(set, next_reload, d->builder.running);
        if (sig == SIGTERM || sig == SIGINT)
            return;
        check_drops(d);
        reload_poll(d);
        if (atomic_load(&d->prober.stop)) {
            watch_log(d->log, WATCH_LOG_ERROR, "the prober stopped (out of memory at a reload)");
            return;
        }
        if (sig == SIGHUP || clock_mono_ns() >= next_reload) {
            reload_start(d);
            if (c->reload_ns)
                next_reload = clock_add_ns(clock_mono_ns(), c->reload_ns);
        }
        settle_check(d, clock_mono_ns());
    }
}

/* Stop probing, flush what is pending (bounded), free.  False when the
 * submitter was still sending at the bound: nothing may be freed then. */
static bool stop(struct daemon *d, uint64_t deadline_ns)
{
    if (d->prober_ok)
        prober_stop(&d->prober);
    engine_stop(d->engine);
    d->engine = NULL;
    if (d->submitter_ok && !submitter_stop(&d->submitter, deadline_ns))
        return false;
    if (!reload_end(d, deadline_ns))
        return false;
    if (d->pending_ok) {
        struct pending_counters pc;
        pending_counters(&d->pending, clock_mono_ns(), &pc);
        d->unsent = pc.changes + pc.renewals;
    }
    if (d->prober_ok)
        prober_free(&d->prober);
    if (d->pending_ok)
        pending_destroy(&d->pending);
    if (d->registry_ok)
        registry_destroy(&d->registry);
    generation_free(d->prev);
    generation_free(d->gen);
    return true;
}

int daemon_run(const struct daemon_config *cfg, struct icmp_socket sockets[2],
               struct watch_log *log, char *err, size_t errlen)
{
    struct daemon *d = calloc(1, sizeof(*d));
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    d->cfg = cfg;
    d->log = log;
    d->sockets = sockets;
    d->dropped = sock_dropped(&sockets[0]) + sock_dropped(&sockets[1]);
    sigset_t set;
    block_signals(&set);
    if (start(d, sockets, err, errlen) < 0) {
        if (stop(d, clock_mono_ns()))
            free(d);
        return -1;
    }
    d->started_ns = clock_mono_ns();
    watch_log(log, WATCH_LOG_LIFECYCLE, "started: %zu hosts, interval %.3g s, down after %u s",
              d->gen->objects.count, (double)cfg->prober.interval_ns / 1e9, cfg->down_after_s);
    if (d->gen->unresolved)
        watch_log(log, WATCH_LOG_LIFECYCLE, "%u hosts not watched: their names did not resolve",
                  d->gen->unresolved);
    for (size_t i = 0; d->gen->refused && i < d->gen->objects.count; i++) {
        if (d->gen->host_of[i] != GENERATION_NONE)
            continue;
        watch_log(log, WATCH_LOG_LIFECYCLE, "%u objects not watched (refused), the first '%s': %s",
                  d->gen->refused, objects_name(&d->gen->objects, i),
                  objects_reason(&d->gen->objects, i));
        break;
    }
    if (!cfg->submit.heartbeat_host)
        watch_log(log, WATCH_LOG_LIFECYCLE,
                  "nothing watches this daemon: no --heartbeat (its death would go unnoticed)");
    watch_until_stopped(d, &set);
    uint64_t deadline = clock_add_ns(clock_mono_ns(), cfg->stop_ns);
    struct pending_counters pc;
    pending_counters(&d->pending, clock_mono_ns(), &pc);
    bool clean = stop(d, deadline);
    if (clean) {
        watch_log(log, WATCH_LOG_LIFECYCLE, "stopping: flushed %llu results, %u left unsent",
                  (unsigned long long)atomic_load(&d->submitter.flushed), d->unsent);
        free(d);
    } else {
        /* d stays allocated: a thread that did not end still points into it */
        watch_log(log, WATCH_LOG_LIFECYCLE,
                  "stopping: %s after %.1f s (%u changes unsent), not waiting longer",
                  d->builder.running ? "a reload still reading the host list"
                                     : "results still being sent",
                  (double)cfg->stop_ns / 1e9, pc.changes);
        return 1;
    }
    return 0;
}
