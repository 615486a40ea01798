/* test_liveness.c - the per-host liveness table, row by row, and its figures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "watch/liveness.h"

#define S 1000000000ull /* one second in ns */

static const struct liveness_config cfg = {.down_after_ns = 15 * S, .window_probes = 4};

/* Every row of the table, written out as the issue states the rules. */
static void test_liveness_table_rows(void **state)
{
    (void)state;
    enum { U = LIVENESS_UNKNOWN, P = LIVENESS_UP, D = LIVENESS_DOWN };
    enum {
        FIRST = LIVENESS_ACT_ARM_FIRST,
        ARM = LIVENESS_ACT_ARM,
        OFF = LIVENESS_ACT_DISARM,
        CHG = LIVENESS_ACT_CHANGED,
        KEEP = LIVENESS_ACT_KEEP_ERROR,
        FORGET = LIVENESS_ACT_FORGET_ERROR,
    };
    static const struct {
        int from, event, to, actions;
    } rows[] = {
        {U, LIVENESS_EV_SENT, U, FIRST},      {U, LIVENESS_EV_REPLY, P, ARM | CHG | FORGET},
        {U, LIVENESS_EV_ICMP_ERROR, U, KEEP}, {U, LIVENESS_EV_EXPIRED, D, OFF | CHG},
        {P, LIVENESS_EV_SENT, P, 0},          {P, LIVENESS_EV_REPLY, P, ARM | FORGET},
        {P, LIVENESS_EV_ICMP_ERROR, P, KEEP}, {P, LIVENESS_EV_EXPIRED, D, OFF | CHG},
        {D, LIVENESS_EV_SENT, D, 0},          {D, LIVENESS_EV_REPLY, P, ARM | CHG | FORGET},
        {D, LIVENESS_EV_ICMP_ERROR, D, KEEP}, {D, LIVENESS_EV_EXPIRED, D, OFF},
    };
    assert_int_equal(sizeof(rows) / sizeof(rows[0]), LIVENESS_STATES * LIVENESS_EVENTS);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct liveness_row r = liveness_transition(rows[i].from, rows[i].event);
        assert_int_equal(r.next, rows[i].to);
        assert_int_equal(r.actions, rows[i].actions);
    }
}

static void test_liveness_unknown_goes_down_after_first_probe_plus_down_after(void **state)
{
    (void)state;
    struct liveness_host h;
    uint64_t seq;
    liveness_init(&h);
    assert_false(liveness_tick(&h, &cfg, 100 * S)); /* no probe, no timer */
    assert_false(liveness_sent(&h, &cfg, 100 * S, &seq));
    assert_false(liveness_sent(&h, &cfg, 105 * S, &seq)); /* a later send does not re-arm */
    assert_false(liveness_tick(&h, &cfg, 115 * S - 1));
    assert_int_equal(h.state, LIVENESS_UNKNOWN);
    assert_true(liveness_tick(&h, &cfg, 115 * S));
    assert_int_equal(h.state, LIVENESS_DOWN);
    assert_int_equal(h.changed_ns, 115 * S);
    assert_false(liveness_tick(&h, &cfg, 200 * S)); /* once */
}

static void test_liveness_reply_is_up_at_once_from_unknown_and_down(void **state)
{
    (void)state;
    struct liveness_host h;
    uint64_t seq;
    liveness_init(&h);
    liveness_sent(&h, &cfg, 0, &seq);
    assert_true(liveness_reply(&h, &cfg, seq, 300, 1000));
    assert_int_equal(h.state, LIVENESS_UP);
    liveness_sent(&h, &cfg, 5 * S, &seq);
    assert_false(liveness_reply(&h, &cfg, seq, 300, 5 * S + 1000)); /* UP stays UP */
    assert_true(liveness_tick(&h, &cfg, 20 * S + 1000));
    assert_int_equal(h.state, LIVENESS_DOWN);
    liveness_sent(&h, &cfg, 25 * S, &seq);
    assert_true(liveness_reply(&h, &cfg, seq, 300, 25 * S + 1000));
    assert_int_equal(h.state, LIVENESS_UP);
}

static void test_liveness_up_times_out_from_the_last_reply_not_the_last_send(void **state)
{
    (void)state;
    struct liveness_host h;
    uint64_t seq;
    liveness_init(&h);
    liveness_sent(&h, &cfg, 0, &seq);
    liveness_reply(&h, &cfg, seq, 500, 10 * S);
    for (uint64_t t = 11 * S; t < 25 * S; t += S) {
        liveness_sent(&h, &cfg, t, &seq); /* sends with no reply */
        assert_false(liveness_tick(&h, &cfg, t));
    }
    assert_true(liveness_tick(&h, &cfg, 25 * S));
}

