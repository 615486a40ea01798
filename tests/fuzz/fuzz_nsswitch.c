/*
 * fuzz_nsswitch.c - libFuzzer target for the resolver's own parsers of
 * system files: the input is read as nsswitch.conf (nsswitch_parse) and as
 * resolv.conf (resolvconf_parse).  What each promises is checked: a
 * supported hosts: line has one or two distinct sources, files or dns; an
 * unsupported one says why; resolv.conf values stay within glibc's limits.
 */
#include "nameconf/nsswitch.h"
#include "nameconf/resolvconf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_nsswitch(const struct nsswitch_hosts *h)
{
    if (!h->supported) {
        if (h->reason[0] == '\0' || memchr(h->reason, '\0', sizeof(h->reason)) == NULL)
            abort();
        return;
    }
    if (h->count < 1 || h->count > 2)
        abort();
    for (unsigned i = 0; i < h->count; i++) {
        if (h->order[i] != NSSWITCH_FILES && h->order[i] != NSSWITCH_DNS)
            abort();
    }
    if (h->count == 2 && h->order[0] == h->order[1])
        abort();
}

static void check_resolvconf(const struct resolvconf *rc)
{
    if (rc->timeout_s < 1 || rc->timeout_s > RESOLVCONF_MAX_TIMEOUT_S || rc->attempts < 1 ||
        rc->attempts > RESOLVCONF_MAX_ATTEMPTS || rc->ndots < -1 ||
        rc->ndots > RESOLVCONF_MAX_NDOTS)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so reading one byte past the input is caught. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    struct nsswitch_hosts h;
    nsswitch_parse(text, size, &h);
    check_nsswitch(&h);
    struct resolvconf rc;
    resolvconf_parse(text, size, &rc);
    check_resolvconf(&rc);
    free(text);
    return 0;
}
