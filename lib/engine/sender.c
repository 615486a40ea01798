/*
 * sender.c - pace and send echo requests (see sender.h).
 *
 * Per packet: build the request (8 + --size bytes) in the buffer allocated
 * once at init, let the source mark it in flight, one sendto().  Nothing
 * is allocated, formatted or locked on that path.
 */
#include "sender.h"

#include "clock.h"
#include "net/icmp.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A socket short of buffers is waited for at most this long per packet. */
#define SEND_RETRY_NS (1000 * CLOCK_NS_PER_MS)

int sender_init(struct sender *s, const struct run_context *shared, struct readyq *queue,
                const struct run_config *cfg)
{
    memset(s, 0, sizeof(*s));
    s->shared = shared;
    if (cfg->rate_pps > 0) {
        s->period_ns = 1000000000u / cfg->rate_pps;
        uint64_t burst = cfg->rate_pps / 1000u;
        s->tolerance_ns = burst > 1 ? (burst - 1) * s->period_ns : 0;
    }
    if (shared->source) {
        s->source = shared->source;
    } else {
        if (plan_init(&s->plan, shared, queue, cfg) < 0)
            return -1;
        s->source = &s->plan.source;
    }
    s->packet_len = ICMP_HEADER_LEN + shared->send->payload_size;
    s->packet = malloc(s->packet_len);
    if (!s->packet)
        return -1;
    if (!s->source->more)
        return 0;
    s->packets = malloc(SENDER_BATCH * s->packet_len);
    s->orders = calloc(SENDER_BATCH, sizeof(*s->orders));
    s->msgs = calloc(SENDER_BATCH, sizeof(*s->msgs));
    s->iov = calloc(SENDER_BATCH, sizeof(*s->iov));
    s->addrs = calloc(SENDER_BATCH, sizeof(*s->addrs));
    return s->packets && s->orders && s->msgs && s->iov && s->addrs ? 0 : -1;
}

void sender_free(struct sender *s)
{
    plan_free(&s->plan);
    free(s->packet);
    free(s->packets);
    free(s->orders);
    free(s->msgs);
    free(s->iov);
    free(s->addrs);
    s->packet = s->packets = NULL;
    s->orders = NULL;
    s->msgs = NULL;
    s->iov = NULL;
    s->addrs = NULL;
}

/* Would pace() sleep before the next packet? */
static bool pace_would_wait(const struct sender *s)
{
    uint64_t now = clock_mono_ns();
    return s->period_ns != 0 && s->virtual_ns > now + s->tolerance_ns;
}

/* GCRA: may one more packet go now?  If not, sleep until it may. */
static void pace(struct sender *s)
{
    if (s->period_ns == 0)
        return;
    uint64_t now = clock_mono_ns();
    if (s->virtual_ns < now)
        s->virtual_ns = now;
    if (s->virtual_ns > now + s->tolerance_ns) {
        uint64_t wake = s->virtual_ns;
        if (wake > s->shared->deadline_ns)
            wake = s->shared->deadline_ns;
        while (clock_sleep_until_ns(wake) == EINTR)
            ;
    }
    s->virtual_ns += s->period_ns;
}