static void test_liveness_icmp_error_counts_as_no_reply_and_is_remembered(void **state)
{
    (void)state;
    struct liveness_host h;
    uint64_t seq;
    struct liveness_stats st;
    liveness_init(&h);
    liveness_sent(&h, &cfg, 0, &seq);
    liveness_reply(&h, &cfg, seq, 400, 1000);
    liveness_sent(&h, &cfg, 5 * S, &seq);
    assert_false(liveness_icmp_error(&h, &cfg, seq, 3, 1, false, 5 * S + 2000));
    assert_int_equal(h.state, LIVENESS_UP); /* not DOWN by itself */
    assert_true(h.has_error);
    assert_int_equal(h.error_type, 3);
    assert_int_equal(h.error_code, 1);
    assert_int_equal(h.errors, 1);
    assert_true(liveness_tick(&h, &cfg, 15 * S + 1000)); /* the timer decides */
    assert_true(h.has_error);                            /* still there for the DOWN text */
    liveness_take_result(&h, &st);
    assert_int_equal(st.sent, 2);
    assert_int_equal(st.received, 1);
    liveness_sent(&h, &cfg, 20 * S, &seq);
    assert_true(liveness_reply(&h, &cfg, seq, 400, 20 * S + 1000));
    assert_false(h.has_error); /* a reply makes the error history */
}

static void test_liveness_late_reply_proves_alive_but_adds_no_figures(void **state)
{
    (void)state;
    struct liveness_host h;
    uint64_t first, second;
    struct liveness_stats st;
    liveness_init(&h);
    liveness_sent(&h, &cfg, 0, &first);
    liveness_sent(&h, &cfg, 5 * S, &second); /* settles the first as lost */
    assert_true(liveness_reply(&h, &cfg, first, 5100000, 5 * S + 100000));
    assert_int_equal(h.state, LIVENESS_UP);
    assert_int_equal(h.replies, 1);
    liveness_take_result(&h, &st);
    assert_int_equal(st.sent, 1);
    assert_int_equal(st.received, 0);
}

static void test_liveness_reply_to_probe_never_sent_is_ignored(void **state)
{
    (void)state;
    struct liveness_host h;
    uint64_t seq;
    liveness_init(&h);
    assert_false(liveness_reply(&h, &cfg, 0, 100, 10)); /* nothing sent yet */
    liveness_sent(&h, &cfg, 0, &seq);
    assert_false(liveness_reply(&h, &cfg, seq + 1, 100, 10));
    assert_false(liveness_icmp_error(&h, &cfg, seq + 1, 3, 1, false, 10));
    assert_int_equal(h.state, LIVENESS_UNKNOWN);
    assert_int_equal(h.replies, 0);
    assert_int_equal(h.errors, 0);
}

static void test_liveness_duplicate_reply_counts_once_in_figures(void **state)
{
    (void)state;
    struct liveness_host h;
    uint64_t seq;
    struct liveness_stats st;
    liveness_init(&h);
    liveness_sent(&h, &cfg, 0, &seq);
    liveness_reply(&h, &cfg, seq, 700, 700000);
    liveness_reply(&h, &cfg, seq, 900, 900000);
    liveness_take_result(&h, &st);
    assert_int_equal(st.sent, 1);
    assert_int_equal(st.received, 1);
    assert_int_equal(st.rtt_sum_us, 700);
}

/* Replies of 1, 3, lost, 2 ms: rta 2 ms, 25 % loss, jitter (2 + 1) / 2. */
static void test_liveness_result_figures_and_reset(void **state)
{
    (void)state;
    struct liveness_host h;
    uint64_t seq;
    struct liveness_stats st;
    static const uint32_t rtt[] = {1000, 3000, LIVENESS_RTT_LOST, 2000};
    liveness_init(&h);
    for (int i = 0; i < 4; i++) {
        liveness_sent(&h, &cfg, (uint64_t)i * S, &seq);
        if (rtt[i] != LIVENESS_RTT_LOST)
            liveness_reply(&h, &cfg, seq, rtt[i], (uint64_t)i * S + rtt[i] * 1000);
    }
    liveness_take_result(&h, &st);
    assert_int_equal(st.sent, 4);
    assert_int_equal(st.received, 3);
    assert_true(liveness_stats_rta_us(&st) == 2000.0);
    assert_true(liveness_stats_loss_pct(&st) == 25.0);
    assert_true(liveness_stats_jitter_us(&st) == 1500.0);
    assert_int_equal(st.rtt_min_us, 1000);
    assert_int_equal(st.rtt_max_us, 3000);
    /* the next result starts empty, but jitter continues from the last reply */
    liveness_sent(&h, &cfg, 10 * S, &seq);
    liveness_reply(&h, &cfg, seq, 2500, 10 * S + 2500000);
    liveness_take_result(&h, &st);
    assert_int_equal(st.sent, 1);
    assert_int_equal(st.jitter_sum_us, 500);
    liveness_take_result(&h, &st);
    assert_int_equal(st.sent, 0);
    assert_true(liveness_stats_loss_pct(&st) == 100.0);
    assert_true(liveness_stats_rta_us(&st) == 0.0);
}

