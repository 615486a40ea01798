/*
 * resolve_pool.c - getaddrinfo worker pool (see resolve_pool.h).
 *
 * Each worker owns nothing but its current job: it reads the host's name
 * (immutable once the table is built), calls getaddrinfo() with no lock
 * held, and hands the result to readyq_deliver(), which alone writes the
 * host's fields.  The pool itself is one heap block, so that an abandoned
 * worker keeps pointing at valid memory until the process exits.
 */
#include "resolve_pool.h"
#include "clock.h"

#include "resolve.h"

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct resolve_pool {
    struct hostset *set; /* names read-only; fields written via readyq */
    struct readyq *queue;
    int family;     /* AF_UNSPEC, AF_INET or AF_INET6 */
    uint32_t *jobs; /* indices of hosts to resolve */
    uint32_t job_count;
    _Atomic uint32_t next;    /* next job to take */
    _Atomic uint32_t running; /* workers not yet returned */
    _Atomic bool stop;
    _Atomic int *system_errno; /* first resource failure (EMFILE...), or 0 */
    pthread_t threads[RESOLVE_MAX_WORKERS];
    unsigned thread_count;
};

int resolve_pool_reason(int eai)
{
    switch (eai) {
    case 0:
        return RESOLVE_OK;
    case EAI_NONAME:
        return RESOLVE_NO_SUCH_NAME;
    case EAI_NODATA:
    case EAI_ADDRFAMILY:
        return RESOLVE_NO_ADDRESS;
    case EAI_AGAIN:
        return RESOLVE_TEMPORARY;
    case EAI_FAIL:
        return RESOLVE_SERVER_FAILURE;
    default:
        return RESOLVE_FAILED;
    }
}

/* The process ran out of something: the name's fate is unknown, not "no
 * such name" (glibc reports EAI_NONAME with errno EMFILE, for one). */
static bool resource_failure(int rc, int err)
{
    return (rc == EAI_NONAME || rc == EAI_SYSTEM || rc == EAI_MEMORY || rc == EAI_AGAIN) &&
           (err == EMFILE || err == ENFILE || err == ENOMEM || err == ENOBUFS);
}

/* Every usable address, in getaddrinfo's order (RFC 6724), at most max;
 * 0 with *reason set when there is none. */
static size_t lookup(const char *name, int family, struct ipaddr *out, size_t max, int *reason,
                     int *system_errno)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = family;
    /* One entry per address; no AI_ADDRCONFIG, which would hide every
     * address in a namespace that has only a loopback interface. */
    hints.ai_socktype = SOCK_DGRAM;
    errno = 0;
    int rc = getaddrinfo(name, NULL, &hints, &res);
    if (rc != 0 && resource_failure(rc, errno)) {
        *system_errno = errno;
        *reason = RESOLVE_FAILED;
        return 0;
    }
    if (rc != 0) {
        *reason = resolve_pool_reason(rc == EAI_SYSTEM && errno == 0 ? EAI_FAIL : rc);
        return 0;
    }
    size_t n = 0;
    for (struct addrinfo *ai = res; ai && n < max; ai = ai->ai_next) {
        if (ipaddr_from_sockaddr(ai->ai_addr, &out[n]))
            n++;
    }
    freeaddrinfo(res);
    *reason = n > 0 ? RESOLVE_OK : RESOLVE_NO_ADDRESS;
    return n;
}

static void *worker(void *arg)
{
    struct resolve_pool *p = arg;
    for (;;) {
        if (atomic_load(&p->stop))
            break;
        uint32_t job = atomic_fetch_add(&p->next, 1);
        if (job >= p->job_count)
            break;
        uint32_t index = p->jobs[job];
        const char *name = hostset_name(p->set, &p->set->hosts[index]);
        struct ipaddr addrs[RESOLVE_MAX_ADDRS];
        int system_errno = 0, reason;
        size_t n = lookup(name, p->family, addrs, RESOLVE_MAX_ADDRS, &reason, &system_errno);
        if (system_errno) {
            int none = 0;
            atomic_compare_exchange_strong(p->system_errno, &none, system_errno);
        }
        if (!readyq_deliver(p->queue, p->set, index, addrs, n, reason))
            break;
    }
    atomic_fetch_sub(&p->running, 1);
    return NULL;
}

static int collect_jobs(struct resolve_pool *p)
{
    p->jobs = malloc((p->set->names_pending ? p->set->names_pending : 1) * sizeof(*p->jobs));
    if (!p->jobs)
        return -1;
    for (uint32_t i = 0; i < p->set->count; i++) {
        if (p->set->hosts[i].status == HOST_RESOLVING)
            p->jobs[p->job_count++] = i;
    }
    return 0;
}

static void pool_free(struct resolve_pool *p)
{
    free(p->jobs);
    free(p);
}

struct resolve_pool *resolve_pool_start(struct hostset *set, struct readyq *queue, int family,
                                        unsigned workers, _Atomic int *system_errno, char *err,
                                        size_t errlen)
{
    struct resolve_pool *p = calloc(1, sizeof(*p));
    if (!p || (p->set = set, collect_jobs(p) < 0)) {
        free(p);
        snprintf(err, errlen, "out of memory for the resolver's work list");
        return NULL;
    }
    p->queue = queue;
    p->family = family;
    p->system_errno = system_errno;
    if (workers > RESOLVE_MAX_WORKERS)
        workers = RESOLVE_MAX_WORKERS;
    if (workers > p->job_count)
        workers = p->job_count;
    for (unsigned i = 0; i < workers; i++) {
        atomic_fetch_add(&p->running, 1);
        int rc = pthread_create(&p->threads[p->thread_count], NULL, worker, p);
        if (rc != 0) {
            atomic_fetch_sub(&p->running, 1);
            if (p->thread_count == 0) {
                snprintf(err, errlen, "cannot start a resolver thread: %s", strerror(rc));
                pool_free(p);
                return NULL;
            }
            break; /* fewer workers still resolve every name */
        }
        p->thread_count++;
    }
    return p;
}

bool resolve_pool_stop(struct resolve_pool *p, uint64_t deadline_ns)
{
    atomic_store(&p->stop, true);
    /* Wait for the workers to return, but never past the deadline: one may
     * be blocked in getaddrinfo() on a name server that never answers. */
    while (atomic_load(&p->running) > 0 && clock_mono_ns() < deadline_ns) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 2 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    bool all = atomic_load(&p->running) == 0;
    for (unsigned i = 0; i < p->thread_count; i++) {
        if (all)
            pthread_join(p->threads[i], NULL);
        else
            pthread_detach(p->threads[i]);
    }
    if (all)
        pool_free(p);
    return all;
}
