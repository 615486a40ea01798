/* test_hostspec.c - one host token: every accepted form, every refused one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "excerpt.h"
#include "hosts/hostspec.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

static struct hostspec parse_ok(const char *token, int family)
{
    struct hostspec spec;
    char err[512] = "";
    if (hostspec_parse(token, family, &spec, err, sizeof(err)) != 0)
        fail_msg("'%s' was refused: %s", token, err);
    return spec;
}

/* The token is refused and the message contains want. */
static void parse_fails(const char *token, int family, const char *want)
{
    struct hostspec spec;
    char err[512] = "";
    if (hostspec_parse(token, family, &spec, err, sizeof(err)) == 0)
        fail_msg("'%s' was accepted", token);
    if (!strstr(err, want))
        fail_msg("'%s': message \"%s\" lacks \"%s\"", token, err, want);
}

static void assert_addr(const struct ipaddr *a, const char *want)
{
    char buf[IPADDR_STRLEN];
    assert_string_equal(ipaddr_format(a, buf, sizeof(buf)), want);
}

static void assert_block(const char *token, const char *first, const char *last, uint64_t count)
{
    struct hostspec spec = parse_ok(token, AF_UNSPEC);
    assert_int_equal(spec.kind, HOSTSPEC_BLOCK);
    assert_addr(&spec.first, first);
    assert_addr(&spec.last, last);
    assert_true(spec.count == count);
}

static void test_ipv4_literal_is_one_address(void **state)
{
    (void)state;
    struct hostspec spec = parse_ok("192.0.2.7", AF_UNSPEC);
    assert_int_equal(spec.kind, HOSTSPEC_ADDRESS);
    assert_int_equal(spec.first.family, AF_INET);
    assert_addr(&spec.first, "192.0.2.7");
    assert_true(ipaddr_equal(&spec.first, &spec.last));
    assert_int_equal(spec.count, 1);
}

static void test_ipv6_literal_is_one_address(void **state)
{
    (void)state;
    struct hostspec spec = parse_ok("2001:db8::7", AF_UNSPEC);
    assert_int_equal(spec.kind, HOSTSPEC_ADDRESS);
    assert_int_equal(spec.first.family, AF_INET6);
    assert_addr(&spec.last, "2001:db8::7");
    assert_int_equal(spec.count, 1);
}

static void test_name_is_name(void **state)
{
    (void)state;
    struct hostspec spec = parse_ok("web1.example.org", AF_UNSPEC);
    assert_int_equal(spec.kind, HOSTSPEC_NAME);
    assert_int_equal(spec.count, 1);
    assert_int_equal(spec.first.family, 0);
}

static void test_name_allows_underscore_hyphen_and_trailing_dot(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("_srv.web-1.example.org.", AF_UNSPEC).kind, HOSTSPEC_NAME);
    assert_int_equal(parse_ok("localhost", AF_UNSPEC).kind, HOSTSPEC_NAME);
}

static void test_name_starting_with_digits_and_hyphen_is_not_a_range(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("10-20.example.org", AF_UNSPEC).kind, HOSTSPEC_NAME);
    assert_int_equal(parse_ok("1e100.net", AF_UNSPEC).kind, HOSTSPEC_NAME);
}

static void test_name_label_of_63_ok_64_refused(void **state)
{
    (void)state;
    char name[80];
    memset(name, 'a', 63);
    strcpy(name + 63, ".org");
    assert_int_equal(parse_ok(name, AF_UNSPEC).kind, HOSTSPEC_NAME);
    memset(name, 'a', 64);
    strcpy(name + 64, ".org");
    parse_fails(name, AF_UNSPEC, "a label is longer than 63 characters");
}

/* "aaa...a.aaa...a." with len characters before the optional trailing dot */
static void long_name(char *buf, size_t len, int trailing_dot)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = (i % 50 == 49) ? '.' : 'a';
    buf[len] = '\0';
    if (trailing_dot)
        strcat(buf, ".");
}

