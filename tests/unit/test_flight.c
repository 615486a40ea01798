/* test_flight.c - each packet's fate is decided exactly once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine/flight.h"

static struct flight f;

static int setup(void **state)
{
    (void)state;
    /* 3 hosts x 2 packets, 1000 ms timeout */
    return flight_init(&f, 3, 2, 1000, 1000000000u);
}

static int teardown(void **state)
{
    (void)state;
    flight_free(&f);
    return 0;
}

static void test_flight_reply_in_time_counts_once(void **state)
{
    (void)state;
    uint32_t rtt = 0;
    flight_sent(&f, flight_slot(&f, 1, 0), 100);
    assert_true(flight_answer(&f, flight_slot(&f, 1, 0), 350, &rtt));
    assert_int_equal(rtt, 250);
    assert_false(flight_answer(&f, flight_slot(&f, 1, 0), 360, &rtt)); /* duplicate */
    assert_int_equal(atomic_load(&f.outstanding), 5);
}

static void test_flight_reply_to_unsent_packet_is_ignored(void **state)
{
    (void)state;
    uint32_t rtt;
    assert_false(flight_answer(&f, flight_slot(&f, 2, 1), 10, &rtt));
    assert_int_equal(atomic_load(&f.outstanding), 6);
}

static void test_flight_late_reply_is_ignored_and_expires_as_lost(void **state)
{
    (void)state;
    uint32_t rtt;
    uint32_t slot = flight_slot(&f, 0, 0);
    flight_sent(&f, slot, 0);
    assert_false(flight_answer(&f, slot, 1000001, &rtt));
    uint64_t cursor = 0;
    assert_int_equal(flight_expire(&f, &cursor, 1000001), UINT64_MAX);
    assert_int_equal(atomic_load(&f.slots[slot]), FLIGHT_LOST);
    assert_int_equal(atomic_load(&f.outstanding), 5);
}

static void test_flight_reply_exactly_at_timeout_counts(void **state)
{
    (void)state;
    uint32_t rtt;
    flight_sent(&f, 0, 0);
    assert_true(flight_answer(&f, 0, 1000000, &rtt));
}

static void test_flight_expire_stops_at_first_pending_and_reports_it(void **state)
{
    (void)state;
    flight_sent(&f, 0, 0);
    flight_sent(&f, 1, 500000);
    uint64_t cursor = 0;
    assert_int_equal(flight_expire(&f, &cursor, 1200000), 1500000);
    assert_int_equal(cursor, 1);
    assert_int_equal(atomic_load(&f.slots[0]), FLIGHT_LOST);
    assert_int_not_equal(atomic_load(&f.slots[1]), FLIGHT_LOST);
}

static void test_flight_answered_packet_does_not_expire(void **state)
{
    (void)state;
    uint32_t rtt;
    flight_sent(&f, 0, 0);
    assert_true(flight_answer(&f, 0, 10, &rtt));
    uint64_t cursor = 0;
    flight_expire(&f, &cursor, 5000000);
    assert_int_equal(atomic_load(&f.slots[0]), FLIGHT_ANSWERED);
    assert_int_equal(atomic_load(&f.outstanding), 5);
}

static void test_flight_error_then_reply_keeps_error(void **state)
{
    (void)state;
    uint32_t rtt;
    flight_sent(&f, 3, 0);
    assert_true(flight_fail(&f, 3));
    assert_false(flight_fail(&f, 3));
    assert_false(flight_answer(&f, 3, 5, &rtt));
    assert_int_equal(atomic_load(&f.slots[3]), FLIGHT_ERROR);
}

static void test_flight_settling_everything_signals_done(void **state)
{
    (void)state;
    assert_false(flight_wait(&f, 0));
    flight_settle(&f, 4);
    assert_false(flight_wait(&f, 0));
    flight_settle(&f, 2);
    assert_true(flight_wait(&f, 0));
}

static void test_flight_empty_run_is_done_at_once(void **state)
{
    (void)state;
    struct flight empty;
    assert_int_equal(flight_init(&empty, 0, 2, 1000, 0), 0);
    assert_true(flight_wait(&empty, 0));
    flight_free(&empty);
}

static void test_flight_us_saturates_and_never_goes_negative(void **state)
{
    (void)state;
    assert_int_equal(flight_us(&f, 0), 0);
    assert_int_equal(flight_us(&f, 1000000000u + 2500), 2);
    assert_true(flight_us(&f, UINT64_MAX) < FLIGHT_MAX_SENT);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_flight_reply_in_time_counts_once),
        T(test_flight_reply_to_unsent_packet_is_ignored),
        T(test_flight_late_reply_is_ignored_and_expires_as_lost),
        T(test_flight_reply_exactly_at_timeout_counts),
        T(test_flight_expire_stops_at_first_pending_and_reports_it),
        T(test_flight_answered_packet_does_not_expire),
        T(test_flight_error_then_reply_keeps_error),
        T(test_flight_settling_everything_signals_done),
        T(test_flight_empty_run_is_done_at_once),
        T(test_flight_us_saturates_and_never_goes_negative),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
