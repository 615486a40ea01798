/*
 * test_watchdog.c - -t holds with main stuck: the watchdog alone ends the
 * process, at the deadline, with the plugin's line and exit code.
 *
 * Each case runs in a child process whose main thread starts the watchdog
 * and then blocks for good (pause()), as a stuck read would; the parent
 * reads what the child wrote and times its end.  If the watchdog's timer
 * did not fire, the child would never end: the parent kills it after
 * LIMIT_MS and the case fails.  Every case runs RUNS children side
 * by side and requires the same answer from each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "watchdog.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 5
#define LIMIT_MS 4000 /* a child still running then is killed: the case fails */

/* What the blocked main thread does in the child before it blocks. */
enum scenario {
    BLOCK,          /* start (1 s), block */
    MEASURING,      /* start (1 s), watchdog_measuring(WARNING), block */
    SHORTER,        /* start (10 s), watchdog_set_timeout(1), block */
    LONGER,         /* start (1 s), watchdog_set_timeout(2), block */
    CHECK_ICMP,     /* start (1 s) with check_icmp's prefix, block */
    MAIN_PRINTS,    /* start (1 s), claim the output, print, block: the watchdog keeps quiet */
    SIGNAL_BLOCKED, /* start (10 s), block; the parent sends SIGTERM */
};

struct outcome {
    int status; /* exit code, or -1: killed by the parent (still running) */
    long ms;    /* from fork to end */
    char out[256];
};

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

_Noreturn static void child(enum scenario s, int out_fd)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    uint64_t start = (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
    static struct watchdog w;
    dup2(out_fd, STDOUT_FILENO);
    uint32_t first = s == SHORTER || s == SIGNAL_BLOCKED ? 10 : 1;
    if (watchdog_start(&w, start, first, s == CHECK_ICMP ? "check_icmp" : NULL) < 0)
        _exit(99);
    if (s == SHORTER)
        watchdog_set_timeout(&w, 1);
    if (s == LONGER)
        watchdog_set_timeout(&w, 2);
    if (s == MEASURING)
        watchdog_measuring(&w, STATE_WARNING);
    if (s == MAIN_PRINTS && watchdog_claim_output(&w))
        (void)!write(STDOUT_FILENO, "main\n", 5);
    for (;;)
        pause(); /* stuck: only the watchdog can end this process */
}

/* Read the child's output until it ends or limit_ms (from t0) pass. */
static void collect(pid_t pid, int fd, uint64_t t0, long limit_ms, struct outcome *o)
{
    size_t used = 0;
    bool ended = false;
    for (;;) {
        long left = limit_ms - (long)(now_ms() - t0);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int n = poll(&p, 1, left > 0 ? (int)left : 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* time is up, and nothing more was written */
        ssize_t r = read(fd, o->out + used, sizeof(o->out) - 1 - used);
        if (r <= 0) {
            ended = true; /* EOF: the child (and its watchdog) exited */
            break;
        }
        used += (size_t)r;
    }
    o->out[used] = '\0';
    o->ms = (long)(now_ms() - t0);
    int status;
    if (!ended)
        kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    o->status = !ended ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* RUNS children of scenario s at once; each must end as wanted within
 * [min_ms, max_ms]; one still running at limit_ms is killed. */
static void expect(enum scenario s, int status, const char *out, long min_ms, long max_ms,
                   long limit_ms)
{
    pid_t pid[RUNS];
    int fd[RUNS];
    uint64_t t0 = now_ms();
    for (int i = 0; i < RUNS; i++) {
        int pipefd[2];
        assert_int_equal(pipe(pipefd), 0);
        fflush(NULL);
        pid[i] = fork();
        assert_true(pid[i] >= 0);
        if (pid[i] == 0) {
            close(pipefd[0]);
            child(s, pipefd[1]);
        }
        close(pipefd[1]);
        fd[i] = pipefd[0];
    }
    if (s == SIGNAL_BLOCKED) {
        usleep(300000); /* the watchdogs have started (and blocked the signal in main) */
        for (int i = 0; i < RUNS; i++)
            kill(pid[i], SIGTERM);
    }
    struct outcome got[RUNS];
    for (int i = 0; i < RUNS; i++) { /* every child ends (or is killed) before any check */
        collect(pid[i], fd[i], t0, limit_ms, &got[i]);
        close(fd[i]);
    }
    for (int i = 0; i < RUNS; i++) {
        const struct outcome o = got[i];
        if (o.status != status || strcmp(o.out, out) != 0 || o.ms < min_ms || o.ms > max_ms)
            fail_msg("scenario %d run %d: exit %d after %ld ms, wrote \"%s\"; want exit %d in "
                     "%ld-%ld ms and \"%s\" (exit -1: still running at %ld ms, killed)",
                     s, i, o.status, o.ms, o.out, status, min_ms, max_ms, out, limit_ms);
    }
}

static void test_watchdog_ends_a_stuck_main_unknown_at_the_deadline(void **state)
{
    (void)state;
    expect(BLOCK, 3, "MULTIPING UNKNOWN - plugin timed out after 1 s before pinging any host\n",
           900, 1800, LIMIT_MS);
}

static void test_watchdog_reports_the_t_state_once_the_run_measures(void **state)
{
    (void)state;
    expect(MEASURING, 1, "MULTIPING WARNING - plugin timed out after 1 s\n", 900, 1800, LIMIT_MS);
}

static void test_watchdog_deadline_moves_earlier_and_later(void **state)
{
    (void)state;
    /* started with 10 s, moved to 1 s: the waiting thread must wake */
    expect(SHORTER, 3, "MULTIPING UNKNOWN - plugin timed out after 1 s before pinging any host\n",
           900, 1800, LIMIT_MS);
    /* started with 1 s, moved to 2 s: the first deadline no longer counts */
    expect(LONGER, 3, "MULTIPING UNKNOWN - plugin timed out after 2 s before pinging any host\n",
           1900, 2800, LIMIT_MS);
}

static void test_watchdog_uses_the_personality_prefix(void **state)
{
    (void)state;
    expect(CHECK_ICMP, 3, "check_icmp: plugin timed out after 1 s before pinging any host\n", 900,
           1800, LIMIT_MS);
}

/* Main claimed the output: the watchdog neither prints nor exits at its
 * 1 s deadline, so the stuck child still runs when the parent gives up. */
static void test_watchdog_keeps_quiet_once_main_prints(void **state)
{
    (void)state;
    expect(MAIN_PRINTS, -1, "main\n", 2000, 3000, 2000);
}

static void test_watchdog_turns_a_signal_into_an_unknown_line(void **state)
{
    (void)state;
    expect(SIGNAL_BLOCKED, 3, "MULTIPING UNKNOWN - interrupted by signal 15 (Terminated)\n", 300,
           1300, LIMIT_MS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watchdog_ends_a_stuck_main_unknown_at_the_deadline),
        cmocka_unit_test(test_watchdog_reports_the_t_state_once_the_run_measures),
        cmocka_unit_test(test_watchdog_deadline_moves_earlier_and_later),
        cmocka_unit_test(test_watchdog_uses_the_personality_prefix),
        cmocka_unit_test(test_watchdog_keeps_quiet_once_main_prints),
        cmocka_unit_test(test_watchdog_turns_a_signal_into_an_unknown_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