static void test_name_of_253_ok_254_refused(void **state)
{
    (void)state;
    char name[300];
    long_name(name, 253, 0);
    assert_int_equal(parse_ok(name, AF_UNSPEC).kind, HOSTSPEC_NAME);
    long_name(name, 253, 1);
    assert_int_equal(parse_ok(name, AF_UNSPEC).kind, HOSTSPEC_NAME);
    long_name(name, 254, 0);
    parse_fails(name, AF_UNSPEC, "longer than 253 characters");
}

static void test_cidr_v4_excludes_network_and_broadcast(void **state)
{
    (void)state;
    assert_block("192.0.2.0/28", "192.0.2.1", "192.0.2.14", 14);
}

static void test_cidr_v4_host_bits_are_masked_off(void **state)
{
    (void)state;
    assert_block("192.0.2.77/28", "192.0.2.65", "192.0.2.78", 14);
    assert_block("10.1.2.3/8", "10.0.0.1", "10.255.255.254", 16777214);
}

static void test_cidr_v4_slash30_has_two_hosts(void **state)
{
    (void)state;
    assert_block("192.0.2.4/30", "192.0.2.5", "192.0.2.6", 2);
}

static void test_cidr_v4_slash31_keeps_both_addresses(void **state)
{
    (void)state;
    assert_block("192.0.2.5/31", "192.0.2.4", "192.0.2.5", 2);
}

static void test_cidr_v4_slash32_is_the_address(void **state)
{
    (void)state;
    assert_block("192.0.2.5/32", "192.0.2.5", "192.0.2.5", 1);
}

static void test_cidr_v4_slash0_counts_all_but_two(void **state)
{
    (void)state;
    assert_block("0.0.0.0/0", "0.0.0.1", "255.255.255.254", 4294967294u);
}

static void test_cidr_v6_excludes_subnet_router_anycast(void **state)
{
    (void)state;
    assert_block("2001:db8::/120", "2001:db8::1", "2001:db8::ff", 255);
    assert_block("2001:db8::1234/120", "2001:db8::1201", "2001:db8::12ff", 255);
}

static void test_cidr_v6_slash126_has_three_hosts(void **state)
{
    (void)state;
    assert_block("2001:db8::4/126", "2001:db8::5", "2001:db8::7", 3);
}

static void test_cidr_v6_slash127_keeps_both_addresses(void **state)
{
    (void)state;
    assert_block("2001:db8::5/127", "2001:db8::4", "2001:db8::5", 2);
}

static void test_cidr_v6_slash128_is_the_address(void **state)
{
    (void)state;
    assert_block("2001:db8::5/128", "2001:db8::5", "2001:db8::5", 1);
}

static void test_cidr_v6_slash64_count_is_exact(void **state)
{
    (void)state;
    /* 2^64 addresses minus the anycast one: exactly UINT64_MAX */
    assert_block("2001:db8::/64", "2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff", UINT64_MAX);
}

static void test_cidr_v6_slash0_count_saturates(void **state)
{
    (void)state;
    assert_block("::/0", "::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", UINT64_MAX);
    assert_block("2001:db8::/63", "2001:db8::1", "2001:db8:0:1:ffff:ffff:ffff:ffff", UINT64_MAX);
}

static void test_last_octet_range(void **state)
{
    (void)state;
    assert_block("192.0.2.60-69", "192.0.2.60", "192.0.2.69", 10);
    assert_block("192.0.2.0-255", "192.0.2.0", "192.0.2.255", 256);
}

static void test_last_octet_range_of_one(void **state)
{
    (void)state;
    assert_block("192.0.2.5-5", "192.0.2.5", "192.0.2.5", 1);
}

static void test_full_range_v4_crosses_octets(void **state)
{
    (void)state;
    assert_block("192.0.2.250-192.0.3.10", "192.0.2.250", "192.0.3.10", 17);
}

