/*
 * ipaddr.h - one IPv4 or IPv6 address as a small value type.
 *
 * struct sockaddr_storage is 128 bytes; the host table holds up to
 * --max-hosts (1,048,576) of these, so an address is kept as its family, its
 * 4 or 16 network-order bytes (IPv4 in bytes[0..3], the rest zero) and, for
 * a scoped IPv6 address (fe80::1%eth0), the interface index it is scoped to.
 * 24 bytes, no implicit padding: every byte not in use is zero, so memcmp()
 * on the whole struct is a valid equality test (fe80::1%eth0 and
 * fe80::1%eth1 are two different addresses, as they are to the kernel).
 */
#ifndef MULTIPING_IPADDR_H
#define MULTIPING_IPADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Longest text form: INET6_ADDRSTRLEN (46, without pulling in
 * <netinet/in.h>), then '%' and an interface name (IF_NAMESIZE 16). */
#define IPADDR_STRLEN (46 + 1 + 16)

struct ipaddr {
    uint8_t family; /* AF_INET or AF_INET6; 0 = no address yet */
    uint8_t bytes[16];
    uint8_t reserved[3]; /* always zero (memcmp equality) */
    uint32_t scope_id;   /* IPv6 interface index (sin6_scope_id); 0 = none */
};
_Static_assert(sizeof(struct ipaddr) == 24, "struct ipaddr has no implicit padding");

/* Parse a literal without a scope; false (and *out untouched) if text is
 * not one. */
bool ipaddr_parse(const char *text, struct ipaddr *out);

enum ipaddr_scoped_result {
    IPADDR_SCOPED_OK = 0,
    IPADDR_SCOPED_NOT_ADDRESS,   /* the part before '%' is not an IPv6 literal */
    IPADDR_SCOPED_UNKNOWN_SCOPE, /* no interface of that name or index */
    IPADDR_SCOPED_NOT_IPV6,      /* a scope on an IPv4 address */
};
/*
 * Parse "ADDR%SCOPE" (SCOPE an interface name or index, as getaddrinfo and
 * ping accept them).  Asks the kernel for the interface, so it is not pure.
 * *out is written only on IPADDR_SCOPED_OK.
 */
enum ipaddr_scoped_result ipaddr_parse_scoped(const char *text, struct ipaddr *out);
/* Text form into buf (at least IPADDR_STRLEN bytes); a scope is written as
 * %IFNAME, else %INDEX; returns buf. */
const char *ipaddr_format(const struct ipaddr *a, char *buf, size_t len);
bool ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b);
/* Number of address bytes for the family: 4 or 16. */
size_t ipaddr_len(const struct ipaddr *a);
/* Fill a sockaddr_in/_in6; returns its length. */
socklen_t ipaddr_to_sockaddr(const struct ipaddr *a, struct sockaddr_storage *ss);
/* From a sockaddr_in/_in6; false for any other family. */
bool ipaddr_from_sockaddr(const struct sockaddr *sa, struct ipaddr *out);
/* a += 1 (big-endian over the family's bytes); false on wrap-around. */
bool ipaddr_increment(struct ipaddr *a);
/* b - a as an unsigned count, saturating at UINT64_MAX; a <= b required. */
uint64_t ipaddr_distance(const struct ipaddr *a, const struct ipaddr *b);
/* memcmp-order comparison of two addresses of the same family. */
int ipaddr_compare(const struct ipaddr *a, const struct ipaddr *b);

#endif
