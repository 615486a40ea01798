/*
 * fuzz_range.c - libFuzzer target for range.c: the input, as one
 * NUL-terminated string, is parsed as a Monitoring Plugins range and as a
 * check_icmp-style per-host limit.
 *
 * A range that parses is evaluated and formatted, and what range_format()
 * writes must read back (a monitoring system reading our perfdata uses
 * the same grammar) and alert for exactly the whole counts 0..total the
 * range alerts for (issue 21: perfdata and state must agree), percent
 * ranges included.  A broken round trip aborts: that is a finding.
 */
#include "verdict/range.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t longest_digit_run(const char *s)
{
    size_t longest = 0, run = 0;
    for (; *s; s++) {
        run = *s >= '0' && *s <= '9' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    return longest;
}

static void round_trip(const struct range *r, double total)
{
    char text[512];
    char err[256];
    struct range again;
    range_format(r, total, text, sizeof(text));
    if (range_parse(text, &again, err, sizeof(err)) < 0 && longest_digit_run(text) <= 15) {
        fprintf(stderr, "fuzz_range: range_format wrote '%s', which does not parse: %s\n", text,
                err);
        abort();
    }
    if (longest_digit_run(text) > 15)
        return; /* range_parse's own limit: 999999999999999.5: is printed 1e15: */
    for (double c = 0; c <= total && c <= 100; c++) {
        if (range_alerts(&again, c) != range_alerts_count(r, c, total)) {
            fprintf(stderr, "fuzz_range: '%s' (total %g) judges count %g otherwise\n", text, total,
                    c);
            abort();
        }
    }
}

static void exercise_range(const char *text)
{
    static const double values[] = {0, 1, -1, 0.5, 10, 99.99, 1e9, -1e9, NAN, INFINITY};
    static const double totals[] = {0, 1, 60, 65536, 1e15};
    struct range r;
    char err[256];
    char buf[512];
    if (range_parse(text, &r, err, sizeof(err)) < 0)
        return;
    for (size_t t = 0; t < sizeof(totals) / sizeof(totals[0]); t++) {
        for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++)
            (void)range_alerts_count(&r, values[v], totals[t]);
        range_format(&r, totals[t], buf, sizeof(buf));
        range_format(&r, totals[t], buf, 4); /* truncation must stay in bounds */
    }
    for (double total = 0; total <= 7; total++)
        round_trip(&r, total);
    round_trip(&r, 60);
}

static void exercise_host_limit(const char *text)
{
    struct host_limit l;
    char err[256];
    if (host_limit_parse(text, &l, err, sizeof(err)) < 0)
        return;
    if ((l.has_loss && !(l.loss_pct >= 0 && l.loss_pct <= 100)) ||
        (l.has_rta && l.rta_us > 3600000000u))
        abort(); /* range.h: loss is 0..100, the RTA at most one hour */
    struct latency_measures m = {.valid = true, .jitter_ms = 1, .mos = 4, .score = 90};
    (void)host_limit_crossed(&l, 1000, 0, &m);
    (void)host_limit_crossed(&l, -1, 100, NULL);
    if (host_limit_crossed(&l, NAN, -1, NULL) != 0)
        abort(); /* no reply and no loss cross nothing */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    exercise_range(text);
    exercise_host_limit(text);
    free(text);
    return 0;
}
