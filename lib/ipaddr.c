/*
 * ipaddr.c - conversions and arithmetic for struct ipaddr (see ipaddr.h).
 */
#include "ipaddr.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ipaddr_parse(const char *text, struct ipaddr *out)
{
    struct ipaddr a;
    memset(&a, 0, sizeof(a));
    if (inet_pton(AF_INET, text, a.bytes) == 1) {
        a.family = AF_INET;
    } else if (inet_pton(AF_INET6, text, a.bytes) == 1) {
        a.family = AF_INET6;
    } else {
        return false;
    }
    *out = a;
    return true;
}

static bool parse_scope(const char *text, uint32_t *out)
{
    if (text[0] >= '0' && text[0] <= '9') {
        char *end;
        unsigned long v = strtoul(text, &end, 10);
        if (*end != '\0' || v == 0 || v > UINT32_MAX)
            return false;
        char name[IF_NAMESIZE];
        if (!if_indextoname((unsigned)v, name))
            return false;
        *out = (uint32_t)v;
        return true;
    }
    if (strlen(text) >= IF_NAMESIZE)
        return false;
    *out = if_nametoindex(text);
    return *out != 0;
}

enum ipaddr_scoped_result ipaddr_parse_scoped(const char *text, struct ipaddr *out)
{
    const char *pct = strchr(text, '%');
    char addr[INET6_ADDRSTRLEN];
    size_t n = pct ? (size_t)(pct - text) : strlen(text);
    struct ipaddr a;
    if (n >= sizeof(addr))
        return IPADDR_SCOPED_NOT_ADDRESS;
    memcpy(addr, text, n);
    addr[n] = '\0';
    if (!ipaddr_parse(addr, &a))
        return IPADDR_SCOPED_NOT_ADDRESS;
    if (pct && a.family != AF_INET6)
        return IPADDR_SCOPED_NOT_IPV6;
    if (pct && !parse_scope(pct + 1, &a.scope_id))
        return IPADDR_SCOPED_UNKNOWN_SCOPE;
    /* The kernel uses a scope only for link-local addresses; keeping it on
     * a global one would make its replies (which carry none) look foreign. */
    struct in6_addr in6;
    memcpy(&in6, a.bytes, sizeof(in6));
    if (!IN6_IS_ADDR_LINKLOCAL(&in6) && !IN6_IS_ADDR_MC_LINKLOCAL(&in6))
        a.scope_id = 0;
    *out = a;
    return IPADDR_SCOPED_OK;
}

const char *ipaddr_format(const struct ipaddr *a, char *buf, size_t len)
{
    if (len == 0)
        return buf;
    if (!inet_ntop(a->family, a->bytes, buf, (socklen_t)len)) {
        buf[0] = '\0';
        return buf;
    }
    if (a->scope_id) {
        char name[IF_NAMESIZE];
        size_t used = strlen(buf);
        if (if_indextoname(a->scope_id, name))
            snprintf(buf + used, len - used, "%%%s", name);
        else
            snprintf(buf + used, len - used, "%%%u", (unsigned)a->scope_id);
    }
    return buf;
}

size_t ipaddr_len(const struct ipaddr *a)
{
    return a->family == AF_INET6 ? 16 : 4;
}

bool ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b)
{
    return a->family == b->family && a->scope_id == b->scope_id &&
           memcmp(a->bytes, b->bytes, ipaddr_len(a)) == 0;
}

int ipaddr_compare(const struct ipaddr *a, const struct ipaddr *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    int c = memcmp(a->bytes, b->bytes, ipaddr_len(a));
    if (c != 0 || a->scope_id == b->scope_id)
        return c;
    return a->scope_id < b->scope_id ? -1 : 1;
}

socklen_t ipaddr_to_sockaddr(const struct ipaddr *a, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof(*ss));
    if (a->family == AF_INET6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
        s6->sin6_family = AF_INET6;
        memcpy(&s6->sin6_addr, a->bytes, 16);
        s6->sin6_scope_id = a->scope_id;
        return sizeof(*s6);
    }
    struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
    s4->sin_family = AF_INET;
    memcpy(&s4->sin_addr, a->bytes, 4);
    return sizeof(*s4);
}

bool ipaddr_from_sockaddr(const struct sockaddr *sa, struct ipaddr *out)
{
    memset(out, 0, sizeof(*out));
    if (sa->sa_family == AF_INET) {
        out->family = AF_INET;
        memcpy(out->bytes, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
        out->family = AF_INET6;
        memcpy(out->bytes, &s6->sin6_addr, 16);
        /* Only link-local addresses carry a scope worth comparing: a reply
         * from a global address may come with the receiving interface's. */
        if (IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr) || IN6_IS_ADDR_MC_LINKLOCAL(&s6->sin6_addr))
            out->scope_id = s6->sin6_scope_id;
        return true;
    }
    return false;
}

bool ipaddr_increment(struct ipaddr *a)
{
    for (size_t i = ipaddr_len(a); i-- > 0;) {
        if (++a->bytes[i] != 0)
            return true;
    }
    return false;
}

uint64_t ipaddr_distance(const struct ipaddr *a, const struct ipaddr *b)
{
    size_t len = ipaddr_len(a);
    uint64_t d = 0;
    int borrow = 0;
    uint64_t place = 1;
    /* Subtract byte-wise from the least significant end; any non-zero byte
     * above the low 8 means the distance does not fit: saturate. */
    for (size_t i = len; i-- > 0;) {
        int v = (int)b->bytes[i] - (int)a->bytes[i] - borrow;
        borrow = v < 0;
        if (borrow)
            v += 256;
        if (len - 1 - i < 8)
            d += (uint64_t)v * place, place <<= 8;
        else if (v != 0)
            return UINT64_MAX;
    }
    return d;
}
