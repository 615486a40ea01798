/*
 * watchdog.h - -t holds no matter what, and signals end the plugin with a
 * line instead of a silent death.
 *
 * A plugin that hangs is worse than one that fails: the monitoring core
 * kills it and reports a generic error.  The engine already stops itself
 * before -t; the watchdog is the last resort for everything else (a host
 * file on a FIFO that never ends, a stuck write).  It is a thread waiting
 * in sigtimedwait() for SIGINT, SIGTERM or SIGHUP until the deadline (the
 * signals are blocked in every other thread, so it alone receives them);
 * SIGUSR1, sent by watchdog_stop(), ends it.
 *
 * Only one of main and the watchdog may print the result: both claim the
 * output with a compare-and-swap on `owner` first.
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
    uint64_t deadline_ns;
    uint32_t timeout_s;
    enum state timeout_state;
    const char *prefix; /* NULL: "MULTIPING STATE - why"; else "prefix: why" (check_icmp) */
    sigset_t signals;
    pthread_t thread;
};

/* Block the signals in the caller (and so in every thread it starts
 * afterwards) and start the watchdog; -1 if the thread cannot start.
 * prefix selects the personality's failure line (see struct watchdog). */
int watchdog_start(struct watchdog *w, uint64_t start_ns, uint32_t timeout_s,
                   enum state timeout_state, const char *prefix);

/* Main: true if main may print the result (the watchdog has not). */
bool watchdog_claim_output(struct watchdog *w);

/* Main, after it claimed the output: end and join the watchdog thread, so
 * that the process exits with no thread of its own left running. */
void watchdog_stop(struct watchdog *w);

#endif
