/*
 * fuzz_icmp.c - libFuzzer target for everything icmp.c reads off the wire:
 * the same bytes go to each parser, in each mode, through an exact-size
 * copy so that a read one byte past the end is an ASan report, not luck.
 *
 *   clang -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Ilib \
 *       tests/fuzz/fuzz_icmp.c lib/icmp.c lib/ipaddr.c -o fuzz_icmp
 */
#include "net/icmp.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A recognised packet must say which kind, and name a destination only
 * when it is an error; anything else is a parser bug worth a crash. */
static void check(enum icmp_kind kind, const struct icmp_packet *p)
{
    if (p->kind != kind)
        abort();
    if (kind != ICMP_ERROR && p->quoted_dst.family != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size); /* malloc(0) too: any read of it is caught */
    if (!copy && size)
        return 0;
    if (size)
        memcpy(copy, data, size);
    struct icmp_packet p;
    check(icmp_parse_v4(copy, size, true, &p), &p);
    check(icmp_parse_v4(copy, size, false, &p), &p);
    check(icmp_parse_v6(copy, size, &p), &p);
    check(icmp_parse_own_request(AF_INET, copy, size, &p), &p);
    check(icmp_parse_own_request(AF_INET6, copy, size, &p), &p);
    char text[32];
    if (size >= 2)
        icmp_error_describe(size % 2 ? AF_INET6 : AF_INET, data[0], data[1], text, sizeof(text));
    free(copy);
    return 0;
}
