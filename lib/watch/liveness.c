/*
 * liveness.c - the per-host liveness table and its figures (see liveness.h).
 */
#include "liveness.h"

#include "clock.h"

#include <string.h>

#define ROW(n, a)                                                                                  \
    {                                                                                              \
        .next = LIVENESS_##n, .actions = (a)                                                       \
    }
#define A(x) LIVENESS_ACT_##x

/* The whole state machine.  An ICMP error never changes the state by
 * itself: it counts as no reply, and the timer decides. */
static const struct liveness_row table[LIVENESS_STATES][LIVENESS_EVENTS] =
    {
        [LIVENESS_UNKNOWN] =
            {
                [LIVENESS_EV_SENT] = ROW(UNKNOWN, A(ARM_FIRST)),
                [LIVENESS_EV_REPLY] = ROW(UP, A(ARM) | A(CHANGED) | A(FORGET_ERROR)),
                [LIVENESS_EV_ICMP_ERROR] = ROW(UNKNOWN, A(KEEP_ERROR)),
                [LIVENESS_EV_EXPIRED] = ROW(DOWN, A(DISARM) | A(CHANGED)),
            },
        [LIVENESS_UP] =
            {
                [LIVENESS_EV_SENT] = ROW(UP, 0),
                [LIVENESS_EV_REPLY] = ROW(UP, A(ARM) | A(FORGET_ERROR)),
                [LIVENESS_EV_ICMP_ERROR] = ROW(UP, A(KEEP_ERROR)),
                [LIVENESS_EV_EXPIRED] = ROW(DOWN, A(DISARM) | A(CHANGED)),
            },
        [LIVENESS_DOWN] =
            {
                [LIVENESS_EV_SENT] = ROW(DOWN, 0),
                [LIVENESS_EV_REPLY] = ROW(UP, A(ARM) | A(CHANGED) | A(FORGET_ERROR)),
                [LIVENESS_EV_ICMP_ERROR] = ROW(DOWN, A(KEEP_ERROR)),
                [LIVENESS_EV_EXPIRED] = ROW(DOWN, A(DISARM)),
            },
};

