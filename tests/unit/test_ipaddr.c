/* test_ipaddr.c - the address value type. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ipaddr.h"

#include <netinet/in.h>

static struct ipaddr A(const char *text) {
    struct ipaddr a;
    assert_true(ipaddr_parse(text, &a));
    return a;
}

static void
test_ipaddr_parse_and_format_round_trip(void **state)
{
    (void)state;
    char buf[IPADDR_STRLEN];
    struct ipaddr a = A("192.0.2.255");
    assert_int_equal(a.family, AF_INET);
    assert_string_equal(ipaddr_format(&a, buf, sizeof(buf)), "192.0.2.255");
    a = A("2001:DB8:0::1");
    assert_int_equal(a.family, AF_INET6);
    assert_string_equal(ipaddr_format(&a, buf, sizeof(buf)), "2001:db8::1");
}

static void test_ipaddr_parse_rejects_non_literals(void **state)
{
    (void)state;
    struct ipaddr a = {0};
    assert_false(ipaddr_parse("10.1", &a));
    assert_false(ipaddr_parse("192.0.2.256", &a));
    assert_false(ipaddr_parse("example.org", &a));
    assert_false(ipaddr_parse("", &a));
    assert_int_equal(a.family, 0);
}

static void test_ipaddr_increment_carries_and_wraps(void **state)
{
    (void)state;
    struct ipaddr a = A("192.0.2.255"), b = A("192.0.3.0");
    assert_true(ipaddr_increment(&a));
    assert_true(ipaddr_equal(&a, &b));
    a = A("255.255.255.255");
    assert_false(ipaddr_increment(&a));
    a = A("2001:db8::ffff");
    assert_true(ipaddr_increment(&a));
    assert_true(ipaddr_equal(&a, &(struct ipaddr){0}) == false);
    b = A("2001:db8::1:0");
    assert_true(ipaddr_equal(&a, &b));
}

static void test_ipaddr_distance_counts_and_saturates(void **state)
{
    (void)state;
    struct ipaddr a = A("10.0.0.0"), b = A("10.3.255.255");
    assert_int_equal(ipaddr_distance(&a, &b), 262143);
    a = A("::");
    b = A("0:0:0:1::");
    assert_int_equal(ipaddr_distance(&a, &b), UINT64_MAX); /* 2^64 does not fit */
    b = A("::ffff:ffff:ffff:ffff");
    assert_int_equal(ipaddr_distance(&a, &b), UINT64_MAX);
    b = A("::1:0:0:0");
    assert_int_equal(ipaddr_distance(&a, &b), 1ULL << 48);
}

static void test_ipaddr_sockaddr_round_trip(void **state)
{
    (void)state;
    struct sockaddr_storage ss;
    struct ipaddr a = A("2001:db8::42"), b;
    assert_int_equal(ipaddr_to_sockaddr(&a, &ss), sizeof(struct sockaddr_in6));
    assert_true(ipaddr_from_sockaddr((struct sockaddr *)&ss, &b));
    assert_true(ipaddr_equal(&a, &b));
    ss.ss_family = AF_UNIX;
    assert_false(ipaddr_from_sockaddr((struct sockaddr *)&ss, &b));
}

/* fe80::1%lo: the scope is part of the value (lo is index 1 everywhere),
 * formatted back by name, kept through a sockaddr, and makes two scopes of
 * one address two addresses. */
static void test_ipaddr_scoped_literal(void **state)
{
    (void)state;
    struct ipaddr a, b, plain;
    char buf[IPADDR_STRLEN];
    assert_int_equal(ipaddr_parse_scoped("fe80::1%lo", &a), IPADDR_SCOPED_OK);
    assert_int_equal(a.scope_id, 1);
    assert_string_equal(ipaddr_format(&a, buf, sizeof(buf)), "fe80::1%lo");
    assert_int_equal(ipaddr_parse_scoped("fe80::1%1", &b), IPADDR_SCOPED_OK);
    assert_memory_equal(&a, &b, sizeof(a));
    assert_true(ipaddr_parse("fe80::1", &plain));
    assert_false(ipaddr_equal(&a, &plain));
    assert_int_not_equal(ipaddr_compare(&a, &plain), 0);
    struct sockaddr_storage ss;
    ipaddr_to_sockaddr(&a, &ss);
    assert_true(ipaddr_from_sockaddr((struct sockaddr *)&ss, &b));
    assert_true(ipaddr_equal(&a, &b));
    assert_int_equal(ipaddr_parse_scoped("192.0.2.1", &b), IPADDR_SCOPED_OK);
    assert_int_equal(ipaddr_parse_scoped("192.0.2.1%lo", &b), IPADDR_SCOPED_NOT_IPV6);
    assert_int_equal(ipaddr_parse_scoped("fe80::1%nosuch0", &b), IPADDR_SCOPED_UNKNOWN_SCOPE);
    assert_int_equal(ipaddr_parse_scoped("fe80::1%0", &b), IPADDR_SCOPED_UNKNOWN_SCOPE);
    assert_int_equal(ipaddr_parse_scoped("fe80::1%aaaaaaaaaaaaaaaaaaaaa", &b),
                     IPADDR_SCOPED_UNKNOWN_SCOPE);
    assert_int_equal(ipaddr_parse_scoped("fe80::g%lo", &b), IPADDR_SCOPED_NOT_ADDRESS);
    /* A scope on a global address means nothing to the kernel: dropped. */
    assert_int_equal(ipaddr_parse_scoped("2001:db8::1%lo", &b), IPADDR_SCOPED_OK);
    assert_int_equal(b.scope_id, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipaddr_parse_and_format_round_trip),
        cmocka_unit_test(test_ipaddr_parse_rejects_non_literals),
        cmocka_unit_test(test_ipaddr_increment_carries_and_wraps),
        cmocka_unit_test(test_ipaddr_distance_counts_and_saturates),
        cmocka_unit_test(test_ipaddr_sockaddr_round_trip),
        cmocka_unit_test(test_ipaddr_scoped_literal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
