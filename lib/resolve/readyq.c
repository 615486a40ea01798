/*
 * readyq.c - resolver -> sender hand-off (see readyq.h for the locking).
 */
#include "readyq.h"

#include "clock.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int readyq_init(struct readyq *q, uint32_t capacity)
{
    memset(q, 0, sizeof(*q));
    q->ring = malloc((capacity ? capacity : 1) * sizeof(*q->ring));
    if (!q->ring)
        return -1;
    q->capacity = capacity;
    int err = clock_cond_init(&q->nonempty);
    if (err != 0) {
        free(q->ring);
        q->ring = NULL;
        return -1;
    }
    pthread_mutex_init(&q->lock, NULL);
    return 0;
}

void readyq_destroy(struct readyq *q)
{
    pthread_cond_destroy(&q->nonempty);
    pthread_mutex_destroy(&q->lock);
    free(q->ring);
    q->ring = NULL;
}

static void push_locked(struct readyq *q, uint32_t index)
{
    /* Each host is queued at most once and the ring holds the table's
     * capacity (the reserve for -A included), so it cannot overflow. */
    q->ring[(q->head + q->count) % q->capacity] = index;
    q->count++;
}

void readyq_push_initial(struct readyq *q, uint32_t index)
{
    push_locked(q, index);
}

bool readyq_deliver(struct readyq *q, struct hostset *set, uint32_t index,
                    const struct ipaddr *addrs, size_t count, int error)
{
    pthread_mutex_lock(&q->lock);
    bool open = !q->closed;
    if (open) {
        struct host *h = &set->hosts[index];
        if (count > 0) {
            /* -A's new hosts go first: the name's own host, still counted
             * as undone by the sender, keeps the run alive until the
             * sender has taken them too (sender.c). */
            uint32_t added[HOSTSET_ADDRESSES_PER_NAME - 1];
            size_t n = hostset_resolved(set, index, addrs, count, added);
            for (size_t i = 0; i < n; i++)
                push_locked(q, added[i]);
        } else {
            h->status = HOST_UNRESOLVED;
            h->error_code = error;
        }
        push_locked(q, index);
        pthread_cond_signal(&q->nonempty);
    }
    pthread_mutex_unlock(&q->lock);
    return open;
}

static struct timespec to_timespec(uint64_t ns)
{
    struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000u),
                          .tv_nsec = (long)(ns % 1000000000u)};
    return ts;
}

int readyq_pop(struct readyq *q, uint32_t *out, int max, uint64_t deadline_ns)
{
    struct timespec until = to_timespec(deadline_ns);
    pthread_mutex_lock(&q->lock);
    while (!q->closed && q->count == 0) {
        if (pthread_cond_timedwait(&q->nonempty, &q->lock, &until) != 0)
            break;
    }
    int n = -1;
    if (!q->closed) {
        for (n = 0; n < max && q->count > 0; n++) {
            out[n] = q->ring[q->head];
            q->head = (q->head + 1) % q->capacity;
            q->count--;
        }
    }
    pthread_mutex_unlock(&q->lock);
    return n;
}

void readyq_close(struct readyq *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = true;
    pthread_cond_broadcast(&q->nonempty);
    pthread_mutex_unlock(&q->lock);
}
