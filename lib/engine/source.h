/*
 * source.h - the two seams that make one engine serve both lifecycles:
 * where the sender takes its next send from (a probe source) and where the
 * receivers hand each counted reply or ICMP error (a fate sink).
 *
 *   one-shot run (engine_run):  source = the plan (plan.h: the ready queue,
 *       -n packets at --interval); fate = the flight table and the host
 *       counters (receiver.c's built-in sink), as in 0.2.
 *   --watch (lib/daemon):       source = the watch schedule, owned by the
 *       thread that owns every host's liveness (prober.c); fate = one
 *       bounded, allocation-free ring per receiver (fate_ring.h), drained
 *       by that thread.
 *
 * The sender never knows which source feeds it, and the receivers never
 * know which sink they feed: the threads, sockets, kernel filter, echo
 * identifiers, pacing and packet validation are the same code.
 *
 * Calling convention: next/more/sending/sent are called by the sender
 * thread only: for each probe next or more, then sending, then sent (a
 * batch's sends all come before its sents); a sink's functions by the
 * receiver thread of its family only.
 */
#ifndef MULTIPING_SOURCE_H
#define MULTIPING_SOURCE_H

#include "ipaddr.h"
#include "net/icmp.h"

#include <stdbool.h>
#include <stdint.h>

/* One probe to send, as the source describes it. */
struct probe_order {
    const struct ipaddr *addr; /* valid until `sent` returns */
    uint32_t host;             /* index in the source's host table */
    uint16_t packet;           /* the payload's packet field (one-shot: 0..n-1; watch: low 16
                                  bits of the host's 64-bit probe number) */
    uint16_t icmp_seq;
    uint64_t cookie;    /* the payload's cookie (one-shot: the run's; watch: the generation's) */
    bool route_refused; /* the route refused an earlier request to it (sender.c: a stale
                           socket error is then not assumed) */
};

struct probe_source {
    /* The next probe, waiting until one is due; false: the run is over. */
    bool (*next)(struct probe_source *src, struct probe_order *out);
    /* Optional (NULL: one probe per next): another probe due by now,
     * without waiting; false when none is.  The sender gathers what `more`
     * gives after a `next` into one sendmmsg() (the orders' addresses stay
     * valid until the next call of `next`). */
    bool (*more)(struct probe_source *src, struct probe_order *out);
    /* It is about to leave at now_ns (after pacing): record it in flight. */
    void (*sending)(struct probe_source *src, const struct probe_order *o, uint64_t now_ns);
    /* It left (err 0) or sendto failed with err; attempted false: no socket
     * of its family is open (err says why it did not open; `sending` was
     * not called). */
    void (*sent)(struct probe_source *src, const struct probe_order *o, int err, bool attempted);
};

/* When a reply arrived (kernel time if sane, else when it was read). */
struct arrival {
    uint64_t mono_ns;
    uint8_t ttl; /* TTL / hop limit (IP_RECVTTL, IPV6_RECVHOPLIMIT); 0 = not said */
};

struct receiver;

struct fate_sink {
    /* A parsed echo reply from `from`; true if it counted. */
    bool (*reply)(struct fate_sink *sink, struct receiver *r, const struct icmp_packet *p,
                  const struct ipaddr *from, struct arrival at);
    /* A parsed ICMP error quoting one of our requests, sent by `from`
     * (NULL when unknown); true if it counted. */
    bool (*error)(struct fate_sink *sink, struct receiver *r, const struct icmp_packet *p,
                  const struct ipaddr *from);
};

#endif
