/*
 * submitter.h - --watch's submitting thread: it drains the pending queue
 * (pending.h: changes first, at a bounded rate, with backoff after
 * failures) through one sink (submit.h: the Icinga 2 API over a few
 * kept-alive connections, or the command pipe), reports each result's fate
 * back (submitted, retry, refused for good), and submits the heartbeat
 * every interval.
 *
 * It owns the sink: the API sink keeps its connections from batch to batch;
 * a command pipe whose reader went away (EPIPE, ENXIO) is closed and opened
 * again at the next batch, after pending's backoff.  Probing never waits
 * for it: the prober only puts into `pending`, whose lock is never held
 * across a send.
 *
 * Shared: `pending` (its lock), the registry (its lock, held while a batch
 * is formatted, never while it is sent), the prober's stats (atomics), and
 * `stopping`/`done` (atomics: main asks it to flush and end; it says when).
 */
#ifndef MULTIPING_SUBMITTER_H
#define MULTIPING_SUBMITTER_H

#include "prober.h"
#include "hosts/objects.h"
#include "registry.h"
#include "sinks/submit.h"
#include "watch/pending.h"
#include "watch_log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define SUBMITTER_BATCH 32

typedef struct submit_sink *submitter_open_fn(void *ctx, char *err, size_t errlen);

struct submitter_config {
    submitter_open_fn *open; /* a new sink (the wiring knows API or pipe) */
    void *open_ctx;
    bool reopen_after_failure; /* the command pipe: close it when a line fails */
    const char *service;       /* --submit-service, or NULL: host results */
    const char *check_source;  /* this node's name */
    uint32_t ttl_s;            /* --submit-ttl */
    uint32_t down_after_s;
    uint64_t interval_ns;
    const char *heartbeat_host; /* NULL: no heartbeat */
    const char *heartbeat_service;
};

struct submitter {
    struct submitter_config cfg;
    struct pending *pending;
    struct generation_registry *registry;
    struct prober_stats *stats;
    struct watch_log *log;
    struct submit_sink *sink;
    pthread_t thread;
    _Atomic bool stopping;
    _Atomic uint64_t flush_deadline_ns;
    _Atomic bool done;
    _Atomic uint64_t flushed; /* results submitted after stopping began */
    /* the thread's own */
    struct pending_result taken[SUBMITTER_BATCH];
    struct submit_item items[SUBMITTER_BATCH];
    char names[SUBMITTER_BATCH][OBJECTS_NAME_MAX + 1]; /* the items' objects: a generation may
                                                          be freed while a batch is sent */
    uint8_t outcome[SUBMITTER_BATCH];
    uint32_t failing; /* batches in a row with a failure */
    char first_error[SUBMIT_ERROR_LEN];
    uint64_t next_heartbeat_ns;
    uint64_t hb_probes, hb_failed, hb_late, hb_ns; /* at the previous heartbeat */
};

int submitter_start(struct submitter *s, const struct submitter_config *cfg,
                    struct pending *pending, struct generation_registry *registry,
                    struct prober_stats *stats, struct watch_log *log, char *err, size_t errlen);
/* Flush what is pending until deadline_ns, then end.  True when the thread
 * ended and was joined by then; false: it is still sending (the caller
 * exits anyway). */
bool submitter_stop(struct submitter *s, uint64_t deadline_ns);

#endif
