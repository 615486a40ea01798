/* test_hostset.c - the host table: dedupe, names, growth. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hosts/hostset.h"

#include <stdio.h>
#include <string.h>

static struct ipaddr v4(const char *text)
{
    struct ipaddr a;
    assert_true(ipaddr_parse(text, &a));
    return a;
}

static uint32_t alias_count(const struct hostset *set)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < set->count; i++)
        n += set->hosts[i].status == HOST_ALIAS;
    return n;
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

static void test_hostset_names_compare_without_case_and_trailing_dot(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    assert_int_equal(hostset_add_name(&set, "Web1.Example.org"), 0);
    assert_int_equal(hostset_add_name(&set, "web1.example.ORG."), 0);
    assert_int_equal(hostset_add_name(&set, "web1.example.org"), 0);
    assert_int_equal(hostset_add_name(&set, "web1.example"), 1);
    assert_int_equal(set.count, 2);
    assert_string_equal(hostset_name(&set, &set.hosts[0]), "Web1.Example.org"); /* first spelling */
    hostset_free(&set);
}

/* A literal, then two names: the first name to end at the literal's
 * address is its alias, and so is the second; a new address is a host. */
static void test_hostset_resolved_name_at_known_address_is_alias(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    struct ipaddr lit = v4("192.0.2.1"), other = v4("192.0.2.2");
    hostset_add_address(&set, &lit);
    hostset_add_name(&set, "a");
    hostset_add_name(&set, "b");
    hostset_add_name(&set, "c");
    hostset_seal(&set);
    assert_int_equal(hostset_prepare_names(&set, false, 100), 0);
    uint32_t added[HOSTSET_ADDRESSES_PER_NAME];
    assert_int_equal(hostset_resolved(&set, 1, &lit, 1, added), 0);
    assert_int_equal(hostset_resolved(&set, 2, &lit, 1, added), 0);
    assert_int_equal(hostset_resolved(&set, 3, &other, 1, added), 0);
    assert_int_equal(set.hosts[1].status, HOST_ALIAS);
    assert_int_equal(set.hosts[2].status, HOST_ALIAS);
    assert_int_equal(set.hosts[3].status, HOST_READY);
    assert_int_equal(alias_count(&set), 2);
    /* The ring: 0 -> ... -> 0 through both aliases. */
    const struct host *h = &set.hosts[0];
    int seen = 0;
    for (const struct host *a = hostset_next_spelling(&set, h); a != h;
         a = hostset_next_spelling(&set, a)) {
        assert_non_null(a);
        assert_int_equal(a->status, HOST_ALIAS);
        seen++;
    }
    assert_int_equal(seen, 2);
    assert_null(hostset_next_spelling(&set, &set.hosts[3]));
    hostset_free(&set);
}

/* -A: further addresses are new hosts of the same name, placed in the
 * reserve (the array does not move), duplicates and known ones skipped. */
static void test_hostset_all_addresses_append_without_moving(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    struct ipaddr lit = v4("192.0.2.1");
    hostset_add_address(&set, &lit);
    hostset_add_name(&set, "multi");
    hostset_seal(&set);
    assert_int_equal(hostset_prepare_names(&set, true, 100), 0);
    assert_int_equal(set.max_count, 2 + HOSTSET_ADDRESSES_PER_NAME - 1);
    assert_true(set.capacity >= set.max_count);
    const struct host *before = set.hosts;
    struct ipaddr addrs[] = {v4("192.0.2.5"), v4("192.0.2.6"), v4("192.0.2.5"), lit};
    struct ipaddr six;
    assert_true(ipaddr_parse("2001:db8::5", &six));
    struct ipaddr all[] = {addrs[0], addrs[1], addrs[2], addrs[3], six};
    uint32_t added[HOSTSET_ADDRESSES_PER_NAME];
    assert_int_equal(hostset_resolved(&set, 1, all, 5, added), 2);
    assert_ptr_equal(set.hosts, before);
    assert_int_equal(set.count, 5); /* 192.0.2.6, the alias of 192.0.2.1, 2001:db8::5 */
    assert_int_equal(added[0], 2);
    assert_int_equal(added[1], 4);
    assert_string_equal(hostset_name(&set, &set.hosts[2]), "multi");
    assert_int_equal(set.hosts[3].status, HOST_ALIAS);
    assert_int_equal(alias_count(&set), 1);
    hostset_free(&set);
}

