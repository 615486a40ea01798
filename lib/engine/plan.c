/*
 * plan.c - the one-shot run's schedule of sends (see plan.h).  Nothing is
 * allocated or formatted per packet; the ready queue's mutex is taken once
 * per batch of new hosts.
 */
#include "plan.h"
#include "clock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool plan_next(struct probe_source *src, struct probe_order *out);
static void plan_sending(struct probe_source *src, const struct probe_order *o, uint64_t now_ns);
static void plan_sent(struct probe_source *src, const struct probe_order *o, int err,
                      bool attempted);

int plan_init(struct plan *p, const struct run_context *shared, struct readyq *queue,
              const struct run_config *cfg)
{
    memset(p, 0, sizeof(*p));
    p->source = (struct probe_source){plan_next, NULL, plan_sending, plan_sent};
    p->shared = shared;
    p->queue = queue;
    p->packets = cfg->packets;
    p->interval_us = cfg->interval_ms * 1000u;
    p->hosts_left = shared->set->count;
    p->initial_count = shared->set->count;
    p->capacity = shared->set->capacity;
    p->fifo = malloc((p->capacity ? p->capacity : 1) * sizeof(*p->fifo));
    return p->fifo ? 0 : -1;
}

void plan_free(struct plan *p)
{
    free(p->fifo);
    p->fifo = NULL;
}

/* A request that could not go: an error of the host, as ping counts it. */
static void note_send_error(const struct plan *p, struct host *h, int err)
{
    struct host_error_seen e = {
        .type = HOST_ERROR_SEND, .code = err, .by = HOST_FIRST_ERROR_BY_SENDER};
    /* Larger than the path MTU under --dont-fragment: which MTU is the
     * answer the user wants.  Only the first error's MTU is kept, so it is
     * asked once per host (a UDP socket each time), not at every request. */
    if (err == EMSGSIZE && !(atomic_load(&h->flags) & HOST_UNREACHABLE)) {
        uint32_t mtu = sock_path_mtu(p->shared->send, &h->addr);
        e.path_mtu = (uint16_t)(mtu <= UINT16_MAX ? mtu : 0);
    }
    hostset_record_error(h, &e);
}

/* After a packet went (or did not): queue the host again or retire it. */
static void reschedule(struct plan *p, uint32_t index, bool more)
{
    if (!more) {
        p->hosts_left--;
        return;
    }
    struct plan_due *d = &p->fifo[(p->fifo_head + p->fifo_count) % p->capacity];
    d->host = index;
    d->due_us = p->sent_us + p->interval_us; /* the packet just sent */
    p->fifo_count++;
}

static void fill_order(const struct plan *p, uint32_t index, struct probe_order *out)
{
    const struct run_context *sh = p->shared;
    struct host *h = &sh->set->hosts[index];
    out->addr = &h->addr;
    out->host = index;
    out->packet = h->sent;
    out->icmp_seq = icmp_seq_for(index, h->sent, p->packets);
    out->cookie = sh->cookie;
    out->route_refused = h->send_errors > 0;
}

/* A new host from the ready queue: true if it has a packet to send. */
static bool first_packet(struct plan *p, uint32_t index)
{
    struct host *h = &p->shared->set->hosts[index];
    if (index >= p->initial_count) {
        /* Added by -A after we started: its packets are outcomes to wait
         * for.  Its name's own host comes after it in the queue, so the
         * run cannot end before this count is raised (readyq.c). */
        p->hosts_left++;
        flight_expect(p->shared->flight, p->packets);
    }
    if (h->status != HOST_READY) {
        flight_settle(p->shared->flight, p->packets); /* unresolved, or an alias */
        p->hosts_left--;
        return false;
    }
    return true;
}

/* The host at the FIFO's head: its next packet.  Every request goes,
 * whatever came back for the earlier ones (as ping does): errors and
 * replies of one host may alternate, and only the whole set decides its
 * class (verdict.c). */
static uint32_t next_packet(struct plan *p)
{
    uint32_t index = p->fifo[p->fifo_head].host;
    p->fifo_head = (p->fifo_head + 1) % p->capacity;
    p->fifo_count--;
    return index;
}

/* How long we may wait for new hosts before a queued packet is due. */
static uint64_t wait_limit(const struct plan *p)
{
    const struct run_context *sh = p->shared;
    if (p->fifo_count == 0)
        return sh->deadline_ns;
    uint64_t due = sh->flight->start_ns + (uint64_t)p->fifo[p->fifo_head].due_us * 1000u;
    return due < sh->deadline_ns ? due : sh->deadline_ns;
}

static bool plan_next(struct probe_source *src, struct probe_order *out)
{
    struct plan *p = (struct plan *)src;
    while (p->hosts_left > 0) {
        uint64_t now = clock_mono_ns();
        uint32_t index;
        if (now >= p->shared->deadline_ns)
            return false;
        if (p->fifo_count > 0 &&
            p->fifo[p->fifo_head].due_us <= flight_us(p->shared->flight, now)) {
            fill_order(p, next_packet(p), out);
            return true;
        } else if (p->batch_at < p->batch_len) {
            index = p->batch[p->batch_at++];
            if (first_packet(p, index)) {
                fill_order(p, index, out);
                return true;
            }
        } else {
            p->batch_len = readyq_pop(p->queue, p->batch, PLAN_BATCH, wait_limit(p));
            p->batch_at = 0;
            if (p->batch_len < 0)
                return false; /* closed: the run is over */
        }
    }
    return false;
}

static void plan_sending(struct probe_source *src, const struct probe_order *o, uint64_t now_ns)
{
    struct plan *p = (struct plan *)src;
    struct flight *f = p->shared->flight;
    p->sent_us = flight_us(f, now_ns);
    flight_sent(f, flight_slot(f, o->host, o->packet), p->sent_us);
    p->shared->set->hosts[o->host].sent++;
}

static void plan_sent(struct probe_source *src, const struct probe_order *o, int err,
                      bool attempted)
{
    struct plan *p = (struct plan *)src;
    struct host *h = &p->shared->set->hosts[o->host];
    struct flight *f = p->shared->flight;
    if (!attempted) {
        /* No socket for the family: nothing can be sent, now or later. */
        note_send_error(p, h, err);
        flight_settle(f, p->packets - h->sent);
        p->hosts_left--;
        return;
    }
    if (err != 0 && flight_fail(f, flight_slot(f, o->host, o->packet)))
        note_send_error(p, h, err);
    reschedule(p, o->host, h->sent < p->packets);
}
