/*
 * schedule.c - the even send schedule of continuous mode (see schedule.h).
 */
#include "schedule.h"

#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A slot's bits reversed: slots ordered by this are ordered by phase. */
static uint32_t reversed(uint32_t r)
{
    r = ((r >> 1) & 0x55555555u) | ((r & 0x55555555u) << 1);
    r = ((r >> 2) & 0x33333333u) | ((r & 0x33333333u) << 2);
    r = ((r >> 4) & 0x0f0f0f0fu) | ((r & 0x0f0f0f0fu) << 4);
    r = ((r >> 8) & 0x00ff00ffu) | ((r & 0x00ff00ffu) << 8);
    return (r >> 16) | (r << 16);
}

uint64_t schedule_phase_ns(uint64_t interval_ns, uint32_t slot)
{
    uint32_t r = reversed(slot);
    return (uint64_t)(((unsigned __int128)interval_ns * r) >> 32);
}

static bool before(const struct schedule_entry *a, const struct schedule_entry *b)
{
    return a->due_ns < b->due_ns || (a->due_ns == b->due_ns && a->slot < b->slot);
}

static void place(struct schedule *s, uint32_t i, struct schedule_entry e)
{
    s->heap[i] = e;
    s->pos[e.id] = i;
}

/* The due-time heap has four children a node (children of i: 4i+1 ..
 * 4i+4, 64 bytes of entries side by side): a popped host goes back due an
 * interval later, after every other, so each pop sinks it to a leaf, and
 * four children halve the levels, each a move and a pos[] write, of a
 * binary heap (17 to 9 at 100,000 hosts). */
#define HEAP_D 4u

static void sift_up(struct schedule *s, uint32_t i)
{
    struct schedule_entry e = s->heap[i];
    while (i > 0 && before(&e, &s->heap[(i - 1) / HEAP_D])) {
        place(s, i, s->heap[(i - 1) / HEAP_D]);
        i = (i - 1) / HEAP_D;
    }
    place(s, i, e);
}

static void sift_down(struct schedule *s, uint32_t i)
{
    struct schedule_entry e = s->heap[i];
    for (;;) {
        uint32_t first = HEAP_D * i + 1, c = first;
        if (first >= s->count)
            break;
        uint32_t end = s->count - first < HEAP_D ? s->count : first + HEAP_D;
        for (uint32_t k = first + 1; k < end; k++)
            if (before(&s->heap[k], &s->heap[c]))
                c = k;
        if (!before(&s->heap[c], &e))
            break;
        place(s, i, s->heap[c]);
        i = c;
    }
    place(s, i, e);
}

/* The free slots: a min-heap of plain numbers, so the lowest is reused. */
static void free_push(struct schedule *s, uint32_t slot)
{
    uint32_t i = s->free_count++;
    while (i > 0 && slot < s->free_slots[(i - 1) / 2]) {
        s->free_slots[i] = s->free_slots[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    s->free_slots[i] = slot;
}

static uint32_t free_pop(struct schedule *s)
{
    uint32_t top = s->free_slots[0];
    uint32_t last = s->free_slots[--s->free_count];
    uint32_t i = 0;
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= s->free_count)
            break;
        if (c + 1 < s->free_count && s->free_slots[c + 1] < s->free_slots[c])
            c++;
        if (s->free_slots[c] >= last)
            break;
        s->free_slots[i] = s->free_slots[c];
        i = c;
    }
    if (s->free_count)
        s->free_slots[i] = last;
    return top;
}

static int grow(struct schedule *s, uint32_t capacity)
{
    uint32_t *pos = realloc(s->pos, (capacity ? capacity : 1) * sizeof(*pos));
    if (!pos)
        return -1;
    s->pos = pos;
    if (capacity <= s->alloc)
        return 0;
    struct schedule_entry *heap = realloc(s->heap, capacity * sizeof(*heap));
    if (heap)
        s->heap = heap;
    uint32_t *slots = heap ? realloc(s->free_slots, capacity * sizeof(*slots)) : NULL;
    if (!slots)
        return -1;
    s->free_slots = slots;
    s->alloc = capacity;
    return 0;
}

