/*
 * responder.c - a hostile ICMP echo responder for tests/hostile/run.
 *
 * It runs in its own network namespace, where the kernel was told to ignore
 * echo requests (net.ipv4.icmp_echo_ignore_all=1, net.ipv6.icmp.
 * echo_ignore_all=1) and where a whole /24 (and an IPv6 /120) is local, so
 * every request reaches our raw sockets and nothing else answers it.  Each
 * request is answered according to the last byte of the address it was
 * sent to (the table `behaviours` below, and README.md): correctly, three
 * times, with the wrong identifier, late, with an ICMP error quoting a
 * lying header, ...  The plugin under test must count the correct answers
 * and nothing else.
 *
 * Why IPv4 packets are built whole, IP header included (an IPPROTO_RAW
 * socket implies IP_HDRINCL): several answers are things no kernel sends
 * (a bad checksum, a reply from another address).  IPv6 has no such
 * socket for ICMPv6, and the kernel always computes the ICMPv6 checksum, so
 * IPv6 answers go out on the ICMPv6 raw socket with their source chosen
 * per packet (IPV6_PKTINFO with IPV6_FREEBIND), and a bad ICMPv6 checksum
 * cannot be sent at all.
 *
 * What it knows of the plugin comes from lib/net/icmp.h, read as a protocol
 * description (no code is shared, on purpose): the payload starts with a
 * 16-byte probe (cookie 8, host index 4, packet number 2, check 2, where
 * check is the internet checksum of the first 14 bytes), zero padding up to
 * 24 bytes follows, and seq = host * packets + packet.
 *
 * Usage: responder [-l LATE_MS] [-F FLOOD] [-v]
 *   -l LATE_MS  how long late replies wait (default 600)
 *   -F FLOOD    with every request also send FLOOD unsolicited echo
 *               replies with bogus payloads to the requester (default 0)
 *   -v          log every request on stderr
 * Prints "ready" on stdout once its sockets are open, then answers until
 * SIGTERM or SIGINT, when it prints its counters on stderr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
    IP4_HEADER = 20,
    IP6_HEADER = 40,
    ICMP_HEADER = 8,
    PROBE_LEN = 16,
    PAYLOAD_LEN = 24, /* the probe, then zero padding */
    PROBE_HOST = 8,   /* offsets in the payload */
    PROBE_PACKET = 12,
    PROBE_CHECK = 14,
    MAX_PACKET = 2048,
    OVERSIZE_EXTRA = 1400,
    LATE_QUEUE = 128,
    DUPLICATES = 3,
    ICMP4_FILTER = 1, /* ICMP_FILTER of <linux/icmp.h>, which clashes with glibc */
};

/* ICMP types and codes, IPv4 and IPv6, as the answers use them. */
enum {
    ICMP4_ECHO_REPLY = 0,
    ICMP4_UNREACH = 3,
    ICMP4_HOST_UNREACH = 1,
    ICMP4_ECHO_REQUEST = 8,
    ICMP6_UNREACH = 1,
    ICMP6_ADDR_UNREACH = 3,
    ICMP6_REQUEST = 128,
    ICMP6_REPLY = 129,
};

struct address {
    int family; /* AF_INET or AF_INET6 */
    uint8_t bytes[16];
};

/* One echo request as it arrived; icmp points at its ICMP header. */
struct request {
    struct address from; /* the pinger */
    struct address to;   /* the target address it pinged */
    const uint8_t *icmp;
    size_t len;
    uint8_t ip4_header[IP4_HEADER]; /* IPv4: the request's header, for quoting */
};

/* An answer built in memory: ICMP message and the addresses to use. */
struct answer {
    struct address src;
    struct address dst;
    uint8_t icmp[MAX_PACKET];
    size_t len;
    bool bad_checksum; /* IPv4 only: send it with a wrong ICMP checksum */
};

struct late {
    uint64_t due_ns;
    struct answer answer;
};

