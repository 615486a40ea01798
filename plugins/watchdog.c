/*
 * watchdog.c - the -t deadline and signal handling (see watchdog.h).
 */
#include "watchdog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Last words: formatted on this thread's stack, written with one write(). */
_Noreturn static void finish(struct watchdog *w, enum state state, const char *why)
{
    char line[256];
    int n = w->prefix ? snprintf(line, sizeof(line), "%s: %s\n", w->prefix, why)
                      : snprintf(line, sizeof(line), "MULTIPING %s - %s\n", state_name(state), why);
    if (n > 0)
        (void)!write(STDOUT_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line));
    _exit(state);
}

_Noreturn static void timed_out(struct watchdog *w)
{
    char why[128];
    bool measuring = atomic_load(&w->measuring);
    snprintf(why, sizeof(why), "plugin timed out after %u s%s",
             (unsigned)atomic_load(&w->timeout_s), measuring ? "" : " before pinging any host");
    finish(w, measuring ? (enum state)atomic_load(&w->timeout_state) : STATE_UNKNOWN, why);
}

static void *watchdog_main(void *arg)
{
    struct watchdog *w = arg;
    for (;;) {
        uint64_t now = now_ns(), deadline = atomic_load(&w->deadline_ns);
        uint64_t left = deadline > now ? deadline - now : 0;
        struct timespec wait = {.tv_sec = (time_t)(left / 1000000000u),
                                .tv_nsec = (long)(left % 1000000000u)};
        siginfo_t info;
        int sig = left ? sigtimedwait(&w->signals, &info, &wait) : -1;
        if (sig == SIGUSR1 && atomic_load(&w->stopping))
            return NULL; /* watchdog_stop(): main is done */
        if (sig == SIGUSR1 || (sig < 0 && left && errno == EINTR))
            continue; /* a new deadline (watchdog_set_timeout), or woken early */
        if (sig < 0 && now_ns() < atomic_load(&w->deadline_ns))
            continue;
        int nobody = 0;
        if (!atomic_compare_exchange_strong(&w->owner, &nobody, 2))
            return NULL; /* main is printing the real result */
        if (sig < 0)
            timed_out(w);
        char why[128];
        snprintf(why, sizeof(why), "interrupted by signal %d (%s)", sig, strsignal(sig));
        finish(w, STATE_UNKNOWN, why);
    }
}

int watchdog_start(struct watchdog *w, uint64_t start_ns, uint32_t timeout_s, const char *prefix)
{
    memset(w, 0, sizeof(*w));
    w->prefix = prefix;
    w->start_ns = start_ns;
    atomic_store(&w->timeout_s, timeout_s);
    atomic_store(&w->deadline_ns, start_ns + (uint64_t)timeout_s * 1000000000u);
    atomic_store(&w->timeout_state, STATE_UNKNOWN);
    sigemptyset(&w->signals);
    sigaddset(&w->signals, SIGINT);
    sigaddset(&w->signals, SIGTERM);
    sigaddset(&w->signals, SIGHUP);
    sigaddset(&w->signals, SIGUSR1); /* private: watchdog_set_timeout(), watchdog_stop() */
    if (pthread_sigmask(SIG_BLOCK, &w->signals, NULL) != 0)
        return -1;
    return pthread_create(&w->thread, NULL, watchdog_main, w) == 0 ? 0 : -1;
}

void watchdog_set_timeout(struct watchdog *w, uint32_t timeout_s)
{
    atomic_store(&w->timeout_s, timeout_s);
    atomic_store(&w->deadline_ns, w->start_ns + (uint64_t)timeout_s * 1000000000u);
    (void)pthread_kill(w->thread, SIGUSR1); /* wake it to wait for the new deadline */
}

void watchdog_measuring(struct watchdog *w, enum state timeout_state)
{
    atomic_store(&w->timeout_state, (int)timeout_state);
    atomic_store(&w->measuring, true);
}

void watchdog_stop(struct watchdog *w)
{
    atomic_store(&w->stopping, true);
    if (pthread_kill(w->thread, SIGUSR1) == 0)
        pthread_join(w->thread, NULL);
}

bool watchdog_claim_output(struct watchdog *w)
{
    int nobody = 0;
    return atomic_compare_exchange_strong(&w->owner, &nobody, 1);
}
