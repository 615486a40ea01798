/*
 * pending.c - the bounded, coalescing queue of results (see pending.h for
 * the locking and the policies).
 */
#include "pending.h"

#include "clock.h"
#include "schedule.h"

#include <stdlib.h>
#include <string.h>

uint64_t pending_backoff_ns(const struct pending_backoff *b, uint32_t failures)
{
    if (failures == 0 || b->base_ns == 0)
        return 0;
    uint64_t d = b->base_ns;
    for (uint32_t i = 1; i < failures && d < b->max_ns; i++)
        d = clock_add_ns(d, d);
    return d < b->max_ns ? d : b->max_ns;
}

/* From 7/10 of skip_unchanged, at the host's own fraction of the next
 * quarter, so the last twentieth is left for a queue that lags.  The
 * periods differ from host to host, so hosts submitted together (at start)
 * drift apart and the core's rate evens out within a few periods; their
 * mean, 0.825 of skip_unchanged, costs the core 21 % more than renewing
 * each host exactly at skip_unchanged (the window 0.5 to 0.9 of 0.2
 * cost 43 %: bench/watch/run measures Icinga's share). */
uint64_t pending_renewal_due_ns(uint64_t last_submitted_ns, uint64_t skip_unchanged_ns, uint32_t id)
{
    uint64_t earliest = skip_unchanged_ns / 10 * 7;
    return clock_add_ns(last_submitted_ns, earliest + schedule_phase_ns(skip_unchanged_ns / 4, id));
}

static void list_unlink(struct pending *p, uint32_t id)
{
    struct pending_slot *s = &p->slots[id];
    struct pending_list *l = &p->lists[s->queued];
    if (s->prev != PENDING_NONE)
        p->slots[s->prev].next = s->next;
    else
        l->head = s->next;
    if (s->next != PENDING_NONE)
        p->slots[s->next].prev = s->prev;
    else
        l->tail = s->prev;
    l->count--;
    s->queued = PENDING_EMPTY;
}

/* Link id into list `kind` before `at` (PENDING_NONE: at the tail). */
static void list_insert(struct pending *p, uint32_t id, uint8_t kind, uint32_t at)
{
    struct pending_slot *s = &p->slots[id];
    struct pending_list *l = &p->lists[kind];
    s->queued = kind;
    s->next = at;
    s->prev = at == PENDING_NONE ? l->tail : p->slots[at].prev;
    if (s->prev != PENDING_NONE)
        p->slots[s->prev].next = id;
    else
        l->head = id;
    if (at != PENDING_NONE)
        p->slots[at].prev = id;
    else
        l->tail = id;
    l->count++;
}

/* Lists stay in queued_ns order, so a list's head is its oldest.  New
 * results go at the tail; one coming back (a failure) walks from the head
 * past the few older ones that came back with it. */
static void list_place(struct pending *p, uint32_t id, uint8_t kind)
{
    uint32_t at = p->lists[kind].head;
    uint64_t t = p->slots[id].res.queued_ns;
    while (at != PENDING_NONE && p->slots[at].res.queued_ns <= t)
        at = p->slots[at].next;
    list_insert(p, id, kind, at);
}

int pending_init(struct pending *p, uint32_t capacity, const struct pending_config *cfg,
                 uint64_t now_ns)
{
    memset(p, 0, sizeof(*p));
    p->slots = calloc(capacity ? capacity : 1, sizeof(*p->slots));
    if (!p->slots)
        return -1;
    p->capacity = capacity;
    p->cfg = *cfg;
    if (p->cfg.burst < 1)
        p->cfg.burst = 1;
    for (int k = 0; k < 3; k++)
        p->lists[k].head = p->lists[k].tail = PENDING_NONE;
    p->tokens = 1;
    p->tokens_ns = now_ns;
    p->in_flight_change_ns = UINT64_MAX;
    if (clock_cond_init(&p->ready) != 0) {
        free(p->slots);
        return -1;
    }
    pthread_mutex_init(&p->lock, NULL);
    return 0;
}