struct responder {
    int rx4;   /* raw ICMP: echo requests, IP header included */
    int tx4;   /* IPPROTO_RAW: everything we send over IPv4 */
    int icmp6; /* raw ICMPv6: requests in, answers out */
    int signals;
    uint32_t late_ms;
    unsigned flood;
    bool verbose;
    uint64_t rng;
    struct late queue[LATE_QUEUE];
    size_t queued;
    unsigned long requests, sent, send_errors, dropped_late;
};

/* ---------------------------------------------------------------- bytes */

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

/* RFC 1071; over data that includes a correct checksum field it gives 0. */
static uint16_t inet_checksum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += get16(p + i);
    if (n % 2)
        sum += (uint32_t)p[n - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static uint64_t random_next(struct responder *r)
{
    /* xorshift64*: reproducibility does not matter, speed and no state
     * outside the responder do. */
    r->rng ^= r->rng >> 12;
    r->rng ^= r->rng << 25;
    r->rng ^= r->rng >> 27;
    return r->rng * 0x2545f4914f6cdd1dULL;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------- sending */

static socklen_t to_sockaddr(const struct address *a, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof(*ss));
    if (a->family == AF_INET) {
        struct sockaddr_in *sin = (struct sockaddr_in *)ss;
        sin->sin_family = AF_INET;
        memcpy(&sin->sin_addr, a->bytes, 4);
        return sizeof(*sin);
    }
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
    sin6->sin6_family = AF_INET6;
    memcpy(&sin6->sin6_addr, a->bytes, 16);
    return sizeof(*sin6);
}

/* IPv4: our own IP header in front; the kernel fills id and header checksum. */
static ssize_t send4(struct responder *r, const struct answer *a)
{
    uint8_t pkt[IP4_HEADER + MAX_PACKET];
    uint8_t *icmp = pkt + IP4_HEADER;
    memset(pkt, 0, IP4_HEADER);
    pkt[0] = 0x45;
    put16(pkt + 2, (uint16_t)(IP4_HEADER + a->len));
    pkt[8] = 64; /* TTL */
    pkt[9] = IPPROTO_ICMP;
    memcpy(pkt + 12, a->src.bytes, 4);
    memcpy(pkt + 16, a->dst.bytes, 4);
    memcpy(icmp, a->icmp, a->len);
    put16(icmp + 2, 0);
    uint16_t sum = inet_checksum(icmp, a->len);
    put16(icmp + 2, a->bad_checksum ? (uint16_t)~sum : sum);
    struct sockaddr_storage ss;
    socklen_t sl = to_sockaddr(&a->dst, &ss);
    return sendto(r->tx4, pkt, IP4_HEADER + a->len, 0, (struct sockaddr *)&ss, sl);
}

/* IPv6: the kernel computes the checksum; we choose the source. */
static ssize_t send6(struct responder *r, struct answer *a)
{
    struct sockaddr_storage ss;
    socklen_t sl = to_sockaddr(&a->dst, &ss);
    struct iovec iov = {.iov_base = a->icmp, .iov_len = a->len};
    union {
        struct cmsghdr align;
        uint8_t bytes[CMSG_SPACE(sizeof(struct in6_pktinfo))];
    } control;
    memset(&control, 0, sizeof(control));
    struct msghdr m = {.msg_name = &ss,
                       .msg_namelen = sl,
                       .msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = control.bytes,
                       .msg_controllen = sizeof(control.bytes)};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(struct in6_pktinfo));
    struct in6_pktinfo info = {.ipi6_ifindex = 0};
    memcpy(&info.ipi6_addr, a->src.bytes, 16);
    memcpy(CMSG_DATA(c), &info, sizeof(info));
    return sendmsg(r->icmp6, &m, 0);
}

static void send_answer(struct responder *r, struct answer *a)
{
    ssize_t n = a->dst.family == AF_INET ? send4(r, a) : send6(r, a);
    if (n < 0) {
        r->send_errors++;
        if (r->verbose)
            fprintf(stderr, "responder: send: %s\n", strerror(errno));
        return;
    }
    r->sent++;
}