static void test_full_range_v6(void **state)
{
    (void)state;
    assert_block("2001:db8::ff-2001:db8::1:1", "2001:db8::ff", "2001:db8::1:1", 65283);
}

static void test_full_range_v6_count_saturates(void **state)
{
    (void)state;
    assert_block("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                 "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", UINT64_MAX);
}

static void test_error_quotes_token_and_says_what(void **state)
{
    (void)state;
    struct hostspec spec;
    char err[128];
    assert_int_equal(hostspec_parse("192.0.2.300", AF_UNSPEC, &spec, err, sizeof(err)), -1);
    assert_string_equal(err, "'192.0.2.300' is not a valid IPv4 address");
}

static void test_failure_leaves_output_untouched(void **state)
{
    (void)state;
    struct hostspec spec;
    memset(&spec, 0x5a, sizeof(spec));
    struct hostspec before = spec;
    char err[128];
    assert_int_equal(hostspec_parse("192.0.2.0/33", AF_UNSPEC, &spec, err, sizeof(err)), -1);
    assert_memory_equal(&spec, &before, sizeof(spec));
}

static void test_small_error_buffer_is_terminated(void **state)
{
    (void)state;
    struct hostspec spec;
    char err[8];
    assert_int_equal(hostspec_parse("a*b", AF_UNSPEC, &spec, err, sizeof(err)), -1);
    assert_string_equal(err, "'a*b' i");
    assert_int_equal(hostspec_parse("a*b", AF_UNSPEC, &spec, NULL, 0), -1);
}

static void test_family_filter_refuses_v6_literal_with_4(void **state)
{
    (void)state;
    struct hostspec spec;
    char err[128];
    assert_int_equal(hostspec_parse("2001:db8::1", AF_INET, &spec, err, sizeof(err)), -1);
    assert_string_equal(err, "'2001:db8::1' is an IPv6 address, but -4 was given");
}

static void test_family_filter_refuses_v4_literal_with_6(void **state)
{
    (void)state;
    parse_fails("192.0.2.1", AF_INET6, "is an IPv4 address, but -6 was given");
}

static void test_family_filter_refuses_blocks_of_other_family(void **state)
{
    (void)state;
    parse_fails("192.0.2.0/24", AF_INET6, "'192.0.2.0/24' is an IPv4 block, but -6 was given");
    parse_fails("192.0.2.1-9", AF_INET6, "is an IPv4 range, but -6 was given");
    parse_fails("2001:db8::/64", AF_INET, "is an IPv6 block, but -4 was given");
    parse_fails("2001:db8::1-2001:db8::2", AF_INET, "is an IPv6 range, but -4 was given");
}

static void test_family_filter_accepts_own_family_and_names(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("192.0.2.1", AF_INET).kind, HOSTSPEC_ADDRESS);
    assert_int_equal(parse_ok("2001:db8::/64", AF_INET6).kind, HOSTSPEC_BLOCK);
    assert_int_equal(parse_ok("web1.example.org", AF_INET).kind, HOSTSPEC_NAME);
    assert_int_equal(parse_ok("web1.example.org", AF_INET6).kind, HOSTSPEC_NAME);
}

static void test_rejects_empty_token(void **state)
{
    (void)state;
    parse_fails("", AF_UNSPEC, "empty host name");
}

static void test_rejects_white_space(void **state)
{
    (void)state;
    parse_fails("web1 web2", AF_UNSPEC, "'web1 web2' contains white space");
    parse_fails("192.0.2.1\t", AF_UNSPEC, "contains white space");
}

static void test_cidr_rejects_missing_address(void **state)
{
    (void)state;
    parse_fails("/", AF_UNSPEC, "the part before '/' is not an IP address");
    parse_fails("/24", AF_UNSPEC, "the part before '/' is not an IP address");
    parse_fails("web1.example.org/24", AF_UNSPEC, "the part before '/' is not an IP address");
}

static void test_cidr_rejects_missing_prefix(void **state)
{
    (void)state;
    parse_fails("192.0.2.0/", AF_UNSPEC, "no prefix length after '/'");
}