void pending_destroy(struct pending *p)
{
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->ready);
    free(p->slots);
    free(p->prev_map);
    memset(p, 0, sizeof(*p));
}

/* Fold the in-flight `older` (a failure) under its host's newer queued
 * result: the newer state, time and error stand; the kinds and figures add
 * up, and a change keeps the age of its oldest part. */
static void merge_under(struct pending *p, const struct pending_result *older)
{
    struct pending_slot *s = &p->slots[older->id];
    uint8_t kind = s->queued > older->kind ? s->queued : older->kind;
    uint64_t queued_ns = s->res.queued_ns;
    if (older->kind == kind && older->queued_ns < queued_ns)
        queued_ns = older->queued_ns;
    liveness_stats_merge(&s->res.stats, &older->stats);
    list_unlink(p, older->id);
    s->res.kind = kind;
    s->res.queued_ns = queued_ns;
    list_place(p, older->id, kind);
    p->merged++;
}

/* Fold the newer r into its host's queued result: r's state, time and
 * error; the kinds and figures add up.  A renewal that becomes a change
 * moves to the changes, aged from now. */
static void merge_over(struct pending *p, const struct pending_result *r, uint64_t now_ns)
{
    struct pending_slot *s = &p->slots[r->id];
    struct pending_result m = *r;
    uint8_t old_kind = s->queued;
    liveness_stats_merge(&m.stats, &s->res.stats);
    m.kind = old_kind > r->kind ? old_kind : r->kind;
    m.queued_ns = s->res.queued_ns;
    if (m.kind != old_kind) {
        list_unlink(p, r->id);
        m.queued_ns = now_ns;
        list_insert(p, r->id, m.kind, PENDING_NONE);
    }
    s->res = m;
    p->merged++;
}

void pending_put(struct pending *p, const struct pending_result *r, uint64_t now_ns)
{
    if (r->id >= p->capacity || r->kind == PENDING_EMPTY)
        return;
    pthread_mutex_lock(&p->lock);
    struct pending_slot *s = &p->slots[r->id];
    if (s->queued != PENDING_EMPTY) {
        merge_over(p, r, now_ns);
    } else {
        s->res = *r;
        s->res.queued_ns = now_ns;
        list_insert(p, r->id, r->kind, PENDING_NONE);
        pthread_cond_signal(&p->ready);
    }
    pthread_mutex_unlock(&p->lock);
}

bool pending_renewal_wanted(struct pending *p, uint32_t id, uint64_t now_ns, uint64_t *ask_again_ns)
{
    uint64_t again = 0;
    bool wanted = false;
    if (id < p->capacity) {
        pthread_mutex_lock(&p->lock);
        const struct pending_slot *s = &p->slots[id];
        if (s->queued == PENDING_EMPTY && !s->in_flight) {
            uint64_t due =
                pending_renewal_due_ns(s->last_submitted_ns, p->cfg.skip_unchanged_ns, id);
            wanted = now_ns >= due;
            again = wanted ? 0 : due;
        }
        pthread_mutex_unlock(&p->lock);
    }
    if (ask_again_ns)
        *ask_again_ns = again;
    return wanted;
}

void pending_seed(struct pending *p, uint32_t id, uint64_t last_submitted_ns)
{
    pthread_mutex_lock(&p->lock);
    if (id < p->capacity)
        p->slots[id].last_submitted_ns = last_submitted_ns;
    pthread_mutex_unlock(&p->lock);
}

/* Top up the token bucket to now. */
static void refill(struct pending *p, uint64_t now_ns)
{
    if (now_ns <= p->tokens_ns)
        return;
    p->tokens += (double)(now_ns - p->tokens_ns) * p->cfg.rate_per_s / (double)CLOCK_NS_PER_S;
    if (p->tokens > p->cfg.burst)
        p->tokens = p->cfg.burst;
    p->tokens_ns = now_ns;
}

/* The oldest queued result that may go, changes first (PENDING_NONE:
 * none).  A host whose earlier result is still in flight waits for it, so
 * the core never gets a host's results out of order; that walk passes at
 * most the results in flight. */
