/*
 * fuzz_hostlist.c - libFuzzer target for host files and -H arguments: the
 * input is read as a host file (hostlist_add_stream over fmemopen) and also
 * given whole as one -H argument, then the list is built into a host table.
 *
 * The first byte picks the family (-4, -6 or neither).  max_hosts is 4096 so
 * that a block like 10.0.0.0/8 is refused by the size check instead of
 * spending the fuzzer's time expanding it; the check itself is what we want
 * exercised.  A built table larger than max_hosts aborts.
 */
#include "hosts/hostlist.h"

#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_HOSTS 4096

static const int families[] = {AF_UNSPEC, AF_INET, AF_INET6};

static void build(const struct hostlist *list)
{
    struct hostset set;
    char err[512];
    hostset_init(&set);
    if (hostlist_build(list, FUZZ_MAX_HOSTS, &set, err, sizeof(err)) == 0 &&
        (set.count == 0 || set.count > FUZZ_MAX_HOSTS))
        abort();
    hostset_free(&set);
}

/* The bytes as a host file, through a stream that ends exactly at size. */
static void as_file(int family, const uint8_t *data, size_t size)
{
    char *copy = malloc(size);
    if (!copy)
        return;
    memcpy(copy, data, size);
    FILE *in = fmemopen(copy, size, "r");
    if (in) {
        struct hostlist list;
        char err[512];
        hostlist_init(&list, family);
        if (hostlist_add_stream(&list, in, "fuzz.txt", err, sizeof(err)) == 0)
            build(&list);
        hostlist_free(&list);
        fclose(in);
    }
    free(copy);
}

static void as_argument(int family, const uint8_t *data, size_t size)
{
    char *arg = malloc(size + 1);
    if (!arg)
        return;
    memcpy(arg, data, size);
    arg[size] = '\0';
    struct hostlist list;
    char err[512];
    hostlist_init(&list, family);
    if (hostlist_add_arg(&list, arg, 1, err, sizeof(err)) == 0)
        build(&list);
    hostlist_free(&list);
    free(arg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) /* fmemopen() refuses an empty buffer */
        return 0;
    int family = families[data[0] % 3];
    as_file(family, data + 1, size - 1);
    as_argument(family, data + 1, size - 1);
    return 0;
}
