/*
 * test_resolve.c - the getaddrinfo pool delivers every name to the queue.
 * Only "localhost" is resolved: /etc/hosts answers it, no DNS is asked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "resolve.h"

#include <netinet/in.h>

/* A table of one literal and, if name is not NULL, one name. */
static void make_set(struct hostset *set, struct readyq *q, const char *name)
{
    hostset_init(set);
    struct ipaddr lit;
    ipaddr_parse("192.0.2.1", &lit);
    hostset_add_address(set, &lit);
    if (name)
        hostset_add_name(set, name);
    readyq_init(q, set->count);
}

static void test_resolve_names_reach_the_queue_with_addresses(void **state)
{
    (void)state;
    struct hostset set;
    struct readyq q;
    make_set(&set, &q, "localhost");
    struct resolver r;
    char err[128];
    assert_int_equal(resolve_start(&r, &set, &q, AF_INET, 8, err, sizeof(err)), 0);
    assert_int_equal(r.thread_count, 1); /* never more workers than names */
    uint32_t got[2];
    assert_int_equal(readyq_pop(&q, got, 2, readyq_now_ns() + 5000000000u), 1);
    assert_int_equal(got[0], 1);
    assert_true(resolve_stop(&r, readyq_now_ns() + 1000000000u));
    struct ipaddr loopback;
    ipaddr_parse("127.0.0.1", &loopback);
    assert_int_equal(set.hosts[1].status, HOST_READY);
    assert_true(ipaddr_equal(&set.hosts[1].addr, &loopback));
    readyq_destroy(&q);
    hostset_free(&set);
}

static void test_resolve_without_names_starts_no_thread(void **state)
{
    (void)state;
    struct hostset set;
    struct readyq q;
    make_set(&set, &q, NULL);
    struct resolver r;
    char err[128];
    assert_int_equal(resolve_start(&r, &set, &q, AF_UNSPEC, 16, err, sizeof(err)), 0);
    assert_int_equal(r.thread_count, 0);
    assert_true(resolve_stop(&r, readyq_now_ns()));
    readyq_destroy(&q);
    hostset_free(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_names_reach_the_queue_with_addresses),
        cmocka_unit_test(test_resolve_without_names_starts_no_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
