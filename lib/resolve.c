/*
 * resolve.c - getaddrinfo worker pool (see resolve.h).
 *
 * Each worker owns nothing but its current job: it reads the host's name
 * (immutable once the table is built), calls getaddrinfo() with no lock
 * held, and hands the result to readyq_deliver(), which alone writes the
 * host's fields.
 */
#include "resolve.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The process ran out of something: the name's fate is unknown, not "no
 * such name" (glibc reports EAI_NONAME with errno EMFILE, for one). */
static bool resource_failure(int rc, int err)
{
    return (rc == EAI_NONAME || rc == EAI_SYSTEM || rc == EAI_MEMORY || rc == EAI_AGAIN) &&
           (err == EMFILE || err == ENFILE || err == ENOMEM || err == ENOBUFS);
}

/* Every usable address, in getaddrinfo's order (RFC 6724), at most max;
 * 0 with *rc the EAI_* code when there is none. */
static size_t lookup(const char *name, int family, struct ipaddr *out, size_t max, int *rc_out,
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
        *rc_out = EAI_SYSTEM;
        return 0;
    }
    if (rc != 0) {
        *rc_out = rc == EAI_SYSTEM && errno == 0 ? EAI_FAIL : rc;
        return 0;
    }
    size_t n = 0;
    for (struct addrinfo *ai = res; ai && n < max; ai = ai->ai_next) {
        if (ipaddr_from_sockaddr(ai->ai_addr, &out[n]))
            n++;
    }
    freeaddrinfo(res);
    *rc_out = n > 0 ? 0 : EAI_NONAME;
    return n;
}

static void *worker(void *arg)
{
    struct resolver *r = arg;
    for (;;) {
        if (atomic_load(&r->stop))
            break;
        uint32_t job = atomic_fetch_add(&r->next, 1);
        if (job >= r->job_count)
            break;
        uint32_t index = r->jobs[job];
        const char *name = hostset_name(r->set, &r->set->hosts[index]);
        struct ipaddr addrs[RESOLVE_MAX_ADDRS];
        int system_errno = 0, rc;
        size_t n = lookup(name, r->family, addrs, RESOLVE_MAX_ADDRS, &rc, &system_errno);
        if (system_errno) {
            int none = 0;
            atomic_compare_exchange_strong(&r->system_errno, &none, system_errno);
        }
        if (!readyq_deliver(r->queue, r->set, index, addrs, n, rc))
            break;
    }
    atomic_fetch_sub(&r->running, 1);
    return NULL;
}

static int collect_jobs(struct resolver *r)
{
    r->jobs = malloc((r->set->names_pending ? r->set->names_pending : 1) * sizeof(*r->jobs));
    if (!r->jobs)
        return -1;
    for (uint32_t i = 0; i < r->set->count; i++) {
        if (r->set->hosts[i].status == HOST_RESOLVING)
            r->jobs[r->job_count++] = i;
    }
    return 0;
}

int resolve_start(struct resolver *r, struct hostset *set, struct readyq *queue, int family,
                  unsigned workers, char *err, size_t errlen)
{
    memset(r, 0, sizeof(*r));
    r->set = set;
    r->queue = queue;
    r->family = family;
    if (collect_jobs(r) < 0) {
        snprintf(err, errlen, "out of memory for the resolver's work list");
        return -1;
    }
    if (workers > RESOLVE_MAX_WORKERS)
        workers = RESOLVE_MAX_WORKERS;
    if (workers > r->job_count)
        workers = r->job_count;
    for (unsigned i = 0; i < workers; i++) {
        atomic_fetch_add(&r->running, 1);
        int rc = pthread_create(&r->threads[r->thread_count], NULL, worker, r);
        if (rc != 0) {
            atomic_fetch_sub(&r->running, 1);
            if (r->thread_count == 0) {
                snprintf(err, errlen, "cannot start a resolver thread: %s", strerror(rc));
                return -1;
            }
            break; /* fewer workers still resolve every name */
        }
        r->thread_count++;
    }
    return 0;
}

bool resolve_stop(struct resolver *r, uint64_t deadline_ns)
{
    atomic_store(&r->stop, true);
    /* Wait for the workers to return, but never past the deadline: one may
     * be blocked in getaddrinfo() on a name server that never answers. */
    while (atomic_load(&r->running) > 0 && readyq_now_ns() < deadline_ns) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 2 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    bool all = atomic_load(&r->running) == 0;
    for (unsigned i = 0; i < r->thread_count; i++) {
        if (all)
            pthread_join(r->threads[i], NULL);
        else
            pthread_detach(r->threads[i]);
    }
    if (all) {
        free(r->jobs);
        r->jobs = NULL;
    }
    r->thread_count = 0;
    return all;
}
