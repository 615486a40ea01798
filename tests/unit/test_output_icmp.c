/*
 * test_output_icmp.c - the check_icmp personality's verdict and text
 * (lib/check_icmp/verdict_icmp.c, lib/check_icmp/output_icmp.c): exact status lines and perfdata
 * for one host and several, every mode, -m, silent and unreachable hosts.
 * The expected texts are written from check_icmp 2.4's documented format
 * (man page of check_multiping, "CHECK_ICMP PERSONALITY").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "check_icmp/output_icmp.h"
#include "resolve/resolve_reason.h"

#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct icmp_config defaults(void)
{
    return (struct icmp_config){
        .warn = {.rta_us = 200000, .pl = 40, .jitter_ms = 40, .mos = 3.5, .score = 80},
        .crit = {.rta_us = 500000, .pl = 80, .jitter_ms = 50, .mos = 3, .score = 70},
        .min_hosts_alive = -1,
    };
}

/* A host that got `n` replies with these RTTs out of `sent` requests. */
static void add(struct hostset *set, const char *addr, uint16_t sent, const uint32_t *rtt,
                uint16_t n)
{
    struct ipaddr a;
    assert_true(ipaddr_parse(addr, &a));
    int64_t i = hostset_add_address(set, &a);
    assert_true(i >= 0);
    struct host *h = &set->hosts[i];
    h->sent = sent;
    for (uint16_t k = 0; k < n; k++) {
        if (h->received == 0 || rtt[k] < h->rtt_min_us)
            h->rtt_min_us = rtt[k];
        if (rtt[k] > h->rtt_max_us)
            h->rtt_max_us = rtt[k];
        h->rtt_sum_us += rtt[k];
        latency_add_reply(&h->latency, h->received, k, rtt[k]);
        h->received++;
    }
}

static char *render(const struct hostset *set, const struct icmp_config *cfg, enum state *state)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    *state = output_icmp_result(f, set, cfg);
    fclose(f);
    return text;
}

static void expect(const struct hostset *set, const struct icmp_config *cfg, enum state want,
                   const char *line)
{
    enum state got;
    char *text = render(set, cfg, &got);
    if (strcmp(text, line) != 0)
        fail_msg("got      \"%s\"\nexpected \"%s\"", text, line);
    assert_int_equal(got, want);
    free(text);
}

static const uint32_t fast[] = {1000, 1200, 1100, 1000, 1200}; /* rta 1.1 ms */

static void test_one_host_ok_default_modes(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    add(&set, "192.0.2.1", 5, fast, 5);
    struct icmp_config cfg = defaults();
    expect(&set, &cfg, STATE_OK,
           "OK - 192.0.2.1 rta 1.100ms lost 0%|rta=1.100ms;200.000;500.000;0; rtmax=1.200ms;;;; "
           "rtmin=1.000ms;;;; pl=0%;40;80;0;100 \n");
    hostset_free(&set);
}

/* A name that ended at a literal's address is that host (dedupe): no
 * "Failed to resolve", no second part, no label prefix. */
static void test_alias_of_a_target_is_not_reported(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    add(&set, "192.0.2.1", 5, fast, 5);
    int64_t i = hostset_add_name(&set, "web1");
    assert_true(i >= 0);
    set.hosts[i].status = HOST_ALIAS;
    struct icmp_config cfg = defaults();
    expect(&set, &cfg, STATE_OK,
           "OK - 192.0.2.1 rta 1.100ms lost 0%|rta=1.100ms;200.000;500.000;0; rtmax=1.200ms;;;; "
           "rtmin=1.000ms;;;; pl=0%;40;80;0;100 \n");
    hostset_free(&set);
}

/* Three names of one address, resolved in every order: check_icmp prints
 * the first spelling given, as 2.4 does (it resolves in command-line
 * order and drops a later name of an IPv4 address it has). */
