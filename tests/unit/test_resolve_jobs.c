/*
 * test_resolve_jobs.c - the c-ares resolver's bookkeeping: the in-flight
 * cap, expiry in start order, slots held until c-ares lets go, reasons.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "resolve/resolve_jobs.h"

#include <stdio.h>
#include <sys/socket.h>

#define BUDGET 100u

static void make_jobs(struct hostset *set, struct resolve_jobs *j, unsigned names, unsigned cap)
{
    hostset_init(set);
    struct ipaddr lit;
    ipaddr_parse("192.0.2.1", &lit);
    hostset_add_address(set, &lit);
    char name[32];
    for (unsigned i = 0; i < names; i++) {
        snprintf(name, sizeof(name), "n%u.example", i);
        hostset_add_name(set, name);
    }
    assert_int_equal(resolve_jobs_init(j, set, cap, BUDGET, set), 0);
}

static void done(struct hostset *set, struct resolve_jobs *j)
{
    resolve_jobs_free(j);
    hostset_free(set);
}

static void test_jobs_cap_limits_names_in_flight(void **state)
{
    (void)state;
    struct hostset set;
    struct resolve_jobs j;
    make_jobs(&set, &j, 3, 2);
    uint32_t job;
    assert_true(resolve_jobs_peek(&j, &job));
    assert_int_equal(j.hosts[job], 1); /* the literal is no job */
    struct resolve_slot *a = resolve_jobs_begin(&j, AF_INET, 0);
    resolve_jobs_begin(&j, AF_INET, 0);
    assert_false(resolve_jobs_has_room(&j));
    assert_int_equal(resolve_jobs_in_flight(&j), 2);
    a->status[0] = RESOLVE_ANSWER_NXDOMAIN;
    resolve_jobs_finish(&j, a);
    assert_true(resolve_jobs_has_room(&j));
    assert_true(resolve_jobs_peek(&j, &job));
    assert_int_equal(job, 2);
    done(&set, &j);
}

static void test_jobs_cap_above_names_is_trimmed(void **state)
{
    (void)state;
    struct hostset set;
    struct resolve_jobs j;
    make_jobs(&set, &j, 2, 1000);
    assert_int_equal(j.cap, 2);
    done(&set, &j);
}

static void test_jobs_expire_in_start_order(void **state)
{
    (void)state;
    struct hostset set;
    struct resolve_jobs j;
    make_jobs(&set, &j, 3, 3);
    struct resolve_slot *first = resolve_jobs_begin(&j, AF_INET, 0);
    struct resolve_slot *second = resolve_jobs_begin(&j, AF_INET, 10);
    assert_int_equal(resolve_jobs_next_deadline(&j), BUDGET);
    assert_null(resolve_jobs_expired(&j, BUDGET - 1));
    assert_ptr_equal(resolve_jobs_expired(&j, BUDGET), first);
    resolve_jobs_finish(&j, first);
    assert_null(resolve_jobs_expired(&j, BUDGET + 5));
    assert_int_equal(resolve_jobs_next_deadline(&j), BUDGET + 10);
    second->status[0] = RESOLVE_ANSWER_ADDRESSES;
    resolve_jobs_finish(&j, second); /* answered before its deadline */
    assert_null(resolve_jobs_expired(&j, 1000));
    assert_int_equal(resolve_jobs_next_deadline(&j), UINT64_MAX);
    done(&set, &j);
}

static void test_jobs_expired_slot_held_until_queries_settle(void **state)
{
    (void)state;
    struct hostset set;
    struct resolve_jobs j;
    make_jobs(&set, &j, 1, 1);
    struct resolve_slot *s = resolve_jobs_begin(&j, AF_UNSPEC, 0);
    assert_false(resolve_slot_complete(s));
    resolve_jobs_finish(&j, s); /* budget spent: delivered, queries pending */
    assert_true(resolve_jobs_all_done(&j));
    assert_int_equal(resolve_jobs_in_flight(&j), 1);
    s->status[0] = RESOLVE_ANSWER_TIMEOUT;
    resolve_jobs_settle(&j, s);
    assert_int_equal(resolve_jobs_in_flight(&j), 1);
    s->status[1] = RESOLVE_ANSWER_TIMEOUT;
    resolve_jobs_settle(&j, s);
    assert_int_equal(resolve_jobs_in_flight(&j), 0);
    done(&set, &j);
}

