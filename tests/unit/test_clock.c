/* test_clock.c - the project's one home of time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <cmocka.h>

#include "clock.h"

static void test_clock_monotonic_never_goes_back(void **state)
{
    (void)state;
    uint64_t prev = clock_mono_ns();
    for (int i = 0; i < 100000; i++) {
        uint64_t now = clock_mono_ns();
        assert_true(now >= prev);
        prev = now;
    }
}

static void test_clock_ms_is_ns_in_milliseconds(void **state)
{
    (void)state;
    uint64_t before = clock_mono_ns() / CLOCK_NS_PER_MS;
    uint64_t ms = clock_mono_ms();
    uint64_t after = clock_mono_ns() / CLOCK_NS_PER_MS;
    assert_true(before <= ms && ms <= after);
}

static void test_clock_wall_is_the_epoch_time(void **state)
{
    (void)state;
    time_t before = time(NULL);
    uint64_t wall_s = clock_wall_ns() / CLOCK_NS_PER_S;
    time_t after = time(NULL);
    assert_true((uint64_t)before <= wall_s && wall_s <= (uint64_t)after);
}

static void test_clock_timespec_splits_seconds_and_nanoseconds(void **state)
{
    (void)state;
    struct timespec ts = clock_timespec(12 * CLOCK_NS_PER_S + 345);
    assert_int_equal(ts.tv_sec, 12);
    assert_int_equal(ts.tv_nsec, 345);
}

static void test_clock_sleep_until_waits_for_the_deadline(void **state)
{
    (void)state;
    for (int i = 0; i < 5; i++) {
        uint64_t deadline = clock_mono_ns() + 2 * CLOCK_NS_PER_MS;
        assert_int_equal(clock_sleep_until_ns(deadline), 0);
        assert_true(clock_mono_ns() >= deadline);
    }
    assert_int_equal(clock_sleep_until_ns(0), 0); /* passed: at once */
}

/* A timed wait on the condition variable ends at a monotonic deadline. */
static void test_clock_cond_waits_on_the_monotonic_clock(void **state)
{
    (void)state;
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond;
    assert_int_equal(clock_cond_init(&cond), 0);
    pthread_mutex_lock(&lock);
    uint64_t deadline = clock_mono_ns() + 3 * CLOCK_NS_PER_MS;
    struct timespec until = clock_timespec(deadline);
    int rc;
    do
        rc = pthread_cond_timedwait(&cond, &lock, &until);
    while (rc == 0);
    pthread_mutex_unlock(&lock);
    assert_int_equal(rc, ETIMEDOUT);
    uint64_t now = clock_mono_ns();
    assert_true(now >= deadline && now < deadline + CLOCK_NS_PER_S);
    pthread_cond_destroy(&cond);
}

static void test_clock_arithmetic_saturates(void **state)
{
    (void)state;
    assert_true(clock_add_ns(UINT64_MAX - 1, 5) == UINT64_MAX);
    assert_true(clock_add_ns(3, 4) == 7);
    assert_true(clock_since_ns(5, 9) == 0);
    assert_true(clock_since_ns(9, 5) == 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_monotonic_never_goes_back),
        cmocka_unit_test(test_clock_ms_is_ns_in_milliseconds),
        cmocka_unit_test(test_clock_wall_is_the_epoch_time),
        cmocka_unit_test(test_clock_timespec_splits_seconds_and_nanoseconds),
        cmocka_unit_test(test_clock_sleep_until_waits_for_the_deadline),
        cmocka_unit_test(test_clock_cond_waits_on_the_monotonic_clock),
        cmocka_unit_test(test_clock_arithmetic_saturates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