static void test_cidr_rejects_prefix_out_of_range(void **state)
{
    (void)state;
    parse_fails("192.0.2.0/33", AF_UNSPEC, "the prefix length must be 0..32 for IPv4");
    parse_fails("2001:db8::/129", AF_UNSPEC, "the prefix length must be 0..128 for IPv6");
}

static void test_cidr_rejects_non_canonical_prefix(void **state)
{
    (void)state;
    parse_fails("192.0.2.0/-1", AF_UNSPEC, "the prefix length must be");
    parse_fails("192.0.2.0/+8", AF_UNSPEC, "the prefix length must be");
    parse_fails("192.0.2.0/024", AF_UNSPEC, "the prefix length must be");
    parse_fails("192.0.2.0/24/24", AF_UNSPEC, "the prefix length must be");
    parse_fails("192.0.2.0/2x", AF_UNSPEC, "the prefix length must be");
}

static void test_range_rejects_end_before_start(void **state)
{
    (void)state;
    parse_fails("192.0.2.5-3", AF_UNSPEC, "the end is before the start");
    parse_fails("192.0.3.1-192.0.2.9", AF_UNSPEC, "the end is before the start");
    parse_fails("2001:db8::5-2001:db8::1", AF_UNSPEC, "the end is before the start");
}

static void test_range_rejects_last_octet_over_255(void **state)
{
    (void)state;
    parse_fails("192.0.2.5-256", AF_UNSPEC, "the last octet must be 0..255");
    parse_fails("192.0.2.5-1000", AF_UNSPEC, "the end is not an IPv4 address or a last octet");
}

static void test_range_rejects_mixed_families(void **state)
{
    (void)state;
    parse_fails("192.0.2.1-2001:db8::1", AF_UNSPEC, "the start is IPv4 and the end IPv6");
    parse_fails("2001:db8::1-192.0.2.9", AF_UNSPEC, "the start is IPv6 and the end IPv4");
}

static void test_range_rejects_bad_ends(void **state)
{
    (void)state;
    parse_fails("192.0.2.1-", AF_UNSPEC, "the end is not an IPv4 address or a last octet");
    parse_fails("192.0.2.1-x", AF_UNSPEC, "the end is not an IPv4 address or a last octet");
    parse_fails("2001:db8::1-5", AF_UNSPEC, "the end is not an IPv6 address");
    parse_fails("192.0.2-5", AF_UNSPEC, "the start is not an IP address");
    parse_fails("2001:db8::zz-2001:db8::1", AF_UNSPEC, "the start is not an IP address");
}

static void test_digits_and_dots_must_be_a_dotted_quad(void **state)
{
    (void)state;
    parse_fails("10.1", AF_UNSPEC, "'10.1' is not a valid IPv4 address");
    parse_fails("123", AF_UNSPEC, "is not a valid IPv4 address");
    parse_fails("1.2.3.4.5", AF_UNSPEC, "is not a valid IPv4 address");
    parse_fails("256.1.1.1", AF_UNSPEC, "is not a valid IPv4 address");
    parse_fails("010.0.0.1", AF_UNSPEC, "is not a valid IPv4 address");
    parse_fails("192.0.2.1.", AF_UNSPEC, "is not a valid IPv4 address");
}

static void test_inet_aton_only_forms_are_refused(void **state)
{
    (void)state;
    parse_fails("0x7f.1", AF_UNSPEC, "write it as a dotted quad");
    parse_fails("0x7f000001", AF_UNSPEC, "write it as a dotted quad");
}

static void test_rejects_bad_ipv6(void **state)
{
    (void)state;
    parse_fails("2001:db8::zz", AF_UNSPEC, "is not a valid IPv6 address");
    parse_fails("1:2:3:4:5:6:7:8:9", AF_UNSPEC, "is not a valid IPv6 address");
}