static void send_later(struct responder *r, const struct answer *a)
{
    if (r->queued == LATE_QUEUE) {
        r->dropped_late++;
        return;
    }
    struct late *l = &r->queue[r->queued++];
    l->due_ns = now_ns() + (uint64_t)r->late_ms * 1000000u;
    l->answer = *a;
}

/* Send what is due; return the poll timeout (ms) until the next one. */
static int send_due(struct responder *r)
{
    uint64_t now = now_ns();
    uint64_t next = UINT64_MAX;
    size_t kept = 0;
    for (size_t i = 0; i < r->queued; i++) {
        if (r->queue[i].due_ns <= now) {
            send_answer(r, &r->queue[i].answer);
            continue;
        }
        if (r->queue[i].due_ns < next)
            next = r->queue[i].due_ns;
        if (kept != i)
            r->queue[kept] = r->queue[i];
        kept++;
    }
    r->queued = kept;
    return next == UINT64_MAX ? -1 : (int)((next - now) / 1000000u + 1);
}

/* ---------------------------------------------------------------- building answers */

static uint8_t reply_type(int family)
{
    return family == AF_INET ? ICMP4_ECHO_REPLY : ICMP6_REPLY;
}

/* The correct reply: the request with its type changed, from its target. */
static void make_reply(const struct request *q, struct answer *a)
{
    memset(a, 0, sizeof(*a));
    a->src = q->to;
    a->dst = q->from;
    a->len = q->len;
    memcpy(a->icmp, q->icmp, q->len);
    a->icmp[0] = reply_type(q->to.family);
    a->icmp[1] = 0;
}

static uint8_t *payload(struct answer *a)
{
    return a->icmp + ICMP_HEADER;
}

/* After changing probe fields: make the probe's own check valid again, so
 * that only the field we changed is wrong. */
static void fix_probe_check(uint8_t *probe)
{
    put16(probe + PROBE_CHECK, inet_checksum(probe, PROBE_CHECK));
}

/* An ICMP error from the target quoting `quote` (quote_len bytes). */
static void make_error(const struct request *q, const uint8_t *quote, size_t quote_len,
                       struct answer *a)
{
    memset(a, 0, sizeof(*a));
    a->src = q->to;
    a->dst = q->from;
    bool v4 = q->to.family == AF_INET;
    a->icmp[0] = v4 ? ICMP4_UNREACH : ICMP6_UNREACH;
    a->icmp[1] = v4 ? ICMP4_HOST_UNREACH : ICMP6_ADDR_UNREACH;
    memcpy(a->icmp + ICMP_HEADER, quote, quote_len);
    a->len = ICMP_HEADER + quote_len;
}

/*
 * The packet an error quotes: the request's IP header (IPv4: as received,
 * with options_len bytes of NOP options added and IHL raised to match;
 * IPv6: rebuilt, we never see it), then `icmp_len` bytes of `icmp`.
 */
static size_t build_quote(const struct request *q, size_t options_len, const uint8_t *icmp,
                          size_t icmp_len, uint8_t *out)
{
    if (q->to.family == AF_INET6) {
        memset(out, 0, IP6_HEADER);
        out[0] = 0x60;
        put16(out + 4, (uint16_t)q->len);
        out[6] = IPPROTO_ICMPV6;
        out[7] = 64;
        memcpy(out + 8, q->from.bytes, 16);
        memcpy(out + 24, q->to.bytes, 16);
        memcpy(out + IP6_HEADER, icmp, icmp_len);
        return IP6_HEADER + icmp_len;
    }
    memcpy(out, q->ip4_header, IP4_HEADER);
    memset(out + IP4_HEADER, 0x01, options_len); /* NOP options */
    size_t header = IP4_HEADER + options_len;
    out[0] = (uint8_t)(0x40 | header / 4);
    put16(out + 2, (uint16_t)(header + q->len));
    put16(out + 10, 0);
    put16(out + 10, inet_checksum(out, header));
    memcpy(out + header, icmp, icmp_len);
    return header + icmp_len;
}

/* ---------------------------------------------------------------- behaviours */

typedef void behaviour_fn(struct responder *r, const struct request *q);

static void answer_correct(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    send_answer(r, &a);
}

