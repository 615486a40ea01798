/*
 * fuzz_extraopts.c - libFuzzer target for the --extra-opts ini reader: the
 * input is read as an ini file (fmemopen over an exact-size copy) for the
 * section check_multiping.  Every option it yields must look like one
 * ("--key" or "--key=value", as extraopts.h promises), since options.c
 * splices them into argv unchecked.
 */
#include "extraopts.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* "--" and a non-empty key of letters, digits, '-' and '_', then '=' or the end. */
static bool looks_like_option(const char *arg)
{
    if (strncmp(arg, "--", 2) != 0)
        return false;
    size_t key = strspn(arg + 2, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                 "0123456789-_");
    return key > 0 && (arg[2 + key] == '\0' || arg[2 + key] == '=');
}

static void check(const struct extraopts *x)
{
    if (x->count > x->capacity)
        abort();
    for (size_t i = 0; i < x->count; i++) {
        if (!looks_like_option(x->args[i]))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) /* fmemopen() refuses an empty buffer */
        return 0;
    char *copy = malloc(size);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    FILE *in = fmemopen(copy, size, "r");
    if (in) {
        struct extraopts x;
        char err[512];
        extraopts_init(&x);
        if (extraopts_read(&x, in, "fuzz.ini", "check_multiping", err, sizeof(err)) == 0)
            check(&x);
        extraopts_free(&x);
        fclose(in);
    }
    free(copy);
    return 0;
}