static uint32_t takeable(const struct pending *p)
{
    for (uint8_t k = PENDING_CHANGE; k >= PENDING_RENEWAL; k--)
        for (uint32_t id = p->lists[k].head; id != PENDING_NONE; id = p->slots[id].next)
            if (!p->slots[id].in_flight)
                return id;
    return PENDING_NONE;
}

uint32_t pending_take(struct pending *p, uint64_t now_ns, struct pending_result *out, uint32_t max)
{
    uint32_t n = 0, id;
    pthread_mutex_lock(&p->lock);
    refill(p, now_ns);
    while (n < max && now_ns >= p->retry_ns && p->tokens >= 1 &&
           (id = takeable(p)) != PENDING_NONE) {
        struct pending_slot *s = &p->slots[id];
        if (s->queued == PENDING_CHANGE && s->res.queued_ns < p->in_flight_change_ns)
            p->in_flight_change_ns = s->res.queued_ns;
        list_unlink(p, id);
        s->in_flight = true;
        out[n] = s->res;
        out[n++].generation = p->generation;
        p->in_flight++;
        p->tokens -= 1;
    }
    pthread_mutex_unlock(&p->lock);
    return n;
}

/* When the next result may be taken (UINT64_MAX: nothing queued). */
static uint64_t ready_at(const struct pending *p, uint64_t now_ns)
{
    if (takeable(p) == PENDING_NONE || p->cfg.rate_per_s <= 0)
        return UINT64_MAX;
    double tokens = p->tokens;
    if (now_ns > p->tokens_ns)
        tokens += (double)(now_ns - p->tokens_ns) * p->cfg.rate_per_s / (double)CLOCK_NS_PER_S;
    uint64_t at = now_ns;
    if (tokens < 1)
        at += (uint64_t)((1 - tokens) * (double)CLOCK_NS_PER_S / p->cfg.rate_per_s) + 1;
    return at > p->retry_ns ? at : p->retry_ns;
}

void pending_wait(struct pending *p, uint64_t deadline_ns)
{
    pthread_mutex_lock(&p->lock);
    for (;;) {
        uint64_t now = clock_mono_ns();
        uint64_t at = ready_at(p, now);
        if (now >= deadline_ns || at <= now || p->woken)
            break;
        struct timespec until = clock_timespec(at < deadline_ns ? at : deadline_ns);
        pthread_cond_timedwait(&p->ready, &p->lock, &until);
    }
    p->woken = false;
    pthread_mutex_unlock(&p->lock);
}

void pending_wake(struct pending *p)
{
    pthread_mutex_lock(&p->lock);
    p->woken = true;
    pthread_cond_broadcast(&p->ready);
    pthread_mutex_unlock(&p->lock);
}

/* The id r has now: taken before the last remap, it is mapped through it;
 * before an earlier one, it is lost track of (PENDING_NONE). */
static uint32_t current_id(const struct pending *p, const struct pending_result *r)
{
    if (r->generation == p->generation)
        return r->id < p->capacity ? r->id : PENDING_NONE;
    if (r->generation + 1 == p->generation && r->id < p->prev_map_len)
        return p->prev_map[r->id];
    return PENDING_NONE;
}

/* A failure to retry: queued again, merged under anything newer. */
static void requeue(struct pending *p, const struct pending_result *r, uint64_t now_ns)
{
    struct pending_slot *s = &p->slots[r->id];
    if (now_ns >= p->retry_ns) { /* the first failure of a batch backs off */
        p->failures++;
        p->retry_ns = clock_add_ns(now_ns, pending_backoff_ns(&p->cfg.backoff, p->failures));
    }
    if (s->queued != PENDING_EMPTY) {
        merge_under(p, r);
        return;
    }
    s->res = *r;
    list_place(p, r->id, r->kind);
}

