/* test_hostlist.c - host sources (-H, positional, files) and building the table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "hosts/hostlist.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ERR_LEN 1024

static void add_arg_ok(struct hostlist *list, const char *arg)
{
    char err[ERR_LEN] = "";
    if (hostlist_add_arg(list, arg, 1, err, sizeof(err)) != 0)
        fail_msg("-H '%s' was refused: %s", arg, err);
}

/* Parse text as a host file named hosts.txt; returns what add_stream did. */
static int add_text(struct hostlist *list, const char *text, size_t len, char *err)
{
    FILE *in = fmemopen((void *)(uintptr_t)text, len, "r");
    assert_non_null(in);
    int rc = hostlist_add_stream(list, in, "hosts.txt", err, ERR_LEN);
    fclose(in);
    return rc;
}

static void add_text_ok(struct hostlist *list, const char *text)
{
    char err[ERR_LEN] = "";
    if (add_text(list, text, strlen(text), err) != 0)
        fail_msg("host file refused: %s", err);
}

static void add_text_fails(const char *text, size_t len, const char *want)
{
    struct hostlist list;
    char err[ERR_LEN] = "";
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(add_text(&list, text, len, err), -1);
    assert_string_equal(err, want);
    assert_int_equal(list.count, 0);
    hostlist_free(&list);
}

static const char *label(const struct hostset *set, uint32_t i, char *buf)
{
    return hostset_label(set, &set->hosts[i], buf, IPADDR_STRLEN + HOSTSPEC_NAME_MAX + 1);
}

/* Write text to a new temporary file; returns its path (free it). */
static char *temp_file(const char *text, size_t len)
{
    char *path = strdup("/tmp/test_hostlist.XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

static void test_arg_splits_on_commas(void **state)
{
    (void)state;
    struct hostlist list;
    hostlist_init(&list, AF_UNSPEC);
    add_arg_ok(&list, "192.0.2.1,web1,192.0.2.0/30");
    assert_int_equal(list.count, 3);
    assert_int_equal(list.total, 4);
    assert_int_equal(list.entries[1].spec.kind, HOSTSPEC_NAME);
    assert_string_equal(list.names + list.entries[1].name, "web1");
    hostlist_free(&list);
}

static void test_arg_trims_spaces_around_elements(void **state)
{
    (void)state;
    struct hostlist list;
    hostlist_init(&list, AF_UNSPEC);
    add_arg_ok(&list, " 192.0.2.1 ,\tweb1 ");
    assert_int_equal(list.count, 2);
    assert_string_equal(list.names + list.entries[1].name, "web1");
    hostlist_free(&list);
}

static void test_arg_empty_element_is_an_error(void **state)
{
    (void)state;
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(hostlist_add_arg(&list, "192.0.2.1,,192.0.2.3", 2, err, sizeof(err)), -1);
    assert_string_equal(err, "-H argument 2: empty host name in '192.0.2.1,,192.0.2.3'");
    hostlist_free(&list);
}

static void test_arg_empty_at_either_end_is_an_error(void **state)
{
    (void)state;
    const char *bad[] = {"192.0.2.1,", ",192.0.2.1", "", " ", ", ,"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct hostlist list;
        char err[ERR_LEN] = "";
        hostlist_init(&list, AF_UNSPEC);
        assert_int_equal(hostlist_add_arg(&list, bad[i], 1, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "-H argument 1: empty host name in '"));
        hostlist_free(&list);
    }
}

static void test_arg_long_empty_element_says_which(void **state)
{
    (void)state;
    char arg[400] = "";
    for (int i = 1; i <= 20; i++) {
        char one[24];
        snprintf(one, sizeof(one), "192.0.2.%d,", i);
        strcat(arg, one);
    }
    strcat(arg, ",192.0.2.99");
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(hostlist_add_arg(&list, arg, 4, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "-H argument 4: empty host name (element 21) in '192.0.2.1,"));
    assert_non_null(strstr(err, "...'"));
    hostlist_free(&list);
}

static void test_arg_error_names_argument_and_token(void **state)
{
    (void)state;
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(hostlist_add_arg(&list, "192.0.2.1, 192.0.2.300", 3, err, sizeof(err)), -1);
    assert_string_equal(err, "-H argument 3: '192.0.2.300' is not a valid IPv4 address");
    hostlist_free(&list);
}

static void test_arg_error_adds_nothing(void **state)
{
    (void)state;
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    add_arg_ok(&list, "web0");
    size_t names_len = list.names_len;
    assert_int_equal(hostlist_add_arg(&list, "192.0.2.0/24,web1,bad*", 2, err, sizeof(err)), -1);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.total, 1);
    assert_int_equal(list.names_len, names_len);
    hostlist_free(&list);
}

static void test_positional_is_not_split_on_commas(void **state)
{
    (void)state;
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(hostlist_add_positional(&list, "web1,web2", err, sizeof(err)), -1);
    assert_string_equal(err, "'web1,web2' is not a valid host name: ',' is not allowed");
    assert_int_equal(hostlist_add_positional(&list, "192.0.2.0/24", err, sizeof(err)), 0);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.total, 254);
    hostlist_free(&list);
}

