/*
 * fate_ring.c - the --watch fate sink and its ring (see fate_ring.h).
 */
#include "fate_ring.h"

#include <netinet/icmp6.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static bool cookie_live(const struct fate_ring *ring, uint64_t cookie)
{
    return cookie == atomic_load_explicit(&ring->cookies->current, memory_order_relaxed) ||
           cookie == atomic_load_explicit(&ring->cookies->previous, memory_order_relaxed);
}

static bool push(struct fate_ring *ring, const struct fate_event *ev)
{
    uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);
    uint32_t head = atomic_load_explicit(&ring->head, memory_order_acquire);
    if (tail - head >= FATE_RING_CAPACITY) {
        atomic_fetch_add_explicit(&ring->overflow, 1, memory_order_relaxed);
        return false;
    }
    ring->events[tail % FATE_RING_CAPACITY] = *ev;
    atomic_store_explicit(&ring->tail, tail + 1, memory_order_release);
    return true;
}

/* What needs no host table: the probe is ours and whole. */
static bool probe_ours(struct fate_ring *ring, const struct receiver *r,
                       const struct icmp_packet *p)
{
    bool ok = p->has_probe && cookie_live(ring, p->probe.cookie) &&
              p->id == r->shared->ids[run_family_slot(r->sock->family)];
    if (!ok)
        atomic_fetch_add_explicit(&ring->ignored, 1, memory_order_relaxed);
    return ok;
}

static void fill(struct fate_event *ev, const struct receiver *r, const struct icmp_packet *p,
                 enum fate_kind kind)
{
    memset(ev, 0, sizeof(*ev));
    ev->cookie = p->probe.cookie;
    ev->host = p->probe.host;
    ev->packet = p->probe.packet;
    ev->icmp_seq = p->seq;
    ev->kind = (uint8_t)kind;
    ev->v6 = r->sock->family == AF_INET6;
}

static bool ring_reply(struct fate_sink *sink, struct receiver *r, const struct icmp_packet *p,
                       const struct ipaddr *from, struct arrival at)
{
    struct fate_ring *ring = (struct fate_ring *)sink;
    uint32_t size = r->shared->send->payload_size;
    if (p->payload_len < size || p->intact_len < size || !probe_ours(ring, r, p))
        return false; /* truncated, garbled padding, or not ours */
    struct fate_event ev;
    fill(&ev, r, p, FATE_REPLY);
    ev.addr = *from;
    ev.at_ns = at.mono_ns;
    ev.ttl = at.ttl;
    return push(ring, &ev);
}

/* An error quoting only the ICMP header (no probe) cannot be told apart
 * from another generation's: it is ignored, and the probe counts as lost
 * (the host goes DOWN after --down-after all the same, without the text). */
static bool ring_error(struct fate_sink *sink, struct receiver *r, const struct icmp_packet *p,
                       const struct ipaddr *from)
{
    struct fate_ring *ring = (struct fate_ring *)sink;
    bool mtu_only = r->sock->family == AF_INET6 && p->type == ICMP6_PACKET_TOO_BIG &&
                    !r->shared->send->dont_fragment;
    if (mtu_only || !probe_ours(ring, r, p))
        return false;
    struct fate_event ev;
    fill(&ev, r, p, FATE_ERROR);
    ev.addr = p->quoted_dst;
    if (from)
        ev.from = *from;
    ev.type = p->type;
    ev.code = p->code;
    return push(ring, &ev);
}

int fate_ring_init(struct fate_ring *r, const struct fate_cookies *cookies)
{
    memset(r, 0, sizeof(*r));
    r->sink = (struct fate_sink){ring_reply, ring_error};
    r->cookies = cookies;
    r->events = calloc(FATE_RING_CAPACITY, sizeof(*r->events));
    return r->events ? 0 : -1;
}

void fate_ring_free(struct fate_ring *r)
{
    free(r->events);
    r->events = NULL;
}

uint32_t fate_ring_take(struct fate_ring *r, struct fate_event *out, uint32_t max)
{
    uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    uint32_t n = 0;
    for (; head != tail && n < max; head++, n++)
        out[n] = r->events[head % FATE_RING_CAPACITY];
    atomic_store_explicit(&r->head, head, memory_order_release);
    return n;
}
