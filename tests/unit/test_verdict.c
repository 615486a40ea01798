/*
 * test_verdict.c - host classes, aggregate counts and RTTs, and the state
 * every configured check leads to.  Hosts and thresholds are built by hand,
 * so these tests depend on neither the parser nor the engine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "verdict/verdict.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>

#define MAX_HOSTS 32

struct fixture {
    struct hostset set;
    struct host hosts[MAX_HOSTS];
};

static void fx_init(struct fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->set.hosts = f->hosts;
}

/* A literal host that answered `received` of `sent`, every reply rtt_us. */
static struct host *fx_add(struct fixture *f, uint16_t sent, uint16_t received, uint32_t rtt_us)
{
    assert_true(f->set.count < MAX_HOSTS);
    struct host *h = &f->hosts[f->set.count++];
    h->name = HOST_NO_NAME;
    h->addr.family = AF_INET;
    h->addr.bytes[0] = 192;
    h->addr.bytes[3] = (uint8_t)f->set.count;
    h->sent = sent;
    h->received = received;
    if (received > 0) {
        h->rtt_min_us = rtt_us;
        h->rtt_max_us = rtt_us;
        h->rtt_sum_us = (uint64_t)rtt_us * received;
    }
    return h;
}

static void fx_add_many(struct fixture *f, int n, uint16_t sent, uint16_t received)
{
    for (int i = 0; i < n; i++)
        fx_add(f, sent, received, 1000);
}

static void mark_unreachable(struct host *h)
{
    atomic_store(&h->flags, HOST_UNREACHABLE);
    h->error_type = HOST_ERROR_ICMP4;
    h->error_code = 3 << 8 | 1;
}

static struct host *fx_add_unresolved(struct fixture *f)
{
    struct host *h = fx_add(f, 0, 0, 0);
    memset(&h->addr, 0, sizeof(h->addr));
    h->status = HOST_UNRESOLVED;
    h->error_code = EAI_NONAME;
    return h;
}

/* Nagios "N": alert above N.  "N:" : alert below N. */
static struct range at_most(double n, bool percent)
{
    return (struct range){.start = 0, .end = n, .percent = percent};
}

static struct range at_least(double n, bool percent)
{
    return (struct range){.start = n, .end_infinite = true, .percent = percent};
}

static struct verdict compute(const struct verdict_config *cfg, const struct fixture *f)
{
    struct verdict v;
    verdict_compute(cfg, &f->set, &v);
    return v;
}

/* ---- classification ---- */

static void test_classify_all_answered_is_alive(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    assert_int_equal(verdict_classify(fx_add(&f, 2, 2, 100)), CLASS_ALIVE);
}

static void test_classify_duplicate_replies_still_alive(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    assert_int_equal(verdict_classify(fx_add(&f, 2, 3, 100)), CLASS_ALIVE);
}

static void test_classify_some_answered_is_partial(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    assert_int_equal(verdict_classify(fx_add(&f, 3, 1, 100)), CLASS_PARTIAL);
}

static void test_classify_unreachable_with_replies_is_partial(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    struct host *h = fx_add(&f, 2, 1, 100);
    mark_unreachable(h);
    assert_int_equal(verdict_classify(h), CLASS_PARTIAL);
}

static void test_classify_silent_is_dead(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    assert_int_equal(verdict_classify(fx_add(&f, 2, 0, 0)), CLASS_DEAD);
}

static void test_classify_nothing_sent_is_dead(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    assert_int_equal(verdict_classify(fx_add(&f, 0, 0, 0)), CLASS_DEAD);
}

static void test_classify_icmp_error_is_unreachable(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    struct host *h = fx_add(&f, 2, 0, 0);
    mark_unreachable(h);
    assert_int_equal(verdict_classify(h), CLASS_UNREACHABLE);
}

static void test_classify_send_error_before_any_send_is_unreachable(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    struct host *h = fx_add(&f, 0, 0, 0);
    atomic_store(&h->flags, HOST_UNREACHABLE);
    h->error_type = HOST_ERROR_SEND;
    h->error_code = ENETUNREACH;
    assert_int_equal(verdict_classify(h), CLASS_UNREACHABLE);
}

static void test_classify_failed_name_is_unresolved(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    assert_int_equal(verdict_classify(fx_add_unresolved(&f)), CLASS_UNRESOLVED);
}