static void answer_three_times(struct responder *r, const struct request *q)
{
    for (int i = 0; i < DUPLICATES; i++)
        answer_correct(r, q);
}

static void answer_wrong_id(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    put16(a.icmp + 4, (uint16_t)(get16(a.icmp + 4) ^ 0x5a5a));
    send_answer(r, &a);
}

static void answer_wrong_seq(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    put16(a.icmp + 6, (uint16_t)(get16(a.icmp + 6) + 1));
    send_answer(r, &a);
}

static void answer_wrong_cookie(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    payload(&a)[3] ^= 0x80;
    fix_probe_check(payload(&a));
    send_answer(r, &a);
}

static void answer_bad_checksum(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    a.bad_checksum = true; /* IPv6: the kernel fixes it, so this is a control */
    send_answer(r, &a);
}

static void answer_truncated(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    a.len = 12;
    send_answer(r, &a);
}

/* From the last address of the target's /24 (IPv4) or /120 (IPv6). */
static void answer_from_elsewhere(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    a.src.bytes[q->to.family == AF_INET ? 3 : 15] = 0xfe;
    send_answer(r, &a);
}

static void answer_late(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    send_later(r, &a);
}

/* Another pinger's request that shares our identifier and sequence (so a
 * datagram socket's kernel still delivers the error): only the cookie
 * differs, and the probe's check is valid. */
static void answer_error_for_stranger(struct responder *r, const struct request *q)
{
    uint8_t stranger[MAX_PACKET], quote[MAX_PACKET];
    memcpy(stranger, q->icmp, q->len);
    stranger[ICMP_HEADER + 5] ^= 0x3c;
    fix_probe_check(stranger + ICMP_HEADER);
    if (q->to.family == AF_INET) {
        put16(stranger + 2, 0);
        put16(stranger + 2, inet_checksum(stranger, q->len));
    }
    size_t n = build_quote(q, 0, stranger, q->len, quote);
    struct answer a;
    make_error(q, quote, n, &a);
    send_answer(r, &a);
}

/* A genuine error about the real request, its quoted IPv4 header padded
 * with 40 bytes of options (IHL 15), the largest header there is. */
static void answer_error_with_options(struct responder *r, const struct request *q)
{
    uint8_t quote[MAX_PACKET];
    size_t n = build_quote(q, q->to.family == AF_INET ? 40 : 0, q->icmp, q->len, quote);
    struct answer a;
    make_error(q, quote, n, &a);
    send_answer(r, &a);
}

/*
 * IPv4: the quoted header claims IHL 15 (60 bytes) but only its plain 20
 * bytes and the request follow, 52 bytes in all: a parser that believes
 * IHL reads past the end.  IPv6 has no header length to lie with: the
 * quote stops inside the IPv6 header (30 of its 40 bytes).
 */
static void answer_error_lying(struct responder *r, const struct request *q)
{
    uint8_t quote[MAX_PACKET];
    size_t n = build_quote(q, 0, q->icmp, q->len, quote);
    if (q->to.family == AF_INET)
        quote[0] = 0x4f;
    else
        n = 30;
    struct answer a;
    make_error(q, quote, n, &a);
    send_answer(r, &a);
}

/* A genuine error quoting only the request's 8-byte ICMP header, as RFC
 * 792 routers do: no probe, only identifier, sequence and destination. */
static void answer_error_header_only(struct responder *r, const struct request *q)
{
    uint8_t quote[MAX_PACKET];
    size_t n = build_quote(q, 0, q->icmp, ICMP_HEADER, quote);
    struct answer a;
    make_error(q, quote, n, &a);
    send_answer(r, &a);
}

/* The same probe, but garbage (0xff, 0x00, ...) where the zero padding
 * belongs. */
static void answer_garbage_padding(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    for (size_t i = PROBE_LEN; i < PAYLOAD_LEN && ICMP_HEADER + i < a.len; i++)
        payload(&a)[i] = i % 2 ? 0x00 : 0xff;
    send_answer(r, &a);
}

/* Garbage padding first, then the correct reply: the bad one must not
 * use up the packet, the good one must count. */
