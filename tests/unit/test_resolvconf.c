/*
 * test_resolvconf.c - resolv.conf options as glibc reads them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "nameconf/resolvconf.h"

#include <string.h>

static struct resolvconf parse(const char *text)
{
    struct resolvconf rc;
    resolvconf_parse(text, strlen(text), &rc);
    return rc;
}

static void test_resolvconf_defaults_are_glibcs(void **state)
{
    (void)state;
    struct resolvconf rc = parse("search example.org\n");
    assert_int_equal(rc.nameservers, 0);
    assert_int_equal(rc.timeout_s, 5);
    assert_int_equal(rc.attempts, 2);
    assert_int_equal(rc.ndots, -1);
    assert_false(rc.rotate);
}

static void test_resolvconf_options_and_servers(void **state)
{
    (void)state;
    struct resolvconf rc = parse("nameserver 10.0.0.1\n# nameserver 10.0.0.9\n"
                                 "nameserver\t10.0.0.2\noptions timeout:2 attempts:3 rotate\n"
                                 "options ndots:4\nnameserverx 1.2.3.4\n");
    assert_int_equal(rc.nameservers, 2);
    assert_int_equal(rc.timeout_s, 2);
    assert_int_equal(rc.attempts, 3);
    assert_int_equal(rc.ndots, 4);
    assert_true(rc.rotate);
}

static void test_resolvconf_limits_as_glibc(void **state)
{
    (void)state;
    struct resolvconf rc = parse("options timeout:99999999999 attempts:9 ndots:40\n");
    assert_int_equal(rc.timeout_s, RESOLVCONF_MAX_TIMEOUT_S);
    assert_int_equal(rc.attempts, RESOLVCONF_MAX_ATTEMPTS);
    assert_int_equal(rc.ndots, RESOLVCONF_MAX_NDOTS);
    rc = parse("options timeout:0 attempts:0\n");
    assert_int_equal(rc.timeout_s, 1);
    assert_int_equal(rc.attempts, 1);
}

static void test_resolvconf_res_options_wins(void **state)
{
    (void)state;
    struct resolvconf rc = parse("options timeout:2\n");
    resolvconf_options("timeout:7 bogus attempts:1", 26, &rc);
    assert_int_equal(rc.timeout_s, 7);
    assert_int_equal(rc.attempts, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolvconf_defaults_are_glibcs),
        cmocka_unit_test(test_resolvconf_options_and_servers),
        cmocka_unit_test(test_resolvconf_limits_as_glibc),
        cmocka_unit_test(test_resolvconf_res_options_wins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
