/*
 * clock.c - monotonic and wall-clock time (see clock.h for the rules).
 */
#include "clock.h"

static uint64_t read_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * CLOCK_NS_PER_S + (uint64_t)ts.tv_nsec;
}

uint64_t clock_mono_ns(void)
{
    return read_ns(CLOCK_MONOTONIC);
}

uint64_t clock_mono_ms(void)
{
    return clock_mono_ns() / CLOCK_NS_PER_MS;
}

uint64_t clock_wall_ns(void)
{
    return read_ns(CLOCK_REALTIME);
}

struct timespec clock_timespec(uint64_t ns)
{
    struct timespec ts = {.tv_sec = (time_t)(ns / CLOCK_NS_PER_S),
                          .tv_nsec = (long)(ns % CLOCK_NS_PER_S)};
    return ts;
}

int clock_cond_init(pthread_cond_t *cond)
{
    pthread_condattr_t attr;
    int err = pthread_condattr_init(&attr);
    if (err == 0)
        err = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (err == 0)
        err = pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
    return err;
}

int clock_sleep_until_ns(uint64_t deadline_ns)
{
    if (deadline_ns <= clock_mono_ns())
        return 0;
    struct timespec until = clock_timespec(deadline_ns);
    return clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
}
