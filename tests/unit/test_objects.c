/* test_objects.c - object name -> host index map: files, names, sharing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hosts/objects.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static int add_text(struct objects *o, const char *text, char *err, size_t len)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", text);
    FILE *in = fmemopen(buf, strlen(buf), "r");
    assert_non_null(in);
    int rc = objects_add_stream(o, in, "objs.txt", err, len);
    fclose(in);
    return rc;
}

static void test_objects_line_is_name_then_address(void **state)
{
    (void)state;
    struct objects o;
    char err[512];
    objects_init(&o);
    assert_int_equal(
        add_text(&o, "web1 192.0.2.1\n# comment\n\n  db  192.0.2.2 # x\n", err, sizeof(err)), 0);
    assert_int_equal(o.count, 2);
    assert_string_equal(objects_name(&o, 0), "web1");
    assert_string_equal(objects_address(&o, 0), "192.0.2.1");
    assert_string_equal(objects_name(&o, 1), "db");
    assert_string_equal(objects_address(&o, 1), "192.0.2.2");
    objects_free(&o);
}

static void test_objects_one_word_is_named_after_its_address(void **state)
{
    (void)state;
    struct objects o;
    char err[512];
    objects_init(&o);
    assert_int_equal(add_text(&o, "192.0.2.9\r\n", err, sizeof(err)), 0);
    assert_string_equal(objects_name(&o, 0), "192.0.2.9");
    assert_string_equal(objects_address(&o, 0), "192.0.2.9");
    objects_free(&o);
}

static void test_objects_three_words_name_the_line(void **state)
{
    (void)state;
    struct objects o;
    char err[512];
    objects_init(&o);
    assert_int_equal(add_text(&o, "a 192.0.2.1\nb 192.0.2.2 extra\n", err, sizeof(err)), -1);
    assert_string_equal(err, "objs.txt:2: more than 'OBJECT_NAME ADDRESS' on one line");
    objects_free(&o);
}

/* A name the command file or JSON cannot carry refuses that object only. */
static void test_objects_semicolon_in_name_refused(void **state)
{
    (void)state;
    struct objects o;
    char err[512];
    objects_init(&o);
    assert_int_equal(objects_add(&o, "a;b", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "tab\there", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "fine", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(o.count, 3);
    assert_int_equal(o.items[0].outcome, OBJECT_REFUSED);
    assert_string_equal(objects_name(&o, 0), "a;b");
    assert_string_equal(objects_reason(&o, 0), "the object name holds ';' or a control character");
    assert_int_equal(o.items[1].outcome, OBJECT_REFUSED);
    assert_string_equal(objects_name(&o, 1), "tab\\x09here"); /* stored as its excerpt */
    assert_int_equal(o.items[2].outcome, OBJECT_PENDING);
    assert_int_equal(objects_count_outcome(&o, OBJECT_REFUSED), 2);
    objects_free(&o);
}

/* Issue 20, defect 7: a -f line whose name is not UTF-8 (JSON cannot
 * carry it) is refused, named by file and line; the next line is kept. */
static void test_objects_non_utf8_name_refused_alone(void **state)
{
    (void)state;
    struct objects o;
    char err[512];
    objects_init(&o);
    assert_int_equal(add_text(&o,
                              "bad\xff 192.0.2.1\nZ\xc3\xbcrich 192.0.2.2\n"
                              "over\xc0\xaflong 192.0.2.3\nsurrogate\xed\xa0\x80 192.0.2.4\n",
                              err, sizeof(err)),
                     0);
    assert_int_equal(o.count, 4);
    assert_int_equal(o.items[0].outcome, OBJECT_REFUSED);
    assert_string_equal(objects_name(&o, 0), "bad\\xff");
    assert_string_equal(objects_reason(&o, 0), "objs.txt:1: the object name is not UTF-8");
    assert_int_equal(o.items[1].outcome, OBJECT_PENDING); /* "Zürich" is UTF-8 */
    assert_int_equal(o.items[2].outcome, OBJECT_REFUSED);
    assert_int_equal(o.items[3].outcome, OBJECT_REFUSED);
    objects_free(&o);
}

static void test_objects_share_a_host_after_dedupe(void **state)
{
    (void)state;
    struct objects o;
    struct hostset set;
    char err[512];
    objects_init(&o);
    hostset_init(&set);
    assert_int_equal(objects_add(&o, "a", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "b", "web.example", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "c", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_build(&o, AF_UNSPEC, &set, err, sizeof(err)), 0);
    assert_int_equal(set.count, 2);
    assert_int_equal(o.items[0].host, 0);
    assert_int_equal(o.items[1].host, 1);
    assert_int_equal(o.items[2].host, 0);
    assert_int_equal(set.hosts[1].status, HOST_RESOLVING);
    hostset_free(&set);
    objects_free(&o);
}

static void test_objects_block_address_refused(void **state)
{
    (void)state;
    struct objects o;
    struct hostset set;
    char err[512];
    objects_init(&o);
    hostset_init(&set);
    assert_int_equal(objects_add(&o, "net", "192.0.2.0/28", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "ok", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_build(&o, AF_UNSPEC, &set, err, sizeof(err)), 0);
    assert_int_equal(o.items[0].outcome, OBJECT_REFUSED);
    assert_int_equal(o.items[0].host, OBJECTS_NO_HOST);
    assert_string_equal(objects_reason(&o, 0),
                        "'192.0.2.0/28' is a block: an object has one address");
    assert_int_equal(set.count, 1);
    assert_int_equal(o.items[1].host, 0);
    hostset_free(&set);
    objects_free(&o);
}

static void test_objects_family_applies(void **state)
{
    (void)state;
    struct objects o;
    struct hostset set;
    char err[512];
    objects_init(&o);
    hostset_init(&set);
    assert_int_equal(objects_add(&o, "v6", "2001:db8::1", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "v4", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_build(&o, AF_INET, &set, err, sizeof(err)), 0);
    assert_int_equal(o.items[0].outcome, OBJECT_REFUSED);
    assert_non_null(strstr(objects_reason(&o, 0), "2001:db8::1"));
    assert_int_equal(o.items[1].outcome, OBJECT_PENDING);
    assert_int_equal(set.count, 1);
    hostset_free(&set);
    objects_free(&o);
}

/* Issue 20, defect 1: address = "10.9.0.300" (Icinga accepts it) refuses
 * that object, with hostspec's reason; every other object is built. */
static void test_objects_bad_address_costs_only_its_object(void **state)
{
    (void)state;
    struct objects o;
    struct hostset set;
    char err[512];
    objects_init(&o);
    hostset_init(&set);
    assert_int_equal(objects_add(&o, "a", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "typo", "10.9.0.300", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "Core Switch", "Core Switch", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "b", "192.0.2.2", err, sizeof(err)), 0);
    assert_int_equal(objects_build(&o, AF_UNSPEC, &set, err, sizeof(err)), 0);
    assert_int_equal(set.count, 2);
    assert_int_equal(o.items[0].host, 0);
    assert_int_equal(o.items[3].host, 1);
    assert_int_equal(o.items[1].outcome, OBJECT_REFUSED);
    assert_non_null(strstr(objects_reason(&o, 1), "10.9.0.300"));
    assert_int_equal(o.items[2].outcome, OBJECT_REFUSED);
    assert_non_null(strstr(objects_reason(&o, 2), "Core Switch"));
    hostset_free(&set);
    objects_free(&o);
}

/* Reasons are kept with the objects; one said for many is stored once. */
static void test_objects_outcome_reasons(void **state)
{
    (void)state;
    struct objects o;
    char err[512];
    objects_init(&o);
    for (int i = 0; i < 3; i++)
        assert_int_equal(objects_add(&o, "h", "192.0.2.1", err, sizeof(err)), 0);
    assert_string_equal(objects_reason(&o, 0), "");
    assert_int_equal(objects_set_outcome(&o, 0, OBJECT_FAILED, "not sent: -t"), 0);
    assert_int_equal(objects_set_outcome(&o, 1, OBJECT_FAILED, "not sent: -t"), 0);
    assert_int_equal(objects_set_outcome(&o, 2, OBJECT_SUBMITTED, ""), 0);
    assert_int_equal(o.items[0].reason, o.items[1].reason);
    assert_string_equal(objects_reason(&o, 1), "not sent: -t");
    assert_string_equal(objects_reason(&o, 2), "");
    assert_int_equal(objects_count_outcome(&o, OBJECT_FAILED), 2);
    objects_free(&o);
}

static void test_objects_found_by_name_after_indexing(void **state)
{
    (void)state;
    struct objects o;
    char err[512];
    objects_init(&o);
    assert_int_equal(objects_find(&o, "a"), -1); /* not indexed */
    assert_int_equal(objects_add(&o, "web2", "192.0.2.2", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "db", "192.0.2.3", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "web1", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_index_names(&o), 0);
    assert_int_equal(objects_find(&o, "web1"), 2);
    assert_int_equal(objects_find(&o, "db"), 1);
    assert_int_equal(objects_find(&o, "web2"), 0);
    assert_int_equal(objects_find(&o, "web"), -1);
    assert_int_equal(objects_find(&o, "zzz"), -1);
    objects_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_objects_found_by_name_after_indexing),
        cmocka_unit_test(test_objects_line_is_name_then_address),
        cmocka_unit_test(test_objects_one_word_is_named_after_its_address),
        cmocka_unit_test(test_objects_three_words_name_the_line),
        cmocka_unit_test(test_objects_semicolon_in_name_refused),
        cmocka_unit_test(test_objects_share_a_host_after_dedupe),
        cmocka_unit_test(test_objects_block_address_refused),
        cmocka_unit_test(test_objects_family_applies),
        cmocka_unit_test(test_objects_non_utf8_name_refused_alone),
        cmocka_unit_test(test_objects_bad_address_costs_only_its_object),
        cmocka_unit_test(test_objects_outcome_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
