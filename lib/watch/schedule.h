/*
 * schedule.h - when each host's next probe goes out in continuous mode:
 * every host once per interval, the sends spread evenly over the interval.
 *
 * Each host holds a slot number, and slot k's phase in the interval is the
 * van der Corput fraction of k (its bits reversed after the binary point:
 * 0, 1/2, 1/4, 3/4, 1/8, ...).  The phases of slots 0..n-1 split the
 * interval into gaps of one or two 2^-ceil(log2 n) of it, evenly mixed, so
 * the sends never come in bursts; and a slot's phase does not depend on n,
 * so hosts added or removed at a reload never move anyone else's phase.  A
 * new host takes the lowest free slot (the holes left by removed hosts
 * first), so the spread stays even while the list churns.
 *
 * The next send is the top of a 4-ary min-heap of due times (libuv's
 * timers are a binary one): O(log n) per send, O(1) to know when to wake.  A host popped
 * more than one interval after it was due is counted as late (overload:
 * the sender cannot hold the interval) and rescheduled to its next phase
 * after now, so a sender that fell behind never sends a catch-up burst;
 * the heap serves the most overdue host first, so none is starved.
 *
 * The limit that shaped it: 100,000 hosts at 5 s is 20,000 sends a second,
 * one every 50 us; a scan of every host per send, or phases re-spread at
 * each reload, would not do.  Slots and ids are 32 bits.  Not thread-safe:
 * the sending thread owns it; a reload is applied between sends.
 */
#ifndef MULTIPING_SCHEDULE_H
#define MULTIPING_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCHEDULE_NONE UINT32_MAX
/* hosts / interval may use this share of --rate (the rest absorbs pacing
 * jitter and the receivers' share of the cores). */
#define SCHEDULE_RATE_MARGIN 0.9

struct schedule_entry {
    uint64_t due_ns;
    uint32_t id;   /* the caller's host id, 0 .. capacity-1 */
    uint32_t slot; /* its phase: schedule_phase_ns(interval, slot) */
};

struct schedule {
    uint64_t interval_ns;
    uint64_t epoch_ns;           /* a slot's sends are at epoch + phase + k * interval */
    struct schedule_entry *heap; /* min-heap by due_ns, then slot */
    uint32_t count;              /* hosts scheduled */
    uint32_t *pos;               /* id -> heap index, SCHEDULE_NONE: not scheduled */
    uint32_t capacity;           /* ids are below it */
    uint32_t alloc;              /* entries of heap, free_slots (the largest capacity yet) */
    uint32_t *free_slots;        /* min-heap of slots given back */
    uint32_t free_count;
    uint32_t next_slot; /* slots 0 .. next_slot-1 were handed out */
    uint64_t late;      /* sends popped more than one interval late */
    uint64_t skipped;   /* intervals that late hosts lost */
};

/* What schedule_pop hands the sender. */
struct schedule_send {
    uint32_t id;
    uint64_t due_ns;
    uint64_t late_ns; /* now - due */
};

/* ids 0 .. capacity-1; the phases start at epoch_ns.  0, or -1 (no memory). */
int schedule_init(struct schedule *s, uint32_t capacity, uint64_t interval_ns, uint64_t epoch_ns);
void schedule_free(struct schedule *s);

/* Schedule host id (not yet scheduled): its first send is its phase's next
 * time at or after now.  0, or -1 when id is out of range or scheduled. */
int schedule_add(struct schedule *s, uint32_t id, uint64_t now_ns);
/*
 * Schedule n hosts at once (none yet scheduled, each once): the first take
 * the free slots as schedule_add would, and the others new slots in the
 * order of ids, so that within an interval they are sent in that order.
 * In the order of the caller's tables (ascending ids), each send then
 * reads the entries next to the last one's, not one at random among
 * 100,000 (each a cache miss).  0, or -1 (no memory, or an id out of
 * range, scheduled or given twice: nothing changed then).
 */
int schedule_add_ordered(struct schedule *s, const uint32_t *ids, uint32_t n, uint64_t now_ns);
/* Stop sending to id; its slot is given back.  0, or -1 if not scheduled. */
int schedule_remove(struct schedule *s, uint32_t id);

/*
 * A reload: the new host table numbers hosts differently.  new_id[old] is
 * the old id's new id, or SCHEDULE_NONE for a host that is gone (removed
 * as by schedule_remove); hosts kept keep their slot and due time.  New
 * hosts are then added with schedule_add.  0, or -1 (no memory, or a new
 * id out of range or used twice: nothing changed then).
 */
int schedule_remap(struct schedule *s, const uint32_t *new_id, uint32_t new_capacity);

/* When the next send is due (UINT64_MAX when no host is scheduled). */
static inline uint64_t schedule_next_ns(const struct schedule *s)
{
    return s->count ? s->heap[0].due_ns : UINT64_MAX;
}

/* Pop the next host due at or before now, and schedule its next send one
 * interval on (or, when more than an interval late, at its next phase after
 * now, counted in late/skipped).  false when none is due yet. */
bool schedule_pop(struct schedule *s, uint64_t now_ns, struct schedule_send *out);

/* Slot k's offset in the interval: interval * (k's bits reversed) / 2^32. */
uint64_t schedule_phase_ns(uint64_t interval_ns, uint32_t slot);

/*
 * Can `rate_per_s` sends a second hold `hosts` hosts every interval?  True
 * when hosts / interval <= rate * SCHEDULE_RATE_MARGIN; false with a
 * message saying by how much not, and what would fit.
 */
bool schedule_capacity_check(uint64_t hosts, uint64_t interval_ns, uint32_t rate_per_s, char *msg,
                             size_t msglen);

#endif
