/*
 * result_stream.c - one "results" element at a time from an API answer
 * that is still arriving (see result_stream.h).
 *
 * Invariant: buf[start..len) holds every byte not yet consumed, and a
 * value is consumed only once its end has been seen, so a value cut by a
 * chunk boundary simply waits for the next chunk.  The scan state (depth,
 * string, escape, scanned) belongs to the value beginning at buf[start]
 * and is reset when that value is consumed; it makes every byte be looked
 * at once, whatever the chunk sizes.
 */
#include "result_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NEED_MORE = 0, PROGRESS = 1, FAILED = -1 };

void result_stream_init(struct result_stream *s, result_stream_fn *fn, void *ctx)
{
    memset(s, 0, sizeof(*s));
    s->fn = fn;
    s->ctx = ctx;
    s->phase = RS_OPEN;
}

void result_stream_free(struct result_stream *s)
{
    free(s->buf);
    s->buf = NULL;
    s->start = s->len = s->cap = 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool ends_scalar(char c)
{
    return is_space(c) || c == ',' || c == ']' || c == '}' || c == ':';
}

static int fail_at(struct result_stream *s, char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "the answer is not JSON: %s at byte %zu", what, s->consumed + s->start);
    return FAILED;
}

/* The first byte after white space, or -1 when the buffer is used up. */
static int peek(struct result_stream *s)
{
    while (s->start < s->len && is_space(s->buf[s->start]))
        s->start++;
    return s->start < s->len ? (unsigned char)s->buf[s->start] : -1;
}

static int scan_scalar(struct result_stream *s, const char *v, size_t n, bool final)
{
    for (size_t i = s->scanned > 0 ? s->scanned : 1; i < n; i++) {
        if (ends_scalar(v[i]))
            return (int)i;
    }
    s->scanned = n;
    return final ? (int)n : 0;
}

/* Length of the value beginning at buf[start] (a string, object or array
 * ends at its closing byte, a scalar before the next delimiter), or 0 when
 * its end has not arrived yet. */
static size_t value_length(struct result_stream *s, bool final)
{
    const char *v = s->buf + s->start;
    size_t n = s->len - s->start;
    if (v[0] != '"' && v[0] != '{' && v[0] != '[')
        return (size_t)scan_scalar(s, v, n, final);
    for (size_t i = s->scanned; i < n; i++) {
        char c = v[i];
        if (s->in_string) {
            if (s->escape)
                s->escape = false;
            else if (c == '\\')
                s->escape = true;
            else if (c == '"')
                s->in_string = false;
            if (!s->in_string && s->depth == 0)
                return i + 1;
        } else if (c == '"') {
            s->in_string = true;
        } else if (c == '{' || c == '[') {
            s->depth++;
        } else if ((c == '}' || c == ']') && --s->depth == 0) {
            return i + 1;
        }
    }
    s->scanned = n;
    return 0;
}

/* The next whole value parsed by jansson into *out, consumed; or NEED_MORE. */
static int take_value(struct result_stream *s, bool final, json_t **out, char *err, size_t errlen)
{
    size_t n = value_length(s, final);
    if (n == 0) {
        if (s->len - s->start > RESULT_STREAM_VALUE_MAX) {
            snprintf(err, errlen, "a value larger than %u bytes at byte %zu",
                     RESULT_STREAM_VALUE_MAX, s->consumed + s->start);
            return FAILED;
        }
        return final ? fail_at(s, err, errlen, "it ends inside a value") : NEED_MORE;
    }
    json_error_t jerr;
    *out = json_loadb(s->buf + s->start, n, JSON_DECODE_ANY, &jerr);
    if (!*out)
        return fail_at(s, err, errlen, jerr.text);
    s->start += n;
    s->scanned = 0;
    s->depth = 0;
    s->in_string = s->escape = false;
    return PROGRESS;
}

/* Expect byte want (white space before it skipped) and move to phase. */
static int expect(struct result_stream *s, int c, char want, enum result_stream_phase next,
                  char *err, size_t errlen)
{
    char what[32];
    if (c != want) {
        snprintf(what, sizeof(what), "expected '%c'", want);
        return fail_at(s, err, errlen, what);
    }
    s->start++;
    s->phase = next;
    return PROGRESS;
}

