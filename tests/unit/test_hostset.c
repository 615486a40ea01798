/* test_hostset.c - the host table: dedupe, names, growth. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hostset.h"

#include <stdio.h>
#include <string.h>

static struct ipaddr v4(const char *text)
{
    struct ipaddr a;
    assert_true(ipaddr_parse(text, &a));
    return a;
}

static void test_hostset_same_address_is_one_host(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    struct ipaddr a = v4("192.0.2.1"), b = v4("192.0.2.2");
    assert_int_equal(hostset_add_address(&set, &a), 0);
    assert_int_equal(hostset_add_address(&set, &b), 1);
    assert_int_equal(hostset_add_address(&set, &a), 0);
    assert_int_equal(set.count, 2);
    hostset_free(&set);
}

static void test_hostset_v4_and_v6_with_same_bytes_differ(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    struct ipaddr a = v4("0.0.0.1"), b = v4("::");
    assert_int_equal(hostset_add_address(&set, &a), 0);
    assert_int_equal(hostset_add_address(&set, &b), 1);
    hostset_free(&set);
}

static void test_hostset_same_name_is_one_host_and_arena_reused(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    assert_int_equal(hostset_add_name(&set, "web1"), 0);
    size_t used = set.names_len;
    assert_int_equal(hostset_add_name(&set, "web1"), 0);
    assert_int_equal(set.names_len, used);
    assert_int_equal(hostset_add_name(&set, "web2"), 1);
    assert_int_equal(set.count, 2);
    assert_int_equal(set.names_pending, 2);
    assert_string_equal(hostset_name(&set, &set.hosts[1]), "web2");
    assert_int_equal(set.hosts[1].status, HOST_RESOLVING);
    hostset_free(&set);
}

static void test_hostset_label_is_name_or_address(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    struct ipaddr a = v4("2001:db8::7");
    hostset_add_address(&set, &a);
    hostset_add_name(&set, "db.example");
    char buf[IPADDR_STRLEN];
    assert_string_equal(hostset_label(&set, &set.hosts[0], buf, sizeof(buf)), "2001:db8::7");
    assert_string_equal(hostset_label(&set, &set.hosts[1], buf, sizeof(buf)), "db.example");
    assert_null(hostset_name(&set, &set.hosts[0]));
    hostset_free(&set);
}

static void test_hostset_grows_past_index_resizes(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    assert_int_equal(hostset_reserve(&set, 70000), 0);
    struct ipaddr a = v4("10.0.0.0");
    for (uint32_t i = 0; i < 70000; i++) {
        assert_int_equal(hostset_add_address(&set, &a), (int64_t)i);
        ipaddr_increment(&a);
    }
    a = v4("10.0.0.0");
    for (uint32_t i = 0; i < 70000; i += 997) {
        struct ipaddr b = a;
        for (uint32_t k = 0; k < i; k++)
            ipaddr_increment(&b);
        assert_int_equal(hostset_add_address(&set, &b), (int64_t)i);
    }
    assert_int_equal(set.count, 70000);
    hostset_seal(&set);
    assert_null(set.index);
    hostset_free(&set);
}

static void test_hostset_reserve_refuses_overflow(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    assert_int_equal(hostset_reserve(&set, UINT32_MAX), -1);
    hostset_free(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostset_same_address_is_one_host),
        cmocka_unit_test(test_hostset_v4_and_v6_with_same_bytes_differ),
        cmocka_unit_test(test_hostset_same_name_is_one_host_and_arena_reused),
        cmocka_unit_test(test_hostset_label_is_name_or_address),
        cmocka_unit_test(test_hostset_grows_past_index_resizes),
        cmocka_unit_test(test_hostset_reserve_refuses_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
