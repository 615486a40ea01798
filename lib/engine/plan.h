/*
 * plan.h - the one-shot run's probe source: every host -n times,
 * --interval apart, then stop.
 *
 * Hosts enter from the ready queue (first packet) and wait in a FIFO for
 * their next one (--interval after the previous); since the interval is
 * the same for all, that FIFO stays sorted by due time, so choosing the
 * next packet is O(1).  Packets due again go before new hosts, so that
 * per-host spacing holds while a large list is still being walked.
 *
 * Owned by the sender thread (the only caller of a source); it writes the
 * flight table (atomics) and each host's `sent`, and on a send error the
 * host's error fields (see hostset.h).
 */
#ifndef MULTIPING_PLAN_H
#define MULTIPING_PLAN_H

#include "run_context.h"
#include "source.h"

#include <stdint.h>

struct plan_due {
    uint32_t host;
    uint32_t due_us;
};

#define PLAN_BATCH 64

struct plan {
    struct probe_source source; /* first: the sender holds &plan.source */
    const struct run_context *shared;
    struct readyq *queue;
    uint16_t packets;
    uint32_t interval_us;
    struct plan_due *fifo; /* ring, capacity = hosts */
    uint32_t fifo_head;
    uint32_t fifo_count;
    uint32_t hosts_left;    /* hosts not yet done sending */
    uint32_t initial_count; /* hosts in the table at start; later ones came by -A */
    uint32_t capacity;      /* the table's capacity, fixed for the run (fifo size) */
    uint32_t sent_us;       /* when the last packet went: the next one's interval counts from it */
    uint32_t batch[PLAN_BATCH];
    int batch_len, batch_at;
};

int plan_init(struct plan *p, const struct run_context *shared, struct readyq *queue,
              const struct run_config *cfg);
void plan_free(struct plan *p);

#endif
