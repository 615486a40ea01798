/*
 * fuzz_hostspec.c - libFuzzer target for hostspec_parse(), the one place a
 * host token typed by a user becomes an address, a name or a block.
 *
 * The first byte picks the family (-4, -6 or neither) so one corpus covers
 * all three; the rest is the token, copied to an exact-size NUL-terminated
 * buffer so that a read past the terminator is an ASan report.  Besides
 * memory errors, a result that breaks hostspec.h's promises aborts: a block
 * is first..last inclusive with count = last - first + 1 (saturating), and a
 * literal of the wrong family is an error, never a result.
 */
#include "excerpt.h"
#include "hosts/hostspec.h"

#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int families[] = {AF_UNSPEC, AF_INET, AF_INET6};

static void check_block(const struct hostspec *spec)
{
    if (spec->first.family != spec->last.family || ipaddr_compare(&spec->first, &spec->last) > 0)
        abort();
    uint64_t distance = ipaddr_distance(&spec->first, &spec->last);
    uint64_t expected = distance == UINT64_MAX ? UINT64_MAX : distance + 1;
    if (spec->count != expected)
        abort();
}

static void check(const struct hostspec *spec, int family)
{
    if (spec->kind == HOSTSPEC_NAME) {
        if (spec->count != 1)
            abort();
        return;
    }
    if (family != AF_UNSPEC && spec->first.family != family)
        abort();
    if (spec->kind == HOSTSPEC_ADDRESS) {
        if (spec->count != 1 || !ipaddr_equal(&spec->first, &spec->last))
            abort();
        return;
    }
    if (spec->kind != HOSTSPEC_BLOCK)
        abort();
    check_block(spec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int family = families[data[0] % 3];
    char *token = malloc(size); /* size - 1 token bytes and the NUL */
    if (!token)
        return 0;
    memcpy(token, data + 1, size - 1);
    token[size - 1] = '\0';
    struct hostspec spec;
    char err[256];
    err[0] = '\0';
    if (hostspec_parse(token, family, &spec, err, sizeof(err)) == 0)
        check(&spec, family);
    else if (err[0] == '\0' || !memchr(err, '\0', sizeof(err)))
        abort(); /* an error must say what is wrong */
    char excerpt[EXCERPT_LEN];
    excerpt_quote(token, excerpt, sizeof(excerpt));
    free(token);
    return 0;
}