static void answer_garbage_then_correct(struct responder *r, const struct request *q)
{
    answer_garbage_padding(r, q);
    answer_correct(r, q);
}

/*
 * Runts: 4 bytes (the receiving kernel drops ICMP shorter than its 8-byte
 * header before any socket sees it, so this one only proves that) and the
 * 8-byte header alone, with the right identifier and sequence.  Then the
 * correct reply with 1400 bytes of filler after it, which the plugin
 * ignores by design: this host is alive.
 */
static void answer_runts_then_oversized(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    a.len = 4;
    send_answer(r, &a);
    a.len = ICMP_HEADER;
    send_answer(r, &a);
    make_reply(q, &a);
    memset(a.icmp + a.len, 0xa5, OVERSIZE_EXTRA);
    a.len += OVERSIZE_EXTRA;
    send_answer(r, &a);
}

static void answer_nothing(struct responder *r, const struct request *q)
{
    (void)r;
    (void)q;
}

/*
 * A valid probe and matching sequence number for the host listed just
 * before this one (host index - 1), sent from this target's own address:
 * only the source address gives it away.  packets is recovered from
 * seq = host * packets + packet.
 */
static void answer_as_previous_host(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    uint8_t *probe = payload(&a);
    uint32_t host = get32(probe + PROBE_HOST);
    uint16_t packet = get16(probe + PROBE_PACKET);
    uint16_t seq = get16(a.icmp + 6);
    if (host == 0 || (uint16_t)(seq - packet) % host != 0)
        return;
    uint32_t packets = (uint16_t)(seq - packet) / host;
    put32(probe + PROBE_HOST, host - 1);
    fix_probe_check(probe);
    put16(a.icmp + 6, (uint16_t)((host - 1) * packets + packet));
    send_answer(r, &a);
}

/* One payload byte flipped and the probe's check left as it was. */
static void answer_corrupted(struct responder *r, const struct request *q)
{
    struct answer a;
    make_reply(q, &a);
    payload(&a)[PROBE_HOST + 3] ^= 0x01;
    send_answer(r, &a);
}

struct behaviour {
    uint8_t first, last; /* last byte of the target address */
    const char *name;
    behaviour_fn *answer;
};

/* Keep in step with the table in README.md. */
static const struct behaviour behaviours[] = {
    {1, 9, "correct reply", answer_correct},
    {10, 10, "three identical replies", answer_three_times},
    {11, 11, "wrong identifier", answer_wrong_id},
    {12, 12, "wrong sequence number", answer_wrong_seq},
    {13, 13, "wrong cookie, probe check valid", answer_wrong_cookie},
    {14, 14, "bad ICMP checksum (IPv4 only)", answer_bad_checksum},
    {15, 15, "reply truncated to 12 bytes", answer_truncated},
    {16, 16, "reply from another address", answer_from_elsewhere},
    {17, 17, "reply after -l ms", answer_late},
    {18, 18, "unreachable quoting a stranger's request", answer_error_for_stranger},
    {19, 19, "unreachable quoting the request, IHL 15", answer_error_with_options},
    {20, 20, "unreachable, quoted header cut short", answer_error_lying},
    {21, 21, "garbage padding, then a correct reply", answer_garbage_then_correct},
    {22, 22, "runts of 4 and 8 bytes, then a reply + 1400 bytes", answer_runts_then_oversized},
    {23, 23, "silent", answer_nothing},
    {24, 24, "previous host's probe from this address", answer_as_previous_host},
    {25, 25, "payload byte flipped, probe check stale", answer_corrupted},
    {26, 26, "garbage padding only", answer_garbage_padding},
    {27, 27, "unreachable quoting only the ICMP header", answer_error_header_only},
};

static const struct behaviour *behaviour_for(const struct address *to)
{
    uint8_t last = to->bytes[to->family == AF_INET ? 3 : 15];
    for (size_t i = 0; i < sizeof(behaviours) / sizeof(behaviours[0]); i++)
        if (last >= behaviours[i].first && last <= behaviours[i].last)
            return &behaviours[i];
    return NULL; /* every other address is silent */
}

