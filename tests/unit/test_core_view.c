/* test_core_view.c - what --watch takes of the core's states, at start and
 * at each reload: a host the core never checked (pending) is not UP and is
 * submitted; a kept object whose core state differs from the daemon's is
 * submitted again; a core that says nothing changes nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "watch/core_view.h"

#define T 1796000000u /* a last_check in Unix seconds */

static void test_core_view_hard_state_with_a_result_is_taken(void **state)
{
    (void)state;
    assert_int_equal(core_view_state(0, true, T), 0);
    assert_int_equal(core_view_state(1, true, T), 1);
    assert_int_equal(core_view_state(2, true, T), 2);
}

/* Icinga's pending host: state 0 (UP), hard, last_check 0 or -1 (read as
 * 0): it has no result, so the daemon's first decision is submitted (it
 * was taken as "UP, unchanged" and the core's freshness made it DOWN). */
static void test_core_view_pending_host_is_not_up(void **state)
{
    (void)state;
    assert_int_equal(core_view_state(0, true, 0), -1);
    assert_int_equal(core_view_state(1, true, 0), -1);
}

static void test_core_view_soft_or_unknown_is_not_taken(void **state)
{
    (void)state;
    assert_int_equal(core_view_state(1, false, T), -1);
    assert_int_equal(core_view_state(-1, false, 0), -1);
    assert_int_equal(core_view_state(4, true, T), -1);
}

static void test_core_view_reload_keeps_what_the_core_agrees_with(void **state)
{
    (void)state;
    assert_int_equal(core_view_reconcile(0, true, T, 0), 0);
    assert_int_equal(core_view_reconcile(1, true, T, 1), 1);
    assert_int_equal(core_view_reconcile(2, true, T, 2), 2);
}

/* The core's freshness check made an UP host DOWN behind the daemon's
 * back, an operator set a DOWN one UP: submitted again. */
static void test_core_view_reload_resubmits_what_differs(void **state)
{
    (void)state;
    assert_int_equal(core_view_reconcile(1, true, T, 0), -1);
    assert_int_equal(core_view_reconcile(0, true, T, 1), -1);
    assert_int_equal(core_view_reconcile(2, true, T, 0), -1);
    assert_int_equal(core_view_reconcile(1, false, T, 1), -1); /* soft */
    assert_int_equal(core_view_reconcile(0, true, 0, 0), -1);  /* no result */
}

/* A host list from a file (core_state -1) or no answer for the object:
 * the daemon's state stays, so a reload does not resubmit everything;
 * nothing decided yet (-1) stays undecided. */
static void test_core_view_reload_without_the_core_changes_nothing(void **state)
{
    (void)state;
    assert_int_equal(core_view_reconcile(-1, false, 0, 0), 0);
    assert_int_equal(core_view_reconcile(-1, false, 0, 1), 1);
    assert_int_equal(core_view_reconcile(1, true, T, -1), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_core_view_hard_state_with_a_result_is_taken),
        cmocka_unit_test(test_core_view_pending_host_is_not_up),
        cmocka_unit_test(test_core_view_soft_or_unknown_is_not_taken),
        cmocka_unit_test(test_core_view_reload_keeps_what_the_core_agrees_with),
        cmocka_unit_test(test_core_view_reload_resubmits_what_differs),
        cmocka_unit_test(test_core_view_reload_without_the_core_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
