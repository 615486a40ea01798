/*
 * fate_flight.c - the one-shot run's fate sink (see receiver.h): a reply or
 * an ICMP error counts only if its probe carries this run's cookie, a host
 * index and packet number in range, the echo identifier and sequence we
 * sent, comes from (or quotes) the host's own address, and the flight
 * table agrees the packet was in flight and within its timeout.  Per
 * packet: a few integer compares, one compare-and-swap; no allocation, no
 * lock.  Runs on the receiver thread of the host's family, which alone
 * writes the host's received/rtt_* fields.
 */
#include "receiver.h"

#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* The host a probe names, if the probe and the ICMP id/seq are ours. */
static struct host *probe_host(const struct receiver *r, const struct icmp_packet *p,
                               uint32_t *slot)
{
    const struct run_context *sh = r->shared;
    const struct flight *f = sh->flight;
    /* Bounded by the flight table (sized for the host table's capacity),
     * never by the host count, which -A raises while we run (hostset.h). */
    if (p->probe.cookie != sh->cookie || p->probe.packet >= f->packets ||
        (uint64_t)p->probe.host * f->packets + p->probe.packet >= f->slot_count)
        return NULL;
    if (p->id != sh->ids[run_family_slot(r->sock->family)] ||
        p->seq != icmp_seq_for(p->probe.host, p->probe.packet, f->packets))
        return NULL;
    /* In flight first: only then may the host's address be read. */
    *slot = flight_slot(f, p->probe.host, p->probe.packet);
    if (!flight_in_flight(sh->flight, *slot))
        return NULL;
    struct host *h = &sh->set->hosts[p->probe.host];
    return h->addr.family == r->sock->family ? h : NULL;
}

/*
 * A quoted request without a probe (see icmp.h): its sequence number is the
 * slot index modulo 2^16, so the candidates are every 65536th slot from
 * seq; the one in flight to the quoted address is it.
 */
static struct host *quoted_host(const struct receiver *r, const struct icmp_packet *p,
                                uint32_t *slot)
{
    const struct run_context *sh = r->shared;
    if (p->id != sh->ids[run_family_slot(r->sock->family)] || !p->quoted_dst.family)
        return NULL;
    for (uint64_t x = p->seq; x < sh->flight->slot_count; x += 65536) {
        if (!flight_in_flight(sh->flight, (uint32_t)x))
            continue;
        struct host *h = &sh->set->hosts[x / sh->flight->packets];
        if (ipaddr_equal(&h->addr, &p->quoted_dst)) {
            *slot = (uint32_t)x;
            return h;
        }
    }
    return NULL;
}

/* A valid reply of ours from an address other than the host's (NAT,
 * anycast, a router answering for it): it does not count, but the
 * output says so. */
static bool answered_elsewhere(struct host *h)
{
    atomic_fetch_or(&h->flags, HOST_ANSWERED_ELSEWHERE);
    return false;
}

static bool on_reply(struct fate_sink *sink, struct receiver *r, const struct icmp_packet *p,
                     const struct ipaddr *from, struct arrival at)
{
    (void)sink;
    uint32_t slot, rtt;
    struct host *h = probe_host(r, p, &slot);
    uint32_t size = r->shared->send->payload_size;
    if (!h || p->payload_len < size || p->intact_len < size)
        return false; /* truncated, or garbled padding */
    if (!ipaddr_equal(from, &h->addr))
        return answered_elsewhere(h);
    if (!flight_answer(r->shared->flight, slot, flight_us(r->shared->flight, at.mono_ns), &rtt))
        return false;
    h->reply_ttl = at.ttl;
    if (h->received == 0 || rtt < h->rtt_min_us)
        h->rtt_min_us = rtt;
    if (rtt > h->rtt_max_us)
        h->rtt_max_us = rtt;
    h->rtt_sum_us += rtt;
    latency_add_reply(&h->latency, h->received, (uint16_t)p->probe.packet, rtt);
    h->received++;
    return true;
}

/* "Packet too big" without --dont-fragment: the kernel learned the MTU and
 * fragments the next requests itself; this one is simply lost. */
static bool mtu_only(const struct receiver *r, const struct icmp_packet *p)
{
    return r->sock->family == AF_INET6 && p->type == ICMP6_PACKET_TOO_BIG &&
           !r->shared->send->dont_fragment;
}

static bool on_error(struct fate_sink *sink, struct receiver *r, const struct icmp_packet *p,
                     const struct ipaddr *from)
{
    (void)sink;
    uint32_t slot;
    if (mtu_only(r, p))
        return false;
    struct host *h = p->has_probe ? probe_host(r, p, &slot) : quoted_host(r, p, &slot);
    if (!h || (p->quoted_dst.family && !ipaddr_equal(&p->quoted_dst, &h->addr)))
        return false;
    if (!flight_fail(r->shared->flight, slot))
        return false;
    struct host_error_seen e = {
        .type = r->sock->family == AF_INET ? HOST_ERROR_ICMP4 : HOST_ERROR_ICMP6,
        .code = (int32_t)p->type << 8 | p->code,
        .path_mtu = (uint16_t)(p->mtu <= UINT16_MAX ? p->mtu : 0),
        .by = HOST_FIRST_ERROR_BY_RECEIVER,
    };
    if (from)
        e.from = *from;
    hostset_record_error(h, &e);
    return true;
}

struct fate_sink receiver_flight_fate(void)
{
    return (struct fate_sink){on_reply, on_error};
}
