/*
 * test_latency.c - jitter, MOS, score and order as check_icmp defines them
 * (lib/hosts/latency.c).  Expected values are worked out by hand from the
 * formulas in latency.h, not taken from any other implementation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hosts/latency.h"

#include <math.h>
#include <string.h>

static struct latency_acc feed(const uint32_t *rtt_us, const uint16_t *packet, uint32_t n)
{
    struct latency_acc a;
    memset(&a, 0, sizeof(a));
    for (uint32_t i = 0; i < n; i++)
        latency_add_reply(&a, i, packet ? packet[i] : (uint16_t)i, rtt_us[i]);
    return a;
}

static void test_jitter_is_mean_absolute_difference(void **state)
{
    (void)state;
    /* differences 2000, 1000, 3000 us: mean 2 ms, min 1 ms, max 3 ms */
    const uint32_t rtt[] = {10000, 12000, 11000, 14000};
    struct latency_acc a = feed(rtt, NULL, 4);
    struct latency_measures m;
    latency_measure(&a, 4, 11750, 0, &m);
    assert_true(m.valid);
    assert_true(fabs(m.jitter_ms - 2.0) < 1e-9);
    assert_true(fabs(m.jitter_min_ms - 1.0) < 1e-9);
    assert_true(fabs(m.jitter_max_ms - 3.0) < 1e-9);
    assert_true(m.in_order);
}

static void test_one_reply_has_no_measures(void **state)
{
    (void)state;
    const uint32_t rtt[] = {5000};
    struct latency_acc a = feed(rtt, NULL, 1);
    struct latency_measures m;
    latency_measure(&a, 1, 5000, 80, &m);
    assert_false(m.valid);
    assert_true(m.jitter_ms == 0 && m.mos == 0 && m.score == 0);
}

static void test_score_below_160ms_effective(void **state)
{
    (void)state;
    /* effective = 30 + 2*5 + 10 = 50 ms; R = 93.2 - 50/40 = 91.95 */
    assert_true(fabs(latency_score(30, 5, 0) - 91.95) < 1e-9);
    /* 2 % loss costs 5 points */
    assert_true(fabs(latency_score(30, 5, 2) - 86.95) < 1e-9);
}

static void test_score_from_160ms_effective(void **state)
{
    (void)state;
    /* effective = 150 + 0 + 10 = 160 ms; R = 93.2 - (160-120)/10 = 89.2 */
    assert_true(fabs(latency_score(150, 0, 0) - 89.2) < 1e-9);
    /* a huge latency or loss never makes R negative */
    assert_true(latency_score(5000, 0, 0) == 0);
    assert_true(latency_score(1, 0, 100) == 0);
}

static void test_mos_of_score(void **state)
{
    (void)state;
    /* R = 0 gives 1; R = 100 gives 1 + 3.5; R = 80: 1 + 2.8 + 7e-6*80*20*20 = 4.024 */
    assert_true(fabs(latency_mos(0) - 1.0) < 1e-9);
    assert_true(fabs(latency_mos(100) - 4.5) < 1e-9);
    assert_true(fabs(latency_mos(80) - 4.024) < 1e-9);
}

static void test_measure_combines_rta_jitter_loss(void **state)
{
    (void)state;
    const uint32_t rtt[] = {20000, 24000, 20000}; /* jitter (4+4)/2 = 4 ms */
    struct latency_acc a = feed(rtt, NULL, 3);
    struct latency_measures m;
    latency_measure(&a, 3, 21333.333, 40, &m);
    double r = 93.2 - (21.333333 + 8 + 10) / 40 - 100;
    assert_true(r < 0); /* 40 % loss: R clamps at 0, MOS 1 */
    assert_true(m.score == 0);
    assert_true(fabs(m.mos - 1.0) < 1e-9);
    latency_measure(&a, 3, 21333.333, 0, &m);
    assert_true(fabs(m.score - (93.2 - (21.333333 + 8 + 10) / 40)) < 1e-6);
}

static void test_order_detects_late_earlier_reply(void **state)
{
    (void)state;
    const uint32_t rtt[] = {1000, 1000, 1000};
    const uint16_t in_order[] = {0, 2, 4};
    const uint16_t swapped[] = {0, 2, 1};
    struct latency_acc a = feed(rtt, in_order, 3);
    struct latency_measures m;
    latency_measure(&a, 3, 1000, 0, &m);
    assert_true(m.in_order);
    a = feed(rtt, swapped, 3);
    latency_measure(&a, 3, 1000, 0, &m);
    assert_false(m.in_order);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jitter_is_mean_absolute_difference),
        cmocka_unit_test(test_one_reply_has_no_measures),
        cmocka_unit_test(test_score_below_160ms_effective),
        cmocka_unit_test(test_score_from_160ms_effective),
        cmocka_unit_test(test_mos_of_score),
        cmocka_unit_test(test_measure_combines_rta_jitter_loss),
        cmocka_unit_test(test_order_detects_late_earlier_reply),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