static void test_classify_still_resolving_is_unresolved(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    struct host *h = fx_add_unresolved(&f);
    h->status = HOST_RESOLVING;
    assert_int_equal(verdict_classify(h), CLASS_UNRESOLVED);
}

static void test_class_names(void **state)
{
    (void)state;
    assert_string_equal(verdict_class_name(CLASS_ALIVE), "alive");
    assert_string_equal(verdict_class_name(CLASS_PARTIAL), "partial");
    assert_string_equal(verdict_class_name(CLASS_DEAD), "dead");
    assert_string_equal(verdict_class_name(CLASS_UNREACHABLE), "unreachable");
    assert_string_equal(verdict_class_name(CLASS_UNRESOLVED), "unresolved");
}

/* ---- one host ---- */

static void test_host_loss_and_rta(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    struct host *h = fx_add(&f, 4, 1, 250);
    assert_float_equal(verdict_host_loss(h), 75.0, 1e-9);
    assert_float_equal(verdict_host_rta_us(h), 250.0, 1e-9);
}

static void test_host_loss_is_zero_when_nothing_sent(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    assert_float_equal(verdict_host_loss(fx_add(&f, 0, 0, 0)), 0.0, 1e-9);
}

static void test_host_duplicates_do_not_make_loss_negative(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    assert_float_equal(verdict_host_loss(fx_add(&f, 2, 3, 10)), 0.0, 1e-9);
}

static void test_host_rta_negative_without_reply(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    assert_true(verdict_host_rta_us(fx_add(&f, 2, 0, 0)) < 0);
}

/* ---- aggregation ---- */

static void test_compute_counts_every_class_and_down(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 3, 2, 2);
    fx_add_many(&f, 2, 2, 1);
    fx_add_many(&f, 4, 2, 0);
    mark_unreachable(fx_add(&f, 2, 0, 0));
    fx_add_unresolved(&f);
    fx_add_unresolved(&f);
    struct verdict v = compute(&cfg, &f);
    assert_int_equal(v.hosts, 12);
    assert_int_equal(v.count[CLASS_ALIVE], 3);
    assert_int_equal(v.count[CLASS_PARTIAL], 2);
    assert_int_equal(v.count[CLASS_DEAD], 4);
    assert_int_equal(v.count[CLASS_UNREACHABLE], 1);
    assert_int_equal(v.count[CLASS_UNRESOLVED], 2);
    assert_int_equal(v.down, 7);
    assert_int_equal(v.sent, 20);
    assert_int_equal(v.received, 8);
}

static void test_compute_rta_average_is_over_replies_not_hosts(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    fx_add(&f, 3, 3, 100); /* three replies of 100 us */
    fx_add(&f, 3, 1, 700); /* one reply of 700 us */
    struct verdict v = compute(&cfg, &f);
    assert_true(v.has_rtt);
    assert_float_equal(v.rta_avg_ms, 0.25, 1e-9); /* 1000 us / 4 replies */
    assert_float_equal(v.rta_min_ms, 0.1, 1e-9);
    assert_float_equal(v.rta_max_ms, 0.7, 1e-9);
}

static void test_compute_loss_only_counts_hosts_sent_to(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    fx_add(&f, 2, 2, 100);
    fx_add(&f, 2, 1, 100);
    fx_add_unresolved(&f);
    struct verdict v = compute(&cfg, &f);
    assert_float_equal(v.loss_pct, 25.0, 1e-9);
}

static void test_compute_no_reply_means_no_rtt(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 2, 2, 0);
    struct verdict v = compute(&cfg, &f);
    assert_false(v.has_rtt);
    assert_float_equal(v.loss_pct, 100.0, 1e-9);
}

static void test_compute_nothing_sent_is_zero_loss(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    fx_add_unresolved(&f);
    struct verdict v = compute(&cfg, &f);
    assert_float_equal(v.loss_pct, 0.0, 1e-9);
}

/* ---- default rule ---- */

static void test_default_rule_nothing_down_is_ok(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 3, 2, 2);
    assert_int_equal(compute(&cfg, &f).state, STATE_OK);
}

static void test_default_rule_everything_down_is_critical(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 2, 2, 0);
    fx_add_unresolved(&f);
    assert_int_equal(compute(&cfg, &f).state, STATE_CRITICAL);
}