static void test_liveness_window_holds_the_last_probes_only(void **state)
{
    (void)state;
    struct liveness_host h;
    uint64_t seq;
    struct liveness_stats w;
    liveness_init(&h);
    liveness_window(&h, &cfg, &w);
    assert_int_equal(w.sent, 0);
    /* 40 probes: the first 36 lost, then four replies of 1..4 ms */
    for (uint32_t i = 0; i < 40; i++) {
        liveness_sent(&h, &cfg, i * S, &seq);
        if (i >= 36)
            liveness_reply(&h, &cfg, seq, (i - 35) * 1000, i * S + 1000);
    }
    liveness_window(&h, &cfg, &w); /* window_probes 4 */
    assert_int_equal(w.sent, 4);
    assert_int_equal(w.received, 4);
    assert_true(liveness_stats_rta_us(&w) == 2500.0);
    assert_true(liveness_stats_jitter_us(&w) == 1000.0);
    liveness_sent(&h, &cfg, 40 * S, &seq); /* the newest is lost at the next send */
    liveness_sent(&h, &cfg, 41 * S, &seq);
    liveness_window(&h, &cfg, &w);
    assert_int_equal(w.sent, 4);
    assert_int_equal(w.received, 3);
    assert_true(liveness_stats_loss_pct(&w) == 25.0);
    struct liveness_config wide = cfg;
    wide.window_probes = LIVENESS_WINDOW_MAX;
    liveness_window(&h, &wide, &w);
    assert_int_equal(w.sent, LIVENESS_WINDOW_MAX);
    assert_int_equal(w.received, 4);
}

/* Nothing wraps: sums saturate at UINT64_MAX, and a million probes (the
 * 0.2 engine's 16-bit counters wrapped at 65,536) count a million. */
static void test_liveness_counters_do_not_wrap(void **state)
{
    (void)state;
    struct liveness_stats s;
    liveness_stats_clear(&s);
    s.sent = UINT64_MAX - 1;
    s.received = UINT64_MAX - 1;
    s.rtt_sum_us = UINT64_MAX - 10;
    liveness_stats_add(&s, 100, false, 0);
    liveness_stats_add(&s, 100, false, 0);
    assert_true(s.sent == UINT64_MAX);
    assert_true(s.received == UINT64_MAX);
    assert_true(s.rtt_sum_us == UINT64_MAX);
    struct liveness_stats big = s;
    liveness_stats_merge(&big, &s);
    assert_true(big.sent == UINT64_MAX);

    struct liveness_host h;
    uint64_t seq = 0;
    liveness_init(&h);
    for (uint64_t i = 0; i < 1000000; i++) {
        liveness_sent(&h, &cfg, i * S, &seq);
        liveness_reply(&h, &cfg, seq, 250, i * S + 250000);
    }
    assert_true(seq == 999999);
    assert_true(h.replies == 1000000);
    assert_true(h.since_result.received == 1000000);
    assert_true(h.since_result.rtt_sum_us == 250000000);
    assert_int_equal(h.state, LIVENESS_UP);
    h.next_seq = UINT64_MAX - 1;
    h.newest_pending = false;
    liveness_sent(&h, &cfg, 0, &seq);
    liveness_sent(&h, &cfg, 0, &seq);
    assert_true(h.next_seq == UINT64_MAX); /* saturated, never back to 0 */
}

/* The storage of a host is one fixed record, small enough for 100,000. */
static void test_liveness_host_storage_is_small_and_fixed(void **state)
{
    (void)state;
    assert_true(sizeof(struct liveness_host) <= 256);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_liveness_table_rows),
        cmocka_unit_test(test_liveness_unknown_goes_down_after_first_probe_plus_down_after),
        cmocka_unit_test(test_liveness_reply_is_up_at_once_from_unknown_and_down),
        cmocka_unit_test(test_liveness_up_times_out_from_the_last_reply_not_the_last_send),
        cmocka_unit_test(test_liveness_icmp_error_counts_as_no_reply_and_is_remembered),
        cmocka_unit_test(test_liveness_late_reply_proves_alive_but_adds_no_figures),
        cmocka_unit_test(test_liveness_reply_to_probe_never_sent_is_ignored),
        cmocka_unit_test(test_liveness_duplicate_reply_counts_once_in_figures),
        cmocka_unit_test(test_liveness_result_figures_and_reset),
        cmocka_unit_test(test_liveness_window_holds_the_last_probes_only),
        cmocka_unit_test(test_liveness_counters_do_not_wrap),
        cmocka_unit_test(test_liveness_host_storage_is_small_and_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
