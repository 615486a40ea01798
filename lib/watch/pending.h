/*
 * pending.h - the results of continuous mode waiting to be submitted: one
 * slot per host, so the queue is bounded by the host count whatever the
 * core does; a newer result for a host merges into its queued one (the
 * latest state wins, the figures of both are summed), so a slow or absent
 * core costs no memory and loses nothing, it only merges.
 *
 * The producer (the thread that owns the hosts' liveness) puts a host's
 * result when its state changes, and a renewal when pending_renewal_wanted
 * says the host's last submitted result is old enough: never before 7/10
 * of skip_unchanged, at a fraction of the next quarter fixed per host (the
 * van der Corput fraction of its id), so renewals reach the core at an
 * even rate (pending_renewal_due_ns).  The consumer (the submitting thread) takes batches, changes
 * before renewals, at most `rate_per_s` results a second with at most
 * `burst` at once (a token bucket), submits them with no lock held, and
 * reports each one done.  A failed one is queued again (merged under any
 * newer result), and taking stops for a backoff that grows with the
 * failures in a row up to a bound (pending_backoff_ns, a pure function).
 *
 * Locking: `lock` guards every field of struct pending.  Each function
 * takes it for a short, bounded piece of work and never across a blocking
 * call; pending_wait releases it while it sleeps (pthread_cond_timedwait).
 * Results are copied in and out, so neither side holds a pointer into it.
 *
 * The limit that shaped it: 100,000 hosts whose results must reach an
 * Icinga 2 that takes ~0.35 ms of CPU per result and degrades under floods
 * of parallel requests; a queue per result, or a burst of 100,000 after an
 * outage, would not do.
 */
#ifndef MULTIPING_PENDING_H
#define MULTIPING_PENDING_H

#include "ipaddr.h"
#include "liveness.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define PENDING_NONE UINT32_MAX

enum pending_kind { PENDING_EMPTY = 0, PENDING_RENEWAL = 1, PENDING_CHANGE = 2 };

/* One host's result, as put, queued and taken. */
struct pending_result {
    uint32_t id;
    uint8_t kind;   /* enum pending_kind (a merge keeps the stronger) */
    uint8_t state;  /* the result's state as the caller codes it (--watch: the exit status) */
    bool has_error; /* the ICMP error since the last reply, for the text */
    uint8_t error_type, error_code;
    bool error_v6;
    bool down;       /* the host is DOWN (a service result may be CRITICAL for its limits alone) */
    bool unresolved; /* its name did not resolve (not pinged): resolve_reason says why */
    int16_t resolve_reason;
    struct ipaddr error_from;    /* who sent that error (family 0: unknown) */
    uint64_t decided_ns;         /* when the state was decided (the result's time) */
    uint64_t queued_ns;          /* set by pending: when the oldest merged part was queued */
    uint32_t generation;         /* set by pending_take: the host numbering it was taken in */
    struct liveness_stats stats; /* the probes since the last submitted result */
};

/* Retry after failures: base * 2^(failures-1), never above max. */
struct pending_backoff {
    uint64_t base_ns;
    uint64_t max_ns;
};

struct pending_config {
    double rate_per_s; /* results a second at most */
    double burst;      /* results at once at most (>= 1) */
    uint64_t skip_unchanged_ns;
    struct pending_backoff backoff;
};

struct pending_list {
    uint32_t head, tail, count;
};

struct pending_slot {
    struct pending_result res;  /* while queued */
    uint64_t last_submitted_ns; /* 0: never */
    uint32_t prev, next;        /* in its list, PENDING_NONE at the ends */
    uint8_t queued;             /* enum pending_kind: which list, or EMPTY */
    bool in_flight;
};

struct pending {
    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t ready; /* CLOCK_MONOTONIC: something was queued */
    struct pending_config cfg;
    struct pending_slot *slots;
    uint32_t capacity;            /* host ids are below it */
    struct pending_list lists[3]; /* by kind: [PENDING_RENEWAL], [PENDING_CHANGE] */
    double tokens;
    uint64_t tokens_ns; /* when tokens was last topped up */
    uint32_t failures;  /* failed submissions in a row (backoff) */
    uint64_t retry_ns;  /* no take before this */
    uint32_t in_flight;
    uint64_t in_flight_change_ns; /* oldest queued_ns of a change in flight */
    uint32_t generation;          /* bumped by each remap */
    uint32_t *prev_map;           /* the last remap's old id -> new id */
    uint32_t prev_map_len;
    uint64_t submitted, failed, merged, stale;
    bool woken; /* pending_wake: the waiter returns */
};

/* What became of a taken result. */
enum pending_outcome {
    PENDING_SUBMITTED, /* the core took it */
    PENDING_RETRY,     /* the core could not take it now: queue it again, back off */
    PENDING_REFUSED,   /* the core refused it for good (no such object): drop it */
};

/* What the heartbeat shows. */
struct pending_counters {
    uint32_t changes, renewals, in_flight, failures_in_row;
    uint64_t submitted, failed, merged, stale;
    uint64_t oldest_change_age_ns; /* 0 when no change is unsent */
};

int pending_init(struct pending *p, uint32_t capacity, const struct pending_config *cfg,
                 uint64_t now_ns);
void pending_destroy(struct pending *p);

/* Producer side. */
void pending_put(struct pending *p, const struct pending_result *r, uint64_t now_ns);
/* A renewal of id may be put now.  When it may not only because it is not
 * yet due, *ask_again_ns (if not NULL) is set to when it will be (asking
 * before then is sure to say no, whatever is put or done meanwhile: the
 * due time only moves later, until a pending_seed); else to 0. */
bool pending_renewal_wanted(struct pending *p, uint32_t id, uint64_t now_ns,
                            uint64_t *ask_again_ns);
/* The core's own time of the host's last result, read at start. */
void pending_seed(struct pending *p, uint32_t id, uint64_t last_submitted_ns);
/* A reload: new_id[old] (for every old id below the capacity) is the old
 * id's new id, or PENDING_NONE (gone); one to one (schedule_remap checks
 * the same map first).  A result taken before it and reported after it is
 * carried over (one remap back; older ones are dropped and counted stale).
 * 0, or -1 (no memory: nothing changed). */
int pending_remap(struct pending *p, const uint32_t *new_id, uint32_t new_capacity);

/* Consumer side.  pending_take copies up to max results into out and
 * returns how many; 0 when none may go now (nothing queued, no token, or a
 * backoff).  pending_wait sleeps until one may, or until deadline_ns. */
uint32_t pending_take(struct pending *p, uint64_t now_ns, struct pending_result *out, uint32_t max);
void pending_wait(struct pending *p, uint64_t deadline_ns);
/* Make pending_wait return now (a signal, shutdown). */
void pending_wake(struct pending *p);
/* Each taken result, once, with its fate.  A success resets the backoff
 * and is the host's last submitted result (renewals count from it); so is
 * a refusal (the host is tried again at its next change or renewal, not
 * at every probe). */
void pending_done(struct pending *p, const struct pending_result *r, enum pending_outcome outcome,
                  uint64_t now_ns);

/* Something else reached the core (the daemon's heartbeat): it is back,
 * so the backoff ends now and what waits goes at once. */
void pending_target_back(struct pending *p);

void pending_counters(struct pending *p, uint64_t now_ns, struct pending_counters *out);

/* The pure policies, exposed for tests. */
uint64_t pending_backoff_ns(const struct pending_backoff *b, uint32_t failures);
uint64_t pending_renewal_due_ns(uint64_t last_submitted_ns, uint64_t skip_unchanged_ns,
                                uint32_t id);

#endif