int schedule_init(struct schedule *s, uint32_t capacity, uint64_t interval_ns, uint64_t epoch_ns)
{
    memset(s, 0, sizeof(*s));
    s->interval_ns = interval_ns ? interval_ns : 1;
    s->epoch_ns = epoch_ns;
    if (grow(s, capacity) < 0) {
        schedule_free(s);
        return -1;
    }
    s->capacity = capacity;
    memset(s->pos, 0xff, (capacity ? capacity : 1) * sizeof(*s->pos));
    return 0;
}

void schedule_free(struct schedule *s)
{
    free(s->heap);
    free(s->pos);
    free(s->free_slots);
    memset(s, 0, sizeof(*s));
}

/* The first time at or after now that is epoch + phase + k * interval. */
static uint64_t next_at_or_after(const struct schedule *s, uint32_t slot, uint64_t now_ns)
{
    uint64_t first = s->epoch_ns + schedule_phase_ns(s->interval_ns, slot);
    if (now_ns <= first)
        return first;
    uint64_t k = (now_ns - first + s->interval_ns - 1) / s->interval_ns;
    return first + k * s->interval_ns;
}

int schedule_add(struct schedule *s, uint32_t id, uint64_t now_ns)
{
    if (id >= s->capacity || s->pos[id] != SCHEDULE_NONE || s->count >= s->alloc)
        return -1;
    uint32_t slot = s->free_count ? free_pop(s) : s->next_slot++;
    struct schedule_entry e = {.due_ns = next_at_or_after(s, slot, now_ns), .id = id, .slot = slot};
    s->count++;
    place(s, s->count - 1, e);
    sift_up(s, s->count - 1);
    return 0;
}

static int by_phase(const void *a, const void *b)
{
    uint32_t x = reversed(*(const uint32_t *)a), y = reversed(*(const uint32_t *)b);
    return (x > y) - (x < y);
}

/* Every id in range, not scheduled, and given once (pos[] is borrowed to
 * mark them, and given back). */
static bool ids_valid(struct schedule *s, const uint32_t *ids, uint32_t n)
{
    uint32_t i = 0;
    for (; i < n; i++) {
        if (ids[i] >= s->capacity || s->pos[ids[i]] != SCHEDULE_NONE)
            break;
        s->pos[ids[i]] = 0;
    }
    for (uint32_t k = 0; k < i; k++)
        s->pos[ids[k]] = SCHEDULE_NONE;
    return i == n;
}

int schedule_add_ordered(struct schedule *s, const uint32_t *ids, uint32_t n, uint64_t now_ns)
{
    if (!ids_valid(s, ids, n) || s->count + (uint64_t)n > s->alloc)
        return -1;
    uint32_t holes = s->free_count < n ? s->free_count : n;
    uint32_t fresh = n - holes;
    uint32_t *slots = malloc((fresh ? fresh : 1) * sizeof(*slots));
    if (!slots)
        return -1;
    for (uint32_t i = 0; i < holes; i++)
        (void)schedule_add(s, ids[i], now_ns);
    for (uint32_t i = 0; i < fresh; i++)
        slots[i] = s->next_slot++;
    qsort(slots, fresh, sizeof(*slots), by_phase);
    for (uint32_t i = 0; i < fresh; i++) {
        struct schedule_entry e = {.due_ns = next_at_or_after(s, slots[i], now_ns),
                                   .id = ids[holes + i],
                                   .slot = slots[i]};
        s->count++;
        place(s, s->count - 1, e);
        sift_up(s, s->count - 1);
    }
    free(slots);
    return 0;
}

/* Take heap entry i out, keeping the heap a heap. */
static void take_out(struct schedule *s, uint32_t i)
{
    s->pos[s->heap[i].id] = SCHEDULE_NONE;
    free_push(s, s->heap[i].slot);
    s->count--;
    if (i == s->count)
        return;
    uint32_t moved = s->heap[s->count].id;
    place(s, i, s->heap[s->count]);
    sift_down(s, i);
    sift_up(s, s->pos[moved]);
}

