/*
 * hostspec.c - one host token turned into what it denotes (see hostspec.h).
 *
 * The order of the checks is the grammar: a '%' makes a scoped IPv6
 * literal (interface names may contain '-'); a '/' makes a CIDR block; a '-'
 * after something address-like makes a range; then a literal; and only a
 * token that cannot be meant as an address is checked as a host name.
 * Anything that looks numeric but is not a proper literal is refused here,
 * because the resolver would read it through inet_aton(3) ("10.1" is
 * 10.0.0.1, "0x7f.1" is 127.0.0.1) and ping something the user never named.
 *
 * Block arithmetic works on the address bytes (struct ipaddr), never on a
 * 128-bit integer, and the count saturates, so an IPv6 /0 is just a very
 * large count for the caller to refuse against --max-hosts.
 */
#include "hostspec.h"

#include "excerpt.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define LABEL_MAX 63

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool has_space(const char *s)
{
    for (; *s; s++) {
        if (is_space(*s))
            return true;
    }
    return false;
}

static bool only_chars(const char *s, const char *set)
{
    return s[strspn(s, set)] == '\0';
}

/* Only digits and dots, at least one digit: meant as an IPv4 address. */
static bool is_numeric(const char *s)
{
    return only_chars(s, "0123456789.") && strpbrk(s, "0123456789");
}

static const char *family_name(int family)
{
    return family == AF_INET6 ? "IPv6" : "IPv4";
}

static int check_family(const char *token, const struct ipaddr *a, int family, const char *what,
                        char *err, size_t errlen)
{
    if (family == AF_UNSPEC || family == a->family)
        return 0;
    return excerpt_error(err, errlen, token, " ", "is an %s %s, but %s was given",
                         family_name(a->family), what, family == AF_INET ? "-4" : "-6");
}

/* Parse the n bytes at text as a literal (text need not be terminated there). */
static bool parse_prefix_part(const char *text, size_t n, struct ipaddr *out)
{
    char buf[IPADDR_STRLEN];
    if (n == 0 || n >= sizeof(buf))
        return false;
    memcpy(buf, text, n);
    buf[n] = '\0';
    return ipaddr_parse(buf, out);
}

/*
 * A prefix length or a last octet: 1 to 3 decimal digits, no sign and no
 * leading zero, the same canonical form inet_pton(3) demands of an octet.
 */
static bool parse_small_decimal(const char *text, unsigned *out)
{
    size_t n = strlen(text);
    if (n == 0 || n > 3 || !only_chars(text, "0123456789") || (n > 1 && text[0] == '0'))
        return false;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(text[i] - '0');
    *out = v;
    return true;
}

static void set_block(struct hostspec *out, const struct ipaddr *first, const struct ipaddr *last)
{
    uint64_t d = ipaddr_distance(first, last);
    out->kind = HOSTSPEC_BLOCK;
    out->first = *first;
    out->last = *last;
    out->count = d == UINT64_MAX ? UINT64_MAX : d + 1;
}

/*
 * first/last of the network, minus the addresses nobody should be pinged
 * at: network and broadcast for IPv4 below /31 (RFC 3021 makes both
 * addresses of a /31 hosts), the subnet-router anycast address for IPv6
 * below /127 (RFC 6164 likewise).  With at least two host bits the host
 * part of first is all zero and of last all one, so the +1/-1 never carry.
 */
static void cidr_block(const struct ipaddr *net, unsigned prefix, struct hostspec *out)
{
    size_t len = ipaddr_len(net);
    struct ipaddr first = *net;
    struct ipaddr last = *net;
    for (size_t i = 0; i < len; i++) {
        unsigned net_bits = prefix > 8 * i ? prefix - 8 * (unsigned)i : 0;
        if (net_bits >= 8)
            continue;
        uint8_t mask = (uint8_t)(0xff00u >> net_bits);
        first.bytes[i] &= mask;
        last.bytes[i] = (uint8_t)(first.bytes[i] | (uint8_t)~mask);
    }
    unsigned host_bits = (unsigned)(8 * len) - prefix;
    if (host_bits >= 2) {
        first.bytes[len - 1] |= 1;
        if (net->family == AF_INET)
            last.bytes[len - 1] &= 0xfe;
    }
    set_block(out, &first, &last);
}