static int on_key(struct result_stream *s, int c, bool final, char *err, size_t errlen)
{
    json_t *key = NULL;
    if (c == '}') {
        s->start++;
        s->phase = RS_END;
        return PROGRESS;
    }
    if (c != '"')
        return fail_at(s, err, errlen, "expected a member name");
    int rc = take_value(s, final, &key, err, errlen);
    if (rc == PROGRESS) {
        s->key_is_results = strcmp(json_string_value(key), "results") == 0;
        s->phase = RS_COLON;
    }
    json_decref(key);
    return rc;
}

static int on_value(struct result_stream *s, int c, bool final, char *err, size_t errlen)
{
    json_t *skipped = NULL;
    if (s->key_is_results) {
        if (c != '[') {
            snprintf(err, errlen, "the answer has no \"results\" array");
            return FAILED;
        }
        s->seen_results = true;
        s->start++;
        s->phase = RS_ELEM_FIRST;
        return PROGRESS;
    }
    int rc = take_value(s, final, &skipped, err, errlen);
    json_decref(skipped);
    if (rc == PROGRESS)
        s->phase = RS_AFTER_VALUE;
    return rc;
}

static int on_element(struct result_stream *s, bool final, char *err, size_t errlen)
{
    json_t *element = NULL;
    int rc = take_value(s, final, &element, err, errlen);
    if (rc != PROGRESS)
        return rc;
    s->elements++;
    rc = s->fn(s->ctx, element, err, errlen) < 0 ? FAILED : PROGRESS;
    json_decref(element);
    s->phase = RS_ELEM_NEXT;
    return rc;
}

static int step(struct result_stream *s, bool final, char *err, size_t errlen)
{
    int c = peek(s);
    if (c < 0)
        return NEED_MORE;
    switch (s->phase) {
    case RS_OPEN:
        return expect(s, c, '{', RS_KEY, err, errlen);
    case RS_KEY:
        return on_key(s, c, final, err, errlen);
    case RS_COLON:
        return expect(s, c, ':', RS_VALUE, err, errlen);
    case RS_VALUE:
        return on_value(s, c, final, err, errlen);
    case RS_AFTER_VALUE:
        return c == ',' ? expect(s, c, ',', RS_KEY, err, errlen)
                        : expect(s, c, '}', RS_END, err, errlen);
    case RS_ELEM_FIRST:
        if (c == ']')
            return expect(s, c, ']', RS_AFTER_VALUE, err, errlen);
        s->phase = RS_ELEM;
        return PROGRESS;
    case RS_ELEM:
        return on_element(s, final, err, errlen);
    case RS_ELEM_NEXT:
        return c == ',' ? expect(s, c, ',', RS_ELEM, err, errlen)
                        : expect(s, c, ']', RS_AFTER_VALUE, err, errlen);
    case RS_END:
        return fail_at(s, err, errlen, "data after the end");
    }
    return FAILED;
}

static int run(struct result_stream *s, bool final, char *err, size_t errlen)
{
    int rc;
    while ((rc = step(s, final, err, errlen)) == PROGRESS)
        ;
    return rc == FAILED ? -1 : 0;
}

/* Drop what was consumed (less than one value is ever kept), then append. */
static int append(struct result_stream *s, const char *data, size_t n)
{
    if (n == 0)
        return 0;
    if (s->start > 0) {
        memmove(s->buf, s->buf + s->start, s->len - s->start);
        s->consumed += s->start;
        s->len -= s->start;
        s->start = 0;
    }
    if (s->len + n > s->cap) {
        size_t want = s->cap ? s->cap : 65536;
        while (want < s->len + n)
            want *= 2;
        char *grown = realloc(s->buf, want);
        if (!grown)
            return -1;
        s->buf = grown;
        s->cap = want;
    }
    memcpy(s->buf + s->len, data, n);
    s->len += n;
    return 0;
}

int result_stream_feed(struct result_stream *s, const char *data, size_t n, char *err,
                       size_t errlen)
{
    if (append(s, data, n) < 0) {
        snprintf(err, errlen, "out of memory reading the answer");
        return -1;
    }
    return run(s, false, err, errlen);
}

int result_stream_finish(struct result_stream *s, char *err, size_t errlen)
{
    if (run(s, true, err, errlen) < 0)
        return -1;
    if (s->phase == RS_END && s->seen_results)
        return 0;
    if (s->phase == RS_END || (s->phase == RS_OPEN && s->consumed + s->len == 0))
        snprintf(err, errlen, "%s",
                 s->phase == RS_END ? "the answer has no \"results\" array"
                                    : "the answer is not JSON: it is empty");
    else
        fail_at(s, err, errlen, "it ends early");
    return -1;
}
