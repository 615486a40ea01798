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
    return s->packet ? 0 : -1;
}

void sender_free(struct sender *s)
{
    plan_free(&s->plan);
    free(s->packet);
    s->packet = NULL;
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

static int transmit(const struct icmp_socket *sock, const uint8_t *pkt, size_t len,
                    const struct ipaddr *to, uint64_t until_ns)
{
    struct sockaddr_storage ss;
    socklen_t sl = ipaddr_to_sockaddr(to, &ss);
    /* A datagram socket with IP_RECVERR also keeps an earlier packet's ICMP
     * error as the socket error, and the next send fails with it, whatever
     * its destination.  That failed send cleared it, so trying again tells
     * an error of this packet (it comes back) from a stale one (it does
     * not; the receiver gets the real one from the error queue). */
    int tries = sock->kind == SOCK_KIND_DGRAM ? 3 : 1;
    for (;;) {
        if (sendto(sock->fd, pkt, len, 0, (struct sockaddr *)&ss, sl) >= 0)
            return 0;
        int err = errno;
        if (send_should_retry(err, sock->fd, until_ns))
            continue;
        if (--tries == 0)
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
        transmit(sock, s->packet, len, o->addr, until < sh->deadline_ns ? until : sh->deadline_ns);
    s->source->sent(s->source, o, err, true);
}

void *sender_main(void *arg)
{
    struct sender *s = arg;
    struct probe_order o;
    while (s->source->next(s->source, &o))
        send_order(s, &o);
    return NULL;
}
