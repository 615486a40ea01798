/*
 * resolve.h - names -> addresses, the engine's only view of resolving.
 *
 * Two resolvers sit behind resolve_start()/resolve_stop(), and the engine
 * cannot tell which one ran: both hand every result to readyq_deliver()
 * with all addresses of the name in preference order, or none and a
 * reason (enum resolve_reason, stored in host.error_code).
 *
 *   c-ares (resolve_ares.c): one thread keeps up to --dns-parallel names in
 *     flight; /etc/hosts (hostsfile.c) and DNS in the order of the hosts:
 *     line; resolv.conf read by c-ares.  Used when nsswitch.conf's hosts:
 *     line names only "files" and "dns" (nsswitch.c).  At -t nothing is
 *     left running: the thread cancels its queries and is joined.
 *   getaddrinfo pool (resolve_pool.c): for any other hosts: line (ldap,
 *     mdns4_minimal, resolve, myhostname...), which only the C library
 *     can follow.  A worker blocked in getaddrinfo() at -t is abandoned.
 *
 * A lookup that failed for lack of resources (no descriptor, no memory)
 * says nothing about the name: its errno is kept in system_errno so that
 * the run is reported UNKNOWN instead of the host unresolved.
 */
#ifndef MULTIPING_RESOLVE_H
#define MULTIPING_RESOLVE_H

#include "hosts/hostset.h"
#include "nameconf/nsswitch.h"
#include "readyq.h"
#include "resolve_reason.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Addresses kept per name (the first is pinged unless every address is). */
#define RESOLVE_MAX_ADDRS 32
#define RESOLVE_MAX_WORKERS 16 /* getaddrinfo pool threads */

struct resolve_config {
    int family;                /* AF_UNSPEC, AF_INET or AF_INET6 */
    unsigned parallel;         /* names in flight (c-ares), threads (pool, at most 16) */
    const char *nsswitch_path; /* NULL: /etc/nsswitch.conf */
    const char *hosts_path;    /* NULL: /etc/hosts */
};

struct resolve_pool;
struct resolve_ares;

struct resolver {
    struct resolve_pool *pool; /* exactly one of these runs */
    struct resolve_ares *ares;
    _Atomic int system_errno; /* first resource failure (EMFILE...), or 0 */
    struct nsswitch_hosts nss;
};

/* Start resolving every HOST_RESOLVING host of set.  Returns 0, or -1 with
 * a message (out of memory, no thread, c-ares could not start). */
int resolve_start(struct resolver *r, struct hostset *set, struct readyq *queue,
                  const struct resolve_config *cfg, char *err, size_t errlen);

/* Stop, waiting at most until deadline_ns.  True when nothing of the
 * resolver runs any more (r and set may then be freed); false only when a
 * getaddrinfo worker had to be abandoned. */
bool resolve_stop(struct resolver *r, uint64_t deadline_ns);

#endif
