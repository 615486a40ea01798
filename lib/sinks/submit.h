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
 * for that object, or a line written whole; `superseded`, a 409 saying
 * the core holds a newer result, counts as submitted too); everything else
 * of the batch is `failed`, including what the deadline left unsent and
 * what was `held` back (a host not finished when -t ran out: never sent,
 * as its result would be a guess).  Each item's outcome is also handed to
 * batch.outcome, with its reason, so the report can name the object.  A
 * sink stops at batch.deadline_ns (CLOCK_MONOTONIC), and stops early only
 * after an error that every further result would meet too (bad
 * credentials, TLS, no reader); an error of one object costs that object.
 *
 * Time stamps: a result carries the wall-clock time at which it is sent
 * (execution_start = execution_end = that time, the command file's
 * [time] too), never the start of the ping phase: a result the core
 * stored meanwhile (Icinga's freshness check once a ttl ran out) must not
 * be newer than ours, or the core drops ours (2.13 silently, 2.14+ 409).
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
    bool unfinished;                      /* the host was not finished when -t ran out */
    char jitter[SUBMIT_PERFDATA_LEN / 2]; /* "jitter=0.010ms;;;0" or "" (--watch) */
    const char *perfdata;                 /* more perfdata, space-separated, or NULL */
};

/* SUBMIT_REFUSED: the object answered for itself (no such object, its
 * passive checks disabled, a bad request): the same result would be
 * refused again; counted failed as SUBMIT_FAILED is (--watch retries
 * SUBMIT_FAILED, not SUBMIT_REFUSED). */
enum submit_outcome { SUBMIT_OK, SUBMIT_SUPERSEDED, SUBMIT_FAILED, SUBMIT_HELD, SUBMIT_REFUSED };

/* What became of item index (reason "" for SUBMIT_OK). */
typedef void submit_outcome_fn(void *ctx, size_t index, enum submit_outcome outcome,
                               const char *reason);

typedef void submit_format_fn(const void *ctx, size_t index, struct submit_item *out);

struct submit_batch {
    size_t count;
    submit_format_fn *format;
    const void *ctx;
    const char *service;        /* NULL: host results; else the service name */
    const char *check_source;   /* this node */
    uint32_t ttl_s;             /* Icinga 2: the result goes stale after this */
    uint64_t deadline_ns;       /* CLOCK_MONOTONIC */
    submit_outcome_fn *outcome; /* or NULL */
    void *outcome_ctx;
};

struct submit_counts {
    size_t submitted;             /* confirmed, superseded included */
    size_t superseded;            /* of them: the core held a newer result */
    size_t failed;                /* held included */
    size_t held;                  /* not sent: the host was not finished when -t ran out */
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

/* Count item index's outcome in c and hand it to batch->outcome. */
void submit_record(const struct submit_batch *b, struct submit_counts *c, size_t index,
                   enum submit_outcome outcome, const char *reason);

/* Now, as Unix time in seconds (CLOCK_REALTIME): a result's time stamp. */
double submit_wall_clock(void);

/* What a batch formats from: the objects, the finished host table and the
 * per-host limits; submit_source_format is its submit_format_fn and
 * submit_source_outcome its submit_outcome_fn (it sets the objects'
 * outcomes).  With pick, batch index i is object pick[i] (the objects not
 * refused that --skip-unchanged left to submit); without, object i. */
struct objects;
struct hostset;
struct verdict_config;
struct submit_source {
    struct objects *objects;
    const struct hostset *set;
    const struct verdict_config *cfg;
    bool service;
    const uint32_t *pick;
};
void submit_source_format(const void *ctx, size_t index, struct submit_item *out);
void submit_source_outcome(void *ctx, size_t index, enum submit_outcome outcome,
                           const char *reason);

#endif
