/*
 * submit.h - the sink interface: where each host's own result goes after a
 * bulk run (the Icinga 2 REST API, a Nagios/Icinga command file).
 *
 * A sink consumes finished per-host results; it never sees the host table.
 * The batch hands it a count and a function that formats result i on
 * demand into a caller-owned struct submit_item, so a sink holds only the
 * few results it is sending (memory stays bounded whatever the count) and
 * HTTP, JSON or command-file syntax stay inside the sink's own module.
 *
 * Truthful counts: `submitted` is what the target confirmed (an HTTP 200
 * for that object, or a line written whole); everything else of the batch
 * is `failed`, including what the deadline left unsent.  A sink stops at
 * batch.deadline_ns (CLOCK_MONOTONIC), and stops early after an error that
 * every further result would meet too (bad credentials, TLS, no reader).
 */
#ifndef MULTIPING_SUBMIT_H
#define MULTIPING_SUBMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SUBMIT_OUTPUT_LEN 768
#define SUBMIT_PERFDATA_LEN 160
#define SUBMIT_ERROR_LEN 320

/* One object's result, as every target needs it. */
struct submit_item {
    const char *object;                   /* host object name */
    int exit_status;                      /* host: 0 UP, 1 DOWN; service: 0-3 */
    char output[SUBMIT_OUTPUT_LEN];       /* plugin_output, one line */
    char rta[SUBMIT_PERFDATA_LEN / 2];    /* "rta=0.210ms;200;500;0;" or "" */
    char pl[SUBMIT_PERFDATA_LEN / 2];     /* "pl=0%;40;80;0;100" */
    char jitter[SUBMIT_PERFDATA_LEN / 2]; /* "jitter=0.010ms;;;0" or "" (--watch) */
    const char *perfdata;                 /* more perfdata, space-separated, or NULL */
    double execution_start;               /* Unix time; 0: the batch's */
    double execution_end;
};

/* What became of one item (batch.done, for callers that retry per item). */
enum submit_outcome {
    SUBMIT_OK,      /* the target took it (or a newer result of the object: 409) */
    SUBMIT_RETRY,   /* not taken now (target down, refused for the moment, not sent) */
    SUBMIT_REFUSED, /* refused for good: the object does not exist (404) */
};

typedef void submit_format_fn(const void *ctx, size_t index, struct submit_item *out);
typedef void submit_done_fn(const void *ctx, size_t index, enum submit_outcome outcome);

struct submit_batch {
    size_t count;
    submit_format_fn *format;
    const void *ctx;
    const char *service;      /* NULL: host results; else the service name */
    const char *check_source; /* this node */
    double execution_start;   /* Unix time, seconds */
    double execution_end;
    uint32_t ttl_s;       /* Icinga 2: the result goes stale after this */
    uint64_t deadline_ns; /* CLOCK_MONOTONIC */
    submit_done_fn *done; /* NULL, or called once per item with its fate */
};

/* batch->done(ctx, index, outcome) if the batch has one. */
void submit_report(const struct submit_batch *batch, size_t index, enum submit_outcome outcome);

struct submit_counts {
    size_t submitted;
    size_t failed;
    size_t unchanged;             /* not sent: the core holds the same (--skip-unchanged) */
    char error[SUBMIT_ERROR_LEN]; /* the first failure, "" if none */
};

struct submit_sink {
    const char *name; /* "Icinga 2 API", "command file" */
    /* Send the whole batch; fills counts (submitted + failed = count). */
    void (*send)(struct submit_sink *sink, const struct submit_batch *batch,
                 struct submit_counts *counts);
    void (*free)(struct submit_sink *sink);
};

/* Record the first error of a run; later ones are not kept. */
void submit_note_error(struct submit_counts *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* What a batch formats from: the objects, the finished host table and the
 * per-host limits; submit_source_format is its submit_format_fn.  With
 * pick, batch index i is object pick[i] (the objects --skip-unchanged
 * left to submit); without, object i. */
struct objects;
struct hostset;
struct verdict_config;
struct submit_source {
    const struct objects *objects;
    const struct hostset *set;
    const struct verdict_config *cfg;
    bool service;
    const uint32_t *pick;
};
void submit_source_format(const void *ctx, size_t index, struct submit_item *out);

#endif
