/*
 * watchdog.h - -t holds no matter what, and signals end the plugin with a
 * line instead of a silent death.
 *
 * A plugin that hangs is worse than one that fails: the monitoring core
 * kills it and reports a generic error.  The engine already stops itself
 * before -t; the watchdog is the last resort for everything else (an
 * --extra-opts file or a host file that never ends, a stuck write).  It is
 * a thread waiting in sigtimedwait() for SIGINT, SIGTERM or SIGHUP until
 * the deadline (the signals are blocked in every other thread, so it alone
 * receives them); SIGUSR1, sent by watchdog_set_timeout() and
 * watchdog_stop(), makes it read the deadline again or end.
 *
 * It starts before the options are read, with the default -t (an
 * --extra-opts file is read under it too), and main moves the deadline to
 * the -t it finds.  Until main says the run measures (watchdog_measuring,
 * just before the first request), a deadline ends the plugin UNKNOWN
 * whatever -t's STATE: a run that never got to ping has measured nothing,
 * like a run refused because it cannot fit in -t.
 *
 * Only one of main and the watchdog may print the result: both claim the
 * output with a compare-and-swap on `owner` first.  Main writes the other
 * atomics; the watchdog thread only reads them.
 */
#ifndef MULTIPING_WATCHDOG_H
#define MULTIPING_WATCHDOG_H

#include "state.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct watchdog {
    _Atomic int owner; /* 0 nobody, 1 main, 2 watchdog: who prints */
    uint64_t start_ns; /* -t counts from here (CLOCK_MONOTONIC) */
    _Atomic uint64_t deadline_ns;
    _Atomic uint32_t timeout_s;
    _Atomic int timeout_state; /* enum state at the deadline: UNKNOWN until measuring */
    _Atomic bool measuring;
    _Atomic bool stopping; /* watchdog_stop(): SIGUSR1 means end, not "read again" */
    const char *prefix;    /* NULL: "MULTIPING STATE - why"; else "prefix: why" (check_icmp) */
    sigset_t signals;
    pthread_t thread;
};

/* Block the signals in the caller (and so in every thread it starts
 * afterwards) and start the watchdog, its deadline timeout_s after
 * start_ns; -1 if the thread cannot start.  prefix selects the
 * personality's failure line (see struct watchdog). */
int watchdog_start(struct watchdog *w, uint64_t start_ns, uint32_t timeout_s, const char *prefix);

/* Main: the deadline is now timeout_s after start_ns (earlier or later). */
void watchdog_set_timeout(struct watchdog *w, uint32_t timeout_s);

/* Main, before the first request: from now on the deadline reports
 * timeout_state (-t's STATE) instead of UNKNOWN. */
void watchdog_measuring(struct watchdog *w, enum state timeout_state);

/* Main: true if main may print the result (the watchdog has not). */
bool watchdog_claim_output(struct watchdog *w);

/* Main, after it claimed the output: end and join the watchdog thread, so
 * that the process exits with no thread of its own left running. */
void watchdog_stop(struct watchdog *w);

#endif
