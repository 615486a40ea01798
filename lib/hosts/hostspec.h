/*
 * hostspec.h - one host token as the user wrote it, parsed into what it
 * denotes.  Fuzzable: no allocation, no resolver, and no I/O but one: a
 * scoped IPv6 literal asks the kernel whether its interface exists.
 *
 *   192.0.2.7  2001:db8::7            a literal address (HOSTSPEC_ADDRESS)
 *   fe80::1%eth0  fe80::1%2           a scoped IPv6 literal (HOSTSPEC_ADDRESS)
 *   web1.example.org                  a name to resolve  (HOSTSPEC_NAME)
 *   192.0.2.0/28  2001:db8::/120      a CIDR block       (HOSTSPEC_BLOCK)
 *   192.0.2.60-69                     last-octet range   (HOSTSPEC_BLOCK)
 *   192.0.2.250-192.0.3.10            full range, v4 or v6 (HOSTSPEC_BLOCK)
 *
 * A block is always first..last inclusive, count addresses; the CIDR rules
 * are applied here: for IPv4 prefixes shorter than /31 the network and
 * broadcast addresses are excluded (as fping -g does); for IPv6 prefixes
 * shorter than /127 the subnet-router anycast address (host part all zero)
 * is excluded.  count saturates at UINT64_MAX, so a caller can compare it
 * with --max-hosts before allocating anything.
 *
 * A token made only of digits and dots must be a valid dotted quad: it is
 * never handed to the resolver (inet_aton would read "10.1" as 10.0.0.1).
 */
#ifndef MULTIPING_HOSTSPEC_H
#define MULTIPING_HOSTSPEC_H

#include "ipaddr.h"

#include <stddef.h>
#include <stdint.h>

#define HOSTSPEC_NAME_MAX 253

enum hostspec_kind {
    HOSTSPEC_ADDRESS,
    HOSTSPEC_NAME,
    HOSTSPEC_BLOCK,
};

struct hostspec {
    enum hostspec_kind kind;
    struct ipaddr first; /* ADDRESS and BLOCK */
    struct ipaddr last;  /* BLOCK; equals first for ADDRESS */
    uint64_t count;      /* addresses denoted; 1 for ADDRESS and NAME */
};

/*
 * Parse token (NUL-terminated, already trimmed).  family is AF_UNSPEC,
 * AF_INET (-4) or AF_INET6 (-6): a literal or block of the other family is
 * an error.  Returns 0, or -1 with a message in err that quotes the token
 * and says what is wrong, e.g. "'192.0.2.300' is not a valid IPv4 address".
 */
int hostspec_parse(const char *token, int family, struct hostspec *out, char *err, size_t errlen);

#endif
