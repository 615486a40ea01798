/*
 * run_context.h - what one run's threads share, below all of them: the
 * run's configuration (fixed before any thread starts) and the context the
 * sender and the receivers read.  engine.c fills both; sender.c and
 * receiver.c read them and never include engine.h, so data flows one way:
 * engine -> sender/receivers -> flight table and host counters (one-shot),
 * or -> the --watch source and fate rings (source.h).
 *
 * Locking: nothing here is written once the threads run (read-only
 * sharing); what they write lives in the flight table (atomics) and in the
 * host table (see hostset.h for which thread owns which field).
 */
#ifndef MULTIPING_RUN_CONTEXT_H
#define MULTIPING_RUN_CONTEXT_H

#include "flight.h"
#include "source.h"
#include "hosts/hostset.h"
#include "resolve/readyq.h"
#include "net/send_params.h"
#include "net/sock.h"

#include <stdint.h>
#include <sys/socket.h>

struct run_config {
    uint16_t packets;               /* echo requests per host, >= 1 */
    uint32_t interval_ms;           /* between two requests to the same host */
    uint32_t packet_timeout_ms;     /* how long a request waits for its reply */
    uint32_t rate_pps;              /* all requests together; 0 = unlimited */
    int family;                     /* for resolving names: AF_UNSPEC, AF_INET, AF_INET6 */
    unsigned dns_parallel;          /* names in flight (c-ares), threads (getaddrinfo pool) */
    uint64_t deadline_ns;           /* CLOCK_MONOTONIC: stop by then, whatever happens */
    const struct send_params *send; /* how requests leave; the sockets already follow it */
};

/* The context sender and receivers share, read-only once they run. */
struct run_context {
    struct hostset *set;
    struct flight *flight;          /* one-shot runs; NULL under --watch */
    struct probe_source *source;    /* NULL: the sender's own one-shot plan (plan.h) */
    struct fate_sink *fate[2];      /* per family; NULL: the flight table (fate_flight.c) */
    struct icmp_socket *sockets[2]; /* [0] AF_INET, [1] AF_INET6; fd -1 if none */
    uint16_t ids[2];                /* echo identifier per family */
    uint64_t cookie;                /* random per run, in every payload */
    uint64_t realtime_offset_ns;    /* CLOCK_REALTIME - CLOCK_MONOTONIC at start */
    uint64_t start_ns;              /* CLOCK_MONOTONIC at start */
    uint64_t deadline_ns;
    const struct send_params *send; /* request size; what sock_path_mtu() needs */
    /* --watch: after reading what was queued, a receiver waits this long
     * before it looks again, so that replies are read in batches (each
     * keeps the kernel's receive time: the wait changes no round trip,
     * only the number of wake-ups).  0 in one-shot runs: read at once. */
    uint64_t rx_gather_ns;
};

static inline int run_family_slot(int family)
{
    return family == AF_INET ? 0 : 1;
}

#endif
