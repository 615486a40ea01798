/*
 * ipaddr.c - conversions and arithmetic for struct ipaddr (see ipaddr.h).
 */
#include "ipaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
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

const char *ipaddr_format(const struct ipaddr *a, char *buf, size_t len)
{
    if (len == 0)
        return buf;
    if (!inet_ntop(a->family, a->bytes, buf, (socklen_t)len))
        buf[0] = '\0';
    return buf;
}

size_t ipaddr_len(const struct ipaddr *a)
{
    return a->family == AF_INET6 ? 16 : 4;
}

bool ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b)
{
    return a->family == b->family && memcmp(a->bytes, b->bytes, ipaddr_len(a)) == 0;
}

int ipaddr_compare(const struct ipaddr *a, const struct ipaddr *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    return memcmp(a->bytes, b->bytes, ipaddr_len(a));
}

socklen_t ipaddr_to_sockaddr(const struct ipaddr *a, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof(*ss));
    if (a->family == AF_INET6) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
        s6->sin6_family = AF_INET6;
        memcpy(&s6->sin6_addr, a->bytes, 16);
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
        out->family = AF_INET6;
        memcpy(out->bytes, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
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