static void test_family_filter_applies_to_every_source(void **state)
{
    (void)state;
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_INET);
    assert_int_equal(hostlist_add_arg(&list, "192.0.2.1,2001:db8::1", 1, err, sizeof(err)), -1);
    assert_string_equal(err, "-H argument 1: '2001:db8::1' is an IPv6 address, but -4 was given");
    assert_int_equal(hostlist_add_positional(&list, "2001:db8::/64", err, sizeof(err)), -1);
    assert_int_equal(add_text(&list, "2001:db8::2\n", 12, err), -1);
    assert_string_equal(err, "hosts.txt:1: '2001:db8::2' is an IPv6 address, but -4 was given");
    hostlist_free(&list);
}

static void test_file_skips_comments_and_blank_lines(void **state)
{
    (void)state;
    struct hostlist list;
    hostlist_init(&list, AF_UNSPEC);
    add_text_ok(&list, "# core routers\n"
                       "\n"
                       "192.0.2.1\n"
                       "   \t\n"
                       "web1 # the web server\n"
                       "#192.0.2.99\n"
                       "192.0.2.2#no space before the comment\n");
    assert_int_equal(list.count, 3);
    assert_string_equal(list.names + list.entries[1].name, "web1");
    hostlist_free(&list);
}

static void test_file_trims_white_space_and_crlf(void **state)
{
    (void)state;
    struct hostlist list;
    hostlist_init(&list, AF_UNSPEC);
    add_text_ok(&list, "  192.0.2.1  \r\n\tweb1\r\n\r\nweb2 \t\r\n");
    assert_int_equal(list.count, 3);
    assert_string_equal(list.names + list.entries[1].name, "web1");
    assert_string_equal(list.names + list.entries[2].name, "web2");
    hostlist_free(&list);
}

static void test_file_last_line_needs_no_newline(void **state)
{
    (void)state;
    struct hostlist list;
    hostlist_init(&list, AF_UNSPEC);
    add_text_ok(&list, "192.0.2.1\n192.0.2.2");
    assert_int_equal(list.count, 2);
    hostlist_free(&list);
}

static void test_file_empty_adds_nothing(void **state)
{
    (void)state;
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(add_text(&list, "", 0, err), 0);
    add_text_ok(&list, "# nothing here\n\n");
    assert_int_equal(list.count, 0);
    hostlist_free(&list);
}

static void test_file_error_names_file_and_line(void **state)
{
    (void)state;
    const char *text = "# hosts\n192.0.2.1\r\n\n192.0.2.300\n";
    add_text_fails(text, strlen(text), "hosts.txt:4: '192.0.2.300' is not a valid IPv4 address");
}

static void test_file_two_hosts_on_a_line_is_an_error(void **state)
{
    (void)state;
    const char *text = "192.0.2.1\n192.0.2.2 192.0.2.3 # two\n";
    add_text_fails(text, strlen(text),
                   "hosts.txt:2: more than one host in '192.0.2.2 192.0.2.3' (one host per line)");
}

static void test_file_nul_byte_is_an_error(void **state)
{
    (void)state;
    const char text[] = "192.0.2.1\n192.0\0.2.2\n";
    add_text_fails(text, sizeof(text) - 1, "hosts.txt:2: contains a NUL byte");
}

static void test_file_nul_byte_in_comment_is_an_error(void **state)
{
    (void)state;
    const char text[] = "192.0.2.1 # a\0b\n";
    add_text_fails(text, sizeof(text) - 1, "hosts.txt:1: contains a NUL byte");
}

static void test_file_non_utf8_is_an_invalid_name(void **state)
{
    (void)state;
    const char *text = "caf\xe9\n";
    add_text_fails(text, strlen(text),
                   "hosts.txt:1: 'caf\\xe9' is not a valid host name: the byte 0xe9 is not "
                   "allowed");
}

