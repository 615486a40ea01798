/*
 * fate_ring.h - the --watch fate sink: each receiver hands every reply and
 * ICMP error that carries a live cookie to one bounded ring, and the thread
 * that owns the hosts' liveness (lib/daemon/prober.c) drains it.
 *
 * Why a ring, and why the receiver decides so little: under --watch the
 * host table is replaced at every reload (a generation with its own
 * cookie), and only its owner may read it without a lock.  So the receiver
 * checks what needs no table (the payload parses, carries the current or
 * the previous generation's cookie, our echo identifier, a whole --size
 * payload) and copies the facts into the ring; the owner checks the rest
 * against the generation it holds (host index in range, source or quoted
 * address, the probe number against the host's newest probe).
 *
 * Single producer (the receiver of the family), single consumer (the
 * owner): head and tail are atomics, an entry is published by a release
 * store of tail and taken after an acquire load of it.  Fixed capacity,
 * allocated once: nothing is allocated per packet, and a full ring drops
 * the packet and counts it (`overflow`) rather than block the receiver.
 */
#ifndef MULTIPING_FATE_RING_H
#define MULTIPING_FATE_RING_H

#include "receiver.h"
#include "source.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define FATE_RING_CAPACITY 8192u /* a power of two: 400 ms of replies at 20,000/s */

enum fate_kind { FATE_REPLY = 1, FATE_ERROR = 2 };

struct fate_event {
    struct ipaddr addr; /* reply: its source; error: the quoted destination (family 0: unknown) */
    struct ipaddr from; /* error: who sent it (family 0: unknown) */
    uint64_t at_ns;     /* CLOCK_MONOTONIC arrival */
    uint64_t cookie;
    uint32_t host;
    uint16_t packet;
    uint16_t icmp_seq;
    uint8_t kind; /* enum fate_kind */
    uint8_t type, code;
    uint8_t ttl;
    bool v6;
};

/* The cookies a receiver accepts: the generation being probed and the one
 * before it (its replies may still be on the way).  Written by the owner
 * at a reload, read by every receiver. */
struct fate_cookies {
    _Atomic uint64_t current;
    _Atomic uint64_t previous;
};

struct fate_ring {
    struct fate_sink sink; /* first: the receiver holds &ring.sink */
    const struct fate_cookies *cookies;
    struct fate_event *events; /* FATE_RING_CAPACITY */
    _Atomic uint32_t head;     /* next to take (the owner) */
    _Atomic uint32_t tail;     /* next to fill (the receiver) */
    _Atomic uint64_t overflow; /* events dropped because the ring was full */
    _Atomic uint64_t ignored;  /* packets refused before the ring (cookie, id, size) */
};

int fate_ring_init(struct fate_ring *r, const struct fate_cookies *cookies);
void fate_ring_free(struct fate_ring *r);
/* Owner: take up to max events; returns how many. */
uint32_t fate_ring_take(struct fate_ring *r, struct fate_event *out, uint32_t max);

#endif