static void test_default_rule_some_down_is_warning(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 2, 2, 2);
    fx_add(&f, 2, 0, 0);
    assert_int_equal(compute(&cfg, &f).state, STATE_WARNING);
}

static void test_default_rule_ignores_partial_hosts(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 3, 2, 1);
    assert_int_equal(compute(&cfg, &f).state, STATE_OK);
}

/* ---- -w / -c on the down count ---- */

static struct verdict_config down_counts(double warn, double crit, bool percent)
{
    struct verdict_config cfg = {0};
    cfg.down.has_warning = true;
    cfg.down.has_critical = true;
    cfg.down.warning = at_most(warn, percent);
    cfg.down.critical = at_most(crit, percent);
    return cfg;
}

static void test_down_count_within_warning_is_ok(void **state)
{
    (void)state;
    struct verdict_config cfg = down_counts(1, 3, false);
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 9, 2, 2);
    fx_add_many(&f, 1, 2, 0);
    assert_int_equal(compute(&cfg, &f).state, STATE_OK);
}

static void test_down_count_over_warning_is_warning(void **state)
{
    (void)state;
    struct verdict_config cfg = down_counts(1, 3, false);
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 8, 2, 2);
    fx_add_many(&f, 2, 2, 0);
    assert_int_equal(compute(&cfg, &f).state, STATE_WARNING);
}

static void test_down_count_over_critical_is_critical(void **state)
{
    (void)state;
    struct verdict_config cfg = down_counts(1, 3, false);
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 6, 2, 2);
    fx_add_many(&f, 4, 2, 0);
    assert_int_equal(compute(&cfg, &f).state, STATE_CRITICAL);
}

static void test_down_percent_is_of_all_hosts(void **state)
{
    (void)state;
    struct verdict_config cfg = down_counts(10, 50, true);
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 8, 2, 2);
    fx_add_many(&f, 1, 2, 0);
    fx_add_unresolved(&f); /* 2 of 10 down: 20% */
    assert_int_equal(compute(&cfg, &f).state, STATE_WARNING);
}

static void test_down_percent_over_critical(void **state)
{
    (void)state;
    struct verdict_config cfg = down_counts(10, 50, true);
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 4, 2, 2);
    fx_add_many(&f, 6, 2, 0);
    assert_int_equal(compute(&cfg, &f).state, STATE_CRITICAL);
}

static void test_thresholds_replace_default_rule(void **state)
{
    (void)state;
    struct verdict_config cfg = down_counts(5, 10, false);
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 3, 2, 0); /* everything down, default would be CRITICAL */
    assert_int_equal(compute(&cfg, &f).state, STATE_OK);
}

/* ---- --min-alive ---- */

static void test_min_alive_alone_replaces_default_rule(void **state)
{
    (void)state;
    struct verdict_config cfg = {.has_min_alive = true, .min_alive = at_least(1, false)};
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 1, 2, 2);
    fx_add_many(&f, 2, 2, 0); /* default rule would say WARNING */
    assert_int_equal(compute(&cfg, &f).state, STATE_OK);
}

static void test_min_alive_not_met_is_critical(void **state)
{
    (void)state;
    struct verdict_config cfg = {.has_min_alive = true, .min_alive = at_least(2, false)};
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 1, 2, 2);
    fx_add_many(&f, 5, 2, 1); /* partial hosts are not alive */
    assert_int_equal(compute(&cfg, &f).state, STATE_CRITICAL);
}

static void test_min_alive_percent(void **state)
{
    (void)state;
    struct verdict_config cfg = {.has_min_alive = true, .min_alive = at_least(50, true)};
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 2, 2, 2);
    fx_add_many(&f, 2, 2, 0);
    assert_int_equal(compute(&cfg, &f).state, STATE_OK);
    fx_add(&f, 2, 0, 0); /* 2 of 5 alive: 40% */
    assert_int_equal(compute(&cfg, &f).state, STATE_CRITICAL);
}

/* ---- --partial-warning / --partial-critical ---- */

static void test_partial_count_warning(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    cfg.partial.has_warning = true;
    cfg.partial.warning = at_most(1, false);
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 2, 2, 1);
    assert_int_equal(compute(&cfg, &f).state, STATE_WARNING);
}

