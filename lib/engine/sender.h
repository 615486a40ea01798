/*
 * sender.h - the one thread that sends echo requests.
 *
 * It owns the schedule: which host gets its next packet when.  Hosts enter
 * from the ready queue (first packet) and wait in a FIFO for their next one
 * (--interval after the previous); since the interval is the same for all,
 * that FIFO stays sorted by due time, so choosing the next packet is O(1).
 * Packets due again go before new hosts, so that per-host spacing holds
 * while a large list is still being walked.
 *
 * Pacing is a leaky bucket (GCRA) at --rate packets per second with a
 * burst of about one millisecond's worth: the thread sleeps at most ~1000
 * times a second however high the rate, and never spins.
 */
#ifndef MULTIPING_SENDER_H
#define MULTIPING_SENDER_H

#include "run_context.h"

#include <pthread.h>
#include <stdint.h>

struct sender_due {
    uint32_t host;
    uint32_t due_us;
};

/* Everything here is owned by the sender thread once it runs. */
struct sender {
    const struct run_context *shared;
    struct readyq *queue;
    uint16_t packets;
    uint32_t interval_us;
    uint64_t period_ns;      /* 1e9 / rate; 0 = unlimited */
    uint64_t tolerance_ns;   /* burst allowance */
    uint64_t virtual_ns;     /* GCRA theoretical arrival time */
    struct sender_due *fifo; /* ring, capacity = hosts */
    uint32_t fifo_head;
    uint32_t fifo_count;
    uint32_t hosts_left;    /* hosts not yet done sending */
    uint32_t initial_count; /* hosts in the table at start; later ones came by -A */
    uint32_t capacity;      /* the table's capacity, fixed for the run (fifo size) */
    uint32_t sent_us;       /* when the last packet went: the next one's interval counts from it */
    uint8_t *packet;        /* one request, rebuilt for each send (--size decides its length) */
    size_t packet_len;
};

int sender_init(struct sender *s, const struct run_context *shared, struct readyq *queue,
                const struct run_config *cfg);
void sender_free(struct sender *s);
/* pthread entry point; arg is a struct sender. */
void *sender_main(void *arg);

#endif
