/*
 * receiver.c - read, validate and account replies and errors (see
 * receiver.h).  Per packet: one parse over the bytes, a few integer
 * compares, one compare-and-swap; no allocation, no lock.
 */
#include "receiver.h"
#include "clock.h"

#include "net/icmp.h"

#include <errno.h>
#include <linux/errqueue.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define RX_BATCH 64
#define RX_PACKET 2048 /* an ICMP error quotes at most 576 (v4) / 1280 (v6) bytes */
#define RX_HEADROOM 64 /* a reply's IPv4 header (raw sockets), at most 60 bytes */
#define RX_CONTROL 256
/* A kernel receive time older than this is not believed (a clock step). */
#define ARRIVAL_WINDOW_NS (2 * 1000000000ull)

struct receiver_buffers {
    struct mmsghdr msgs[RX_BATCH];
    struct iovec iov[RX_BATCH];
    struct sockaddr_storage names[RX_BATCH];
    uint8_t control[RX_BATCH][RX_CONTROL];
    size_t packet_cap; /* bytes per packet: RX_PACKET, or a --size reply if larger */
    uint8_t data[];    /* RX_BATCH x packet_cap */
};

/* Reset the first n message headers (recvmmsg changed only those). */
static void prepare_batch(struct receiver_buffers *b, int n)
{
    for (int i = 0; i < n; i++) {
        b->iov[i].iov_base = b->data + (size_t)i * b->packet_cap;
        b->iov[i].iov_len = b->packet_cap;
        struct msghdr *m = &b->msgs[i].msg_hdr;
        m->msg_name = &b->names[i];
        m->msg_namelen = sizeof(b->names[i]);
        m->msg_iov = &b->iov[i];
        m->msg_iovlen = 1;
        m->msg_control = b->control[i];
        m->msg_controllen = RX_CONTROL;
        m->msg_flags = 0;
    }
}

int receiver_init(struct receiver *r, const struct run_context *shared,
                  const struct icmp_socket *sock, int stop_fd)
{
    memset(r, 0, sizeof(*r));
    r->shared = shared;
    r->sock = sock;
    r->stop_fd = stop_fd;
    int fam = run_family_slot(sock->family);
    r->flight_fate = receiver_flight_fate();
    r->fate = shared->fate[fam] ? shared->fate[fam] : &r->flight_fate;
    size_t cap = RX_HEADROOM + ICMP_HEADER_LEN + shared->send->payload_size;
    if (cap < RX_PACKET)
        cap = RX_PACKET;
    r->buf = calloc(1, sizeof(*r->buf) + RX_BATCH * cap);
    if (!r->buf)
        return -1;
    r->buf->packet_cap = cap;
    prepare_batch(r->buf, RX_BATCH);
    return 0;
}

void receiver_free(struct receiver *r)
{
    free(r->buf);
    r->buf = NULL;
}

/* The kernel receive time if sane, else now: a clock step since the
 * wall-clock offset was taken shows as a time in the future or far in the
 * past, and then our own clock is better than an invented RTT. */
static uint64_t arrival_time(const struct run_context *sh, const struct cmsghdr *c, uint64_t now_ns)
{
    struct timespec ts;
    memcpy(&ts, CMSG_DATA(c), sizeof(ts));
    uint64_t real = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    uint64_t mono = real - sh->realtime_offset_ns;
    uint64_t floor = now_ns > ARRIVAL_WINDOW_NS ? now_ns - ARRIVAL_WINDOW_NS : 0;
    if (floor < sh->start_ns)
        floor = sh->start_ns;
    return mono >= floor && mono <= now_ns ? mono : now_ns;
}

/* What the kernel told about one reply's arrival, in one walk over its
 * control messages. */
static struct arrival arrival_read(const struct receiver *r, struct msghdr *m, uint64_t now_ns)
{
    const struct run_context *sh = r->shared;
    struct arrival a = {now_ns, 0};
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
            a.mono_ns = arrival_time(sh, c, now_ns);
        } else if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
                   (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
            int ttl;
            memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
            a.ttl = ttl > 0 && ttl <= 255 ? (uint8_t)ttl : 0;
        }
    }
    return a;
}

