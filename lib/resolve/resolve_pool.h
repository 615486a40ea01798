/*
 * resolve_pool.h - a bounded pool of getaddrinfo() workers (see resolve.h
 * for when it runs instead of c-ares).
 *
 * getaddrinfo() is the only resolver API that honours every nsswitch
 * source, and it blocks; so names are resolved by a few threads (never one
 * per host), each taking the next unresolved name from a shared atomic
 * cursor, and delivering results to the ready queue as they come.
 *
 * A worker may be stuck inside getaddrinfo() when -t expires (a name server
 * that never answers): the run does not wait for it.  resolve_pool_stop()
 * asks the workers to finish and waits until deadline_ns at most; a worker
 * still blocked then is detached and keeps pointers to the pool and the
 * host table, which the caller must then never free (it returns false).
 */
#ifndef MULTIPING_RESOLVE_POOL_H
#define MULTIPING_RESOLVE_POOL_H

#include "hosts/hostset.h"
#include "readyq.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct resolve_pool;

/* Start up to `workers` threads for every HOST_RESOLVING host; resource
 * failures go to *system_errno (first one wins).  NULL with a message when
 * no thread could be started or memory ran out. */
struct resolve_pool *resolve_pool_start(struct hostset *set, struct readyq *queue, int family,
                                        unsigned workers, _Atomic int *system_errno, char *err,
                                        size_t errlen);

/* Stop and join the workers, waiting at most until deadline_ns.  True when
 * every worker was joined (the pool is then freed). */
bool resolve_pool_stop(struct resolve_pool *p, uint64_t deadline_ns);

/* getaddrinfo's EAI_* code as a resolve_reason. */
int resolve_pool_reason(int eai);

#endif
