/*
 * prober.c - the --watch probe source and liveness owner (see prober.h).
 *
 * Per send: one schedule pop (O(log n)), one liveness step, and for a host
 * whose renewal may be due one pending look-up; per reply or error: one
 * ring entry checked against the generation and one liveness step.
 * Nothing is allocated on these paths; a reload's tables are allocated by
 * main before they are handed over.
 */
#include "prober.h"

#include "clock.h"
#include "hosts/latency.h"
#include "registry.h"
#include "watch/core_view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define PROBER_TICK_MAX_NS (100 * CLOCK_NS_PER_MS) /* the detection timers' resolution */
#define PROBER_NAP_MAX_NS (20 * CLOCK_NS_PER_MS)   /* the rings are drained at least this often */
#define PROBER_DRAIN 256
#define PROBER_COUNT_NS CLOCK_NS_PER_S /* the heartbeat's counts are this fresh */
/* A wake-up takes every send due within this much more (sent up to that
 * early, in one sendmmsg): the sender wakes at most ~500 times a second at
 * any rate (40 sends back to back at 20,000 a second), and sends stay
 * evenly spread at the scale of milliseconds.  Each wake-up costs a timer
 * and two context switches: at 20,000 probes/s over veth the sender took
 * 6.2-7.3 % of a core with 1 ms, 5.3-6.5 % with 2 ms (once the probes
 * themselves had become cheaper; before, the difference was lost in the
 * noise). */
#define PROBER_EARLY_NS (2 * CLOCK_NS_PER_MS)

static bool prober_next(struct probe_source *src, struct probe_order *out);
static bool prober_more(struct probe_source *src, struct probe_order *out);
static void prober_sending(struct probe_source *src, const struct probe_order *o, uint64_t now_ns);
static void prober_sent(struct probe_source *src, const struct probe_order *o, int err,
                        bool attempted);

/* After an event of host h: its timer and state copied beside it. */
static void track(struct prober_tables *t, uint32_t h)
{
    t->deadline_ns[h] = liveness_deadline_ns(&t->live[h]);
    t->state[h] = t->live[h].state;
    if (t->deadline_ns[h] < t->min_deadline_ns)
        t->min_deadline_ns = t->deadline_ns[h];
}

int prober_tables_alloc(struct prober_tables *t, const struct generation *g)
{
    memset(t, 0, sizeof(*t));
    t->hosts = g->set.count;
    t->objects = (uint32_t)g->objects.count;
    size_t h = t->hosts ? t->hosts : 1, o = t->objects ? t->objects : 1;
    t->live = malloc(h * sizeof(*t->live));
    t->sent_ns = calloc(h, sizeof(*t->sent_ns));
    t->error_from = calloc(h, sizeof(*t->error_from));
    t->route_refused = calloc(h, sizeof(*t->route_refused));
    t->last_state = malloc(o * sizeof(*t->last_state));
    t->renew_ask_ns = calloc(o, sizeof(*t->renew_ask_ns));
    t->deadline_ns = malloc(h * sizeof(*t->deadline_ns));
    t->state = malloc(h * sizeof(*t->state));
    if (!t->live || !t->sent_ns || !t->error_from || !t->route_refused || !t->last_state ||
        !t->renew_ask_ns || !t->deadline_ns || !t->state) {
        prober_tables_free(t);
        return -1;
    }
    for (uint32_t i = 0; i < t->hosts; i++) {
        liveness_init(&t->live[i]);
        track(t, i);
    }
    memset(t->last_state, -1, o * sizeof(*t->last_state));
    return 0;
}

void prober_tables_free(struct prober_tables *t)
{
    free(t->live);
    free(t->sent_ns);
    free(t->error_from);
    free(t->route_refused);
    free(t->last_state);
    free(t->renew_ask_ns);
    free(t->deadline_ns);
    free(t->state);
    memset(t, 0, sizeof(*t));
}