static void test_jobs_skip_counts_as_done(void **state)
{
    (void)state;
    struct hostset set;
    struct resolve_jobs j;
    make_jobs(&set, &j, 2, 1);
    resolve_jobs_skip(&j); /* found in the hosts file */
    assert_false(resolve_jobs_all_done(&j));
    resolve_jobs_skip(&j);
    assert_true(resolve_jobs_all_done(&j));
    uint32_t job;
    assert_false(resolve_jobs_peek(&j, &job));
    done(&set, &j);
}

static void test_jobs_tag_names_slot_and_family(void **state)
{
    (void)state;
    struct hostset set;
    struct resolve_jobs j;
    make_jobs(&set, &j, 2, 2);
    resolve_jobs_begin(&j, AF_UNSPEC, 0);
    struct resolve_slot *s = resolve_jobs_begin(&j, AF_UNSPEC, 0);
    int fam = -1;
    assert_ptr_equal(resolve_jobs_untag(resolve_jobs_tag(s, 1), &fam), s);
    assert_int_equal(fam, 1);
    assert_ptr_equal(resolve_jobs_untag(resolve_jobs_tag(s, 0), &fam), s);
    assert_int_equal(fam, 0);
    assert_ptr_equal(s->owner, &set);
    done(&set, &j);
}

/* Answered at start + rtt. */
static void answer_after(struct resolve_jobs *j, uint64_t rtt, bool retried)
{
    struct resolve_slot *s = resolve_jobs_begin(j, AF_INET, 1000);
    s->retried = retried;
    s->status[0] = RESOLVE_ANSWER_ADDRESSES;
    resolve_jobs_answered(j, s, 1000 + rtt);
    resolve_jobs_finish(j, s);
}

static void test_jobs_window_opens_without_queue_delay(void **state)
{
    (void)state;
    struct hostset set;
    struct resolve_jobs j;
    make_jobs(&set, &j, 200, 100);
    assert_int_equal(j.window, RESOLVE_WINDOW_MIN);
    for (int i = 0; i < 40; i++)
        answer_after(&j, 20000000, false); /* a far server: 20 ms, always */
    assert_int_equal(j.window, RESOLVE_WINDOW_MIN + 20);
    for (int i = 0; i < 100; i++)
        answer_after(&j, 20000000, false);
    assert_int_equal(j.window, 100); /* never past the cap */
    done(&set, &j);
}

static void test_jobs_window_closes_on_queue_delay_and_retries(void **state)
{
    (void)state;
    struct hostset set;
    struct resolve_jobs j;
    make_jobs(&set, &j, 200, 100);
    for (int i = 0; i < 40; i++)
        answer_after(&j, 300000, false); /* 0.3 ms: a server next door */
    assert_int_equal(j.window, RESOLVE_WINDOW_MIN + 20);
    answer_after(&j, 400000, false); /* within 1.25 x + 0.1 ms: no change */
    answer_after(&j, 900000, false); /* between: no change either */
    assert_int_equal(j.window, RESOLVE_WINDOW_MIN + 20);
    answer_after(&j, 1200000, false); /* over 2 x + 0.5 ms: a queue */
    assert_int_equal(j.window, RESOLVE_WINDOW_MIN + 19);
    answer_after(&j, 300000, true); /* a query was resent */
    assert_int_equal(j.window, RESOLVE_WINDOW_MIN);
    for (int i = 0; i < 10; i++)
        answer_after(&j, 5000000, false);
    assert_int_equal(j.window, RESOLVE_WINDOW_MIN); /* never below the floor */
    done(&set, &j);
}

static void test_jobs_window_limited_by_socket_buffer_and_drops(void **state)
{
    (void)state;
    struct hostset set;
    struct resolve_jobs j;
    make_jobs(&set, &j, 2000, 500); /* more names than answers given */
    resolve_jobs_limit(&j, 40);
    for (int i = 0; i < 100; i++)
        answer_after(&j, 20000000, false);
    assert_int_equal(j.window, 40); /* the buffer's share, not the cap */
    resolve_jobs_limit(&j, 1);
    assert_int_equal(j.ceiling, RESOLVE_WINDOW_MIN); /* never below the floor */
    resolve_jobs_limit(&j, 100000);
    assert_int_equal(j.ceiling, 500); /* never past the cap */
    for (int i = 0; i < 1000; i++)
        answer_after(&j, 20000000, false);
    assert_int_equal(j.window, 500);
    resolve_jobs_overflowed(&j);
    assert_int_equal(j.window, 250);
    done(&set, &j);
}