static int parse_cidr(const char *token, const char *slash, int family, struct hostspec *out,
                      char *err, size_t errlen)
{
    struct ipaddr net;
    unsigned prefix;
    if (!parse_prefix_part(token, (size_t)(slash - token), &net))
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid CIDR block: the part before '/' is not an IP address");
    if (slash[1] == '\0')
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid CIDR block: no prefix length after '/'");
    unsigned max = net.family == AF_INET ? 32 : 128;
    if (!parse_small_decimal(slash + 1, &prefix) || prefix > max)
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid CIDR block: the prefix length must be 0..%u for %s",
                             max, family_name(net.family));
    if (check_family(token, &net, family, "block", err, errlen) != 0)
        return -1;
    cidr_block(&net, prefix, out);
    return 0;
}

/* "192.0.2.60-69": the end replaces the last octet of the start. */
static int last_octet_end(const char *token, const struct ipaddr *first, unsigned octet,
                          struct ipaddr *last, char *err, size_t errlen)
{
    if (octet > 255)
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid address range: the last octet must be "
                             "0..255");
    *last = *first;
    last->bytes[3] = (uint8_t)octet;
    return 0;
}

static int range_end(const char *token, const struct ipaddr *first, const char *text,
                     struct ipaddr *last, char *err, size_t errlen)
{
    unsigned octet;
    if (first->family == AF_INET && parse_small_decimal(text, &octet))
        return last_octet_end(token, first, octet, last, err, errlen);
    if (!ipaddr_parse(text, last))
        return excerpt_error(
            err, errlen, token, " ", "is not a valid address range: the end is not %s",
            first->family == AF_INET ? "an IPv4 address or a last octet" : "an IPv6 address");
    if (last->family != first->family)
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid address range: the start is %s and the end %s",
                             family_name(first->family), family_name(last->family));
    return 0;
}

static int parse_range(const char *token, const char *dash, int family, struct hostspec *out,
                       char *err, size_t errlen)
{
    struct ipaddr first;
    struct ipaddr last;
    if (!parse_prefix_part(token, (size_t)(dash - token), &first))
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid address range: the start is not an IP address");
    if (range_end(token, &first, dash + 1, &last, err, errlen) != 0)
        return -1;
    if (ipaddr_compare(&first, &last) > 0)
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid address range: the end is before the start");
    if (check_family(token, &first, family, "range", err, errlen) != 0)
        return -1;
    set_block(out, &first, &last);
    return 0;
}

/*
 * A '-' makes a range only when what precedes it is meant as an address:
 * "10-20.example.org" is a fine host name, "192.0.2-5" is a typo for a
 * range, and nothing with a ':' can be a name.
 */
static bool looks_like_range(const char *token, const char *dash)
{
    struct ipaddr a;
    if (dash == token) /* "-x" is a name error, reported as such */
        return false;
    return parse_prefix_part(token, (size_t)(dash - token), &a) || strchr(token, ':') ||
           only_chars(token, "0123456789.-");
}

static bool is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

static int bad_name_char(const char *token, char c, char *err, size_t errlen)
{
    unsigned char u = (unsigned char)c;
    if (u > 0x20 && u < 0x7f)
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid host name: '%c' is not allowed", c);
    return excerpt_error(err, errlen, token, " ",
                         "is not a valid host name: the byte 0x%02x is not allowed", u);
}