static bool handle_packet(struct receiver *r, struct msghdr *m, size_t len, uint64_t now_ns)
{
    struct ipaddr from;
    if (!ipaddr_from_sockaddr((struct sockaddr *)m->msg_name, &from))
        return false;
    struct icmp_packet p;
    const uint8_t *data = m->msg_iov[0].iov_base;
    enum icmp_kind kind = r->sock->family == AF_INET
                              ? icmp_parse_v4(data, len, r->sock->kind == SOCK_KIND_RAW, &p)
                              : icmp_parse_v6(data, len, &p);
    if (kind == ICMP_REPLY)
        return r->fate->reply(r->fate, r, &p, &from, arrival_read(r, m, now_ns));
    if (kind == ICMP_ERROR)
        return r->fate->error(r->fate, r, &p, &from);
    return false;
}

void receiver_drain(struct receiver *r)
{
    for (;;) {
        int n = recvmmsg(r->sock->fd, r->buf->msgs, RX_BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0)
            return;
        uint64_t now = clock_mono_ns();
        for (int i = 0; i < n; i++) {
            struct mmsghdr *mm = &r->buf->msgs[i];
            if (!handle_packet(r, &mm->msg_hdr, mm->msg_len, now))
                r->ignored++;
        }
        prepare_batch(r->buf, n);
        if (n < RX_BATCH)
            return;
    }
}

/* A datagram socket's error queue: our own request, quoted by an error. */
static bool handle_queued_error(struct receiver *r, struct msghdr *m, size_t len)
{
    struct ipaddr dest;
    if (!ipaddr_from_sockaddr((struct sockaddr *)m->msg_name, &dest))
        return false;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        bool v4 = c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR;
        bool v6 = c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR;
        if (!v4 && !v6)
            continue;
        struct sock_extended_err ee;
        memcpy(&ee, CMSG_DATA(c), sizeof(ee));
        if (ee.ee_origin != SO_EE_ORIGIN_ICMP && ee.ee_origin != SO_EE_ORIGIN_ICMP6)
            return false;
        struct icmp_packet p;
        if (icmp_parse_own_request(r->sock->family, m->msg_iov[0].iov_base, len, &p) != ICMP_ERROR)
            return false;
        p.type = ee.ee_type;
        p.code = ee.ee_code;
        /* ee_info carries the MTU for "fragmentation needed" and "packet
         * too big" (the kernel's ip_icmp_error / ipv6_icmp_error). */
        bool mtu_error = (v4 && ee.ee_type == 3 && ee.ee_code == 4) || (v6 && ee.ee_type == 2);
        p.mtu = mtu_error ? ee.ee_info : 0;
        p.quoted_dst = dest;
        struct ipaddr offender;
        struct sockaddr_storage off;
        size_t room = c->cmsg_len - CMSG_LEN(sizeof(ee));
        memset(&off, 0, sizeof(off));
        memcpy(&off, CMSG_DATA(c) + sizeof(ee), room < sizeof(off) ? room : sizeof(off));
        bool known = ipaddr_from_sockaddr((struct sockaddr *)&off, &offender);
        return r->fate->error(r->fate, r, &p, known ? &offender : NULL);
    }
    return false;
}

static void drain_errors(struct receiver *r)
{
    for (;;) {
        struct msghdr *m = &r->buf->msgs[0].msg_hdr;
        prepare_batch(r->buf, 1);
        ssize_t n = recvmsg(r->sock->fd, m, MSG_ERRQUEUE | MSG_DONTWAIT);
        if (n < 0) {
            /* A pending socket error with an empty queue would keep poll()
             * reporting POLLERR: reading SO_ERROR clears it. */
            int pending;
            socklen_t len = sizeof(pending);
            (void)getsockopt(r->sock->fd, SOL_SOCKET, SO_ERROR, &pending, &len);
            return;
        }
        if (!handle_queued_error(r, m, (size_t)n))
            r->ignored++;
    }
}

/* run_context.h's rx_gather_ns: wait that long, or until the run stops
 * (true). */
static bool gather_wait(const struct receiver *r)
{
    uint64_t ns = r->shared->rx_gather_ns;
    struct pollfd stop = {.fd = r->stop_fd, .events = POLLIN};
    struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
    return ppoll(&stop, 1, &ts, NULL) > 0;
}

void *receiver_main(void *arg)
{
    struct receiver *r = arg;
    struct pollfd fds[2] = {{.fd = r->sock->fd, .events = POLLIN},
                            {.fd = r->stop_fd, .events = POLLIN}};
    for (;;) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[1].revents)
            break;
        if (fds[0].revents & POLLERR)
            drain_errors(r);
        if (fds[0].revents & POLLIN)
            receiver_drain(r);
        if (r->shared->rx_gather_ns && gather_wait(r))
            break;
    }
    return NULL;
}
