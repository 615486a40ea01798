/*
 * test_nsswitch.c - which hosts: lines c-ares may serve, and which go to
 * the getaddrinfo pool.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "nameconf/nsswitch.h"

#include <string.h>

static struct nsswitch_hosts parse(const char *text)
{
    struct nsswitch_hosts h;
    nsswitch_parse(text, strlen(text), &h);
    return h;
}

static void test_nsswitch_files_then_dns(void **state)
{
    (void)state;
    struct nsswitch_hosts h = parse("passwd: files\nhosts:          files dns\nnetworks: files\n");
    assert_true(h.supported);
    assert_int_equal(h.count, 2);
    assert_int_equal(h.order[0], NSSWITCH_FILES);
    assert_int_equal(h.order[1], NSSWITCH_DNS);
}

static void test_nsswitch_dns_then_files_keeps_order(void **state)
{
    (void)state;
    struct nsswitch_hosts h = parse("hosts:dns\tfiles # comment\n");
    assert_true(h.supported);
    assert_int_equal(h.count, 2);
    assert_int_equal(h.order[0], NSSWITCH_DNS);
    assert_int_equal(h.order[1], NSSWITCH_FILES);
}

static void test_nsswitch_other_source_goes_to_the_pool(void **state)
{
    (void)state;
    struct nsswitch_hosts h = parse("hosts: files mdns4_minimal [NOTFOUND=return] dns\n");
    assert_false(h.supported);
    assert_string_equal(h.reason, "source 'mdns4_minimal'");
    h = parse("hosts: files myhostname\n");
    assert_false(h.supported);
    h = parse("hosts: files resolve [!UNAVAIL=return] dns\n");
    assert_false(h.supported);
}

static void test_nsswitch_criterion_goes_to_the_pool(void **state)
{
    (void)state;
    struct nsswitch_hosts h = parse("hosts: files [NOTFOUND=return] dns\n");
    assert_false(h.supported);
    assert_string_equal(h.reason, "criterion '[NOTFOUND=return]'");
}

static void test_nsswitch_continuation_line_belongs_to_hosts(void **state)
{
    (void)state;
    struct nsswitch_hosts h = parse("hosts: files\n   ldap\nnetworks: files\n");
    assert_false(h.supported);
    assert_string_equal(h.reason, "source 'ldap'");
}

static void test_nsswitch_last_hosts_line_wins(void **state)
{
    (void)state;
    struct nsswitch_hosts h = parse("hosts: ldap\nhosts: dns\n");
    assert_true(h.supported);
    assert_int_equal(h.count, 1);
    assert_int_equal(h.order[0], NSSWITCH_DNS);
}

static void test_nsswitch_no_hosts_line_repeated_or_empty(void **state)
{
    (void)state;
    assert_false(parse("passwd: files\nhostsx: files\n# hosts: files\n").supported);
    assert_false(parse("hosts: files files\n").supported);
    assert_false(parse("hosts:   \n").supported);
    assert_false(parse("").supported);
}

static void test_nsswitch_missing_file_goes_to_the_pool(void **state)
{
    (void)state;
    struct nsswitch_hosts h;
    nsswitch_read("/nonexistent-multiping/nsswitch.conf", &h);
    assert_false(h.supported);
    assert_non_null(strstr(h.reason, "cannot read"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nsswitch_files_then_dns),
        cmocka_unit_test(test_nsswitch_dns_then_files_keeps_order),
        cmocka_unit_test(test_nsswitch_other_source_goes_to_the_pool),
        cmocka_unit_test(test_nsswitch_criterion_goes_to_the_pool),
        cmocka_unit_test(test_nsswitch_continuation_line_belongs_to_hosts),
        cmocka_unit_test(test_nsswitch_last_hosts_line_wins),
        cmocka_unit_test(test_nsswitch_no_hosts_line_repeated_or_empty),
        cmocka_unit_test(test_nsswitch_missing_file_goes_to_the_pool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
