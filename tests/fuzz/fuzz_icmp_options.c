/*
 * fuzz_icmp_options.c - libFuzzer target for the check_icmp personality's
 * command line: the input, split at NUL bytes, is argv[1..] (at most
 * FUZZ_MAX_ARGS words) for icmp_options_parse().
 *
 * Inputs that mention "extra-opts" are skipped (the fuzzer must not read
 * files).  Help and version text go to /dev/null.  Besides memory errors,
 * broken promises abort: an error must come with a message, a successful
 * parse must have hosts, packets within 1..20, and warning thresholds no
 * stricter than the critical ones (check_icmp's ordering).
 */
#include "icmp_options.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_ARGS 32

static int split(char *text, size_t size, char **argv)
{
    static char name[] = "check_icmp";
    int argc = 0;
    argv[argc++] = name;
    for (size_t start = 0; start <= size && argc < FUZZ_MAX_ARGS;) {
        argv[argc++] = text + start;
        start += strlen(text + start) + 1;
    }
    argv[argc] = NULL;
    return argc;
}

static FILE *null_output(void)
{
    static FILE *out; /* one stream for the whole run, never closed */
    if (!out)
        out = fopen("/dev/null", "we");
    return out;
}

static bool promises_kept(enum options_result rc, const struct options *o,
                          const struct icmp_config *c, const char *err)
{
    if (rc == OPTIONS_ERROR)
        return err[0] != '\0';
    if (rc != OPTIONS_RUN)
        return true;
    return o->source_count > 0 && o->packets >= 1 && o->packets <= ICMP_MAX_PACKETS &&
           c->warn.rta_us <= c->crit.rta_us && c->warn.pl <= c->crit.pl &&
           c->warn.jitter_ms <= c->crit.jitter_ms && c->warn.mos >= c->crit.mos &&
           c->warn.score >= c->crit.score && c->crit.pl <= 100;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *out = null_output();
    char *text = malloc(size + 1);
    if (!out || !text || memmem(data, size, "extra-opts", 10)) {
        free(text);
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[FUZZ_MAX_ARGS + 1];
    int argc = split(text, size, argv);
    struct options opt;
    struct icmp_config icmp;
    char err[512];
    err[0] = '\0';
    enum options_result rc = icmp_options_parse(argc, argv, &opt, &icmp, out, err, sizeof(err));
    if (!promises_kept(rc, &opt, &icmp, err))
        abort();
    options_free(&opt);
    free(text);
    return 0;
}
