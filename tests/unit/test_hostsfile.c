/*
 * test_hostsfile.c - /etc/hosts as glibc's files source reads it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "nameconf/hostsfile.h"

#include <string.h>
#include <sys/socket.h>

static const char *const TEXT = "# comment\n"
                                "127.0.0.1\tlocalhost\n"
                                "fd00::5 web Web.Example # v6 first in the file\n"
                                "10.0.0.5 web.example web\n"
                                "10.0.0.6\tweb\r\n"
                                "not-an-address web\n"
                                "10.0.0.7"; /* no name, no newline */

static const char *fmt(const struct ipaddr *a, char *buf)
{
    return ipaddr_format(a, buf, IPADDR_STRLEN);
}

static void test_hostsfile_every_line_contributes_ipv4_first(void **state)
{
    (void)state;
    struct hostsfile hf;
    assert_int_equal(hostsfile_parse(&hf, TEXT, strlen(TEXT)), 0);
    struct ipaddr out[8];
    char buf[IPADDR_STRLEN];
    assert_int_equal(hostsfile_lookup(&hf, "web", AF_UNSPEC, out, 8), 3);
    assert_string_equal(fmt(&out[0], buf), "10.0.0.5");
    assert_string_equal(fmt(&out[1], buf), "10.0.0.6");
    assert_string_equal(fmt(&out[2], buf), "fd00::5");
    hostsfile_free(&hf);
}

static void test_hostsfile_names_match_without_case(void **state)
{
    (void)state;
    struct hostsfile hf;
    assert_int_equal(hostsfile_parse(&hf, TEXT, strlen(TEXT)), 0);
    struct ipaddr out[8];
    assert_int_equal(hostsfile_lookup(&hf, "WEB.example", AF_UNSPEC, out, 8), 2);
    assert_int_equal(hostsfile_lookup(&hf, "LocalHost", AF_INET, out, 8), 1);
    hostsfile_free(&hf);
}

static void test_hostsfile_family_and_max(void **state)
{
    (void)state;
    struct hostsfile hf;
    assert_int_equal(hostsfile_parse(&hf, TEXT, strlen(TEXT)), 0);
    struct ipaddr out[8];
    char buf[IPADDR_STRLEN];
    assert_int_equal(hostsfile_lookup(&hf, "web", AF_INET6, out, 8), 1);
    assert_string_equal(fmt(&out[0], buf), "fd00::5");
    assert_int_equal(hostsfile_lookup(&hf, "web", AF_INET, out, 8), 2);
    assert_int_equal(hostsfile_lookup(&hf, "web", AF_UNSPEC, out, 1), 1);
    assert_int_equal(hostsfile_lookup(&hf, "localhost", AF_INET6, out, 8), 0);
    hostsfile_free(&hf);
}

static void test_hostsfile_unknown_names_and_comments(void **state)
{
    (void)state;
    struct hostsfile hf;
    assert_int_equal(hostsfile_parse(&hf, TEXT, strlen(TEXT)), 0);
    struct ipaddr out[8];
    assert_int_equal(hostsfile_lookup(&hf, "v6", AF_UNSPEC, out, 8), 0);
    assert_int_equal(hostsfile_lookup(&hf, "comment", AF_UNSPEC, out, 8), 0);
    assert_int_equal(hostsfile_lookup(&hf, "nosuch", AF_UNSPEC, out, 8), 0);
    assert_int_equal(hostsfile_lookup(&hf, "", AF_UNSPEC, out, 8), 0);
    hostsfile_free(&hf);
}

static void test_hostsfile_missing_file_is_empty(void **state)
{
    (void)state;
    struct hostsfile hf;
    assert_int_equal(hostsfile_read(&hf, "/nonexistent-multiping/hosts"), 0);
    assert_int_equal(hf.count, 0);
    hostsfile_free(&hf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostsfile_every_line_contributes_ipv4_first),
        cmocka_unit_test(test_hostsfile_names_match_without_case),
        cmocka_unit_test(test_hostsfile_family_and_max),
        cmocka_unit_test(test_hostsfile_unknown_names_and_comments),
        cmocka_unit_test(test_hostsfile_missing_file_is_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