static void test_slot_addresses_ipv4_first(void **state)
{
    (void)state;
    struct resolve_slot s = {.count = {1, 1}};
    ipaddr_parse("2001:db8::1", &s.addrs[1][0]);
    ipaddr_parse("192.0.2.9", &s.addrs[0][0]);
    struct ipaddr out[4];
    assert_int_equal(resolve_slot_addresses(&s, out, 4), 2);
    assert_int_equal(out[0].family, AF_INET);
    assert_int_equal(out[1].family, AF_INET6);
    assert_int_equal(resolve_slot_addresses(&s, out, 1), 1);
}

static int reason(int a4, int a6, int family, unsigned servers)
{
    struct resolve_slot s = {.status = {a4, a6}};
    return resolve_slot_reason(&s, family, servers);
}

static void test_slot_reasons(void **state)
{
    (void)state;
    const int none = RESOLVE_QUERY_NONE, pending = RESOLVE_QUERY_PENDING;
    assert_int_equal(reason(RESOLVE_ANSWER_NXDOMAIN, RESOLVE_ANSWER_TIMEOUT, AF_UNSPEC, 1),
                     RESOLVE_NO_SUCH_NAME);
    assert_int_equal(reason(RESOLVE_ANSWER_NODATA, RESOLVE_ANSWER_NODATA, AF_UNSPEC, 1),
                     RESOLVE_NO_ADDRESS);
    assert_int_equal(reason(RESOLVE_ANSWER_NODATA, none, AF_INET, 1), RESOLVE_NO_ADDRESS4);
    assert_int_equal(reason(none, RESOLVE_ANSWER_ADDRESSES, AF_INET6, 1), RESOLVE_NO_ADDRESS6);
    assert_int_equal(reason(RESOLVE_ANSWER_SERVFAIL, RESOLVE_ANSWER_NODATA, AF_UNSPEC, 1),
                     RESOLVE_SERVER_FAILURE);
    assert_int_equal(reason(RESOLVE_ANSWER_REFUSED, none, AF_INET, 1), RESOLVE_SERVER_REFUSED);
    assert_int_equal(reason(pending, RESOLVE_ANSWER_NODATA, AF_UNSPEC, 1), RESOLVE_TIMEOUT);
    assert_int_equal(reason(pending, pending, AF_UNSPEC, 0), RESOLVE_NO_SERVER);
    assert_int_equal(reason(RESOLVE_ANSWER_CONNREFUSED, none, AF_INET, 1), RESOLVE_UNREACHABLE);
    assert_int_equal(reason(RESOLVE_ANSWER_CONNREFUSED, none, AF_INET, 2), RESOLVE_SERVERS_FAILED);
    assert_int_equal(reason(RESOLVE_ANSWER_BADRESP, none, AF_INET, 1), RESOLVE_BAD_ANSWER);
    assert_int_equal(reason(RESOLVE_ANSWER_OTHER, none, AF_INET, 1), RESOLVE_FAILED);
}

static void test_reason_texts_distinct_and_bounded(void **state)
{
    (void)state;
    for (int i = 1; i < RESOLVE_REASON_COUNT; i++) {
        assert_non_null(resolve_reason_text(i));
        assert_non_null(resolve_reason_key(i));
        for (int k = 1; k < i; k++)
            assert_string_not_equal(resolve_reason_text(i), resolve_reason_text(k));
    }
    assert_string_equal(resolve_reason_text(-1), resolve_reason_text(RESOLVE_FAILED));
    assert_string_equal(resolve_reason_key(RESOLVE_REASON_COUNT), "failed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jobs_cap_limits_names_in_flight),
        cmocka_unit_test(test_jobs_cap_above_names_is_trimmed),
        cmocka_unit_test(test_jobs_expire_in_start_order),
        cmocka_unit_test(test_jobs_expired_slot_held_until_queries_settle),
        cmocka_unit_test(test_jobs_skip_counts_as_done),
        cmocka_unit_test(test_jobs_tag_names_slot_and_family),
        cmocka_unit_test(test_jobs_window_opens_without_queue_delay),
        cmocka_unit_test(test_jobs_window_closes_on_queue_delay_and_retries),
        cmocka_unit_test(test_jobs_window_limited_by_socket_buffer_and_drops),
        cmocka_unit_test(test_slot_addresses_ipv4_first),
        cmocka_unit_test(test_slot_reasons),
        cmocka_unit_test(test_reason_texts_distinct_and_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