struct liveness_row liveness_transition(enum liveness_state state, enum liveness_event event)
{
    return table[state][event];
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

void liveness_stats_clear(struct liveness_stats *s)
{
    memset(s, 0, sizeof(*s));
    s->rtt_min_us = UINT32_MAX;
}

void liveness_stats_add(struct liveness_stats *s, uint32_t rtt_us, bool has_prev, uint32_t prev_us)
{
    s->sent = add_sat(s->sent, 1);
    if (rtt_us == LIVENESS_RTT_LOST)
        return;
    s->received = add_sat(s->received, 1);
    s->rtt_sum_us = add_sat(s->rtt_sum_us, rtt_us);
    if (rtt_us < s->rtt_min_us)
        s->rtt_min_us = rtt_us;
    if (rtt_us > s->rtt_max_us)
        s->rtt_max_us = rtt_us;
    if (has_prev) {
        s->jitter_sum_us =
            add_sat(s->jitter_sum_us, rtt_us > prev_us ? rtt_us - prev_us : prev_us - rtt_us);
        s->jitter_pairs = add_sat(s->jitter_pairs, 1);
    }
}

void liveness_stats_merge(struct liveness_stats *dst, const struct liveness_stats *src)
{
    dst->sent = add_sat(dst->sent, src->sent);
    dst->received = add_sat(dst->received, src->received);
    dst->rtt_sum_us = add_sat(dst->rtt_sum_us, src->rtt_sum_us);
    dst->jitter_sum_us = add_sat(dst->jitter_sum_us, src->jitter_sum_us);
    dst->jitter_pairs = add_sat(dst->jitter_pairs, src->jitter_pairs);
    if (src->rtt_min_us < dst->rtt_min_us)
        dst->rtt_min_us = src->rtt_min_us;
    if (src->rtt_max_us > dst->rtt_max_us)
        dst->rtt_max_us = src->rtt_max_us;
}

double liveness_stats_rta_us(const struct liveness_stats *s)
{
    return s->received ? (double)s->rtt_sum_us / (double)s->received : 0.0;
}

double liveness_stats_loss_pct(const struct liveness_stats *s)
{
    if (s->sent == 0)
        return 100.0;
    return 100.0 * (double)(s->sent - s->received) / (double)s->sent;
}

double liveness_stats_jitter_us(const struct liveness_stats *s)
{
    return s->jitter_pairs ? (double)s->jitter_sum_us / (double)s->jitter_pairs : 0.0;
}

void liveness_init(struct liveness_host *h)
{
    memset(h, 0, sizeof(*h));
    h->state = LIVENESS_UNKNOWN;
    h->deadline_ns = LIVENESS_NEVER;
    liveness_stats_clear(&h->since_result);
}

/* Run one event through the table; returns the row's actions. */
static uint8_t step(struct liveness_host *h, const struct liveness_config *c,
                    enum liveness_event ev, uint64_t now_ns)
{
    struct liveness_row r = table[h->state][ev];
    if ((r.actions & A(ARM_FIRST)) && h->deadline_ns == LIVENESS_NEVER)
        h->deadline_ns = clock_add_ns(now_ns, c->down_after_ns);
    if (r.actions & A(ARM))
        h->deadline_ns = clock_add_ns(now_ns, c->down_after_ns);
    if (r.actions & A(DISARM))
        h->deadline_ns = LIVENESS_NEVER;
    if (r.actions & A(FORGET_ERROR))
        h->has_error = false;
    h->state = r.next;
    if (r.actions & A(CHANGED))
        h->changed_ns = now_ns;
    return r.actions;
}

static bool changed(uint8_t actions)
{
    return (actions & A(CHANGED)) != 0;
}

/* The newest probe's fate: rtt_us, or LIVENESS_RTT_LOST. */
static void settle(struct liveness_host *h, uint32_t rtt_us)
{
    h->newest_pending = false;
    liveness_stats_add(&h->since_result, rtt_us, h->has_last_rtt, h->last_rtt_us);
    if (rtt_us != LIVENESS_RTT_LOST) {
        h->last_rtt_us = rtt_us;
        h->has_last_rtt = true;
    }
    h->ring[h->ring_next] = rtt_us;
    h->ring_next = (uint8_t)((h->ring_next + 1) % LIVENESS_WINDOW_MAX);
    if (h->ring_len < LIVENESS_WINDOW_MAX)
        h->ring_len++;
}

bool liveness_sent(struct liveness_host *h, const struct liveness_config *c, uint64_t now_ns,
                   uint64_t *seq)
{
    if (h->newest_pending)
        settle(h, LIVENESS_RTT_LOST);
    *seq = h->next_seq;
    h->next_seq = add_sat(h->next_seq, 1);
    h->newest_pending = true;
    return changed(step(h, c, LIVENESS_EV_SENT, now_ns));
}

/* Is seq the newest probe, still waiting for its fate? */
static bool is_pending(const struct liveness_host *h, uint64_t seq)
{
    return h->newest_pending && seq + 1 == h->next_seq;
}

bool liveness_reply(struct liveness_host *h, const struct liveness_config *c, uint64_t seq,
                    uint32_t rtt_us, uint64_t now_ns)
{
    if (seq >= h->next_seq)
        return false;
    if (is_pending(h, seq))
        settle(h, rtt_us == LIVENESS_RTT_LOST ? rtt_us - 1 : rtt_us);
    h->replies = add_sat(h->replies, 1);
    h->last_reply_ns = now_ns;
    return changed(step(h, c, LIVENESS_EV_REPLY, now_ns));
}

bool liveness_icmp_error(struct liveness_host *h, const struct liveness_config *c, uint64_t seq,
                         uint8_t type, uint8_t code, bool v6, uint64_t now_ns)
{
    if (seq >= h->next_seq)
        return false;
    if (is_pending(h, seq))
        settle(h, LIVENESS_RTT_LOST);
    h->errors = add_sat(h->errors, 1);
    uint8_t actions = step(h, c, LIVENESS_EV_ICMP_ERROR, now_ns);
    if (actions & A(KEEP_ERROR)) {
        h->has_error = true;
        h->error_type = type;
        h->error_code = code;
        h->error_v6 = v6;
        h->error_ns = now_ns;
    }
    return changed(actions);
}

bool liveness_tick(struct liveness_host *h, const struct liveness_config *c, uint64_t now_ns)
{
    if (now_ns < h->deadline_ns)
        return false;
    return changed(step(h, c, LIVENESS_EV_EXPIRED, now_ns));
}

void liveness_take_result(struct liveness_host *h, struct liveness_stats *out)
{
    *out = h->since_result;
    liveness_stats_clear(&h->since_result);
}

void liveness_window(const struct liveness_host *h, const struct liveness_config *c,
                     struct liveness_stats *out)
{
    uint32_t n = c->window_probes < h->ring_len ? c->window_probes : h->ring_len;
    uint32_t first = (h->ring_next + LIVENESS_WINDOW_MAX - n) % LIVENESS_WINDOW_MAX;
    bool has_prev = false;
    uint32_t prev = 0;
    liveness_stats_clear(out);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t rtt = h->ring[(first + i) % LIVENESS_WINDOW_MAX];
        liveness_stats_add(out, rtt, has_prev, prev);
        if (rtt != LIVENESS_RTT_LOST) {
            prev = rtt;
            has_prev = true;
        }
    }
}