static uint64_t tick_period(const struct prober *p)
{
    uint64_t quarter = p->cfg.interval_ns / 4;
    return quarter < PROBER_TICK_MAX_NS ? quarter : PROBER_TICK_MAX_NS;
}

static bool wants_schedule(const struct prober *p, uint32_t h)
{
    const struct generation *g = p->gen;
    return g->set.hosts[h].status == HOST_READY && g->first_object[h] != GENERATION_NONE &&
           p->schedule.pos[h] == SCHEDULE_NONE;
}

/* One by one: allocates nothing, so it cannot fail for these hosts (a
 * reload's swap is done by then and must not fail: daemon.c would free
 * the generation the prober runs on). */
static int schedule_each(struct prober *p, uint64_t now_ns)
{
    for (uint32_t h = 0; h < p->gen->set.count; h++) {
        if (wants_schedule(p, h) && schedule_add(&p->schedule, h, now_ns) < 0)
            return -1;
    }
    return 0;
}

/* The hosts not yet scheduled, in table order: the schedule sends them in
 * that order, so each probe finds its tables' entries next to the last
 * one's (schedule_add_ordered); without memory for that, one by one. */
static int schedule_generation(struct prober *p, uint64_t now_ns)
{
    const struct generation *g = p->gen;
    uint32_t *ids = malloc((g->set.count ? g->set.count : 1) * sizeof(*ids));
    if (!ids)
        return schedule_each(p, now_ns);
    uint32_t n = 0;
    for (uint32_t h = 0; h < g->set.count; h++) {
        if (wants_schedule(p, h))
            ids[n++] = h;
    }
    int rc = schedule_add_ordered(&p->schedule, ids, n, now_ns);
    free(ids);
    return rc == 0 ? 0 : schedule_each(p, now_ns); /* it changed nothing */
}

int prober_init(struct prober *p, const struct prober_config *cfg, const struct generation *gen,
                struct pending *pending, struct generation_registry *registry, uint64_t now_ns)
{
    memset(p, 0, sizeof(*p));
    p->source = (struct probe_source){prober_next, prober_more, prober_sending, prober_sent};
    p->cfg = *cfg;
    p->pending = pending;
    p->registry = registry;
    p->gen = gen;
    atomic_store(&p->cookies.current, gen->cookie);
    atomic_store(&p->cookies.previous, gen->cookie);
    atomic_store(&p->stats.hosts, (uint32_t)(gen->objects.count - gen->refused));
    atomic_store(&p->stats.unknown, (uint32_t)(gen->objects.count - gen->refused));
    p->next_tick_ns = now_ns;
    if (pthread_mutex_init(&p->lock, NULL) != 0 || clock_cond_init(&p->cond) != 0)
        return -1;
    if (fate_ring_init(&p->rings[0], &p->cookies) < 0 ||
        fate_ring_init(&p->rings[1], &p->cookies) < 0 || prober_tables_alloc(&p->t, gen) < 0 ||
        schedule_init(&p->schedule, gen->set.count, cfg->interval_ns, now_ns) < 0)
        return -1;
    return schedule_generation(p, now_ns);
}

void prober_free(struct prober *p)
{
    fate_ring_free(&p->rings[0]);
    fate_ring_free(&p->rings[1]);
    prober_tables_free(&p->t);
    schedule_free(&p->schedule);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
}

void prober_stop(struct prober *p)
{
    atomic_store(&p->stop, true);
}

/* ---- results ---------------------------------------------------------------- */

/* Jitter, MOS and score over the window, as check_icmp defines them (the
 * mean change between consecutive replies' round trips; meaningful from
 * two replies on), so that limits such as jitter=40ms,mos=3.5 are judged
 * here as in one-shot runs. */
static void window_measures(const struct liveness_stats *w, double rta_us, double loss_pct,
                            struct latency_measures *m)
{
    memset(m, 0, sizeof(*m));
    if (w->jitter_pairs == 0)
        return;
    m->valid = true;
    m->in_order = true;
    m->jitter_ms = (double)w->jitter_sum_us / (double)w->jitter_pairs / 1000.0;
    m->score = latency_score(rta_us / 1000.0, m->jitter_ms, loss_pct);
    m->mos = latency_mos(m->score);
}

