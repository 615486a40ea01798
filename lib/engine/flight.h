/*
 * flight.h - every echo request of a run and what became of it.
 *
 * One 32-bit slot per (host, packet), indexed host * packets + packet:
 *     0                     not sent (yet)
 *     1 .. FLIGHT_MAX_SENT  in flight, sent at (value - 1) us after the start
 *     FLIGHT_ANSWERED       a valid reply came within the packet timeout
 *     FLIGHT_LOST           the packet timeout passed first
 *     FLIGHT_ERROR          an ICMP error or a send error answered it
 * A slot leaves "in flight" exactly once, by compare-and-swap: whichever of
 * the receiver (reply, error), the sender (send error) or the sweeper in the
 * main thread (timeout) wins decides the packet's fate, and the loser sees
 * the swap fail.  That single transition is what makes duplicates, late
 * replies and racing errors harmless.
 *
 * The sent log lists slots in the order they were sent, with their send
 * times, so that the sweeper finds expired packets by walking forward from
 * a cursor instead of scanning every slot: send times only grow.  Only the
 * sender writes it; it publishes each entry with a release store of
 * log_count, and the sweeper reads log_count with acquire.
 *
 * `outstanding` counts outcomes not yet known (slots in flight or not sent,
 * of hosts that may still be pinged).  Whoever brings it to zero signals
 * `done` under `lock`; the main thread waits on that.  The lock guards only
 * `done` and is never held across anything but the signal.
 *
 * Times are microseconds since the run's start (CLOCK_MONOTONIC), in 32 bits:
 * the plugin's -t is capped well below the 71 minutes that allows.
 */
#ifndef MULTIPING_FLIGHT_H
#define MULTIPING_FLIGHT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define FLIGHT_ANSWERED UINT32_MAX
#define FLIGHT_LOST (UINT32_MAX - 1)
#define FLIGHT_ERROR (UINT32_MAX - 2)
#define FLIGHT_MAX_SENT (UINT32_MAX - 3)

struct flight_entry {
    uint32_t slot;
    uint32_t sent_us;
};

struct flight {
    _Atomic uint32_t *slots;
    struct flight_entry *log; /* written by the sender only */
    _Atomic uint64_t log_count;
    uint64_t slot_count;
    _Atomic int64_t outstanding;
    uint64_t start_ns; /* CLOCK_MONOTONIC at the start of the run */
    uint32_t timeout_us;
    uint16_t packets;
    pthread_mutex_t lock; /* guards done only */
    pthread_cond_t done_cond;
    bool done;
};

int flight_init(struct flight *f, uint32_t hosts, uint16_t packets, uint32_t timeout_ms,
                uint64_t start_ns);
void flight_free(struct flight *f);

static inline uint32_t flight_slot(const struct flight *f, uint32_t host, uint16_t packet)
{
    return host * (uint32_t)f->packets + packet;
}

/*
 * Is the slot in flight?  An acquire load: when true, everything the sender
 * wrote before sending it (the host's address, for one) is visible.
 */
static inline bool flight_in_flight(struct flight *f, uint32_t slot)
{
    uint32_t v = atomic_load_explicit(&f->slots[slot], memory_order_acquire);
    return v != 0 && v <= FLIGHT_MAX_SENT;
}

/* Microseconds since start for a CLOCK_MONOTONIC time in ns (saturating). */
uint32_t flight_us(const struct flight *f, uint64_t mono_ns);

/* Sender: the packet is about to be sent at sent_us; it is in flight. */
void flight_sent(struct flight *f, uint32_t slot, uint32_t sent_us);
/*
 * Receiver: a valid reply arrived at rx_us.  Counts it (and returns true
 * with the round-trip time in *rtt_us) only if the slot is in flight and
 * the reply is within the packet timeout; a duplicate, a reply to a packet
 * never sent, or a late one returns false.
 */
bool flight_answer(struct flight *f, uint32_t slot, uint32_t rx_us, uint32_t *rtt_us);
/* An ICMP error or send error for this slot; true if it decided the slot. */
bool flight_fail(struct flight *f, uint32_t slot);
/* n outcomes became known without a packet (host unresolved, or skipped
 * after an error). */
void flight_settle(struct flight *f, int64_t n);
/* n more outcomes to wait for: a host added while the run goes (-A). */
void flight_expect(struct flight *f, int64_t n);
/*
 * Sweeper: mark every logged packet whose timeout passed by now_us as lost.
 * *cursor is the sweeper's position in the log.  Returns the time (us) at
 * which the next logged packet expires, or UINT64_MAX if none is pending.
 */
uint64_t flight_expire(struct flight *f, uint64_t *cursor, uint32_t now_us);
/* Main: wait until every outcome is known or until_ns; true when done. */
bool flight_wait(struct flight *f, uint64_t until_ns);

#endif