static void test_file_error_adds_nothing_from_that_file(void **state)
{
    (void)state;
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    add_arg_ok(&list, "web0");
    assert_int_equal(add_text(&list, "192.0.2.0/24\nweb1\nbad*\n", 23, err), -1);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.total, 1);
    hostlist_free(&list);
}

static void test_file_is_read_from_path(void **state)
{
    (void)state;
    const char *text = "192.0.2.1\nweb1\n";
    char *path = temp_file(text, strlen(text));
    struct hostlist list;
    char err[ERR_LEN] = "";
    hostlist_init(&list, AF_UNSPEC);
    int rc = hostlist_add_file(&list, path, err, sizeof(err));
    unlink(path);
    free(path);
    assert_int_equal(rc, 0);
    assert_int_equal(list.count, 2);
    hostlist_free(&list);
}

static void test_file_error_names_its_path(void **state)
{
    (void)state;
    const char *text = "web1\nweb 2\n";
    char *path = temp_file(text, strlen(text));
    struct hostlist list;
    char err[ERR_LEN] = "";
    char want[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    int rc = hostlist_add_file(&list, path, err, sizeof(err));
    snprintf(want, sizeof(want), "%s:2: more than one host in 'web 2' (one host per line)", path);
    unlink(path);
    free(path);
    assert_int_equal(rc, -1);
    assert_string_equal(err, want);
    hostlist_free(&list);
}

static void test_file_missing_is_an_error(void **state)
{
    (void)state;
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(hostlist_add_file(&list, "/nonexistent/hosts.txt", err, sizeof(err)), -1);
    assert_string_equal(err, "/nonexistent/hosts.txt: No such file or directory");
    hostlist_free(&list);
}

static void test_file_directory_is_an_error(void **state)
{
    (void)state;
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(hostlist_add_file(&list, "/tmp/", err, sizeof(err)), -1);
    assert_string_equal(err, "/tmp/: is a directory");
    hostlist_free(&list);
}

static void test_file_unreadable_is_an_error(void **state)
{
    (void)state;
    if (geteuid() == 0)
        skip(); /* root reads a mode 000 file anyway */
    char *path = temp_file("web1\n", 5);
    assert_int_equal(chmod(path, 0), 0);
    struct hostlist list;
    char err[ERR_LEN];
    char want[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    int rc = hostlist_add_file(&list, path, err, sizeof(err));
    snprintf(want, sizeof(want), "%s: %s", path, strerror(EACCES));
    unlink(path);
    free(path);
    assert_int_equal(rc, -1);
    assert_string_equal(err, want);
}

static void test_file_dash_reads_stdin(void **state)
{
    (void)state;
    const char *text = "192.0.2.1\n192.0.2.300\n";
    char *path = temp_file(text, strlen(text));
    assert_non_null(freopen(path, "r", stdin));
    unlink(path);
    free(path);
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(hostlist_add_file(&list, "-", err, sizeof(err)), -1);
    assert_string_equal(err, "stdin:2: '192.0.2.300' is not a valid IPv4 address");
    hostlist_free(&list);
}

/* A line of n bytes: c repeated, then "\nweb1\n". */
static char *huge_line(size_t n, char c, const char *prefix)
{
    char *text = malloc(n + 8);
    assert_non_null(text);
    memset(text, c, n);
    memcpy(text, prefix, strlen(prefix));
    memcpy(text + n, "\nweb1\n", 7);
    return text;
}

static void test_file_ten_megabyte_comment_line_works(void **state)
{
    (void)state;
    char *text = huge_line(10 << 20, 'x', "192.0.2.1 #");
    struct hostlist list;
    hostlist_init(&list, AF_UNSPEC);
    add_text_ok(&list, text);
    free(text);
    assert_int_equal(list.count, 2);
    hostlist_free(&list);
}

static void test_file_ten_megabyte_token_is_a_short_error(void **state)
{
    (void)state;
    char *text = huge_line(10 << 20, 'a', "");
    struct hostlist list;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    assert_int_equal(add_text(&list, text, strlen(text), err), -1);
    free(text);
    assert_non_null(strstr(err, "hosts.txt:1: 'aaaa"));
    assert_non_null(strstr(err, "...' is not a valid host name: a label is longer than 63"));
    assert_true(strlen(err) < 200);
    hostlist_free(&list);
}

static void test_total_saturates(void **state)
{
    (void)state;
    struct hostlist list;
    hostlist_init(&list, AF_UNSPEC);
    add_arg_ok(&list, "2001:db8::/64");
    assert_true(list.total == UINT64_MAX);
    add_arg_ok(&list, "192.0.2.1,::/0");
    assert_true(list.total == UINT64_MAX);
    hostlist_free(&list);
}

static void test_total_counts_duplicates(void **state)
{
    (void)state;
    struct hostlist list;
    hostlist_init(&list, AF_UNSPEC);
    add_arg_ok(&list, "192.0.2.1,192.0.2.1,192.0.2.0/30");
    assert_int_equal(list.total, 4);
    hostlist_free(&list);
}

static void test_build_keeps_order(void **state)
{
    (void)state;
    struct hostlist list;
    struct hostset set;
    char err[ERR_LEN];
    char buf[IPADDR_STRLEN + HOSTSPEC_NAME_MAX + 1];
    hostlist_init(&list, AF_UNSPEC);
    hostset_init(&set);
    add_arg_ok(&list, "web1,192.0.2.9,192.0.2.4/30,2001:db8::1-2001:db8::2");
    assert_int_equal(hostlist_build(&list, 100, &set, err, sizeof(err)), 0);
    assert_int_equal(set.count, 6);
    const char *want[] = {"web1",      "192.0.2.9",   "192.0.2.5",
                          "192.0.2.6", "2001:db8::1", "2001:db8::2"};
    for (uint32_t i = 0; i < 6; i++)
        assert_string_equal(label(&set, i, buf), want[i]);
    assert_int_equal(set.hosts[0].status, HOST_RESOLVING);
    assert_int_equal(set.hosts[1].status, HOST_READY);
    assert_null(set.index);
    hostset_free(&set);
    hostlist_free(&list);
}

static uint32_t build_count(const char *arg)
{
    struct hostlist list;
    struct hostset set;
    char err[ERR_LEN] = "";
    hostlist_init(&list, AF_UNSPEC);
    hostset_init(&set);
    add_arg_ok(&list, arg);
    if (hostlist_build(&list, 1000, &set, err, sizeof(err)) != 0)
        fail_msg("build of '%s' failed: %s", arg, err);
    uint32_t count = set.count;
    hostset_free(&set);
    hostlist_free(&list);
    return count;
}

static void test_build_drops_same_address_twice(void **state)
{
    (void)state;
    assert_int_equal(build_count("192.0.2.1,192.0.2.1,2001:db8::1,2001:db8:0::1"), 2);
}

static void test_build_drops_literal_inside_a_block(void **state)
{
    (void)state;
    assert_int_equal(build_count("192.0.2.5,192.0.2.0/29,192.0.2.6-10"), 10);
}

static void test_build_drops_same_name_twice(void **state)
{
    (void)state;
    assert_int_equal(build_count("web1,web2,web1"), 2);
}

static int build_with_max(const char *arg, uint64_t max_hosts, char *err)
{
    struct hostlist list;
    struct hostset set;
    hostlist_init(&list, AF_UNSPEC);
    hostset_init(&set);
    add_arg_ok(&list, arg);
    int rc = hostlist_build(&list, max_hosts, &set, err, ERR_LEN);
    if (rc == 0)
        assert_int_equal(set.count, max_hosts);
    hostset_free(&set);
    hostlist_free(&list);
    return rc;
}

static void test_build_exactly_max_hosts_is_fine(void **state)
{
    (void)state;
    char err[ERR_LEN];
    assert_int_equal(build_with_max("192.0.2.0/28,web1", 15, err), 0);
}

static void test_build_one_over_max_hosts_is_refused(void **state)
{
    (void)state;
    char err[ERR_LEN];
    assert_int_equal(build_with_max("192.0.2.0/28,web1", 14, err), -1);
    assert_string_equal(err, "192.0.2.1-192.0.2.14 and the rest expand to 15 hosts, "
                             "more than --max-hosts 14");
}

static void test_build_refusal_names_a_lone_entry(void **state)
{
    (void)state;
    char err[ERR_LEN];
    assert_int_equal(build_with_max("10.0.0.0/8", 1048576, err), -1);
    assert_string_equal(err, "10.0.0.1-10.255.255.254 expands to 16777214 hosts, "
                             "more than --max-hosts 1048576");
}

static void test_build_refusal_says_when_total_saturated(void **state)
{
    (void)state;
    char err[ERR_LEN];
    assert_int_equal(build_with_max("::/0,192.0.2.1", 1048576, err), -1);
    assert_string_equal(err, "::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff and the rest expand to "
                             "18446744073709551615 or more hosts, more than --max-hosts 1048576");
}

static void test_build_refuses_more_than_the_table_holds(void **state)
{
    (void)state;
    char err[ERR_LEN];
    assert_int_equal(build_with_max("::/0", UINT64_MAX, err), -1);
    assert_non_null(strstr(err, "more than the table's limit of 4294967294"));
}

static void test_build_of_empty_list_is_refused(void **state)
{
    (void)state;
    struct hostlist list;
    struct hostset set;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    hostset_init(&set);
    assert_int_equal(hostlist_build(&list, 10, &set, err, sizeof(err)), -1);
    assert_string_equal(err, "no hosts given");
    assert_int_equal(set.count, 0);
    hostset_free(&set);
}

/* Speed is the benchmark's business (bench/run's /16 and /14 scenarios, and
 * the end-to-end /16 under 5 s); here the /16 is built whole and in order. */
static void test_build_of_a_slash16_holds_every_host_in_order(void **state)
{
    (void)state;
    struct hostlist list;
    struct hostset set;
    char err[ERR_LEN];
    hostlist_init(&list, AF_UNSPEC);
    hostset_init(&set);
    add_arg_ok(&list, "10.1.0.0/16");
    assert_int_equal(hostlist_build(&list, 1048576, &set, err, sizeof(err)), 0);
    assert_int_equal(set.count, 65534);
    char buf[IPADDR_STRLEN + HOSTSPEC_NAME_MAX + 1];
    assert_string_equal(label(&set, 0, buf), "10.1.0.1");
    assert_string_equal(label(&set, 65533, buf), "10.1.255.254");
    hostset_free(&set);
    hostlist_free(&list);
}

static void test_build_of_max_hosts_default_works(void **state)
{
    (void)state;
    /* 1,048,574 from the /12 plus two literals: exactly the default limit */
    char err[ERR_LEN];
    assert_int_equal(build_with_max("10.0.0.0/12,192.0.2.1,192.0.2.2", 1048576, err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arg_splits_on_commas),
        cmocka_unit_test(test_arg_trims_spaces_around_elements),
        cmocka_unit_test(test_arg_empty_element_is_an_error),
        cmocka_unit_test(test_arg_empty_at_either_end_is_an_error),
        cmocka_unit_test(test_arg_long_empty_element_says_which),
        cmocka_unit_test(test_arg_error_names_argument_and_token),
        cmocka_unit_test(test_arg_error_adds_nothing),
        cmocka_unit_test(test_positional_is_not_split_on_commas),
        cmocka_unit_test(test_family_filter_applies_to_every_source),
        cmocka_unit_test(test_file_skips_comments_and_blank_lines),
        cmocka_unit_test(test_file_trims_white_space_and_crlf),
        cmocka_unit_test(test_file_last_line_needs_no_newline),
        cmocka_unit_test(test_file_empty_adds_nothing),
        cmocka_unit_test(test_file_error_names_file_and_line),
        cmocka_unit_test(test_file_two_hosts_on_a_line_is_an_error),
        cmocka_unit_test(test_file_nul_byte_is_an_error),
        cmocka_unit_test(test_file_nul_byte_in_comment_is_an_error),
        cmocka_unit_test(test_file_non_utf8_is_an_invalid_name),
        cmocka_unit_test(test_file_error_adds_nothing_from_that_file),
        cmocka_unit_test(test_file_is_read_from_path),
        cmocka_unit_test(test_file_error_names_its_path),
        cmocka_unit_test(test_file_missing_is_an_error),
        cmocka_unit_test(test_file_directory_is_an_error),
        cmocka_unit_test(test_file_unreadable_is_an_error),
        cmocka_unit_test(test_file_dash_reads_stdin),
        cmocka_unit_test(test_file_ten_megabyte_comment_line_works),
        cmocka_unit_test(test_file_ten_megabyte_token_is_a_short_error),
        cmocka_unit_test(test_total_saturates),
        cmocka_unit_test(test_total_counts_duplicates),
        cmocka_unit_test(test_build_keeps_order),
        cmocka_unit_test(test_build_drops_same_address_twice),
        cmocka_unit_test(test_build_drops_literal_inside_a_block),
        cmocka_unit_test(test_build_drops_same_name_twice),
        cmocka_unit_test(test_build_exactly_max_hosts_is_fine),
        cmocka_unit_test(test_build_one_over_max_hosts_is_refused),
        cmocka_unit_test(test_build_refusal_names_a_lone_entry),
        cmocka_unit_test(test_build_refusal_says_when_total_saturated),
        cmocka_unit_test(test_build_refuses_more_than_the_table_holds),
        cmocka_unit_test(test_build_of_empty_list_is_refused),
        cmocka_unit_test(test_build_of_a_slash16_holds_every_host_in_order),
        cmocka_unit_test(test_build_of_max_hosts_default_works),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