/*
 * Unsolicited echo replies from the target to the pinger, with the
 * request's identifier (so that a datagram socket receives them too): half
 * random bytes, half our probe with a random cookie whose check is valid.
 */
static void flood(struct responder *r, const struct request *q)
{
    for (unsigned i = 0; i < r->flood; i++) {
        struct answer a;
        make_reply(q, &a);
        put16(a.icmp + 6, (uint16_t)random_next(r));
        uint8_t *p = payload(&a);
        if (i % 2) {
            uint64_t cookie = random_next(r);
            memcpy(p, &cookie, sizeof(cookie));
            fix_probe_check(p);
        } else {
            a.len = ICMP_HEADER + 1 + random_next(r) % 64;
            for (size_t k = ICMP_HEADER; k < a.len; k++)
                a.icmp[k] = (uint8_t)random_next(r);
        }
        send_answer(r, &a);
    }
}

static void handle_request(struct responder *r, const struct request *q)
{
    r->requests++;
    const struct behaviour *b = behaviour_for(&q->to);
    char from[64], to[64];
    if (r->verbose) {
        inet_ntop(q->from.family, q->from.bytes, from, sizeof(from));
        inet_ntop(q->to.family, q->to.bytes, to, sizeof(to));
        fprintf(stderr, "responder: %s -> %s id %u seq %u: %s\n", from, to, get16(q->icmp + 4),
                get16(q->icmp + 6), b ? b->name : "silent (no behaviour)");
    }
    if (b)
        b->answer(r, q);
    flood(r, q);
}

/* ---------------------------------------------------------------- receiving */

/* IPv4: the raw socket hands us the IP header; keep it for quoting. */
static void receive4(struct responder *r)
{
    uint8_t pkt[MAX_PACKET];
    ssize_t n;
    while ((n = recv(r->rx4, pkt, sizeof(pkt), MSG_DONTWAIT)) > 0) {
        size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
        size_t total = get16(pkt + 2);
        if (n < IP4_HEADER + ICMP_HEADER || ihl != IP4_HEADER || total > (size_t)n ||
            total < ihl + ICMP_HEADER || pkt[ihl] != ICMP4_ECHO_REQUEST)
            continue; /* we only ever see the plugin's plain requests */
        struct request q = {.icmp = pkt + ihl, .len = total - ihl};
        q.from.family = q.to.family = AF_INET;
        memcpy(q.from.bytes, pkt + 12, 4);
        memcpy(q.to.bytes, pkt + 16, 4);
        memcpy(q.ip4_header, pkt, IP4_HEADER);
        if (q.len <= MAX_PACKET - OVERSIZE_EXTRA)
            handle_request(r, &q);
    }
}

/* IPv6: the target address comes from IPV6_PKTINFO. */
static bool request_target6(struct msghdr *m, struct address *to)
{
    for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        if (c->cmsg_level != IPPROTO_IPV6 || c->cmsg_type != IPV6_PKTINFO)
            continue;
        struct in6_pktinfo info;
        memcpy(&info, CMSG_DATA(c), sizeof(info));
        to->family = AF_INET6;
        memcpy(to->bytes, &info.ipi6_addr, 16);
        return true;
    }
    return false;
}

static void receive6(struct responder *r)
{
    for (;;) {
        uint8_t pkt[MAX_PACKET];
        struct sockaddr_in6 from;
        union {
            struct cmsghdr align;
            uint8_t bytes[256];
        } control;
        struct iovec iov = {.iov_base = pkt, .iov_len = sizeof(pkt)};
        struct msghdr m = {.msg_name = &from,
                           .msg_namelen = sizeof(from),
                           .msg_iov = &iov,
                           .msg_iovlen = 1,
                           .msg_control = control.bytes,
                           .msg_controllen = sizeof(control.bytes)};
        ssize_t n = recvmsg(r->icmp6, &m, MSG_DONTWAIT);
        if (n <= 0)
            return;
        struct request q = {.icmp = pkt, .len = (size_t)n};
        if (n < ICMP_HEADER || pkt[0] != ICMP6_REQUEST || !request_target6(&m, &q.to) ||
            q.len > MAX_PACKET - OVERSIZE_EXTRA)
            continue;
        q.from.family = AF_INET6;
        memcpy(q.from.bytes, &from.sin6_addr, 16);
        handle_request(r, &q);
    }
}

