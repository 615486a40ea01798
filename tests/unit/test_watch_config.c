/* test_watch_config.c - continuous mode's option rules, each with its reason. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "watch/watch_config.h"

static char err[256];

static int check(uint32_t interval, uint32_t down_after, uint32_t skip, uint32_t ttl)
{
    const struct watch_config w = {interval * 1000, down_after, skip, ttl};
    err[0] = '\0';
    return watch_config_check(&w, err, sizeof(err));
}

static void test_watch_config_defaults_pass(void **state)
{
    (void)state;
    assert_int_equal(check(5, 15, 600, 900), 0);
    assert_int_equal(check(5, 15, 0, 900), 0); /* no --skip-unchanged */
    assert_int_equal(check(1, 3, 0, 900), 0);  /* the fast case */
    assert_int_equal(check(5, 10, 10, 11), 0); /* every bound met exactly */
}

static void test_watch_config_down_after_below_twice_interval_says_why(void **state)
{
    (void)state;
    assert_int_equal(check(5, 9, 600, 900), -1);
    assert_non_null(strstr(err, "--down-after 9 is less than twice --watch-interval 5"));
    assert_non_null(strstr(err, "one lost probe"));
    assert_non_null(strstr(err, "use at least 10"));
    assert_int_equal(check(4000000u, 4000000u, 0, 900), -1); /* 2x does not wrap */
}

static void test_watch_config_interval_zero_is_refused(void **state)
{
    (void)state;
    assert_int_equal(check(0, 15, 0, 900), -1);
    assert_non_null(strstr(err, "--watch-interval must be at least 0.2"));
}

static void test_watch_config_fractional_interval(void **state)
{
    (void)state;
    const struct watch_config fast = {200, 1, 0, 900}, slow = {199, 15, 0, 900},
                              tight = {500, 0, 0, 900};
    assert_int_equal(watch_config_check(&fast, err, sizeof(err)), 0);
    assert_int_equal(watch_config_check(&slow, err, sizeof(err)), -1);
    assert_int_equal(watch_config_check(&tight, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "--down-after must be at least twice --watch-interval"));
    assert_non_null(strstr(err, "use at least 1)"));
}

static void test_watch_config_skip_unchanged_against_interval_and_ttl(void **state)
{
    (void)state;
    assert_int_equal(check(5, 15, 9, 900), -1);
    assert_non_null(strstr(err, "must carry at least one probe"));
    assert_int_equal(check(5, 15, 900, 900), -1);
    assert_non_null(strstr(err, "--skip-unchanged 900 must be below --submit-ttl 900"));
    assert_non_null(strstr(err, "go stale"));
}

static void test_watch_config_liveness_window_is_down_after_in_probes(void **state)
{
    (void)state;
    struct liveness_config lc;
    const struct watch_config a = {5000, 15, 600, 900}, b = {5000, 16, 0, 900},
                              c = {1000, 60, 0, 900};
    watch_config_liveness(&a, &lc);
    assert_true(lc.down_after_ns == 15000000000ull);
    assert_int_equal(lc.window_probes, 3);
    watch_config_liveness(&b, &lc);
    assert_int_equal(lc.window_probes, 4);
    watch_config_liveness(&c, &lc);
    assert_int_equal(lc.window_probes, LIVENESS_WINDOW_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watch_config_defaults_pass),
        cmocka_unit_test(test_watch_config_down_after_below_twice_interval_says_why),
        cmocka_unit_test(test_watch_config_interval_zero_is_refused),
        cmocka_unit_test(test_watch_config_fractional_interval),
        cmocka_unit_test(test_watch_config_skip_unchanged_against_interval_and_ttl),
        cmocka_unit_test(test_watch_config_liveness_window_is_down_after_in_probes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