int schedule_remove(struct schedule *s, uint32_t id)
{
    if (id >= s->capacity || s->pos[id] == SCHEDULE_NONE)
        return -1;
    take_out(s, s->pos[id]);
    return 0;
}

/* Every kept host's new id is in range and unique. */
static bool remap_valid(const struct schedule *s, const uint32_t *new_id, uint32_t new_capacity,
                        uint8_t *seen)
{
    for (uint32_t i = 0; i < s->count; i++) {
        uint32_t n = new_id[s->heap[i].id];
        if (n == SCHEDULE_NONE)
            continue;
        if (n >= new_capacity || seen[n])
            return false;
        seen[n] = 1;
    }
    return true;
}

int schedule_remap(struct schedule *s, const uint32_t *new_id, uint32_t new_capacity)
{
    uint8_t *seen = calloc(new_capacity ? new_capacity : 1, 1);
    if (!seen)
        return -1;
    bool valid = remap_valid(s, new_id, new_capacity, seen);
    free(seen);
    if (!valid || grow(s, new_capacity > s->capacity ? new_capacity : s->capacity) < 0)
        return -1;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < s->count; i++) {
        struct schedule_entry e = s->heap[i];
        e.id = new_id[e.id];
        if (e.id == SCHEDULE_NONE)
            free_push(s, e.slot);
        else
            s->heap[kept++] = e;
    }
    s->count = kept;
    s->capacity = new_capacity;
    memset(s->pos, 0xff, (new_capacity ? new_capacity : 1) * sizeof(*s->pos));
    for (uint32_t i = 0; i < kept; i++)
        s->pos[s->heap[i].id] = i;
    /* heapify from the last node with a child, (kept - 2) / HEAP_D; none
     * when fewer than two are kept (heap[0] may then be a stale entry) */
    for (uint32_t i = kept > 1 ? (kept - 2) / HEAP_D + 1 : 0; i-- > 0;)
        sift_down(s, i);
    return 0;
}

bool schedule_pop(struct schedule *s, uint64_t now_ns, struct schedule_send *out)
{
    if (s->count == 0 || s->heap[0].due_ns > now_ns)
        return false;
    struct schedule_entry *top = &s->heap[0];
    out->id = top->id;
    out->due_ns = top->due_ns;
    out->late_ns = now_ns - top->due_ns;
    top->due_ns += s->interval_ns;
    if (out->late_ns > s->interval_ns) {
        uint64_t next = next_at_or_after(s, top->slot, now_ns + 1);
        s->late++;
        s->skipped += (next - top->due_ns) / s->interval_ns;
        top->due_ns = next;
    }
    sift_down(s, 0);
    return true;
}

/* x rounded up to a whole number: what would fit, never what would not. */
static unsigned long long round_up(double x)
{
    unsigned long long u = (unsigned long long)x;
    return (double)u < x ? u + 1 : u;
}

bool schedule_capacity_check(uint64_t hosts, uint64_t interval_ns, uint32_t rate_per_s, char *msg,
                             size_t msglen)
{
    double interval_s = (double)interval_ns / (double)CLOCK_NS_PER_S;
    double need = interval_s > 0 ? (double)hosts / interval_s : (double)hosts;
    double usable = (double)rate_per_s * SCHEDULE_RATE_MARGIN;
    if (need <= usable) {
        snprintf(msg, msglen, "%llu hosts every %.3g s need %.0f sends/s of %u (%.0f%%)",
                 (unsigned long long)hosts, interval_s, need, rate_per_s,
                 rate_per_s ? 100.0 * need / rate_per_s : 0.0);
        return true;
    }
    snprintf(msg, msglen,
             "%llu hosts every %.3g s need %.0f sends/s, more than %.0f%% of --rate %u: raise "
             "--rate to %llu, or the interval to %llu s, or watch at most %llu hosts",
             (unsigned long long)hosts, interval_s, need, 100.0 * SCHEDULE_RATE_MARGIN, rate_per_s,
             round_up(need / SCHEDULE_RATE_MARGIN),
             usable > 0 ? round_up((double)hosts / usable) : 0ull,
             (unsigned long long)(usable * interval_s));
    return false;
}