static void test_partial_percent_critical(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    cfg.partial.has_critical = true;
    cfg.partial.critical = at_most(25, true);
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 3, 2, 2);
    fx_add_many(&f, 1, 2, 1); /* 25%: not above */
    assert_int_equal(compute(&cfg, &f).state, STATE_OK);
    fx_add_many(&f, 1, 2, 1); /* 40% */
    assert_int_equal(compute(&cfg, &f).state, STATE_CRITICAL);
}

/* ---- per-host limits ---- */

static struct verdict_config host_limits(void)
{
    struct verdict_config cfg = {0};
    cfg.has_host_warning = true;
    cfg.has_host_critical = true;
    cfg.host_warning =
        (struct host_limit){.has_rta = true, .rta_us = 200000, .has_loss = true, .loss_pct = 40};
    cfg.host_critical =
        (struct host_limit){.has_rta = true, .rta_us = 500000, .has_loss = true, .loss_pct = 80};
    return cfg;
}

static void test_host_over_critical_rta_is_critical(void **state)
{
    (void)state;
    struct verdict_config cfg = host_limits();
    struct fixture f;
    fx_init(&f);
    fx_add(&f, 2, 2, 612000);
    fx_add(&f, 2, 2, 1000);
    struct verdict v = compute(&cfg, &f);
    assert_int_equal(v.over_host_critical, 1);
    assert_int_equal(v.over_host_warning, 0);
    assert_int_equal(v.state, STATE_CRITICAL);
}

static void test_host_over_warning_loss_is_warning(void **state)
{
    (void)state;
    struct verdict_config cfg = host_limits();
    struct fixture f;
    fx_init(&f);
    fx_add(&f, 2, 1, 1000); /* 50% loss; partial, but default rule is OK */
    struct verdict v = compute(&cfg, &f);
    assert_int_equal(v.over_host_warning, 1);
    assert_int_equal(v.over_host_critical, 0);
    assert_int_equal(v.state, STATE_WARNING);
}

static void test_host_limits_skip_hosts_without_reply(void **state)
{
    (void)state;
    struct verdict_config cfg = host_limits();
    cfg.down = down_counts(5, 5, false).down;
    struct fixture f;
    fx_init(&f);
    struct host *dead = fx_add(&f, 2, 0, 0);
    struct verdict v = compute(&cfg, &f);
    assert_int_equal(verdict_host_state(&cfg, dead), STATE_OK);
    assert_int_equal(v.over_host_critical, 0);
    assert_int_equal(v.state, STATE_OK);
}

static void test_host_state_unset_limits_are_ok(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    struct fixture f;
    fx_init(&f);
    assert_int_equal(verdict_host_state(&cfg, fx_add(&f, 2, 1, 900000)), STATE_OK);
}

static void test_host_latency_limits_judge_jitter_mos_score(void **state)
{
    (void)state;
    struct verdict_config cfg = {0};
    cfg.has_host_warning = true;
    cfg.host_warning = (struct host_limit){.has_jitter = true, .jitter_us = 40000};
    cfg.has_host_critical = true;
    cfg.host_critical = (struct host_limit){.has_mos = true, .mos = 3.0};
    struct fixture f;
    fx_init(&f);
    /* Two replies 1 ms and 51 ms: jitter 50 ms (>= 40 ms), rta 26 ms,
     * effective 26 + 100 + 10 = 136: R = 89.8, MOS about 4.3 (> 3). */
    struct host *h = fx_add(&f, 2, 2, 26000);
    latency_add_reply(&h->latency, 0, 0, 1000);
    latency_add_reply(&h->latency, 1, 1, 51000);
    assert_int_equal(verdict_host_state(&cfg, h), STATE_WARNING);
    /* 20 % loss of 5 requests (4 replies at 1 ms): R = 92.9 - 50 = 42.9, MOS 2.2. */
    struct host *lossy = fx_add(&f, 5, 4, 1000);
    for (uint16_t k = 0; k < 4; k++)
        latency_add_reply(&lossy->latency, k, k, 1000);
    assert_int_equal(verdict_host_state(&cfg, lossy), STATE_CRITICAL);
    /* One reply: no measures, so not judged on them. */
    struct host *one = fx_add(&f, 2, 1, 1000);
    assert_int_equal(verdict_host_state(&cfg, one), STATE_OK);
}

