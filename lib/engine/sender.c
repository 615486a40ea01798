/*
 * sender.c - schedule, pace and send echo requests (see sender.h).
 *
 * Per packet: build the request (8 + --size bytes) in the buffer allocated
 * once at init, mark the slot in flight, one sendto().  Nothing is
 * allocated, formatted or locked on that path (the ready queue's mutex is
 * taken once per batch of new hosts).
 */
#include "sender.h"

#include "net/icmp.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SENDER_BATCH 64

int sender_init(struct sender *s, const struct run_context *shared, struct readyq *queue,
                const struct run_config *cfg)
{
    memset(s, 0, sizeof(*s));
    s->shared = shared;
    s->queue = queue;
    s->packets = cfg->packets;
    s->interval_us = cfg->interval_ms * 1000u;
    s->hosts_left = shared->set->count;
    s->initial_count = shared->set->count;
    s->capacity = shared->set->capacity;
    if (cfg->rate_pps > 0) {
        s->period_ns = 1000000000u / cfg->rate_pps;
        uint64_t burst = cfg->rate_pps / 1000u;
        s->tolerance_ns = burst > 1 ? (burst - 1) * s->period_ns : 0;
    }
    s->fifo = malloc((s->capacity ? s->capacity : 1) * sizeof(*s->fifo));
    s->packet_len = ICMP_HEADER_LEN + shared->send->payload_size;
    s->packet = malloc(s->packet_len);
    return s->fifo && s->packet ? 0 : -1;
}

void sender_free(struct sender *s)
{
    free(s->fifo);
    s->fifo = NULL;
    free(s->packet);
    s->packet = NULL;
}

static void sleep_until(uint64_t ns)
{
    struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000u),
                          .tv_nsec = (long)(ns % 1000000000u)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

/* GCRA: may one more packet go now?  If not, sleep until it may. */
static void pace(struct sender *s)
{
    if (s->period_ns == 0)
        return;
    uint64_t now = readyq_now_ns();
    if (s->virtual_ns < now)
        s->virtual_ns = now;
    if (s->virtual_ns > now + s->tolerance_ns) {
        uint64_t wake = s->virtual_ns;
        if (wake > s->shared->deadline_ns)
            wake = s->shared->deadline_ns;
        sleep_until(wake);
    }
    s->virtual_ns += s->period_ns;
}

/* A request that could not go: an error of the host, as ping counts it. */
static void note_send_error(const struct sender *s, struct host *h, int err)
{
    struct host_error_seen e = {
        .type = HOST_ERROR_SEND, .code = err, .by = HOST_FIRST_ERROR_BY_SENDER};
    /* Larger than the path MTU under --dont-fragment: which MTU is the
     * answer the user wants.  Only the first error's MTU is kept, so it is
     * asked once per host (a UDP socket each time), not at every request. */
    if (err == EMSGSIZE && !(atomic_load(&h->flags) & HOST_UNREACHABLE)) {
        uint32_t mtu = sock_path_mtu(s->shared->send, &h->addr);
        e.path_mtu = (uint16_t)(mtu <= UINT16_MAX ? mtu : 0);
    }
    hostset_record_error(h, &e);
}

/* Temporary shortage of buffers: wait a little for the socket to drain. */
static bool send_should_retry(int err, int fd, uint64_t deadline_ns)
{
    if (err != EAGAIN && err != EWOULDBLOCK && err != ENOBUFS && err != EINTR)
        return false;
    if (readyq_now_ns() >= deadline_ns)
        return false;
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    (void)poll(&p, 1, 1);
    return true;
}

/*
 * A datagram socket with IP_RECVERR keeps an ICMP error about an earlier
 * request as the socket error (and the receiver's reading of the error
 * queue sets it again from the next error queued), and the next send fails
 * with it, whatever its destination.  A failed send clears it, so a few
 * quick tries tell an error of this request (it comes back each time)
 * from a stale one, while errors are rare.  They are not rare when hosts
 * draw ICMP errors at every one of -n requests: a stale error can then
 * fail every quick try, and an alive host would lose a request to another
 * host's error.  So an errno that no send of ours can give for itself is
 * stale, and one that only a route lookup can also give is asked of the
 * route (once per request, and not for a host whose route already
 * refused it): with a route there, it was stale too.  A stale error is
 * tried again, DGRAM_TRIES_MAX sends in all.
 */
#define DGRAM_QUICK_TRIES 3
#define DGRAM_TRIES_MAX 64

/* An errno an ICMP(v6) error converts to (icmp_err_convert and
 * icmpv6_err_convert in the kernel). */
static bool icmp_errno(int err)
{
    switch (err) {
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EACCES:
    case ECONNREFUSED:
    case ENOPROTOOPT:
    case EOPNOTSUPP:
    case EHOSTDOWN:
    case ENONET:
    case EPROTO:
        return true;
    default:
        return false;
    }
}

/* After the quick tries failed with err: may the request go again? */
static bool stale_error(const struct sender *s, const struct host *h, int err, int *route)
{
    if (!icmp_errno(err))
        return false; /* EMSGSIZE among them: --dont-fragment's own answer */
    if (err != ENETUNREACH && err != EHOSTUNREACH && err != EACCES)
        return true; /* no route lookup gives it */
    if (h->send_errors > 0)
        return false; /* the route refused this host before */
    if (*route < 0)
        *route = sock_route_errno(s->shared->send, &h->addr);
    return *route == 0;
}

