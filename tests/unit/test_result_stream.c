/*
 * test_result_stream.c - the "results" splitter: every element handed over
 * once, whatever the chunk sizes; other members skipped; truncated,
 * malformed and oversized answers refused with the byte offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "icinga/result_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seen {
    char names[16][32];
    size_t count;
};

static int remember(void *ctx, json_t *element, char *err, size_t errlen)
{
    struct seen *s = ctx;
    const char *name = json_string_value(json_object_get(element, "name"));
    if (!name) {
        snprintf(err, errlen, "no name");
        return -1;
    }
    if (s->count < 16)
        snprintf(s->names[s->count], sizeof(s->names[0]), "%s", name);
    s->count++;
    return 0;
}

/* Feed text in chunks of chunk bytes; the result of finish. */
static int feed_chunks(const char *text, size_t chunk, struct seen *s, char *err, size_t errlen)
{
    struct result_stream rs;
    size_t n = strlen(text);
    int rc = 0;
    memset(s, 0, sizeof(*s));
    result_stream_init(&rs, remember, s);
    for (size_t off = 0; off < n && rc == 0; off += chunk)
        rc = result_stream_feed(&rs, text + off, n - off < chunk ? n - off : chunk, err, errlen);
    if (rc == 0)
        rc = result_stream_finish(&rs, err, errlen);
    result_stream_free(&rs);
    return rc;
}

static const char *const answer =
    " {\"count\": 12, \"meta\": {\"a\": [1, \"]}\"]},\n\"results\": [ {\"name\": \"a\\\"}\", "
    "\"attrs\": {\"x\": [1,2,{}]}},{\"name\":\"b\"} ,\n{\"name\": \"c\\u00e9\"}], \"z\": null} \n";

static void test_result_stream_every_chunk_size_gives_every_element_once(void **state)
{
    (void)state;
    char err[256];
    struct seen s;
    for (size_t chunk = 1; chunk <= strlen(answer); chunk++) {
        assert_int_equal(feed_chunks(answer, chunk, &s, err, sizeof(err)), 0);
        assert_int_equal(s.count, 3);
        assert_string_equal(s.names[0], "a\"}");
        assert_string_equal(s.names[1], "b");
        assert_string_equal(s.names[2], "c\xc3\xa9");
    }
}

static void test_result_stream_empty_results(void **state)
{
    (void)state;
    char err[256];
    struct seen s;
    assert_int_equal(feed_chunks("{\"results\":[]}", 3, &s, err, sizeof(err)), 0);
    assert_int_equal(s.count, 0);
}

static void test_result_stream_refuses_what_the_api_does_not_send(void **state)
{
    (void)state;
    char err[256];
    struct seen s;
    assert_int_equal(feed_chunks("", 4, &s, err, sizeof(err)), -1);
    assert_string_equal(err, "the answer is not JSON: it is empty");
    assert_int_equal(feed_chunks("nope", 4, &s, err, sizeof(err)), -1);
    assert_string_equal(err, "the answer is not JSON: expected '{' at byte 0");
    assert_int_equal(feed_chunks("{\"results\":3}", 4, &s, err, sizeof(err)), -1);
    assert_string_equal(err, "the answer has no \"results\" array");
    assert_int_equal(feed_chunks("{\"error\":404}", 4, &s, err, sizeof(err)), -1);
    assert_string_equal(err, "the answer has no \"results\" array");
    /* cut off in the middle of the second element: the first was handed on */
    assert_int_equal(
        feed_chunks("{\"results\":[{\"name\":\"a\"},{\"name\":", 5, &s, err, sizeof(err)), -1);
    assert_string_equal(err, "the answer is not JSON: it ends inside a value at byte 25");
    assert_int_equal(s.count, 1);
    assert_int_equal(feed_chunks("{\"results\":[{\"name\":\"a\"}", 5, &s, err, sizeof(err)), -1);
    assert_string_equal(err, "the answer is not JSON: it ends early at byte 24");
    assert_int_equal(feed_chunks("{\"results\":[{\"name\":\"a\"},]}", 5, &s, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "at byte 25"));
    assert_int_equal(feed_chunks("{\"results\":[{\"name\":\"a\"}]} x", 5, &s, err, sizeof(err)),
                     -1);
    assert_string_equal(err, "the answer is not JSON: data after the end at byte 27");
    assert_int_equal(feed_chunks("{\"results\":[{\"name\":\"a\",}]}", 5, &s, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "at byte 12"));
    /* the callback's refusal stops the stream with its message */
    assert_int_equal(feed_chunks("{\"results\":[{\"id\":1}]}", 5, &s, err, sizeof(err)), -1);
    assert_string_equal(err, "no name");
}

static void test_result_stream_refuses_a_giant_element(void **state)
{
    (void)state;
    char err[256];
    struct result_stream rs;
    struct seen s = {0};
    char *big = malloc(RESULT_STREAM_VALUE_MAX);
    assert_non_null(big);
    memset(big, ' ', RESULT_STREAM_VALUE_MAX);
    result_stream_init(&rs, remember, &s);
    assert_int_equal(result_stream_feed(&rs, "{\"results\":[{\"name\":\"", 21, err, sizeof(err)),
                     0);
    int rc = result_stream_feed(&rs, big, RESULT_STREAM_VALUE_MAX, err, sizeof(err));
    result_stream_free(&rs);
    free(big);
    assert_int_equal(rc, -1);
    assert_string_equal(err, "a value larger than 1048576 bytes at byte 12");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_result_stream_every_chunk_size_gives_every_element_once),
        cmocka_unit_test(test_result_stream_empty_results),
        cmocka_unit_test(test_result_stream_refuses_what_the_api_does_not_send),
        cmocka_unit_test(test_result_stream_refuses_a_giant_element),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
