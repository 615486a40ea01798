/*
 * icmp.c - builds our echo requests and recognises what comes back (see
 * icmp.h for why the payload carries a probe).
 *
 * Everything arriving here is hostile until proven otherwise: a raw socket
 * sees every ICMP packet on the machine, and an error message quotes a
 * packet whose lengths were chosen by whoever sent it.  So every field is
 * read with an explicit offset after checking that offset against the bytes
 * actually present (never against a length the packet claims), and nothing
 * is ever cast to a struct: the buffers may be unaligned, and struct layouts
 * would hide the bounds we must see.  The system headers are used for
 * constants only.
 *
 * A packet is recognised only when its probe is intact (a 16-bit internet
 * checksum over cookie/host/packet, zero padding): ICMP id/seq alone cannot
 * tell our packets from another pinger's, nor a wrapped sequence number
 * from a fresh one.
 */
#include "icmp.h"

#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <string.h>

/* Byte offsets: IPv4 header (RFC 791), IPv6 header (RFC 8200), ICMP echo
 * and error headers (RFC 792, RFC 4443), and our probe (icmp.h). */
enum {
    IP4_MIN_LEN = 20,
    IP4_TOTAL_LEN = 2,
    IP4_FRAG = 6,
    IP4_PROTOCOL = 9,
    IP4_DST = 16,
    IP6_LEN = 40,
    IP6_NEXT_HEADER = 6,
    IP6_DST = 24,
    ICMP_TYPE = 0,
    ICMP_CODE = 1,
    ICMP_CHECKSUM = 2,
    ICMP_ID = 4,
    ICMP_SEQ = 6,
    ICMP_NEXT_HOP_MTU = 6, /* "fragmentation needed" (RFC 1191) */
    PROBE_COOKIE = 0,
    PROBE_HOST = 8,
    PROBE_PACKET = 12,
    PROBE_CHECK = 14,
    PROBE_CHECKED_LEN = 14, /* the bytes the check covers */
};

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)get16(p) << 16 | get16(p + 2);
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) << 32 | get32(p + 4);
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

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)(v >> 32));
    put32(p + 4, (uint32_t)v);
}

/* RFC 1071 internet checksum; 0 when run over data that includes a valid
 * checksum field. */
