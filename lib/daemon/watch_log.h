/*
 * watch_log.h - --watch's log: one line per event, on a stream given by
 * main (stderr, which journald collects), each line starting with
 * "check_multiping[watch]: ", and rate-limited per event class so that a
 * flapping API or a storm of reloads cannot flood the journal.
 *
 * A class logs at most one line per `min_gap_ns`; lines held back are
 * counted and the next line of the class says how many ("(3 more like
 * this)").  Lines never hold a secret: callers pass counts, names and
 * error texts (icinga_conn's texts never include the password).
 *
 * Locking: `lock` guards the per-class times and counts and the stream;
 * one fprintf is done under it (a line is never torn by another thread).
 */
#ifndef MULTIPING_WATCH_LOG_H
#define MULTIPING_WATCH_LOG_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

enum watch_log_class {
    WATCH_LOG_LIFECYCLE, /* started, stopping, no heartbeat: never held back */
    WATCH_LOG_RELOAD,
    WATCH_LOG_SUBMIT_FAILING,
    WATCH_LOG_SUBMIT_RECOVERED,
    WATCH_LOG_OVERLOAD,
    WATCH_LOG_ERROR,
    WATCH_LOG_CLASSES
};

#define WATCH_LOG_PREFIX "check_multiping[watch]: "

struct watch_log {
    pthread_mutex_t lock;
    FILE *out;
    uint64_t min_gap_ns;
    uint64_t last_ns[WATCH_LOG_CLASSES];
    uint32_t held[WATCH_LOG_CLASSES];
};

int watch_log_init(struct watch_log *l, FILE *out, uint64_t min_gap_ns);
void watch_log_destroy(struct watch_log *l);
void watch_log(struct watch_log *l, enum watch_log_class c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