/* The reserve is bounded by --max-hosts; what does not fit is counted. */
static void test_hostset_all_addresses_reserve_within_max_hosts(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    hostset_add_name(&set, "multi");
    hostset_seal(&set);
    assert_int_equal(hostset_prepare_names(&set, true, 2), 0);
    assert_int_equal(set.max_count, 2);
    struct ipaddr all[] = {v4("192.0.2.1"), v4("192.0.2.2"), v4("192.0.2.3")};
    uint32_t added[HOSTSET_ADDRESSES_PER_NAME];
    assert_int_equal(hostset_resolved(&set, 0, all, 3, added), 1);
    assert_int_equal(set.count, 2);
    assert_int_equal(set.extra_dropped, 1);
    hostset_free(&set);
}

/* A run of literals only keeps no map and reserves nothing. */
static void test_hostset_literals_only_prepare_nothing(void **state)
{
    (void)state;
    struct hostset set;
    hostset_init(&set);
    struct ipaddr a = v4("192.0.2.1");
    hostset_add_address(&set, &a);
    hostset_seal(&set);
    uint32_t cap = set.capacity;
    assert_int_equal(hostset_prepare_names(&set, true, 1000), 0);
    assert_null(set.addresses);
    assert_int_equal(set.capacity, cap);
    hostset_free(&set);
}

/* ---- errors ---- */

static struct host_error_seen router_error(const char *router)
{
    struct host_error_seen e = {
        .type = HOST_ERROR_ICMP4, .code = 3 << 8 | 1, .by = HOST_FIRST_ERROR_BY_RECEIVER};
    e.from = v4(router);
    return e;
}

static void test_hostset_errors_alike_are_counted_and_the_first_kept(void **state)
{
    (void)state;
    struct host h = {0};
    struct host_error_seen e = router_error("192.0.2.254");
    e.path_mtu = 0;
    hostset_record_error(&h, &e);
    hostset_record_error(&h, &e);
    hostset_record_error(&h, &e);
    assert_int_equal(hostset_error_count(&h), 3);
    assert_int_equal(h.icmp_errors, 3);
    assert_int_equal(h.error_type, HOST_ERROR_ICMP4);
    assert_int_equal(h.error_code, 3 << 8 | 1);
    assert_true(ipaddr_equal(&h.error_from, &e.from));
    uint8_t flags = atomic_load(&h.flags);
    assert_true(flags & HOST_UNREACHABLE);
    assert_true(flags & HOST_FIRST_ERROR_BY_RECEIVER);
    assert_false(flags & (HOST_ERRORS_DIFFER | HOST_FIRST_ERROR_BY_SENDER));
}

static void test_hostset_error_from_another_router_differs(void **state)
{
    (void)state;
    struct host h = {0};
    struct host_error_seen a = router_error("192.0.2.254"), b = router_error("192.0.2.253");
    hostset_record_error(&h, &a);
    hostset_record_error(&h, &b);
    assert_int_equal(hostset_error_count(&h), 2);
    assert_true(ipaddr_equal(&h.error_from, &a.from)); /* the first is named */
    assert_true(atomic_load(&h.flags) & HOST_ERRORS_DIFFER);
}

/* The receiver's error after the sender's: another kind, and the receiver
 * must not read the fields the sender wrote (it cannot know they are done). */
static void test_hostset_errors_of_both_threads_differ(void **state)
{
    (void)state;
    struct host h = {0};
    struct host_error_seen send = {
        .type = HOST_ERROR_SEND, .code = 113, .by = HOST_FIRST_ERROR_BY_SENDER};
    struct host_error_seen icmp = router_error("192.0.2.254");
    hostset_record_error(&h, &send);
    hostset_record_error(&h, &icmp);
    assert_int_equal(h.send_errors, 1);
    assert_int_equal(h.icmp_errors, 1);
    assert_int_equal(h.error_type, HOST_ERROR_SEND);
    assert_int_equal(h.error_from.family, 0);
    assert_true(atomic_load(&h.flags) & HOST_ERRORS_DIFFER);
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
        cmocka_unit_test(test_hostset_names_compare_without_case_and_trailing_dot),
        cmocka_unit_test(test_hostset_resolved_name_at_known_address_is_alias),
        cmocka_unit_test(test_hostset_all_addresses_append_without_moving),
        cmocka_unit_test(test_hostset_all_addresses_reserve_within_max_hosts),
        cmocka_unit_test(test_hostset_literals_only_prepare_nothing),
        cmocka_unit_test(test_hostset_errors_alike_are_counted_and_the_first_kept),
        cmocka_unit_test(test_hostset_error_from_another_router_differs),
        cmocka_unit_test(test_hostset_errors_of_both_threads_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