static void test_scoped_literal_by_name_and_index(void **state)
{
    (void)state;
    struct hostspec s;
    char err[256];
    assert_int_equal(hostspec_parse("fe80::1%lo", AF_UNSPEC, &s, err, sizeof(err)), 0);
    assert_int_equal(s.kind, HOSTSPEC_ADDRESS);
    assert_int_equal(s.first.scope_id, 1); /* lo is always index 1 */
    assert_int_equal(hostspec_parse("fe80::1%1", AF_UNSPEC, &s, err, sizeof(err)), 0);
    assert_int_equal(s.first.scope_id, 1);
    /* The kernel ignores a scope on a global address; so do we. */
    assert_int_equal(hostspec_parse("2001:db8::1%lo", AF_UNSPEC, &s, err, sizeof(err)), 0);
    assert_int_equal(s.first.scope_id, 0);
}

static void test_scoped_literal_errors(void **state)
{
    (void)state;
    parse_fails("fe80::1%no-such-if9", AF_UNSPEC, "has a scope that names no interface");
    parse_fails("fe80::1%999999", AF_UNSPEC, "has a scope that names no interface");
    parse_fails("fe80::1%", AF_UNSPEC, "has a scope that names no interface");
    parse_fails("192.0.2.1%lo", AF_UNSPEC, "only IPv6 addresses do");
    parse_fails("fe80::zz%lo", AF_UNSPEC, "is not a valid scoped IPv6 address");
    parse_fails("fe80::1%lo", AF_INET, "but -4 was given");
}

static void test_name_rejects_empty_label(void **state)
{
    (void)state;
    parse_fails("a..b", AF_UNSPEC, "it has an empty label");
    parse_fails(".example.org", AF_UNSPEC, "it has an empty label");
    parse_fails("example.org..", AF_UNSPEC, "it has an empty label");
    parse_fails(".", AF_UNSPEC, "it has an empty label");
}

static void test_name_rejects_leading_hyphen(void **state)
{
    (void)state;
    parse_fails("-web1", AF_UNSPEC, "it starts with '-'");
    parse_fails("-", AF_UNSPEC, "it starts with '-'");
}

static void test_name_rejects_special_characters(void **state)
{
    (void)state;
    parse_fails("*.example.org", AF_UNSPEC, "'*' is not allowed");
    parse_fails("web1;reboot", AF_UNSPEC, "';' is not allowed");
    parse_fails("$HOST", AF_UNSPEC, "'$' is not allowed");
    parse_fails("web1,web2", AF_UNSPEC, "',' is not allowed");
}

static void test_name_rejects_non_ascii_bytes_and_quotes_them_escaped(void **state)
{
    (void)state;
    parse_fails("b\xc3\xbcro.example", AF_UNSPEC,
                "'b\\xc3\\xbcro.example' is not a valid host name: the byte 0xc3 is not allowed");
    parse_fails("a\001b", AF_UNSPEC, "'a\\x01b' is not a valid host name: the byte 0x01");
}

static void test_excerpt_cuts_long_input(void **state)
{
    (void)state;
    char input[200];
    char buf[EXCERPT_LEN];
    memset(input, 'x', sizeof(input) - 1);
    input[sizeof(input) - 1] = '\0';
    excerpt_quote(input, buf, sizeof(buf));
    assert_int_equal(strlen(buf), EXCERPT_BYTES + 3);
    assert_string_equal(buf + EXCERPT_BYTES, "...");
}

static void test_excerpt_keeps_short_input_whole(void **state)
{
    (void)state;
    char buf[EXCERPT_LEN];
    assert_string_equal(excerpt_quote("web1", buf, sizeof(buf)), "web1");
    assert_string_equal(excerpt_quote("", buf, sizeof(buf)), "");
}

