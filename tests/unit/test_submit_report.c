/*
 * test_submit_report.c - the objects of a bulk run that did not get their
 * result, as the report names them: at most `max` lines (refused, then
 * failed, then held back), "... and N more", and every one in JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sinks/submit_report.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static void add(struct objects *o, const char *name, enum object_outcome outcome,
                const char *reason)
{
    char err[128];
    assert_int_equal(objects_add(o, name, "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_set_outcome(o, o->count - 1, outcome, reason), 0);
}

static int count_lines(const char *text)
{
    int n = 0;
    for (const char *p = text; (p = strchr(p, '\n')); p++)
        n++;
    return n;
}

static void test_report_names_at_most_max_then_and_more(void **state)
{
    (void)state;
    struct objects o;
    struct submit_report r;
    char name[32];
    objects_init(&o);
    add(&o, "fine", OBJECT_SUBMITTED, "");
    for (int i = 0; i < 25; i++) {
        snprintf(name, sizeof(name), "gone-%d", i);
        add(&o, name, OBJECT_FAILED, "HTTP 404: no such object");
    }
    add(&o, "typo", OBJECT_REFUSED, "'10.9.0.300' is not a valid IPv4 address");
    add(&o, "newer", OBJECT_SUPERSEDED, "HTTP 409 Conflict: Newer check result already present.");
    assert_int_equal(submit_report_build(&o, 20, &r), 0);
    assert_int_equal(count_lines(r.text), 21);
    /* refused first: a typo is what an admin fixes */
    assert_true(strncmp(r.text,
                        "object 'typo' refused: '10.9.0.300' is not a valid IPv4 address\n"
                        "object 'gone-0' failed: HTTP 404: no such object\n",
                        100) == 0);
    assert_non_null(strstr(r.text, "\n... and 6 more objects failed or refused\n"));
    assert_null(strstr(r.text, "fine"));
    assert_null(strstr(r.text, "newer"));
    json_t *all = json_loads(r.json, 0, NULL);
    assert_int_equal(json_array_size(all), 27); /* 1 refused, 25 failed, 1 superseded */
    json_t *last = json_array_get(all, 26);
    assert_string_equal(json_string_value(json_object_get(last, "object")), "newer");
    assert_string_equal(json_string_value(json_object_get(last, "outcome")), "superseded");
    json_decref(all);
    submit_report_free(&r);
    objects_free(&o);
}

static void test_report_empty_when_every_result_went(void **state)
{
    (void)state;
    struct objects o;
    struct submit_report r;
    objects_init(&o);
    add(&o, "a", OBJECT_SUBMITTED, "");
    add(&o, "b", OBJECT_UNCHANGED, "");
    assert_int_equal(submit_report_build(&o, 20, &r), 0);
    assert_null(r.text);
    assert_null(r.json);
    objects_free(&o);
}

/* A name that is not UTF-8 (refused as such) still reads as one line and
 * as valid JSON. */
static void test_report_quotes_what_json_cannot_carry(void **state)
{
    (void)state;
    struct objects o;
    struct submit_report r;
    objects_init(&o);
    add(&o, "ok", OBJECT_HELD, "not written: its host was not finished when -t ran out");
    char err[128];
    assert_int_equal(objects_add(&o, "bad\xff\nx", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(submit_report_build(&o, 20, &r), 0);
    assert_string_equal(r.text, "object 'bad\\xff\\x0ax' refused: the object name is not UTF-8\n"
                                "object 'ok' held back: not written: its host was not finished "
                                "when -t ran out\n");
    json_t *all = json_loads(r.json, 0, NULL);
    assert_non_null(all);
    assert_string_equal(json_string_value(json_object_get(json_array_get(all, 0), "object")),
                        "bad\\xff\\x0ax");
    json_decref(all);
    submit_report_free(&r);
    objects_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_names_at_most_max_then_and_more),
        cmocka_unit_test(test_report_empty_when_every_result_went),
        cmocka_unit_test(test_report_quotes_what_json_cannot_carry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
