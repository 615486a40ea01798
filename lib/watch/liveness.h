/*
 * liveness.h - one host's liveness in continuous mode: UP, DOWN or not yet
 * known, decided from the fate of its probes, and the round-trip figures
 * its results carry.
 *
 * A pure state machine on the model of BFD (RFC 5880): a small table of
 * (state, event) -> (state, actions), and a detection timer.  The events
 * are: a probe sent, a valid reply, an ICMP error (it counts as no reply,
 * but is remembered for the output text), and the timer's expiry, which the
 * caller finds with liveness_tick(now).  A host is UP at any valid reply
 * and DOWN once down_after has passed with no reply (since the last reply,
 * or since its first probe).  Sockets and clocks stay outside: every call
 * is given `now` (CLOCK_MONOTONIC ns), so each row is unit-tested alone.
 *
 * A probe is numbered by the host's series (seq, 64 bits, from 0) and is
 * settled exactly once: answered by its reply, or lost when an ICMP error
 * quotes it or when the next probe is sent with no reply to it (continuous
 * mode's packet timeout is the interval).  A reply that comes after its
 * probe was settled still proves the host alive, but adds no figures.
 * Settled probes feed two sets of figures: those since the host's last
 * result (a renewal's rta, pl, jitter: liveness_take_result), and those of
 * the last window_probes probes (the host thresholds: liveness_window).
 *
 * Invariants: storage per host is fixed (struct liveness_host, no pointer,
 * nothing grows per probe); counters are 64 bits and sums saturate, so none
 * wraps in a process that never ends (the 0.2 engine's 16-bit counters
 * wrapped after 45-91 hours).  Not thread-safe: one thread owns each host.
 */
#ifndef MULTIPING_LIVENESS_H
#define MULTIPING_LIVENESS_H

#include <stdbool.h>
#include <stdint.h>

#define LIVENESS_WINDOW_MAX 16       /* probes a window can hold: 64 B a host */
#define LIVENESS_RTT_LOST UINT32_MAX /* a window slot whose probe got no reply */
#define LIVENESS_NEVER UINT64_MAX    /* a disarmed detection timer */

enum liveness_state { LIVENESS_UNKNOWN, LIVENESS_UP, LIVENESS_DOWN, LIVENESS_STATES };

enum liveness_event {
    LIVENESS_EV_SENT,       /* a probe went out */
    LIVENESS_EV_REPLY,      /* a valid reply (to any probe of the host's series) */
    LIVENESS_EV_ICMP_ERROR, /* an ICMP error quoting one of the host's probes */
    LIVENESS_EV_EXPIRED,    /* the detection timer ran out */
    LIVENESS_EVENTS
};

/* What a row asks for (bits). */
enum liveness_action {
    LIVENESS_ACT_ARM_FIRST = 1 << 0,    /* start the timer, if it is not running */
    LIVENESS_ACT_ARM = 1 << 1,          /* restart the timer from now */
    LIVENESS_ACT_DISARM = 1 << 2,       /* stop the timer */
    LIVENESS_ACT_CHANGED = 1 << 3,      /* the state changed: submit at once */
    LIVENESS_ACT_KEEP_ERROR = 1 << 4,   /* remember the ICMP error for the text */
    LIVENESS_ACT_FORGET_ERROR = 1 << 5, /* a reply: the last error is history */
};

struct liveness_row {
    uint8_t next; /* enum liveness_state */
    uint8_t actions;
};

/* The table itself, one row per (state, event). */
struct liveness_row liveness_transition(enum liveness_state state, enum liveness_event event);

struct liveness_config {
    uint64_t down_after_ns;
    uint32_t window_probes; /* 1 .. LIVENESS_WINDOW_MAX */
};

/* Figures over a set of settled probes; sums saturate at UINT64_MAX. */
struct liveness_stats {
    uint64_t sent;     /* settled probes */
    uint64_t received; /* of them, answered */
    uint64_t rtt_sum_us;
    uint64_t jitter_sum_us; /* sum of |rtt - previous rtt| over consecutive replies */
    uint64_t jitter_pairs;
    uint32_t rtt_min_us; /* UINT32_MAX when received == 0 */
    uint32_t rtt_max_us;
};

struct liveness_host {
    uint64_t next_seq;      /* probes sent so far: the next probe's number */
    uint64_t replies;       /* valid replies ever (late ones too) */
    uint64_t errors;        /* ICMP errors ever */
    uint64_t last_reply_ns; /* 0: none yet */
    uint64_t deadline_ns;   /* detection timer, LIVENESS_NEVER when disarmed */
    uint64_t changed_ns;    /* when the state last changed (0: never) */
    uint64_t error_ns;      /* when the remembered ICMP error came */
    struct liveness_stats since_result;
    uint32_t ring[LIVENESS_WINDOW_MAX]; /* rtt (us) of the last settled probes */
    uint32_t last_rtt_us;               /* of the latest answered probe (jitter) */
    uint8_t ring_next, ring_len;
    uint8_t state;       /* enum liveness_state */
    bool newest_pending; /* probe next_seq - 1 awaits its fate */
    bool has_last_rtt;
    bool has_error;     /* an ICMP error since the last reply */
    uint8_t error_type; /* that error's ICMP type and code, and family */
    uint8_t error_code;
    bool error_v6;
};

void liveness_init(struct liveness_host *h);

/* The events.  Each returns true when the host's state changed (a result
 * to submit at once).  liveness_sent returns the probe's number in *seq. */
bool liveness_sent(struct liveness_host *h, const struct liveness_config *c, uint64_t now_ns,
                   uint64_t *seq);
/* A reply to probe seq with its round-trip time; a seq never sent is
 * ignored (false, nothing changes). */
bool liveness_reply(struct liveness_host *h, const struct liveness_config *c, uint64_t seq,
                    uint32_t rtt_us, uint64_t now_ns);
bool liveness_icmp_error(struct liveness_host *h, const struct liveness_config *c, uint64_t seq,
                         uint8_t type, uint8_t code, bool v6, uint64_t now_ns);
/* The detection timer: call at least once a second (or at
 * liveness_deadline_ns, for callers that keep a heap of deadlines). */
bool liveness_tick(struct liveness_host *h, const struct liveness_config *c, uint64_t now_ns);

static inline uint64_t liveness_deadline_ns(const struct liveness_host *h)
{
    return h->deadline_ns;
}

/* The figures since the last result, handed over and reset (a result is
 * being built from them). */
void liveness_take_result(struct liveness_host *h, struct liveness_stats *out);
/* The figures of the last window_probes settled probes (fewer at start). */
void liveness_window(const struct liveness_host *h, const struct liveness_config *c,
                     struct liveness_stats *out);

/* Figures helpers: empty stats, one settled probe, merging two sets (a
 * coalesced result covers the probes of both), and the derived measures. */
void liveness_stats_clear(struct liveness_stats *s);
void liveness_stats_add(struct liveness_stats *s, uint32_t rtt_us, bool has_prev, uint32_t prev_us);
void liveness_stats_merge(struct liveness_stats *dst, const struct liveness_stats *src);
double liveness_stats_rta_us(const struct liveness_stats *s);   /* 0 when none answered */
double liveness_stats_loss_pct(const struct liveness_stats *s); /* 100 when none settled */
double liveness_stats_jitter_us(const struct liveness_stats *s);

#endif
