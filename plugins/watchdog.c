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

static void *watchdog_main(void *arg)
{
    struct watchdog *w = arg;
    for (;;) {
        uint64_t now = now_ns();
        uint64_t left = w->deadline_ns > now ? w->deadline_ns - now : 0;
        struct timespec wait = {.tv_sec = (time_t)(left / 1000000000u),
                                .tv_nsec = (long)(left % 1000000000u)};
        siginfo_t info;
        int sig = left ? sigtimedwait(&w->signals, &info, &wait) : -1;
        if (sig == SIGUSR1)
            return NULL; /* watchdog_stop(): main is done */
        if (sig < 0 && left && errno == EINTR)
            continue;
        if (sig < 0 && now_ns() < w->deadline_ns)
            continue;
        int nobody = 0;
        if (!atomic_compare_exchange_strong(&w->owner, &nobody, 2))
            return NULL; /* main is printing the real result */
        char why[128];
        if (sig > 0) {
            snprintf(why, sizeof(why), "interrupted by signal %d (%s)", sig, strsignal(sig));
            finish(w, STATE_UNKNOWN, why);
        }
        snprintf(why, sizeof(why), "plugin timed out after %u s", w->timeout_s);
        finish(w, w->timeout_state, why);
    }
}

int watchdog_start(struct watchdog *w, uint64_t start_ns, uint32_t timeout_s,
                   enum state timeout_state, const char *prefix)
{
    memset(w, 0, sizeof(*w));
    w->prefix = prefix;
    w->deadline_ns = start_ns + (uint64_t)timeout_s * 1000000000u;
    w->timeout_s = timeout_s;
    w->timeout_state = timeout_state;
    sigemptyset(&w->signals);
    sigaddset(&w->signals, SIGINT);
    sigaddset(&w->signals, SIGTERM);
    sigaddset(&w->signals, SIGHUP);
    sigaddset(&w->signals, SIGUSR1); /* private: watchdog_stop() */
    if (pthread_sigmask(SIG_BLOCK, &w->signals, NULL) != 0)
        return -1;
    return pthread_create(&w->thread, NULL, watchdog_main, w) == 0 ? 0 : -1;
}

void watchdog_stop(struct watchdog *w)
{
    if (pthread_kill(w->thread, SIGUSR1) == 0)
        pthread_join(w->thread, NULL);
}

bool watchdog_claim_output(struct watchdog *w)
{
    int nobody = 0;
    return atomic_compare_exchange_strong(&w->owner, &nobody, 1);
}
