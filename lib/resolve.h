/*
 * resolve.h - a bounded pool of getaddrinfo() workers.
 *
 * getaddrinfo() is the only resolver API that honours /etc/hosts, nsswitch
 * and /etc/netns/NAME/hosts, and it blocks; so names are resolved by a few
 * threads (never one per host), each taking the next unresolved name from a
 * shared atomic cursor, and delivering results to the ready queue as they
 * come.  A name that fails affects only its own host.
 *
 * A lookup that failed for lack of resources (no file descriptor left, no
 * memory) says nothing about the name: its errno is kept in system_errno
 * so that the run is reported UNKNOWN instead of the host unresolved.
 *
 * A worker may be stuck inside getaddrinfo() when -t expires (a name server
 * that never answers): the run does not wait for it.  resolve_stop() asks
 * the workers to finish and waits until deadline_ns at most; a worker that
 * is still blocked then is detached and keeps only pointers to memory the
 * caller must then never free (resolve_stop returns false).
 */
#ifndef MULTIPING_RESOLVE_H
#define MULTIPING_RESOLVE_H

#include "hostset.h"
#include "readyq.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define RESOLVE_MAX_WORKERS 16
/* Addresses kept per name (the first is pinged unless every address is). */
#define RESOLVE_MAX_ADDRS 32

struct resolver {
    struct hostset *set; /* names read-only; fields written via readyq */
    struct readyq *queue;
    int family;     /* AF_UNSPEC, AF_INET or AF_INET6 */
    uint32_t *jobs; /* indices of hosts to resolve */
    uint32_t job_count;
    _Atomic uint32_t next;    /* next job to take */
    _Atomic uint32_t running; /* workers not yet returned */
    _Atomic bool stop;
    _Atomic int system_errno; /* first resource failure (EMFILE...), or 0 */
    pthread_t threads[RESOLVE_MAX_WORKERS];
    unsigned thread_count;
};

/* Start up to `workers` threads for every HOST_RESOLVING host.  Returns 0,
 * or -1 with a message (no thread could be started, or out of memory). */
int resolve_start(struct resolver *r, struct hostset *set, struct readyq *queue, int family,
                  unsigned workers, char *err, size_t errlen);

/* Stop and join the workers, waiting at most until deadline_ns.  True when
 * every worker was joined (r may then be freed). */
bool resolve_stop(struct resolver *r, uint64_t deadline_ns);

#endif
