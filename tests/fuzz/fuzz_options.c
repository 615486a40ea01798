/*
 * fuzz_options.c - libFuzzer target for the command line: the input, split
 * at NUL bytes, is argv[1..] (at most FUZZ_MAX_ARGS words in all) for
 * options_parse(), which checks every option value with range.c and friends.
 *
 * The fuzzer must not read files: an input that mentions "extra-opts" or
 * uses -f/--file is skipped.  (-f only records the path today, but a target
 * that stays safe if that changes is worth the few inputs it loses.)  Help
 * and version text go to /dev/null, opened once.  Besides memory errors,
 * broken promises of options.h abort: an error must come with a message,
 * and a successful parse must have hosts and send parameters in range.
 */
#include "net/icmp.h"
#include "options.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_ARGS 32

/* The options that take an argument, after which a cluster like "-Hfoo" ends. */
static const char short_with_argument[] = "HfnirwcmtSIb";

/* -f in a cluster of short options ("-f", "-4f", "-fhosts"), or --f... */
static bool reads_file(const char *word)
{
    if (strncmp(word, "--f", 3) == 0)
        return strncmp(word, "--fo", 4) != 0; /* --format */
    if (word[0] != '-' || word[1] == '-')
        return false;
    for (const char *p = word + 1; *p; p++) {
        if (*p == 'f')
            return true;
        if (strchr(short_with_argument, *p))
            return false;
    }
    return false;
}

/* Splits text (size bytes, NUL-terminated after them) in place into argv. */
static int split(char *text, size_t size, char **argv)
{
    int argc = 0;
    argv[argc++] = "check_multiping";
    for (size_t start = 0; start <= size && argc < FUZZ_MAX_ARGS;) {
        argv[argc++] = text + start;
        start += strlen(text + start) + 1;
    }
    argv[argc] = NULL;
    return argc;
}

static bool skipped(const uint8_t *data, size_t size, int argc, char **argv)
{
    if (memmem(data, size, "extra-opts", 10))
        return true;
    for (int i = 1; i < argc; i++) {
        if (reads_file(argv[i]))
            return true;
    }
    return false;
}

/* What a successful parse promises the engine about send_params.h. */
static bool send_params_valid(const struct options *opt)
{
    const struct send_params *s = &opt->send;
    if (s->tos != SEND_PARAMS_UNSET && (s->tos < 0 || s->tos > 255))
        return false;
    if (s->ttl != SEND_PARAMS_UNSET && (s->ttl < 1 || s->ttl > 255))
        return false;
    if (s->payload_size < ICMP_MIN_PAYLOAD || s->payload_size > ICMP_MAX_PAYLOAD_V6 ||
        (s->payload_size > ICMP_MAX_PAYLOAD_V4 && opt->family != AF_INET6))
        return false;
    if ((s->source[0].family && s->source[0].family != AF_INET) ||
        (s->source[1].family && s->source[1].family != AF_INET6))
        return false;
    return memchr(s->interface, '\0', sizeof(s->interface)) != NULL;
}

static FILE *null_output(void)
{
    static FILE *out; /* one stream for the whole run, never closed */
    if (!out)
        out = fopen("/dev/null", "we");
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *out = null_output();
    char *text = malloc(size + 1);
    if (!out || !text) {
        free(text);
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[FUZZ_MAX_ARGS + 1];
    int argc = split(text, size, argv);
    if (!skipped(data, size, argc, argv)) {
        struct options opt;
        char err[512];
        err[0] = '\0';
        enum options_result rc = options_parse(argc, argv, &opt, out, err, sizeof(err));
        if ((rc == OPTIONS_ERROR && err[0] == '\0') ||
            (rc == OPTIONS_RUN && (opt.source_count == 0 || !send_params_valid(&opt))))
            abort();
        options_free(&opt);
    }
    free(text);
    return 0;
}