/* The exit status a host's objects get now, or -1 while it is not known. */
static int result_state(const struct prober *p, uint32_t h)
{
    const struct liveness_host *l = &p->t.live[h];
    if (l->state == LIVENESS_UNKNOWN)
        return -1;
    if (!p->cfg.service)
        return l->state == LIVENESS_UP ? 0 : 1;
    if (l->state == LIVENESS_DOWN)
        return 2;
    const struct verdict_config *v = p->cfg.verdict;
    if (!v || (!v->has_host_warning && !v->has_host_critical))
        return 0;
    struct liveness_stats w;
    liveness_window(l, &p->cfg.live, &w);
    if (w.received == 0)
        return 0;
    double rta = liveness_stats_rta_us(&w), loss = liveness_stats_loss_pct(&w);
    struct latency_measures m;
    window_measures(&w, rta, loss, &m);
    if (v->has_host_critical && host_limit_crossed(&v->host_critical, rta, loss, &m))
        return 2;
    if (v->has_host_warning && host_limit_crossed(&v->host_warning, rta, loss, &m))
        return 1;
    return 0;
}

static void fill_result(const struct prober *p, uint32_t h, struct pending_result *r,
                        uint64_t now_ns)
{
    const struct liveness_host *l = &p->t.live[h];
    memset(r, 0, sizeof(*r));
    r->has_error = l->has_error;
    r->error_type = l->error_type;
    r->error_code = l->error_code;
    r->error_v6 = l->error_v6;
    r->down = l->state == LIVENESS_DOWN;
    r->error_from = p->t.error_from[h];
    r->decided_ns = now_ns;
}

/* pending_renewal_wanted, asked only once the time it gave has come: a
 * probe of every host every interval would otherwise take pending's lock
 * 20,000 times a second at 100,000 hosts, nearly always to hear no. */
static bool renewal_wanted(struct prober *p, uint32_t o, uint64_t now_ns)
{
    if (now_ns < p->t.renew_ask_ns[o])
        return false;
    return pending_renewal_wanted(p->pending, o, now_ns, &p->t.renew_ask_ns[o]);
}

/*
 * Host h was stepped: put a change for each of its objects whose state
 * differs from the one last put (or held by the core at start), and, when
 * renewals is set, a renewal for those whose last result is old enough.
 */
static void evaluate(struct prober *p, uint32_t h, uint64_t now_ns, bool renewals)
{
    int state = result_state(p, h);
    if (state < 0)
        return;
    struct pending_result r;
    bool filled = false;
    for (uint32_t o = p->gen->first_object[h]; o != GENERATION_NONE; o = p->gen->next_object[o]) {
        uint8_t kind = PENDING_EMPTY;
        if (p->t.last_state[o] != state)
            kind = PENDING_CHANGE;
        else if (renewals && renewal_wanted(p, o, now_ns))
            kind = PENDING_RENEWAL;
        if (kind == PENDING_EMPTY)
            continue;
        if (!filled) {
            fill_result(p, h, &r, now_ns);
            liveness_take_result(&p->t.live[h], &r.stats);
            filled = true;
        }
        r.id = o;
        r.kind = kind;
        r.state = (uint8_t)state;
        pending_put(p->pending, &r, now_ns);
        p->t.last_state[o] = (int8_t)state;
    }
}

/* Objects whose name did not resolve are DOWN (CRITICAL), saying why,
 * and renewed like the others; they are not pinged.  Once an interval. */