/* Temporary shortage of buffers: wait a little for the socket to drain. */
static bool send_should_retry(int err, int fd, uint64_t until_ns)
{
    if (err != EAGAIN && err != EWOULDBLOCK && err != ENOBUFS && err != EINTR)
        return false;
    if (clock_mono_ns() >= until_ns)
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
static bool stale_error(const struct sender *s, const struct probe_order *o, int err, int *route)
{
    if (!icmp_errno(err))
        return false; /* EMSGSIZE among them: --dont-fragment's own answer */
    if (err != ENETUNREACH && err != EHOSTUNREACH && err != EACCES)
        return true; /* no route lookup gives it */
    if (o->route_refused)
        return false; /* the route refused this host before */
    if (*route < 0)
        *route = sock_route_errno(s->shared->send, o->addr);
    return *route == 0;
}

static int transmit(const struct sender *s, const struct icmp_socket *sock, const uint8_t *packet,
                    size_t len, const struct probe_order *o, uint64_t until_ns)
{
    struct sockaddr_storage ss;
    socklen_t sl = ipaddr_to_sockaddr(o->addr, &ss);
    bool dgram = sock->kind == SOCK_KIND_DGRAM;
    unsigned tries = 0, quick = dgram ? DGRAM_QUICK_TRIES : 1;
    int route = -1; /* not asked yet */
    for (;;) {
        if (sendto(sock->fd, packet, len, 0, (struct sockaddr *)&ss, sl) >= 0)
            return 0;
        int err = errno;
        if (send_should_retry(err, sock->fd, until_ns))
            continue;
        if (++tries < quick)
            continue;
        if (!dgram || tries >= DGRAM_TRIES_MAX || !stale_error(s, o, err, &route))
            return err;
    }
}

static void send_order(struct sender *s, const struct probe_order *o)
{
    const struct run_context *sh = s->shared;
    int fam = run_family_slot(o->addr->family);
    const struct icmp_socket *sock = sh->sockets[fam];
    if (sock->fd < 0) {
        s->source->sent(s->source, o, sock->open_errno ? sock->open_errno : EAFNOSUPPORT, false);
        return;
    }
    struct icmp_probe probe = {.cookie = o->cookie, .host = o->host, .packet = o->packet};
    size_t len = icmp_build_echo_sized(o->addr->family, sh->ids[fam], o->icmp_seq, &probe,
                                       sh->send->payload_size, s->packet, s->packet_len);
    pace(s);
    uint64_t now = clock_mono_ns();
    s->source->sending(s->source, o, now);
    uint64_t until = clock_add_ns(now, SEND_RETRY_NS);
    int err =
        transmit(s, sock, s->packet, len, o, until < sh->deadline_ns ? until : sh->deadline_ns);
    s->source->sent(s->source, o, err, true);
}

/* ---- batches (sources with `more`) ------------------------------------------ */

/* The n gathered requests of family slot fam: in flight, then one
 * sendmmsg() for as many as it takes; the one it refuses goes alone
 * through transmit() (its retries), and the rest again by sendmmsg(). */
static void flush(struct sender *s, int fam, uint32_t n)
{
    if (n == 0)
        return;
    const struct run_context *sh = s->shared;
    const struct icmp_socket *sock = sh->sockets[fam];
    uint64_t now = clock_mono_ns();
    for (uint32_t i = 0; i < n; i++)
        s->source->sending(s->source, &s->orders[i], now);
    uint64_t until = clock_add_ns(now, SEND_RETRY_NS);
    if (until > sh->deadline_ns)
        until = sh->deadline_ns;
    for (uint32_t i = 0; i < n;) {
        int took = n - i > 1 ? sendmmsg(sock->fd, &s->msgs[i], n - i, 0) : -1;
        int err = 0;
        if (took <= 0) {
            took = 1;
            err = transmit(s, sock, s->iov[i].iov_base, s->iov[i].iov_len, &s->orders[i], until);
        }
        for (int k = 0; k < took; k++)
            s->source->sent(s->source, &s->orders[i + (uint32_t)k], err, true);
        i += (uint32_t)took;
    }
}

/* Request o into slot n of the batch. */
static void gather(struct sender *s, int fam, uint32_t n, const struct probe_order *o)
{
    const struct run_context *sh = s->shared;
    uint8_t *packet = s->packets + (size_t)n * s->packet_len;
    struct icmp_probe probe = {.cookie = o->cookie, .host = o->host, .packet = o->packet};
    size_t len = icmp_build_echo_sized(o->addr->family, sh->ids[fam], o->icmp_seq, &probe,
                                       sh->send->payload_size, packet, s->packet_len);
    s->orders[n] = *o;
    s->iov[n] = (struct iovec){packet, len};
    s->msgs[n].msg_hdr = (struct msghdr){.msg_name = &s->addrs[n],
                                         .msg_namelen = ipaddr_to_sockaddr(o->addr, &s->addrs[n]),
                                         .msg_iov = &s->iov[n],
                                         .msg_iovlen = 1};
}

/* The first order and every other the source has due by now (at most
 * SENDER_BATCH), each paced; a change of family or a pause the pacing
 * needs sends what was gathered first. */
static void send_batch(struct sender *s, const struct probe_order *first)
{
    struct probe_order o = *first;
    uint32_t n = 0, taken = 0;
    int fam = -1;
    do {
        int f = run_family_slot(o.addr->family);
        if (s->shared->sockets[f]->fd < 0) {
            flush(s, fam, n);
            n = 0;
            send_order(s, &o); /* says why it cannot go */
            continue;
        }
        if (n > 0 && (f != fam || pace_would_wait(s))) {
            flush(s, fam, n);
            n = 0;
        }
        pace(s);
        gather(s, f, n++, &o);
        fam = f;
    } while (++taken < SENDER_BATCH && s->source->more(s->source, &o));
    flush(s, fam, n);
}

void *sender_main(void *arg)
{
    struct sender *s = arg;
    struct probe_order o;
    while (s->source->next(s->source, &o)) {
        if (s->source->more)
            send_batch(s, &o);
        else
            send_order(s, &o);
    }
    return NULL;
}
