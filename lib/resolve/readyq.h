/*
 * readyq.h - the hand-off from the resolver pool to the sender: hosts whose
 * address became known (or whose name failed) in the order they did.
 *
 * It exists so that pinging starts at once: literal addresses are queued
 * before any thread runs, names join the queue as each resolves, and a slow
 * or failing name never holds the others back.
 *
 * Locking: one mutex guards the ring, `closed`, the addr/status/
 * error_code/alias fields of every host still being resolved, and the
 * host table's growth (count, the address map, -A's new hosts).  A resolver worker
 * writes those fields only inside readyq_deliver(), under the mutex and only
 * if the queue is not closed; the sender reads them only after popping the
 * host (same mutex), and main reads them only after readyq_close() (same
 * mutex).  Nobody holds the mutex across a blocking call: getaddrinfo() runs
 * outside it, and waiting is pthread_cond_timedwait, which releases it.
 */
#ifndef MULTIPING_READYQ_H
#define MULTIPING_READYQ_H

#include "hosts/hostset.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct readyq {
    pthread_mutex_t lock;
    pthread_cond_t nonempty; /* CLOCK_MONOTONIC */
    uint32_t *ring;          /* capacity = number of hosts: each is queued once */
    uint32_t capacity;
    uint32_t head;
    uint32_t count;
    bool closed;
};

/* capacity: the host table's capacity (every host is queued at most once). */
int readyq_init(struct readyq *q, uint32_t capacity);
void readyq_destroy(struct readyq *q);

/* Before threads start: queue a host whose address is already known. */
void readyq_push_initial(struct readyq *q, uint32_t index);

/*
 * A resolver's result for host `index`: every address the name has, in the
 * resolver's order of preference (addrs[0] is the one pinged, or with -A
 * all of them: hostset_resolved), or count 0 with `error` saying why the
 * name did not resolve.  Writes the host's fields (and -A's new hosts) and
 * queues them, unless the queue is closed (the run is over): then nothing
 * is written and false is returned.  Every resolver delivers through here,
 * so the engine cannot tell which one ran.
 */
bool readyq_deliver(struct readyq *q, struct hostset *set, uint32_t index,
                    const struct ipaddr *addrs, size_t count, int error);

/*
 * Pop up to max hosts into out, waiting until deadline_ns (CLOCK_MONOTONIC)
 * if none is queued.  Returns how many were popped (0 on time-out), or -1
 * once the queue is closed.
 */
int readyq_pop(struct readyq *q, uint32_t *out, int max, uint64_t deadline_ns);

/* End of run: wake every waiter; no host field is written after this. */
void readyq_close(struct readyq *q);

#endif