static void evaluate_unresolved(struct prober *p, uint64_t now_ns)
{
    const struct generation *g = p->gen;
    int state = p->cfg.service ? 2 : 1;
    for (uint32_t i = 0; i < g->unresolved; i++) {
        uint32_t o = g->unresolved_objects[i];
        uint8_t kind = p->t.last_state[o] != state    ? PENDING_CHANGE
                       : renewal_wanted(p, o, now_ns) ? PENDING_RENEWAL
                                                      : PENDING_EMPTY;
        if (kind == PENDING_EMPTY)
            continue;
        struct pending_result r;
        memset(&r, 0, sizeof(r));
        liveness_stats_clear(&r.stats);
        r.id = o;
        r.kind = kind;
        r.state = (uint8_t)state;
        r.down = true;
        r.unresolved = true;
        r.resolve_reason = (int16_t)g->set.hosts[g->host_of[o]].error_code;
        r.decided_ns = now_ns;
        pending_put(p->pending, &r, now_ns);
        p->t.last_state[o] = (int8_t)state;
    }
    p->next_unresolved_ns = now_ns + p->cfg.interval_ns;
}

/* ---- fates ------------------------------------------------------------------ */

/* The full probe number from its low 16 bits, against the newest probe. */
static bool full_seq(const struct liveness_host *l, uint16_t packet, uint64_t *seq)
{
    if (l->next_seq == 0)
        return false;
    uint64_t newest = l->next_seq - 1;
    uint16_t back = (uint16_t)((uint16_t)newest - packet);
    if (back > newest)
        return false;
    *seq = newest - back;
    return true;
}

static bool on_fate(struct prober *p, const struct fate_event *ev)
{
    const struct generation *g = p->gen;
    uint64_t seq;
    if (ev->cookie != g->cookie || ev->host >= g->set.count)
        return false; /* the previous generation's: it cannot be told which host now */
    const struct host *host = &g->set.hosts[ev->host];
    struct liveness_host *l = &p->t.live[ev->host];
    bool addr_ok = ev->kind == FATE_REPLY
                       ? ipaddr_equal(&ev->addr, &host->addr)
                       : !ev->addr.family || ipaddr_equal(&ev->addr, &host->addr);
    if (!addr_ok || !full_seq(l, ev->packet, &seq) || ev->icmp_seq != (uint16_t)(ev->host + seq))
        return false;
    bool changed;
    if (ev->kind == FATE_REPLY) {
        uint64_t sent = p->t.sent_ns[ev->host];
        uint64_t rtt_us =
            seq + 1 == l->next_seq && ev->at_ns >= sent ? (ev->at_ns - sent) / 1000 : 0;
        if (rtt_us >= LIVENESS_RTT_LOST)
            rtt_us = LIVENESS_RTT_LOST - 1;
        changed = liveness_reply(l, &p->cfg.live, seq, (uint32_t)rtt_us, ev->at_ns);
    } else {
        p->t.error_from[ev->host] = ev->from;
        changed =
            liveness_icmp_error(l, &p->cfg.live, seq, ev->type, ev->code, ev->v6, clock_mono_ns());
    }
    track(&p->t, ev->host);
    if (changed)
        evaluate(p, ev->host, clock_mono_ns(), false);
    return true;
}

static void drain(struct prober *p)
{
    struct fate_event ev[PROBER_DRAIN];
    for (int f = 0; f < 2; f++) {
        uint32_t n;
        do {
            n = fate_ring_take(&p->rings[f], ev, PROBER_DRAIN);
            for (uint32_t i = 0; i < n; i++) {
                if (!on_fate(p, &ev[i]))
                    atomic_fetch_add_explicit(&p->stats.foreign, 1, memory_order_relaxed);
            }
        } while (n == PROBER_DRAIN);
    }
}

/* The counts the heartbeat shows (every object, so once a second, not at
 * every tick). */
static void count_states(struct prober *p, uint64_t now_ns)
{
    const struct generation *g = p->gen;
    uint32_t count[LIVENESS_STATES] = {0, 0, 0};
    for (size_t o = 0; o < g->objects.count; o++) {
        if (g->host_of[o] != GENERATION_NONE)
            count[p->t.state[g->host_of[o]]]++;
    }
    atomic_store(&p->stats.up, count[LIVENESS_UP]);
    atomic_store(&p->stats.down, count[LIVENESS_DOWN]);
    atomic_store(&p->stats.unknown, count[LIVENESS_UNKNOWN]);
    atomic_store(&p->stats.late, p->schedule.late);
    p->next_count_ns = now_ns + PROBER_COUNT_NS;
}