static void test_names_of_one_address_print_the_first_given(void **state)
{
    (void)state;
    static const uint32_t orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                          {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (size_t k = 0; k < 6; k++) {
        struct hostset set;
        struct ipaddr a;
        hostset_init(&set);
        assert_true(hostset_add_name(&set, "seven") == 0);
        assert_true(hostset_add_name(&set, "seven-b") == 1);
        assert_true(hostset_add_name(&set, "seven-c") == 2);
        add(&set, "192.0.2.8", 5, fast, 5);
        hostset_seal(&set);
        assert_int_equal(hostset_prepare_names(&set, false, 100), 0);
        assert_true(ipaddr_parse("192.0.2.7", &a));
        for (size_t r = 0; r < 3; r++)
            hostset_resolved(&set, orders[k][r], &a, 1, NULL);
        struct host *t = &set.hosts[orders[k][0]];
        t->sent = 5;
        t->received = 5;
        t->rtt_min_us = t->rtt_max_us = 1000;
        t->rtt_sum_us = 5000;
        enum state s;
        struct icmp_config cfg = defaults();
        char *text = render(&set, &cfg, &s);
        if (strncmp(text, "OK - seven rta 1.000ms lost 0% :: 192.0.2.8 rta", 47) != 0 ||
            !strstr(text, "|sevenrta=1.000ms;"))
            fail_msg("order %u %u %u: %s", orders[k][0], orders[k][1], orders[k][2], text);
        free(text);
        hostset_free(&set);
    }
}

/* The state of the one host of `set` in the modes given. */
static enum state host_state(const struct hostset *set, const struct icmp_config *cfg)
{
    struct icmp_host_result r;
    verdict_icmp_host(cfg, &set->hosts[0], &r);
    return r.state;
}

/* A limit is reached at the limit itself: RTA, loss and jitter at >=, MOS
 * and score at <=, as check_icmp 2.4 and 3.0 compare ("rta >= crit.rta",
 * "mos <= crit.mos" in both).  Moving one to > or < fails here. */
static void test_limits_are_reached_at_the_limit(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    const uint32_t rtt[] = {200000, 180000, 220000}; /* rta 200 ms; 3 of 5: 40 % lost */
    add(&set, "192.0.2.1", 5, rtt, 3);
    struct icmp_host_result r;
    struct icmp_config cfg = defaults();
    cfg.modes = ICMP_MODE_RTA;
    assert_int_equal(host_state(&set, &cfg), STATE_WARNING); /* rta == 200 ms */
    cfg.warn.rta_us = 200001;
    assert_int_equal(host_state(&set, &cfg), STATE_OK);
    cfg.crit.rta_us = 200000;
    assert_int_equal(host_state(&set, &cfg), STATE_CRITICAL);
    cfg = defaults();
    cfg.modes = ICMP_MODE_PL;
    assert_int_equal(host_state(&set, &cfg), STATE_WARNING); /* pl == 40 */
    cfg.warn.pl = 41;
    assert_int_equal(host_state(&set, &cfg), STATE_OK);
    cfg.crit.pl = 40;
    assert_int_equal(host_state(&set, &cfg), STATE_CRITICAL);
    cfg = defaults();
    verdict_icmp_host(&cfg, &set.hosts[0], &r);
    assert_true(r.lat.valid && r.lat.jitter_ms > 0);
    cfg.modes = ICMP_MODE_JITTER;
    cfg.warn.jitter_ms = r.lat.jitter_ms;
    assert_int_equal(host_state(&set, &cfg), STATE_WARNING);
    cfg.warn.jitter_ms = r.lat.jitter_ms + 0.001;
    assert_int_equal(host_state(&set, &cfg), STATE_OK);
    cfg.crit.jitter_ms = r.lat.jitter_ms;
    assert_int_equal(host_state(&set, &cfg), STATE_CRITICAL);
    cfg = defaults();
    cfg.modes = ICMP_MODE_MOS;
    cfg.warn.mos = r.lat.mos;
    cfg.crit.mos = r.lat.mos - 0.01;
    assert_int_equal(host_state(&set, &cfg), STATE_WARNING);
    cfg.warn.mos = r.lat.mos - 0.001;
    assert_int_equal(host_state(&set, &cfg), STATE_OK);
    cfg.crit.mos = r.lat.mos;
    assert_int_equal(host_state(&set, &cfg), STATE_CRITICAL);
    cfg = defaults();
    cfg.modes = ICMP_MODE_SCORE;
    cfg.warn.score = r.lat.score;
    cfg.crit.score = r.lat.score - 0.1;
    assert_int_equal(host_state(&set, &cfg), STATE_WARNING);
    cfg.warn.score = r.lat.score - 0.01;
    assert_int_equal(host_state(&set, &cfg), STATE_OK);
    cfg.crit.score = r.lat.score;
    assert_int_equal(host_state(&set, &cfg), STATE_CRITICAL);
    hostset_free(&set);
}

static void test_rtmin_is_the_real_minimum(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    const uint32_t rtt[] = {3000, 2500, 4000};
    add(&set, "192.0.2.1", 3, rtt, 3);
    struct icmp_config cfg = defaults();
    enum state s;
    char *text = render(&set, &cfg, &s);
    assert_non_null(strstr(text, " rtmin=2.500ms;;;; ")); /* 2.4 always prints 0.000 */
    free(text);
    hostset_free(&set);
}

static void test_several_hosts_prefix_labels_and_dead_host(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    add(&set, "192.0.2.1", 5, fast, 5);
    add(&set, "192.0.2.2", 5, NULL, 0);
    struct icmp_config cfg = defaults();
    /* The run is CRITICAL; the OK host shows no value (check_icmp's rule). */
    expect(
        &set, &cfg, STATE_CRITICAL,
        "CRITICAL - 192.0.2.1 :: 192.0.2.2: rta nan, lost 100%|192.0.2.1rta=1.100ms;200.000;"
        "500.000;0; 192.0.2.1rtmax=1.200ms;;;; 192.0.2.1rtmin=1.000ms;;;; "
        "192.0.2.1pl=0%;40;80;0;100 192.0.2.2rta=U;;;; 192.0.2.2rtmax=U;;;; 192.0.2.2rtmin=U;;;; "
        "192.0.2.2pl=100%;40;80;0;100 \n");
    hostset_free(&set);
}

static void test_warning_shows_value_over_threshold(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    const uint32_t slow[] = {250000, 250000, 250000, 250000};
    add(&set, "192.0.2.1", 5, slow, 4); /* 20 % loss: below 40 % */
    struct icmp_config cfg = defaults();
    expect(&set, &cfg, STATE_WARNING,
           "WARNING - 192.0.2.1 rta 250.000ms > 200.000ms|rta=250.000ms;200.000;500.000;0; "
           "rtmax=250.000ms;;;; rtmin=250.000ms;;;; pl=20%;40;80;0;100 \n");
    hostset_free(&set);
}

static void test_min_hosts_alive_overrides(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    add(&set, "192.0.2.1", 5, fast, 5);
    add(&set, "192.0.2.2", 5, NULL, 0);
    struct icmp_config cfg = defaults();
    cfg.min_hosts_alive = 1;
    enum state s;
    char *text = render(&set, &cfg, &s);
    assert_int_equal(s, STATE_OK);
    assert_true(strncmp(text, "OK - 192.0.2.1 rta 1.100ms lost 0% :: 192.0.2.2: rta nan", 56) == 0);
    free(text);
    cfg.min_hosts_alive = 2;
    text = render(&set, &cfg, &s);
    assert_int_equal(s, STATE_CRITICAL);
    free(text);
    cfg.min_hosts_alive = 0; /* nothing required: OK even when all are down */
    hostset_free(&set);
    hostset_init(&set);
    add(&set, "192.0.2.2", 1, NULL, 0);
    text = render(&set, &cfg, &s);
    assert_int_equal(s, STATE_OK);
    free(text);
    hostset_free(&set);
}

static void test_all_modes_text_and_perfdata(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    const uint32_t rtt[] = {10000, 12000, 11000, 14000}; /* jitter 2 ms, rta 11.75 */
    add(&set, "192.0.2.1", 4, rtt, 4);
    struct icmp_config cfg = defaults();
    cfg.modes = ICMP_MODE_RTA | ICMP_MODE_PL | ICMP_MODE_JITTER | ICMP_MODE_MOS | ICMP_MODE_SCORE |
                ICMP_MODE_ORDER;
    /* effective 11.75 + 4 + 10 = 25.75: R = 93.2 - 0.64375 = 92.55625 */
    expect(&set, &cfg, STATE_OK,
           "OK - 192.0.2.1 rta 11.750ms lost 0% jitter 2.000ms MOS 4.4 Score 92 Packets in order|"
           "rta=11.750ms;200.000;500.000;0; rtmax=14.000ms;;;; rtmin=10.000ms;;;; "
           "pl=0%;40;80;0;100 jitter_avg=2.000ms;40.000;50.000;0; jitter_max=3.000ms;;;; "
           "jitter_min=1.000ms;;;; mos=4.4;3.5;3.0;0;5 score=92;80;70;0;100 \n");
    hostset_free(&set);
}

static void test_order_alone_has_no_perfdata(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    add(&set, "192.0.2.1", 5, fast, 5);
    struct icmp_config cfg = defaults();
    cfg.modes = ICMP_MODE_ORDER;
    expect(&set, &cfg, STATE_OK, "OK - 192.0.2.1 Packets in order\n");
    set.hosts[0].latency.out_of_order = 1;
    expect(&set, &cfg, STATE_CRITICAL, "CRITICAL - 192.0.2.1 Packets out of order\n");
    hostset_free(&set);
}

static void test_mos_and_score_critical_texts(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    /* rta 620, jitter 40: effective 710 ms, R = 93.2 - 59 = 34.2, MOS 1.79 */
    const uint32_t rtt[] = {600000, 640000};
    add(&set, "192.0.2.1", 2, rtt, 2);
    struct icmp_config cfg = defaults();
    cfg.modes = ICMP_MODE_MOS | ICMP_MODE_SCORE;
    expect(&set, &cfg, STATE_CRITICAL,
           "CRITICAL - 192.0.2.1 MOS 1.8 < 3.0 Score 34 < 70|mos=1.8;3.5;3.0;0;5 "
           "score=34;80;70;0;100 \n");
    hostset_free(&set);
}

static void test_icmp_error_names_cause_and_router(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    add(&set, "192.0.2.9", 5, NULL, 0);
    struct host *h = &set.hosts[0];
    atomic_store(&h->flags, HOST_UNREACHABLE);
    h->error_type = HOST_ERROR_ICMP4;
    h->error_code = ICMP_DEST_UNREACH << 8 | ICMP_HOST_UNREACH;
    assert_true(ipaddr_parse("192.0.2.254", &h->error_from));
    struct icmp_config cfg = defaults();
    expect(&set, &cfg, STATE_CRITICAL,
           "CRITICAL - 192.0.2.9: Host unreachable @ 192.0.2.254. rta nan, lost 100%|rta=U;;;; "
           "rtmax=U;;;; rtmin=U;;;; pl=100%;40;80;0;100 \n");
    hostset_free(&set);
}

static void test_unresolved_name_is_unknown(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    int64_t i = hostset_add_name(&set, "nosuch.example");
    assert_true(i >= 0);
    set.hosts[i].status = HOST_UNRESOLVED;
    set.hosts[i].error_code = RESOLVE_NO_SUCH_NAME;
    struct icmp_config cfg = defaults();
    enum state s;
    char *text = render(&set, &cfg, &s);
    assert_int_equal(s, STATE_UNKNOWN);
    assert_string_equal(text,
                        "check_icmp: Failed to resolve nosuch.example: no such name (NXDOMAIN)\n");
    free(text);
    hostset_free(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_host_ok_default_modes),
        cmocka_unit_test(test_rtmin_is_the_real_minimum),
        cmocka_unit_test(test_several_hosts_prefix_labels_and_dead_host),
        cmocka_unit_test(test_warning_shows_value_over_threshold),
        cmocka_unit_test(test_min_hosts_alive_overrides),
        cmocka_unit_test(test_all_modes_text_and_perfdata),
        cmocka_unit_test(test_order_alone_has_no_perfdata),
        cmocka_unit_test(test_mos_and_score_critical_texts),
        cmocka_unit_test(test_icmp_error_names_cause_and_router),
        cmocka_unit_test(test_unresolved_name_is_unknown),
        cmocka_unit_test(test_alias_of_a_target_is_not_reported),
        cmocka_unit_test(test_names_of_one_address_print_the_first_given),
        cmocka_unit_test(test_limits_are_reached_at_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
