/* test_readyq.c - resolver -> sender hand-off. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "resolve/readyq.h"
#include "clock.h"

#include <netdb.h>

static void make_set(struct hostset *set)
{
    hostset_init(set);
    struct ipaddr a;
    ipaddr_parse("192.0.2.1", &a);
    hostset_add_address(set, &a);
    hostset_add_name(set, "web1");
    hostset_add_name(set, "web2");
}

static void test_readyq_initial_hosts_pop_in_order(void **state)
{
    (void)state;
    struct readyq q;
    assert_int_equal(readyq_init(&q, 3), 0);
    readyq_push_initial(&q, 2);
    readyq_push_initial(&q, 0);
    uint32_t out[4];
    assert_int_equal(readyq_pop(&q, out, 4, 0), 2);
    assert_int_equal(out[0], 2);
    assert_int_equal(out[1], 0);
    readyq_destroy(&q);
}

static void test_readyq_pop_times_out_empty(void **state)
{
    (void)state;
    struct readyq q;
    readyq_init(&q, 1);
    uint32_t out[1];
    uint64_t before = clock_mono_ns();
    assert_int_equal(readyq_pop(&q, out, 1, before + 20 * 1000 * 1000), 0);
    assert_true(clock_mono_ns() - before >= 19 * 1000 * 1000);
    readyq_destroy(&q);
}

static void test_readyq_deliver_writes_host_and_queues_it(void **state)
{
    (void)state;
    struct hostset set;
    make_set(&set);
    struct readyq q;
    readyq_init(&q, set.count);
    struct ipaddr a;
    ipaddr_parse("2001:db8::9", &a);
    assert_true(readyq_deliver(&q, &set, 1, &a, 1, 0));
    assert_true(readyq_deliver(&q, &set, 2, NULL, 0, EAI_NONAME));
    uint32_t out[3];
    assert_int_equal(readyq_pop(&q, out, 3, 0), 2);
    assert_int_equal(set.hosts[1].status, HOST_READY);
    assert_true(ipaddr_equal(&set.hosts[1].addr, &a));
    assert_int_equal(set.hosts[2].status, HOST_UNRESOLVED);
    assert_int_equal(set.hosts[2].error_code, EAI_NONAME);
    readyq_destroy(&q);
    hostset_free(&set);
}

/* -A: the new hosts are queued before the name's own host, so the sender
 * counts them before it could finish the name (sender.c). */
static void test_readyq_deliver_queues_new_hosts_before_the_name(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    hostset_add_name(&set, "multi");
    hostset_seal(&set);
    assert_int_equal(hostset_prepare_names(&set, true, 100), 0);
    struct readyq q;
    readyq_init(&q, set.capacity);
    struct ipaddr a[3];
    ipaddr_parse("192.0.2.1", &a[0]);
    ipaddr_parse("192.0.2.2", &a[1]);
    ipaddr_parse("2001:db8::1", &a[2]);
    assert_true(readyq_deliver(&q, &set, 0, a, 3, 0));
    uint32_t out[4];
    assert_int_equal(readyq_pop(&q, out, 4, 0), 3);
    assert_int_equal(out[0], 1);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 0);
    assert_true(ipaddr_equal(&set.hosts[0].addr, &a[0]));
    assert_true(ipaddr_equal(&set.hosts[2].addr, &a[2]));
    readyq_destroy(&q);
    hostset_free(&set);
}

static void test_readyq_after_close_nothing_is_written(void **state)
{
    (void)state;
    struct hostset set;
    make_set(&set);
    struct readyq q;
    readyq_init(&q, set.count);
    readyq_close(&q);
    struct ipaddr a;
    ipaddr_parse("192.0.2.9", &a);
    assert_false(readyq_deliver(&q, &set, 1, &a, 1, 0));
    assert_int_equal(set.hosts[1].status, HOST_RESOLVING);
    uint32_t out[1];
    assert_int_equal(readyq_pop(&q, out, 1, UINT64_MAX), -1);
    readyq_destroy(&q);
    hostset_free(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readyq_initial_hosts_pop_in_order),
        cmocka_unit_test(test_readyq_pop_times_out_empty),
        cmocka_unit_test(test_readyq_deliver_writes_host_and_queues_it),
        cmocka_unit_test(test_readyq_after_close_nothing_is_written),
        cmocka_unit_test(test_readyq_deliver_queues_new_hosts_before_the_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