/* The detection timers, and the counts the heartbeat shows. */
static void tick(struct prober *p, uint64_t now_ns)
{
    const struct generation *g = p->gen;
    if (now_ns >= p->t.min_deadline_ns) {
        uint64_t min = UINT64_MAX;
        for (uint32_t h = 0; h < g->set.count; h++) {
            if (p->t.deadline_ns[h] <= now_ns) {
                bool changed = liveness_tick(&p->t.live[h], &p->cfg.live, now_ns);
                track(&p->t, h);
                if (changed)
                    evaluate(p, h, now_ns, false);
            }
            if (p->t.deadline_ns[h] < min)
                min = p->t.deadline_ns[h];
        }
        p->t.min_deadline_ns = min;
    }
    if (now_ns >= p->next_count_ns)
        count_states(p, now_ns);
    if (now_ns >= p->next_unresolved_ns)
        evaluate_unresolved(p, now_ns);
    p->next_tick_ns = now_ns + tick_period(p);
}

/* ---- reload ----------------------------------------------------------------- */

/* Kept hosts and objects take their state into the new tables. */
static void carry_over(const struct prober_tables *old, struct prober_tables *nt,
                       struct prober_reload *r)
{
    for (uint32_t i = 0; i < old->hosts; i++) {
        uint32_t j = r->host_map[i];
        if (j == GENERATION_NONE || j >= nt->hosts)
            continue;
        nt->live[j] = old->live[i];
        track(nt, j);
        nt->sent_ns[j] = old->sent_ns[i];
        nt->error_from[j] = old->error_from[i];
        nt->route_refused[j] = old->route_refused[i];
    }
    /* a kept object whose state in the core (read by this reload) differs
     * from the one last put is put again (core_view.h) */
    for (uint32_t i = 0; i < old->objects; i++) {
        uint32_t j = r->object_map[i];
        if (j == GENERATION_NONE || j >= nt->objects)
            continue;
        const struct object *ob = &r->gen->objects.items[j];
        nt->last_state[j] = (int8_t)core_view_reconcile(ob->core_state, ob->core_hard,
                                                        ob->core_checked, old->last_state[i]);
        r->core_differs += nt->last_state[j] != old->last_state[i];
    }
}