void pending_done(struct pending *p, const struct pending_result *r, enum pending_outcome outcome,
                  uint64_t now_ns)
{
    pthread_mutex_lock(&p->lock);
    uint32_t id = current_id(p, r);
    if (p->in_flight && --p->in_flight == 0)
        p->in_flight_change_ns = UINT64_MAX;
    if (outcome == PENDING_SUBMITTED) {
        p->submitted++;
        p->failures = 0;
        p->retry_ns = 0;
    } else {
        p->failed++;
    }
    if (id == PENDING_NONE) {
        p->stale += outcome == PENDING_RETRY;
    } else {
        p->slots[id].in_flight = false;
        if (outcome != PENDING_RETRY) /* a refused one is tried again at its renewal */
            p->slots[id].last_submitted_ns = now_ns;
        if (outcome == PENDING_RETRY) {
            struct pending_result again = *r;
            again.id = id;
            requeue(p, &again, now_ns);
            pthread_cond_signal(&p->ready);
        }
    }
    pthread_mutex_unlock(&p->lock);
}

void pending_target_back(struct pending *p)
{
    pthread_mutex_lock(&p->lock);
    if (p->failures > 0) {
        p->failures = 0;
        p->retry_ns = 0;
        pthread_cond_signal(&p->ready);
    }
    pthread_mutex_unlock(&p->lock);
}

void pending_counters(struct pending *p, uint64_t now_ns, struct pending_counters *out)
{
    pthread_mutex_lock(&p->lock);
    out->changes = p->lists[PENDING_CHANGE].count;
    out->renewals = p->lists[PENDING_RENEWAL].count;
    out->in_flight = p->in_flight;
    out->failures_in_row = p->failures;
    out->submitted = p->submitted;
    out->failed = p->failed;
    out->merged = p->merged;
    out->stale = p->stale;
    uint64_t oldest = p->in_flight_change_ns;
    if (out->changes && p->slots[p->lists[PENDING_CHANGE].head].res.queued_ns < oldest)
        oldest = p->slots[p->lists[PENDING_CHANGE].head].res.queued_ns;
    out->oldest_change_age_ns = oldest == UINT64_MAX ? 0 : clock_since_ns(now_ns, oldest);
    pthread_mutex_unlock(&p->lock);
}

/* Move every kept slot to its new id, lists in their order. */
static void move_slots(struct pending *p, struct pending_slot *to, struct pending_list *lists,
                       const uint32_t *new_id)
{
    struct pending_slot *from = p->slots;
    struct pending_list old[3];
    memcpy(old, p->lists, sizeof(old));
    for (uint32_t i = 0; i < p->capacity; i++)
        if (new_id[i] != PENDING_NONE) {
            to[new_id[i]].last_submitted_ns = from[i].last_submitted_ns;
            to[new_id[i]].in_flight = from[i].in_flight;
        }
    p->slots = to;
    memcpy(p->lists, lists, sizeof(p->lists));
    for (uint8_t k = PENDING_RENEWAL; k <= PENDING_CHANGE; k++)
        for (uint32_t i = old[k].head; i != PENDING_NONE; i = from[i].next)
            if (new_id[i] != PENDING_NONE) {
                to[new_id[i]].res = from[i].res;
                to[new_id[i]].res.id = new_id[i];
                list_insert(p, new_id[i], k, PENDING_NONE);
            }
    free(from);
}

int pending_remap(struct pending *p, const uint32_t *new_id, uint32_t new_capacity)
{
    struct pending_slot *to = calloc(new_capacity ? new_capacity : 1, sizeof(*to));
    struct pending_list lists[3];
    for (int k = 0; k < 3; k++)
        lists[k] = (struct pending_list){PENDING_NONE, PENDING_NONE, 0};
    pthread_mutex_lock(&p->lock);
    uint32_t *map = malloc((p->capacity ? p->capacity : 1) * sizeof(*map));
    if (to && map) {
        for (uint32_t i = 0; i < p->capacity; i++)
            map[i] = new_id[i] < new_capacity ? new_id[i] : PENDING_NONE;
        move_slots(p, to, lists, map);
        free(p->prev_map);
        p->prev_map = map;
        p->prev_map_len = p->capacity;
        p->capacity = new_capacity;
        p->generation++;
    }
    pthread_mutex_unlock(&p->lock);
    if (to && map)
        return 0;
    free(to);
    free(map);
    return -1;
}