/* ---- worst of ---- */

static void test_state_is_worst_of_checks(void **state)
{
    (void)state;
    struct verdict_config cfg = down_counts(0, 5, false);
    cfg.partial.has_critical = true;
    cfg.partial.critical = at_most(0, false);
    struct fixture f;
    fx_init(&f);
    fx_add_many(&f, 3, 2, 2);
    fx_add(&f, 2, 0, 0); /* down: WARNING */
    fx_add(&f, 2, 1, 5); /* partial: CRITICAL */
    assert_int_equal(compute(&cfg, &f).state, STATE_CRITICAL);
}

static void test_state_keeps_down_critical_over_host_warning(void **state)
{
    (void)state;
    struct verdict_config cfg = host_limits();
    struct fixture f;
    fx_init(&f);
    fx_add(&f, 2, 2, 300000); /* over host warning */
    fx_add(&f, 2, 0, 0);
    fx_add(&f, 2, 0, 0);
    cfg.down = down_counts(0, 1, false).down; /* 2 down: CRITICAL */
    struct verdict v = compute(&cfg, &f);
    assert_int_equal(v.over_host_warning, 1);
    assert_int_equal(v.state, STATE_CRITICAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_all_answered_is_alive),
        cmocka_unit_test(test_classify_duplicate_replies_still_alive),
        cmocka_unit_test(test_classify_some_answered_is_partial),
        cmocka_unit_test(test_classify_unreachable_with_replies_is_partial),
        cmocka_unit_test(test_classify_silent_is_dead),
        cmocka_unit_test(test_classify_nothing_sent_is_dead),
        cmocka_unit_test(test_classify_icmp_error_is_unreachable),
        cmocka_unit_test(test_classify_send_error_before_any_send_is_unreachable),
        cmocka_unit_test(test_classify_failed_name_is_unresolved),
        cmocka_unit_test(test_classify_still_resolving_is_unresolved),
        cmocka_unit_test(test_class_names),
        cmocka_unit_test(test_host_loss_and_rta),
        cmocka_unit_test(test_host_loss_is_zero_when_nothing_sent),
        cmocka_unit_test(test_host_duplicates_do_not_make_loss_negative),
        cmocka_unit_test(test_host_rta_negative_without_reply),
        cmocka_unit_test(test_compute_counts_every_class_and_down),
        cmocka_unit_test(test_compute_rta_average_is_over_replies_not_hosts),
        cmocka_unit_test(test_compute_loss_only_counts_hosts_sent_to),
        cmocka_unit_test(test_compute_no_reply_means_no_rtt),
        cmocka_unit_test(test_compute_nothing_sent_is_zero_loss),
        cmocka_unit_test(test_default_rule_nothing_down_is_ok),
        cmocka_unit_test(test_default_rule_everything_down_is_critical),
        cmocka_unit_test(test_default_rule_some_down_is_warning),
        cmocka_unit_test(test_default_rule_ignores_partial_hosts),
        cmocka_unit_test(test_down_count_within_warning_is_ok),
        cmocka_unit_test(test_down_count_over_warning_is_warning),
        cmocka_unit_test(test_down_count_over_critical_is_critical),
        cmocka_unit_test(test_down_percent_is_of_all_hosts),
        cmocka_unit_test(test_down_percent_over_critical),
        cmocka_unit_test(test_thresholds_replace_default_rule),
        cmocka_unit_test(test_min_alive_alone_replaces_default_rule),
        cmocka_unit_test(test_min_alive_not_met_is_critical),
        cmocka_unit_test(test_min_alive_percent),
        cmocka_unit_test(test_partial_count_warning),
        cmocka_unit_test(test_partial_percent_critical),
        cmocka_unit_test(test_host_over_critical_rta_is_critical),
        cmocka_unit_test(test_host_over_warning_loss_is_warning),
        cmocka_unit_test(test_host_limits_skip_hosts_without_reply),
        cmocka_unit_test(test_host_latency_limits_judge_jitter_mos_score),
        cmocka_unit_test(test_host_state_unset_limits_are_ok),
        cmocka_unit_test(test_state_is_worst_of_checks),
        cmocka_unit_test(test_state_keeps_down_critical_over_host_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