static void finish_swap(struct prober *p, bool failed)
{
    pthread_mutex_lock(&p->lock);
    p->incoming = NULL;
    p->swapped = true;
    p->failed_swap = failed;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

static void apply_reload(struct prober *p, uint64_t now_ns)
{
    pthread_mutex_lock(&p->lock);
    struct prober_reload *r = p->incoming;
    pthread_mutex_unlock(&p->lock);
    if (!r)
        return;
    const struct generation *g = r->gen;
    if (schedule_remap(&p->schedule, r->host_map, g->set.count) < 0) {
        finish_swap(p, true);
        return;
    }
    carry_over(&p->t, &r->tables, r);
    pthread_mutex_lock(&p->registry->lock);
    int rc = pending_remap(p->pending, r->object_map, (uint32_t)g->objects.count);
    r->retired = rc == 0 ? registry_install_locked(p->registry, g) : NULL;
    pthread_mutex_unlock(&p->registry->lock);
    if (rc < 0) {
        /* out of memory: the schedule follows the new numbering, pending
         * the old; the daemon stops (main reports it) */
        prober_stop(p);
        finish_swap(p, true);
        return;
    }
    atomic_store(&p->cookies.previous, p->gen->cookie);
    atomic_store(&p->cookies.current, g->cookie);
    struct prober_tables old = p->t;
    p->t = r->tables;
    r->tables = old;
    p->gen = g;
    atomic_store(&p->stats.hosts, (uint32_t)(g->objects.count - g->refused));
    atomic_store(&p->stats.generation, g->number);
    bool ok = schedule_generation(p, now_ns) == 0;
    p->next_unresolved_ns = now_ns;
    p->next_count_ns = now_ns;
    tick(p, now_ns);
    finish_swap(p, !ok);
}

bool prober_reload(struct prober *p, struct prober_reload *r, uint64_t deadline_ns)
{
    pthread_mutex_lock(&p->lock);
    p->incoming = r;
    p->swapped = false;
    struct timespec until = clock_timespec(deadline_ns);
    while (!p->swapped && clock_mono_ns() < deadline_ns)
        pthread_cond_timedwait(&p->cond, &p->lock, &until);
    bool done = p->swapped && !p->failed_swap;
    if (!p->swapped)
        p->incoming = NULL; /* the prober never saw it (it is stopping) */
    pthread_mutex_unlock(&p->lock);
    return done;
}

/* ---- the source ------------------------------------------------------------- */

/* A send due by due_ns popped and turned into an order (sent at now_ns). */
static bool pop_order(struct prober *p, uint64_t now_ns, uint64_t due_ns, struct probe_order *out)
{
    struct schedule_send send;
    if (!schedule_pop(&p->schedule, due_ns, &send))
        return false;
    uint32_t h = send.id;
    uint64_t seq;
    (void)liveness_sent(&p->t.live[h], &p->cfg.live, now_ns, &seq);
    track(&p->t, h);
    evaluate(p, h, now_ns, true); /* a change, or a renewal that is due */
    const struct host *host = &p->gen->set.hosts[h];
    *out = (struct probe_order){
        &host->addr, h, (uint16_t)seq, (uint16_t)(h + seq), p->gen->cookie, p->t.route_refused[h]};
    return true;
}

static bool prober_next(struct probe_source *src, struct probe_order *out)
{
    struct prober *p = (struct prober *)src;
    while (!atomic_load_explicit(&p->stop, memory_order_relaxed)) {
        uint64_t now = clock_mono_ns();
        drain(p);
        apply_reload(p, now);
        if (now >= p->next_tick_ns)
            tick(p, now);
        if (pop_order(p, now, now, out))
            return true;
        /* asleep until the first send is due: that wake-up takes the ones
         * due within PROBER_EARLY_NS after it too (prober_more), so the
         * next one is due later than that */
        uint64_t wake = schedule_next_ns(&p->schedule);
        if (wake > p->next_tick_ns)
            wake = p->next_tick_ns;
        if (wake > now + PROBER_NAP_MAX_NS)
            wake = now + PROBER_NAP_MAX_NS;
        clock_sleep_until_ns(wake);
    }
    return false;
}

/* The rest of a wake-up's sends: those due within PROBER_EARLY_NS.  No
 * reload is applied here (the orders gathered so far point into the
 * generation). */
static bool prober_more(struct probe_source *src, struct probe_order *out)
{
    struct prober *p = (struct prober *)src;
    if (atomic_load_explicit(&p->stop, memory_order_relaxed))
        return false;
    /* the clock again: under --rate the sender paces between these calls */
    uint64_t now = clock_mono_ns();
    return pop_order(p, now, clock_add_ns(now, PROBER_EARLY_NS), out);
}

static void prober_sending(struct probe_source *src, const struct probe_order *o, uint64_t now_ns)
{
    struct prober *p = (struct prober *)src;
    p->t.sent_ns[o->host] = now_ns;
    atomic_fetch_add_explicit(&p->stats.probes, 1, memory_order_relaxed);
}

/* A send error counts as no reply: the probe is lost, and the host goes
 * DOWN after --down-after like any silent one.  Whether the route refused
 * it is remembered for the sender (source.h). */
static void prober_sent(struct probe_source *src, const struct probe_order *o, int err,
                        bool attempted)
{
    struct prober *p = (struct prober *)src;
    if (attempted)
        p->t.route_refused[o->host] = err == ENETUNREACH || err == EHOSTUNREACH || err == EACCES;
}
