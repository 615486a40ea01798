/*
 * icmp.h - echo requests we build, and everything we may read back: echo
 * replies, ICMP errors that quote one of our requests, and our own request
 * handed back on a datagram socket's error queue.  Pure and fuzzable: bytes
 * in, a struct out, no sockets, no clocks, no host table.
 *
 * Why the payload carries a probe: with 65,536 hosts x 2 packets in flight
 * the 16-bit ICMP sequence number wraps within one timeout window, and a raw
 * socket sees every ICMP packet on the machine (other pingers, other
 * instances of this plugin).  So each request carries (run cookie, host
 * index, packet number); the ICMP identifier and sequence are checked
 * against it, never trusted alone.  Send times are NOT in the payload: a
 * responder can echo anything, so round-trip times come only from our own
 * record of when we sent (cf. iputils CVE-2025-47268).
 *
 * Parsers never read outside [pkt, pkt + len), whatever lengths the packet
 * claims (cf. FreeBSD ping CVE-2022-23093: a quoted IPv4 header with options).
 */
#ifndef MULTIPING_ICMP_H
#define MULTIPING_ICMP_H

#include "ipaddr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ICMP_HEADER_LEN 8
#define ICMP_PROBE_LEN 16   /* cookie 8, host 4, packet 2, check 2 */
#define ICMP_PAYLOAD_LEN 24 /* probe, then zero padding */
#define ICMP_ECHO_LEN (ICMP_HEADER_LEN + ICMP_PAYLOAD_LEN)
/* --size limits: the probe must fit; a datagram is at most 65535 bytes,
 * less the IPv4 header (20) or nothing (IPv6's payload length excludes its
 * header), less the ICMP header (8). */
#define ICMP_MIN_PAYLOAD ICMP_PROBE_LEN
#define ICMP_MAX_PAYLOAD_V4 65507u
#define ICMP_MAX_PAYLOAD_V6 65527u

/* What one echo request carries in its payload (network byte order there). */
struct icmp_probe {
    uint64_t cookie; /* random per run */
    uint32_t host;   /* index in the host table */
    uint16_t packet; /* 0 .. packets-1 */
};

/*
 * Build an echo request (ICMP type 8 for AF_INET, ICMPv6 type 128 for
 * AF_INET6) into buf.  The IPv4 checksum is computed; the ICMPv6 checksum is
 * left 0 for the kernel (it always fills it for ICMPv6 sockets).  Returns
 * ICMP_ECHO_LEN, or 0 if len is too small.  The probe's "check" field is a
 * 16-bit checksum of cookie/host/packet so a mangled payload is rejected.
 */
size_t icmp_build_echo(int family, uint16_t id, uint16_t seq, const struct icmp_probe *probe,
                       uint8_t *buf, size_t len);
/* The same with payload_len payload bytes (--size; ICMP_MIN_PAYLOAD up to
 * ICMP_MAX_PAYLOAD_V6): the probe, then zeros.  Returns ICMP_HEADER_LEN +
 * payload_len, or 0 if len is too small or payload_len out of range. */
size_t icmp_build_echo_sized(int family, uint16_t id, uint16_t seq, const struct icmp_probe *probe,
                             size_t payload_len, uint8_t *buf, size_t len);

enum icmp_kind {
    ICMP_IGNORE = 0, /* not ours to look at: other types, malformed, no probe */
    ICMP_REPLY,      /* an echo reply carrying a well-formed probe */
    ICMP_ERROR,      /* an ICMP error quoting one of our echo requests */
};

struct icmp_packet {
    enum icmp_kind kind;
    uint16_t id;
    uint16_t seq;
    /* false only for an ICMP_ERROR whose quote stops before the probe (a
     * router that quoted just the 8-byte ICMP header, as RFC 792 allows):
     * then only id, seq and quoted_dst identify the request. */
    bool has_probe;
    struct icmp_probe probe;
    uint8_t type; /* ICMP_ERROR: the error's type and code */
    uint8_t code;
    /* With a probe: payload bytes present, and how many of them from the
     * start are what we send (the probe, then zeros).  A reply answers a
     * request of --size bytes only if both reach that size (receiver.c). */
    uint32_t payload_len;
    uint32_t intact_len;
    uint32_t mtu; /* ICMP_ERROR "fragmentation needed" / "packet too big": the
                     MTU the router reported (0 if it did not) */
    /* ICMP_ERROR from a raw socket: the quoted packet's destination, which
     * must be the host the probe names.  family 0 when not available. */
    struct ipaddr quoted_dst;
};

/*
 * IPv4.  ip_header: the buffer starts with an IPv4 header (raw sockets);
 * false for datagram sockets, where it starts at the ICMP header.  Raw IPv4
 * packets have their ICMP checksum verified (the kernel hands raw sockets
 * packets before checking it); a bad checksum gives ICMP_IGNORE.  Errors
 * recognised: destination unreachable (3), time exceeded (11), parameter
 * problem (12), source quench (4) and redirect (5) are ignored.  For
 * "fragmentation needed" (3/4) the next-hop MTU is in mtu.
 */
enum icmp_kind icmp_parse_v4(const uint8_t *pkt, size_t len, bool ip_header,
                             struct icmp_packet *out);

/*
 * ICMPv6 (raw and datagram sockets both start at the ICMPv6 header; the
 * kernel has verified the checksum).  Errors recognised: destination
 * unreachable (1), packet too big (2, its MTU in mtu: our requests cannot
 * pass, which with --dont-fragment is the answer), time exceeded (3);
 * parameter problem (4) is ignored.  A quoted packet whose next header is not
 * ICMPv6 (extension headers) is ignored.
 */
enum icmp_kind icmp_parse_v6(const uint8_t *pkt, size_t len, struct icmp_packet *out);

/*
 * Our own echo request as a datagram socket returns it from MSG_ERRQUEUE
 * (IP_RECVERR/IPV6_RECVERR): parse the probe out of it.  The error's type
 * and code come from the sock_extended_err, not from these bytes; the
 * caller fills them.  Returns ICMP_ERROR or ICMP_IGNORE.
 */
enum icmp_kind icmp_parse_own_request(int family, const uint8_t *pkt, size_t len,
                                      struct icmp_packet *out);

/* The seq we put on packet `packet` of host `host` with `packets` per host. */
static inline uint16_t icmp_seq_for(uint32_t host, uint16_t packet, uint16_t packets)
{
    return (uint16_t)((uint64_t)host * packets + packet);
}

/* Human text for an ICMP error, e.g. "host unreachable" (never NULL). */
const char *icmp_error_text(int family, uint8_t type, uint8_t code);

/*
 * As icmp_error_text, but a type/code pair without a name is spelled out,
 * "ICMP type 3 code 99" ("ICMPv6 ..." for AF_INET6), in buf (at least 32
 * bytes is enough).  Returns buf or a static string (never NULL).
 */
const char *icmp_error_describe(int family, uint8_t type, uint8_t code, char *buf, size_t len);

#endif