static int transmit(const struct sender *s, const struct icmp_socket *sock, size_t len,
                    const struct host *h)
{
    struct sockaddr_storage ss;
    socklen_t sl = ipaddr_to_sockaddr(&h->addr, &ss);
    bool dgram = sock->kind == SOCK_KIND_DGRAM;
    unsigned tries = 0, quick = dgram ? DGRAM_QUICK_TRIES : 1;
    int route = -1; /* not asked yet */
    for (;;) {
        if (sendto(sock->fd, s->packet, len, 0, (struct sockaddr *)&ss, sl) >= 0)
            return 0;
        int err = errno;
        if (send_should_retry(err, sock->fd, s->shared->deadline_ns))
            continue;
        if (++tries < quick)
            continue;
        if (!dgram || tries >= DGRAM_TRIES_MAX || !stale_error(s, h, err, &route))
            return err;
    }
}

/* Send packet number h->sent to host index; false if the host is done. */
static bool send_one(struct sender *s, uint32_t index)
{
    const struct run_context *sh = s->shared;
    struct host *h = &sh->set->hosts[index];
    int fam = run_family_slot(h->addr.family);
    const struct icmp_socket *sock = sh->sockets[fam];
    uint16_t packet = h->sent;
    if (sock->fd < 0) {
        /* No socket for the family: nothing can be sent, now or later. */
        note_send_error(s, h, sock->open_errno ? sock->open_errno : EAFNOSUPPORT);
        flight_settle(sh->flight, s->packets - packet);
        return false;
    }
    struct icmp_probe probe = {.cookie = sh->cookie, .host = index, .packet = packet};
    size_t len =
        icmp_build_echo_sized(h->addr.family, sh->ids[fam], icmp_seq_for(index, packet, s->packets),
                              &probe, sh->send->payload_size, s->packet, s->packet_len);
    pace(s);
    uint32_t slot = flight_slot(sh->flight, index, packet);
    s->sent_us = flight_us(sh->flight, readyq_now_ns());
    flight_sent(sh->flight, slot, s->sent_us);
    h->sent++;
    int err = transmit(s, sock, len, h);
    if (err != 0 && flight_fail(sh->flight, slot))
        note_send_error(s, h, err);
    /* Every request goes, whatever came back for the earlier ones (as
     * ping does): errors and replies of one host may alternate, and only
     * the whole set decides its class (verdict.c). */
    return h->sent < s->packets;
}

/* After a packet went (or did not): queue the host again or retire it. */
static void reschedule(struct sender *s, uint32_t index, bool more)
{
    if (!more) {
        s->hosts_left--;
        return;
    }
    struct sender_due *d = &s->fifo[(s->fifo_head + s->fifo_count) % s->capacity];
    d->host = index;
    d->due_us = s->sent_us + s->interval_us; /* the packet just sent */
    s->fifo_count++;
}

static void first_packet(struct sender *s, uint32_t index)
{
    struct host *h = &s->shared->set->hosts[index];
    if (index >= s->initial_count) {
        /* Added by -A after we started: its packets are outcomes to wait
         * for.  Its name's own host comes after it in the queue, so the
         * run cannot end before this count is raised (readyq.c). */
        s->hosts_left++;
        flight_expect(s->shared->flight, s->packets);
    }
    if (h->status != HOST_READY) {
        flight_settle(s->shared->flight, s->packets); /* unresolved, or an alias */
        s->hosts_left--;
        return;
    }
    reschedule(s, index, send_one(s, index));
}

static bool fifo_due(const struct sender *s, uint32_t now_us)
{
    return s->fifo_count > 0 && s->fifo[s->fifo_head].due_us <= now_us;
}

static void next_packet(struct sender *s)
{
    uint32_t index = s->fifo[s->fifo_head].host;
    s->fifo_head = (s->fifo_head + 1) % s->capacity;
    s->fifo_count--;
    reschedule(s, index, send_one(s, index));
}

/* How long we may wait for new hosts before a queued packet is due. */
static uint64_t wait_limit(const struct sender *s)
{
    const struct run_context *sh = s->shared;
    if (s->fifo_count == 0)
        return sh->deadline_ns;
    uint64_t due = sh->flight->start_ns + (uint64_t)s->fifo[s->fifo_head].due_us * 1000u;
    return due < sh->deadline_ns ? due : sh->deadline_ns;
}

void *sender_main(void *arg)
{
    struct sender *s = arg;
    uint32_t batch[SENDER_BATCH];
    int batch_len = 0, batch_at = 0;
    while (s->hosts_left > 0) {
        uint64_t now = readyq_now_ns();
        if (now >= s->shared->deadline_ns)
            break;
        if (fifo_due(s, flight_us(s->shared->flight, now))) {
            next_packet(s);
        } else if (batch_at < batch_len) {
            first_packet(s, batch[batch_at++]);
        } else {
            batch_len = readyq_pop(s->queue, batch, SENDER_BATCH, wait_limit(s));
            batch_at = 0;
            if (batch_len < 0)
                break; /* closed: the run is over */
        }
    }
    return NULL;
}