/* RFC 1123 host name syntax, plus '_' which real zones do contain. */
static int check_name(const char *token, char *err, size_t errlen)
{
    size_t label = 0;
    size_t len = 0;
    if (token[0] == '-')
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid host name: it starts with '-'");
    for (const char *p = token; *p; p++, len++) {
        if (*p == '.') {
            if (label == 0)
                return excerpt_error(err, errlen, token, " ",
                                     "is not a valid host name: it has an empty label");
            label = 0;
        } else if (!is_name_char(*p)) {
            return bad_name_char(token, *p, err, errlen);
        } else if (++label > LABEL_MAX) {
            return excerpt_error(err, errlen, token, " ",
                                 "is not a valid host name: a label is longer than %d characters",
                                 LABEL_MAX);
        }
    }
    if (token[len - 1] == '.') /* the root label, not part of the length */
        len--;
    if (len > HOSTSPEC_NAME_MAX)
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid host name: it is longer than %d characters",
                             HOSTSPEC_NAME_MAX);
    return 0;
}

static int single_address(const char *token, const struct ipaddr *a, int family,
                          struct hostspec *out, char *err, size_t errlen)
{
    if (check_family(token, a, family, "address", err, errlen) != 0)
        return -1;
    out->kind = HOSTSPEC_ADDRESS;
    out->first = out->last = *a;
    out->count = 1;
    return 0;
}

static int parse_single(const char *token, int family, struct hostspec *out, char *err,
                        size_t errlen)
{
    struct ipaddr a;
    struct in_addr ignored;
    if (ipaddr_parse(token, &a))
        return single_address(token, &a, family, out, err, errlen);
    if (strchr(token, ':'))
        return excerpt_error(err, errlen, token, " ", "is not a valid IPv6 address");
    if (is_numeric(token))
        return excerpt_error(err, errlen, token, " ", "is not a valid IPv4 address");
    if (inet_aton(token, &ignored))
        return excerpt_error(
            err, errlen, token, " ",
            "is not a valid IPv4 address (write it as a dotted quad, e.g. 192.0.2.1)");
    if (check_name(token, err, errlen) != 0)
        return -1;
    out->kind = HOSTSPEC_NAME;
    out->count = 1;
    return 0;
}

/* fe80::1%eth0: a literal with a scope (the one place a token asks the
 * kernel something: whether the interface exists). */
static int parse_scoped(const char *token, int family, struct hostspec *out, char *err,
                        size_t errlen)
{
    struct ipaddr a;
    switch (ipaddr_parse_scoped(token, &a)) {
    case IPADDR_SCOPED_OK:
        break;
    case IPADDR_SCOPED_NOT_IPV6:
        return excerpt_error(err, errlen, token, " ", "has a scope, but only IPv6 addresses do");
    case IPADDR_SCOPED_UNKNOWN_SCOPE:
        return excerpt_error(err, errlen, token, " ",
                             "has a scope that names no interface of this machine");
    case IPADDR_SCOPED_NOT_ADDRESS:
    default:
        return excerpt_error(err, errlen, token, " ",
                             "is not a valid scoped IPv6 address (fe80::1%%eth0)");
    }
    return single_address(token, &a, family, out, err, errlen);
}

int hostspec_parse(const char *token, int family, struct hostspec *out, char *err, size_t errlen)
{
    struct hostspec spec;
    const char *mark;
    int rc;
    memset(&spec, 0, sizeof(spec));
    if (token[0] == '\0') {
        snprintf(err, errlen, "empty host name");
        return -1;
    }
    if (has_space(token))
        return excerpt_error(err, errlen, token, " ", "contains white space");
    if (strchr(token, '%'))
        rc = parse_scoped(token, family, &spec, err, errlen);
    else if ((mark = strchr(token, '/')) != NULL)
        rc = parse_cidr(token, mark, family, &spec, err, errlen);
    else if ((mark = strchr(token, '-')) != NULL && looks_like_range(token, mark))
        rc = parse_range(token, mark, family, &spec, err, errlen);
    else
        rc = parse_single(token, family, &spec, err, errlen);
    if (rc == 0)
        *out = spec;
    return rc;
}