static void test_excerpt_fits_any_buffer(void **state)
{
    (void)state;
    char buf[6];
    assert_string_equal(excerpt_quote("abcdefgh", buf, sizeof(buf)), "ab...");
    assert_string_equal(excerpt_quote("\x01\x02", buf, sizeof(buf)), "...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_literal_is_one_address),
        cmocka_unit_test(test_ipv6_literal_is_one_address),
        cmocka_unit_test(test_name_is_name),
        cmocka_unit_test(test_name_allows_underscore_hyphen_and_trailing_dot),
        cmocka_unit_test(test_name_starting_with_digits_and_hyphen_is_not_a_range),
        cmocka_unit_test(test_name_label_of_63_ok_64_refused),
        cmocka_unit_test(test_name_of_253_ok_254_refused),
        cmocka_unit_test(test_cidr_v4_excludes_network_and_broadcast),
        cmocka_unit_test(test_cidr_v4_host_bits_are_masked_off),
        cmocka_unit_test(test_cidr_v4_slash30_has_two_hosts),
        cmocka_unit_test(test_cidr_v4_slash31_keeps_both_addresses),
        cmocka_unit_test(test_cidr_v4_slash32_is_the_address),
        cmocka_unit_test(test_cidr_v4_slash0_counts_all_but_two),
        cmocka_unit_test(test_cidr_v6_excludes_subnet_router_anycast),
        cmocka_unit_test(test_cidr_v6_slash126_has_three_hosts),
        cmocka_unit_test(test_cidr_v6_slash127_keeps_both_addresses),
        cmocka_unit_test(test_cidr_v6_slash128_is_the_address),
        cmocka_unit_test(test_cidr_v6_slash64_count_is_exact),
        cmocka_unit_test(test_cidr_v6_slash0_count_saturates),
        cmocka_unit_test(test_last_octet_range),
        cmocka_unit_test(test_last_octet_range_of_one),
        cmocka_unit_test(test_full_range_v4_crosses_octets),
        cmocka_unit_test(test_full_range_v6),
        cmocka_unit_test(test_full_range_v6_count_saturates),
        cmocka_unit_test(test_error_quotes_token_and_says_what),
        cmocka_unit_test(test_failure_leaves_output_untouched),
        cmocka_unit_test(test_small_error_buffer_is_terminated),
        cmocka_unit_test(test_family_filter_refuses_v6_literal_with_4),
        cmocka_unit_test(test_family_filter_refuses_v4_literal_with_6),
        cmocka_unit_test(test_family_filter_refuses_blocks_of_other_family),
        cmocka_unit_test(test_family_filter_accepts_own_family_and_names),
        cmocka_unit_test(test_rejects_empty_token),
        cmocka_unit_test(test_rejects_white_space),
        cmocka_unit_test(test_cidr_rejects_missing_address),
        cmocka_unit_test(test_cidr_rejects_missing_prefix),
        cmocka_unit_test(test_cidr_rejects_prefix_out_of_range),
        cmocka_unit_test(test_cidr_rejects_non_canonical_prefix),
        cmocka_unit_test(test_range_rejects_end_before_start),
        cmocka_unit_test(test_range_rejects_last_octet_over_255),
        cmocka_unit_test(test_range_rejects_mixed_families),
        cmocka_unit_test(test_range_rejects_bad_ends),
        cmocka_unit_test(test_digits_and_dots_must_be_a_dotted_quad),
        cmocka_unit_test(test_inet_aton_only_forms_are_refused),
        cmocka_unit_test(test_rejects_bad_ipv6),
        cmocka_unit_test(test_scoped_literal_by_name_and_index),
        cmocka_unit_test(test_scoped_literal_errors),
        cmocka_unit_test(test_name_rejects_empty_label),
        cmocka_unit_test(test_name_rejects_leading_hyphen),
        cmocka_unit_test(test_name_rejects_special_characters),
        cmocka_unit_test(test_name_rejects_non_ascii_bytes_and_quotes_them_escaped),
        cmocka_unit_test(test_excerpt_cuts_long_input),
        cmocka_unit_test(test_excerpt_keeps_short_input_whole),
        cmocka_unit_test(test_excerpt_fits_any_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
