/*
 * flight.c - per-packet fate, decided once (see flight.h).
 */
#include "flight.h"

#include "clock.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int flight_init(struct flight *f, uint32_t hosts, uint16_t packets, uint32_t timeout_ms,
                uint64_t start_ns)
{
    memset(f, 0, sizeof(*f));
    f->slot_count = (uint64_t)hosts * packets;
    size_t n = f->slot_count ? (size_t)f->slot_count : 1;
    f->slots = calloc(n, sizeof(*f->slots));
    f->log = malloc(n * sizeof(*f->log));
    if (!f->slots || !f->log) {
        free(f->slots);
        free(f->log);
        return -1;
    }
    atomic_init(&f->outstanding, (int64_t)f->slot_count);
    atomic_init(&f->log_count, 0);
    f->packets = packets;
    f->timeout_us = timeout_ms * 1000u;
    f->start_ns = start_ns;
    f->done = f->slot_count == 0;
    if (clock_cond_init(&f->done_cond) != 0) {
        free(f->slots);
        free(f->log);
        return -1;
    }
    pthread_mutex_init(&f->lock, NULL);
    return 0;
}

void flight_free(struct flight *f)
{
    pthread_cond_destroy(&f->done_cond);
    pthread_mutex_destroy(&f->lock);
    free(f->slots);
    free(f->log);
    f->slots = NULL;
    f->log = NULL;
}

uint32_t flight_us(const struct flight *f, uint64_t mono_ns)
{
    if (mono_ns <= f->start_ns)
        return 0;
    uint64_t us = (mono_ns - f->start_ns) / 1000u;
    return us >= FLIGHT_MAX_SENT ? FLIGHT_MAX_SENT - 1 : (uint32_t)us;
}

void flight_settle(struct flight *f, int64_t n)
{
    if (n <= 0)
        return;
    if (atomic_fetch_sub(&f->outstanding, n) == n) {
        pthread_mutex_lock(&f->lock);
        f->done = true;
        pthread_cond_broadcast(&f->done_cond);
        pthread_mutex_unlock(&f->lock);
    }
}

void flight_expect(struct flight *f, int64_t n)
{
    atomic_fetch_add(&f->outstanding, n);
}

void flight_sent(struct flight *f, uint32_t slot, uint32_t sent_us)
{
    atomic_store_explicit(&f->slots[slot], sent_us + 1, memory_order_release);
    uint64_t at = atomic_load_explicit(&f->log_count, memory_order_relaxed);
    f->log[at].slot = slot;
    f->log[at].sent_us = sent_us;
    atomic_store_explicit(&f->log_count, at + 1, memory_order_release);
}

static bool in_flight(uint32_t v)
{
    return v != 0 && v <= FLIGHT_MAX_SENT;
}

bool flight_answer(struct flight *f, uint32_t slot, uint32_t rx_us, uint32_t *rtt_us)
{
    uint32_t v = atomic_load_explicit(&f->slots[slot], memory_order_acquire);
    if (!in_flight(v))
        return false;
    uint32_t sent = v - 1;
    uint32_t rtt = rx_us > sent ? rx_us - sent : 0;
    if (rtt > f->timeout_us)
        return false; /* late: the sweeper will call it lost */
    if (!atomic_compare_exchange_strong(&f->slots[slot], &v, FLIGHT_ANSWERED))
        return false;
    *rtt_us = rtt;
    flight_settle(f, 1);
    return true;
}

bool flight_fail(struct flight *f, uint32_t slot)
{
    uint32_t v = atomic_load_explicit(&f->slots[slot], memory_order_acquire);
    if (!in_flight(v) || !atomic_compare_exchange_strong(&f->slots[slot], &v, FLIGHT_ERROR))
        return false;
    flight_settle(f, 1);
    return true;
}

uint64_t flight_expire(struct flight *f, uint64_t *cursor, uint32_t now_us)
{
    uint64_t count = atomic_load_explicit(&f->log_count, memory_order_acquire);
    int64_t expired = 0;
    for (; *cursor < count; (*cursor)++) {
        const struct flight_entry *e = &f->log[*cursor];
        uint64_t expiry = (uint64_t)e->sent_us + f->timeout_us;
        if (expiry > now_us) {
            flight_settle(f, expired);
            return expiry;
        }
        uint32_t v = e->sent_us + 1;
        if (atomic_compare_exchange_strong(&f->slots[e->slot], &v, FLIGHT_LOST))
            expired++;
    }
    flight_settle(f, expired);
    return UINT64_MAX;
}

bool flight_wait(struct flight *f, uint64_t until_ns)
{
    struct timespec until = {.tv_sec = (time_t)(until_ns / 1000000000u),
                             .tv_nsec = (long)(until_ns % 1000000000u)};
    pthread_mutex_lock(&f->lock);
    while (!f->done) {
        if (pthread_cond_timedwait(&f->done_cond, &f->lock, &until) != 0)
            break;
    }
    bool done = f->done;
    pthread_mutex_unlock(&f->lock);
    return done;
}
