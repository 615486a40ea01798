/*
 * prober.h - the thread that owns every host's liveness under --watch: it
 * is the engine's probe source (source.h), so the sender thread runs it.
 *
 * Between two sends it drains the receivers' fate rings, runs the
 * liveness state machines' timers, puts each change (and each renewal
 * that is due) into the pending queue, and applies a reload; then it pops
 * the next host from the schedule and hands it to the sender.  One thread
 * owns the schedule, the liveness array, the per-host send times and the
 * per-object last states: none of them has a lock, and a reload swaps
 * them between two sends.  Making the sender that thread keeps the "sent"
 * event (which settles the previous probe) in order with the probe itself;
 * the receivers only copy facts into rings (fate_ring.h).
 *
 * Shared with other threads:
 *   - `stop`, and the counters in `stats` (atomics: the heartbeat reads them);
 *   - the reload mailbox (`lock` guards `incoming`, `swapped`, `retired`;
 *     `cond` signals a finished swap); the prober takes the lock once per
 *     loop to look, never across a blocking call;
 *   - the generation registry (daemon.h) it updates at a swap, under that
 *     registry's own lock;
 *   - `pending` (its own lock).
 */
#ifndef MULTIPING_PROBER_H
#define MULTIPING_PROBER_H

#include "engine/fate_ring.h"
#include "engine/source.h"
#include "generation.h"
#include "verdict/verdict.h"
#include "watch/liveness.h"
#include "watch/pending.h"
#include "watch/schedule.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct prober_config {
    struct liveness_config live;
    uint64_t interval_ns;
    bool service;                         /* --submit-service: OK/WARNING/CRITICAL by the limits */
    const struct verdict_config *verdict; /* --host-warning / --host-critical */
};

/* Per generation: what the prober keeps for each host and object.  Main
 * allocates it for a new generation (prober_tables_alloc); the prober
 * fills it at the swap (carrying kept hosts' state over) and hands the old
 * one back. */
struct prober_tables {
    struct liveness_host *live; /* per host */
    uint64_t *sent_ns;          /* per host: when its newest probe left (0: none) */
    struct ipaddr *error_from;  /* per host: who sent its remembered ICMP error */
    bool *route_refused;        /* per host: its last request failed at the route lookup */
    int8_t *last_state;         /* per object: the state last put, -1 none */
    uint64_t *renew_ask_ns;     /* per object: pending said no renewal before this (0: ask) */
    /* per host, copies of live[h]'s detection timer and state kept after
     * each of its events, so that the tick scans 9 bytes a host, not its
     * whole liveness (100,000 hosts ten times a second) */
    uint64_t *deadline_ns;
    uint8_t *state;
    /* no host's timer runs out before this (a bound kept by each event,
     * made exact by each scan): the tick scans only when one may have run
     * out, not ten times a second while every host answers */
    uint64_t min_deadline_ns;
    uint32_t hosts, objects;
};

int prober_tables_alloc(struct prober_tables *t, const struct generation *g);
void prober_tables_free(struct prober_tables *t);

/* What the heartbeat reads (atomics, written by the prober). */
struct prober_stats {
    _Atomic uint32_t hosts, up, down, unknown;
    _Atomic uint64_t probes;     /* sent, ever */
    _Atomic uint64_t late;       /* sends more than an interval late (schedule.h) */
    _Atomic uint64_t foreign;    /* ring events of no current host, or failing a check */
    _Atomic uint32_t generation; /* the generation being probed */
};

/* A reload handed to the prober (main -> prober). */
struct prober_reload {
    const struct generation *gen;
    struct prober_tables tables;
    uint32_t *host_map;               /* old host -> new, GENERATION_NONE gone */
    uint32_t *object_map;             /* old object -> new */
    const struct generation *retired; /* given back: no thread can reach it any more */
    uint32_t core_differs; /* set by the prober: kept objects whose state in the core (read by
                              this reload) differs from the one last put, so put again */
};

struct generation_registry; /* daemon.h */

struct prober {
    struct probe_source source; /* first: the engine holds &prober.source */
    struct prober_config cfg;
    struct fate_cookies cookies;
    struct fate_ring rings[2]; /* [0] AF_INET, [1] AF_INET6 */
    struct schedule schedule;
    struct pending *pending;
    struct generation_registry *registry;
    const struct generation *gen;
    struct prober_tables t;
    uint64_t next_tick_ns;
    uint64_t next_unresolved_ns; /* when the unresolved objects are looked at next */
    uint64_t next_count_ns;      /* when the tick counts the states for the heartbeat next */
    _Atomic bool stop;
    struct prober_stats stats;
    pthread_mutex_t lock; /* guards incoming, swapped, failed_swap */
    pthread_cond_t cond;  /* CLOCK_MONOTONIC: a swap finished */
    struct prober_reload *incoming;
    bool swapped;
    bool failed_swap;
};

/* Set up for the first generation: every host scheduled from now, every
 * object's last state unknown (-1; the daemon then writes the core's hard
 * states into t.last_state before the engine starts, so that only what
 * differs is submitted).  0, or -1. */
int prober_init(struct prober *p, const struct prober_config *cfg, const struct generation *gen,
                struct pending *pending, struct generation_registry *registry, uint64_t now_ns);
void prober_free(struct prober *p);

/* Main: hand a reload over and wait (at most until deadline_ns) for the
 * swap.  On return r holds what the prober gave back (the old tables, to
 * free) when true; false: not swapped (r still holds the new ones). */
bool prober_reload(struct prober *p, struct prober_reload *r, uint64_t deadline_ns);

/* Any thread: make the source's next() return false (the run ends). */
void prober_stop(struct prober *p);

#endif