static uint16_t inet_checksum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    size_t i;
    for (i = 0; i + 1 < n; i += 2)
        sum += get16(p + i);
    if (n % 2)
        sum += (uint32_t)p[n - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void probe_encode(const struct icmp_probe *probe, uint8_t *payload, size_t payload_len)
{
    memset(payload, 0, payload_len);
    put64(payload + PROBE_COOKIE, probe->cookie);
    put32(payload + PROBE_HOST, probe->host);
    put16(payload + PROBE_PACKET, probe->packet);
    put16(payload + PROBE_CHECK, inet_checksum(payload, PROBE_CHECKED_LEN));
}

/* The probe's fields, if its check matches (the padding is judged by
 * the callers: intact_prefix). */
static bool probe_decode(const uint8_t *payload, size_t avail, struct icmp_probe *out)
{
    if (avail < ICMP_PROBE_LEN)
        return false;
    if (get16(payload + PROBE_CHECK) != inet_checksum(payload, PROBE_CHECKED_LEN))
        return false;
    out->cookie = get64(payload + PROBE_COOKIE);
    out->host = get32(payload + PROBE_HOST);
    out->packet = get16(payload + PROBE_PACKET);
    return true;
}

/* How many payload bytes from the start are what we send: the probe, then
 * zeros up to the first byte that is not. */
static size_t intact_prefix(const uint8_t *payload, size_t avail)
{
    size_t i = ICMP_PROBE_LEN;
    while (i < avail && payload[i] == 0)
        i++;
    return i;
}

size_t icmp_build_echo_sized(int family, uint16_t id, uint16_t seq, const struct icmp_probe *probe,
                             size_t payload_len, uint8_t *buf, size_t len)
{
    size_t total = ICMP_HEADER_LEN + payload_len;
    if (payload_len < ICMP_MIN_PAYLOAD || payload_len > ICMP_MAX_PAYLOAD_V6 || len < total ||
        (family != AF_INET && family != AF_INET6))
        return 0;
    memset(buf, 0, ICMP_HEADER_LEN);
    buf[ICMP_TYPE] = family == AF_INET ? ICMP_ECHO : ICMP6_ECHO_REQUEST;
    put16(buf + ICMP_ID, id);
    put16(buf + ICMP_SEQ, seq);
    probe_encode(probe, buf + ICMP_HEADER_LEN, payload_len);
    if (family == AF_INET)
        put16(buf + ICMP_CHECKSUM, inet_checksum(buf, total));
    return total;
}

size_t icmp_build_echo(int family, uint16_t id, uint16_t seq, const struct icmp_probe *probe,
                       uint8_t *buf, size_t len)
{
    return icmp_build_echo_sized(family, id, seq, probe, ICMP_PAYLOAD_LEN, buf, len);
}

/*
 * An echo message (reply, or a request we sent) of the given type with a
 * probe in at least its first ICMP_PROBE_LEN payload bytes.  Callers decide
 * how much more must be present.
 */
static bool parse_echo_header(const uint8_t *icmp, size_t len, uint8_t type, struct icmp_packet *p)
{
    if (len < ICMP_HEADER_LEN)
        return false;
    if (icmp[ICMP_TYPE] != type || icmp[ICMP_CODE] != 0)
        return false;
    p->id = get16(icmp + ICMP_ID);
    p->seq = get16(icmp + ICMP_SEQ);
    return true;
}

static bool parse_echo(const uint8_t *icmp, size_t len, uint8_t type, struct icmp_packet *p)
{
    if (!parse_echo_header(icmp, len, type, p))
        return false;
    const uint8_t *payload = icmp + ICMP_HEADER_LEN;
    size_t avail = len - ICMP_HEADER_LEN;
    p->has_probe = probe_decode(payload, avail, &p->probe);
    if (p->has_probe) {
        p->payload_len = (uint32_t)avail;
        p->intact_len = (uint32_t)intact_prefix(payload, avail);
    }
    return p->has_probe;
}

/*
 * A request quoted by an error: RFC 792 routers keep only the ICMP header
 * (8 bytes), RFC 1812 ones much more.  With fewer bytes than a probe, the
 * quote is accepted without one (has_probe false; the caller matches it by
 * identifier, sequence and destination); with a probe's worth, the probe
 * must be intact and every quoted padding byte zero, as we sent it, or the
 * quote is someone else's packet.
 */
static bool parse_quoted_request(const uint8_t *icmp, size_t len, uint8_t type,
                                 struct icmp_packet *p)
{
    if (!parse_echo_header(icmp, len, type, p))
        return false;
    if (len - ICMP_HEADER_LEN < ICMP_PROBE_LEN)
        return true;
    return parse_echo(icmp, len, type, p) && p->intact_len == p->payload_len;
}

/* Replies must be whole: a responder that truncates or garbles what we
 * sent is not answering us; filler after it is ignored.  Only the receiver
 * knows the size sent (--size): it compares payload_len and intact_len. */
static enum icmp_kind parse_reply(const uint8_t *icmp, size_t len, uint8_t type,
                                  struct icmp_packet *p)
{
    if (len < ICMP_HEADER_LEN + ICMP_MIN_PAYLOAD || !parse_echo(icmp, len, type, p))
        return ICMP_IGNORE;
    return ICMP_REPLY;
}

/* The out-parameter is all zero unless the packet was recognised. */
static enum icmp_kind finish(enum icmp_kind kind, struct icmp_packet *p, struct icmp_packet *out)
{
    if (kind == ICMP_IGNORE)
        memset(p, 0, sizeof(*p));
    p->kind = kind;
    *out = *p;
    return kind;
}

/*
 * Header length of an IPv4 header that starts at ip, or 0 if it is not an
 * ICMP-carrying IPv4 header whose options fit in len.
 */
static size_t ip4_icmp_header_len(const uint8_t *ip, size_t len)
{
    if (len < IP4_MIN_LEN || ip[0] >> 4 != IPVERSION || ip[IP4_PROTOCOL] != IPPROTO_ICMP)
        return 0;
    size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
    if (ihl < IP4_MIN_LEN || ihl > len)
        return 0;
    return ihl;
}

/*
 * The body of an IPv4 error: the IPv4 header of one of our requests, its
 * ICMP header and at least the probe.  The quoted total length describes
 * the original packet, not the quote, so it is not used.
 */
static enum icmp_kind parse_v4_error(const uint8_t *icmp, size_t len, struct icmp_packet *p)
{
    const uint8_t *quoted = icmp + ICMP_HEADER_LEN;
    size_t quoted_len = len - ICMP_HEADER_LEN;
    size_t ihl = ip4_icmp_header_len(quoted, quoted_len);
    if (ihl == 0)
        return ICMP_IGNORE;
    /* A later fragment carries no ICMP header; ours are never fragmented. */
    if ((get16(quoted + IP4_FRAG) & IP_OFFMASK) != 0)
        return ICMP_IGNORE;
    if (!parse_quoted_request(quoted + ihl, quoted_len - ihl, ICMP_ECHO, p))
        return ICMP_IGNORE;
    p->type = icmp[ICMP_TYPE];
    p->code = icmp[ICMP_CODE];
    if (p->type == ICMP_DEST_UNREACH && p->code == ICMP_FRAG_NEEDED)
        p->mtu = get16(icmp + ICMP_NEXT_HOP_MTU); /* RFC 1191 */
    p->quoted_dst.family = AF_INET;
    memcpy(p->quoted_dst.bytes, quoted + IP4_DST, 4);
    return ICMP_ERROR;
}

static enum icmp_kind classify_v4(const uint8_t *icmp, size_t len, bool errors_allowed,
                                  struct icmp_packet *p)
{
    if (len < ICMP_HEADER_LEN)
        return ICMP_IGNORE;
    switch (icmp[ICMP_TYPE]) {
    case ICMP_ECHOREPLY:
        return parse_reply(icmp, len, ICMP_ECHOREPLY, p);
    case ICMP_DEST_UNREACH:
    case ICMP_TIME_EXCEEDED:
    case ICMP_PARAMETERPROB:
        return errors_allowed ? parse_v4_error(icmp, len, p) : ICMP_IGNORE;
    default:
        return ICMP_IGNORE;
    }
}

/*
 * Only the bytes the IP header says are the packet count, and the ICMP
 * checksum covers all of them: the kernel hands raw sockets packets before
 * checking it.
 */
static enum icmp_kind parse_v4_raw(const uint8_t *pkt, size_t len, struct icmp_packet *p)
{
    size_t ihl = ip4_icmp_header_len(pkt, len);
    if (ihl == 0)
        return ICMP_IGNORE;
    size_t total = get16(pkt + IP4_TOTAL_LEN);
    if (total > len || total < ihl)
        return ICMP_IGNORE;
    if (inet_checksum(pkt + ihl, total - ihl) != 0)
        return ICMP_IGNORE;
    return classify_v4(pkt + ihl, total - ihl, true, p);
}

/* On a datagram socket errors arrive on the error queue, never here. */
enum icmp_kind icmp_parse_v4(const uint8_t *pkt, size_t len, bool ip_header,
                             struct icmp_packet *out)
{
    struct icmp_packet p = {0};
    enum icmp_kind kind = ip_header ? parse_v4_raw(pkt, len, &p) : classify_v4(pkt, len, false, &p);
    return finish(kind, &p, out);
}

/* Extension headers in the quote are not walked: we never send any. */
static enum icmp_kind parse_v6_error(const uint8_t *icmp, size_t len, struct icmp_packet *p)
{
    const uint8_t *quoted = icmp + ICMP_HEADER_LEN;
    size_t quoted_len = len - ICMP_HEADER_LEN;
    if (quoted_len < IP6_LEN || quoted[0] >> 4 != 6 || quoted[IP6_NEXT_HEADER] != IPPROTO_ICMPV6)
        return ICMP_IGNORE;
    if (!parse_quoted_request(quoted + IP6_LEN, quoted_len - IP6_LEN, ICMP6_ECHO_REQUEST, p))
        return ICMP_IGNORE;
    p->type = icmp[ICMP_TYPE];
    p->code = icmp[ICMP_CODE];
    if (p->type == ICMP6_PACKET_TOO_BIG)
        p->mtu = get32(icmp + ICMP_ID); /* RFC 4443 3.2: the MTU where id/seq would be */
    p->quoted_dst.family = AF_INET6;
    memcpy(p->quoted_dst.bytes, quoted + IP6_DST, 16);
    return ICMP_ERROR;
}

static enum icmp_kind classify_v6(const uint8_t *icmp, size_t len, struct icmp_packet *p)
{
    if (len < ICMP_HEADER_LEN)
        return ICMP_IGNORE;
    switch (icmp[ICMP_TYPE]) {
    case ICMP6_ECHO_REPLY:
        return parse_reply(icmp, len, ICMP6_ECHO_REPLY, p);
    case ICMP6_DST_UNREACH:
    case ICMP6_PACKET_TOO_BIG:
    case ICMP6_TIME_EXCEEDED:
        return parse_v6_error(icmp, len, p);
    default:
        return ICMP_IGNORE;
    }
}

enum icmp_kind icmp_parse_v6(const uint8_t *pkt, size_t len, struct icmp_packet *out)
{
    struct icmp_packet p = {0};
    return finish(classify_v6(pkt, len, &p), &p, out);
}

/*
 * The error queue hands back what the ICMP error quoted after the IP
 * header, so a router that quoted little leaves us little: like a quoted
 * request, only the probe itself is required.
 */
enum icmp_kind icmp_parse_own_request(int family, const uint8_t *pkt, size_t len,
                                      struct icmp_packet *out)
{
    struct icmp_packet p = {0};
    enum icmp_kind kind = ICMP_IGNORE;
    if (family == AF_INET && parse_quoted_request(pkt, len, ICMP_ECHO, &p))
        kind = ICMP_ERROR;
    else if (family == AF_INET6 && parse_quoted_request(pkt, len, ICMP6_ECHO_REQUEST, &p))
        kind = ICMP_ERROR;
    return finish(kind, &p, out);
}

enum { ANY_CODE = -1 };

struct error_name {
    uint8_t type;
    int code; /* ANY_CODE matches every code of the type */
    const char *text;
};

static const struct error_name v4_error_names[] = {
    {ICMP_DEST_UNREACH, ICMP_NET_UNREACH, "network unreachable"},
    {ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, "host unreachable"},
    {ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, "protocol unreachable"},
    {ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, "port unreachable"},
    {ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, "fragmentation needed"},
    {ICMP_DEST_UNREACH, ICMP_SR_FAILED, "source route failed"},
    {ICMP_DEST_UNREACH, ICMP_NET_UNKNOWN, "destination network unknown"},
    {ICMP_DEST_UNREACH, ICMP_HOST_UNKNOWN, "destination host unknown"},
    {ICMP_DEST_UNREACH, ICMP_HOST_ISOLATED, "source host isolated"},
    {ICMP_DEST_UNREACH, ICMP_NET_ANO, "network administratively prohibited"},
    {ICMP_DEST_UNREACH, ICMP_HOST_ANO, "host administratively prohibited"},
    {ICMP_DEST_UNREACH, ICMP_NET_UNR_TOS, "network unreachable for TOS"},
    {ICMP_DEST_UNREACH, ICMP_HOST_UNR_TOS, "host unreachable for TOS"},
    {ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, "administratively prohibited"},
    {ICMP_DEST_UNREACH, ICMP_PREC_VIOLATION, "host precedence violation"},
    {ICMP_DEST_UNREACH, ICMP_PREC_CUTOFF, "precedence cutoff in effect"},
    {ICMP_SOURCE_QUENCH, ANY_CODE, "source quench"},
    {ICMP_REDIRECT, ANY_CODE, "redirect"},
    {ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, "TTL exceeded in transit"},
    {ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, "fragment reassembly time exceeded"},
    {ICMP_PARAMETERPROB, ANY_CODE, "parameter problem"},
};

/* Codes 5 and 6 (RFC 4443) have no name in glibc's <netinet/icmp6.h>. */
static const struct error_name v6_error_names[] = {
    {ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_NOROUTE, "no route to destination"},
    {ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_ADMIN, "administratively prohibited"},
    {ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_BEYONDSCOPE, "beyond scope of source address"},
    {ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_ADDR, "address unreachable"},
    {ICMP6_DST_UNREACH, ICMP6_DST_UNREACH_NOPORT, "port unreachable"},
    {ICMP6_DST_UNREACH, 5, "source address failed ingress/egress policy"},
    {ICMP6_DST_UNREACH, 6, "reject route to destination"},
    {ICMP6_PACKET_TOO_BIG, ANY_CODE, "packet too big"},
    {ICMP6_TIME_EXCEEDED, ICMP6_TIME_EXCEED_TRANSIT, "hop limit exceeded in transit"},
    {ICMP6_TIME_EXCEEDED, ICMP6_TIME_EXCEED_REASSEMBLY, "fragment reassembly time exceeded"},
    {ICMP6_PARAM_PROB, ANY_CODE, "parameter problem"},
};

static const char *lookup_error(const struct error_name *names, size_t n, uint8_t type,
                                uint8_t code)
{
    for (size_t i = 0; i < n; i++)
        if (names[i].type == type && (names[i].code == ANY_CODE || names[i].code == code))
            return names[i].text;
    return NULL;
}

static const char *known_error_text(int family, uint8_t type, uint8_t code)
{
    if (family == AF_INET6)
        return lookup_error(v6_error_names, sizeof(v6_error_names) / sizeof(v6_error_names[0]),
                            type, code);
    return lookup_error(v4_error_names, sizeof(v4_error_names) / sizeof(v4_error_names[0]), type,
                        code);
}

const char *icmp_error_text(int family, uint8_t type, uint8_t code)
{
    const char *text = known_error_text(family, type, code);
    if (text)
        return text;
    return family == AF_INET6 ? "ICMPv6 error" : "ICMP error";
}

const char *icmp_error_describe(int family, uint8_t type, uint8_t code, char *buf, size_t len)
{
    const char *text = known_error_text(family, type, code);
    if (text || len == 0)
        return icmp_error_text(family, type, code);
    snprintf(buf, len, "%s type %u code %u", family == AF_INET6 ? "ICMPv6" : "ICMP", type, code);
    return buf;
}
