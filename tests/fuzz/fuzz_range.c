/*
 * fuzz_range.c - libFuzzer target for range.c: the input, as one
 * NUL-terminated string, is parsed as a Monitoring Plugins range and as a
 * check_icmp-style per-host limit.
 *
 * A range that parses is evaluated and formatted, and a non-percent range
 * must survive the round trip: the perfdata text range_format() writes has
 * to be accepted by range_parse() with the same shape (@, ~, open end),
 * because a monitoring system reading our perfdata uses the same grammar.
 * Percent ranges are formatted as counts of a total, so they are not
 * expected to read back.  A broken round trip aborts: that is a finding.
 */
#include "verdict/range.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct range *r)
{
    char text[512];
    char err[256];
    struct range again;
    range_format(r, 1, text, sizeof(text));
    if (range_parse(text, &again, err, sizeof(err)) < 0) {
        fprintf(stderr, "fuzz_range: range_format wrote '%s', which does not parse: %s\n", text,
                err);
        abort();
    }
    if (again.inside != r->inside || again.start_infinite != r->start_infinite ||
        again.end_infinite != r->end_infinite || again.percent) {
        fprintf(stderr, "fuzz_range: '%s' reads back as a range of another shape\n", text);
        abort();
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
    if (!r.percent)
        round_trip(&r);
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
    (void)host_limit_breached(&l, 1000, 0);
    (void)host_limit_breached(&l, -1, 100);
    (void)host_limit_breached(&l, NAN, 50);
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
