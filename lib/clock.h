/*
 * clock.h - the one home of time for the project: the monotonic clock that
 * every deadline, pacing sleep, timer and age is measured on, and the wall
 * clock for the few places that must say "when" to someone else (a result's
 * execution time for the core, a log line).
 *
 * Invariant: intervals and deadlines are always CLOCK_MONOTONIC nanoseconds
 * (a clock step must not mark 100,000 hosts DOWN or stall a sender); the
 * wall clock is read only to be shown or sent, never subtracted from a
 * monotonic time.  Names carry their unit (_ns, _ms).
 *
 * The limit that shaped it: 64-bit nanoseconds last 584 years, so no time
 * here wraps in a process that never ends (the 0.2 engine's 32-bit
 * microseconds since the start saturated after 71.6 minutes).
 */
#ifndef MULTIPING_CLOCK_H
#define MULTIPING_CLOCK_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

#define CLOCK_NS_PER_MS UINT64_C(1000000)
#define CLOCK_NS_PER_S UINT64_C(1000000000)

/* CLOCK_MONOTONIC now, in nanoseconds and milliseconds. */
uint64_t clock_mono_ns(void);
uint64_t clock_mono_ms(void);

/* CLOCK_REALTIME now: nanoseconds since the Unix epoch. */
uint64_t clock_wall_ns(void);

/* A monotonic nanosecond time as the timespec that pthread_cond_timedwait
 * (with a CLOCK_MONOTONIC condattr) and clock_nanosleep take. */
struct timespec clock_timespec(uint64_t ns);

/* A condition variable whose timed waits run on CLOCK_MONOTONIC (deadlines
 * from clock_mono_ns through clock_timespec).  0, or an errno. */
int clock_cond_init(pthread_cond_t *cond);

/* Sleep until the monotonic time `deadline_ns` (TIMER_ABSTIME: a signal or
 * a late wake-up never adds up over repeated sleeps).  Returns at once if it
 * has passed; returns 0, or the errno of an interruption (EINTR) so that a
 * daemon's signal flag is looked at. */
int clock_sleep_until_ns(uint64_t deadline_ns);

/* a + b, and a - b, saturating instead of wrapping (UINT64_MAX is "never"). */
static inline uint64_t clock_add_ns(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static inline uint64_t clock_since_ns(uint64_t now, uint64_t then)
{
    return now > then ? now - then : 0;
}

#endif