/* ---------------------------------------------------------------- setup */

_Noreturn static void die(const char *what)
{
    fprintf(stderr, "responder: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void open_sockets(struct responder *r)
{
    int on = 1;
    r->rx4 = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (r->rx4 < 0)
        die("raw ICMP socket");
    uint32_t blocked = ~(1u << ICMP4_ECHO_REQUEST);
    if (setsockopt(r->rx4, SOL_RAW, ICMP4_FILTER, &blocked, sizeof(blocked)) < 0)
        die("ICMP_FILTER");
    r->tx4 = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
    if (r->tx4 < 0)
        die("IPPROTO_RAW socket");
    r->icmp6 = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
    if (r->icmp6 < 0)
        die("raw ICMPv6 socket");
    struct icmp6_filter filter;
    ICMP6_FILTER_SETBLOCKALL(&filter);
    ICMP6_FILTER_SETPASS(ICMP6_REQUEST, &filter);
    if (setsockopt(r->icmp6, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter)) < 0)
        die("ICMP6_FILTER");
    if (setsockopt(r->icmp6, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) < 0)
        die("IPV6_RECVPKTINFO");
    /* Our IPv6 targets are a local route, not addresses: sending from
     * them needs freebind. */
    if (setsockopt(r->icmp6, IPPROTO_IPV6, IPV6_FREEBIND, &on, sizeof(on)) < 0)
        die("IPV6_FREEBIND");
}

static int open_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
        die("sigprocmask");
    int fd = signalfd(-1, &set, SFD_CLOEXEC);
    if (fd < 0)
        die("signalfd");
    return fd;
}

static unsigned long number(const char *arg, unsigned long max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (errno || end == arg || *end || v > max) {
        fprintf(stderr, "responder: '%s' is not a number from 0 to %lu\n", arg, max);
        exit(2);
    }
    return v;
}

static void parse_args(int argc, char **argv, struct responder *r)
{
    int c;
    r->late_ms = 600;
    while ((c = getopt(argc, argv, "l:F:v")) != -1) {
        switch (c) {
        case 'l':
            r->late_ms = (uint32_t)number(optarg, 60000);
            break;
        case 'F':
            r->flood = (unsigned)number(optarg, 10000);
            break;
        case 'v':
            r->verbose = true;
            break;
        default:
            fprintf(stderr, "usage: responder [-l LATE_MS] [-F FLOOD] [-v]\n");
            exit(2);
        }
    }
}

/* The loop: answer requests, send late replies when due, stop on a signal. */
static void serve(struct responder *r)
{
    struct pollfd fds[3] = {{.fd = r->rx4, .events = POLLIN},
                            {.fd = r->icmp6, .events = POLLIN},
                            {.fd = r->signals, .events = POLLIN}};
    for (;;) {
        int timeout = send_due(r);
        if (poll(fds, 3, timeout) < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        if (fds[2].revents)
            return;
        if (fds[0].revents)
            receive4(r);
        if (fds[1].revents)
            receive6(r);
    }
}

int main(int argc, char **argv)
{
    static struct responder r; /* the late queue is large: keep it off the stack */
    parse_args(argc, argv, &r);
    if (getrandom(&r.rng, sizeof(r.rng), 0) != (ssize_t)sizeof(r.rng) || r.rng == 0)
        r.rng = now_ns() | 1;
    r.signals = open_signals();
    open_sockets(&r);
    printf("ready\n");
    fflush(stdout);
    serve(&r);
    fprintf(stderr,
            "responder: %lu requests, %lu packets sent, %lu send errors, %lu late replies "
            "dropped, %zu still queued\n",
            r.requests, r.sent, r.send_errors, r.dropped_late, r.queued);
    return 0;
}
