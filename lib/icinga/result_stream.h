/*
 * result_stream.h - the elements of an Icinga 2 API answer's "results"
 * array, one at a time, while the answer is still arriving.
 *
 * Why: the host query of a large site is big (100,000 hosts: ~20 MB of
 * JSON) and jansson's tree of the whole answer costs about 2 KB per host.
 * Here libcurl's write callback feeds the bytes as they come; the stream
 * only locates where each value of the top-level object, and each element
 * of its "results" array, begins and ends (strings, escapes and bracket
 * depth: no more of JSON than that), and hands the span of one element to
 * json_loadb().  The callback gets the parsed element and keeps what it
 * needs; the element is freed right after.  So memory holds one element
 * (at most RESULT_STREAM_VALUE_MAX bytes) and never the whole answer, and
 * no answer is refused for its size.
 *
 * The answer must be one JSON object holding a "results" array (other
 * members are skipped); anything else is an error naming the byte offset.
 */
#ifndef MULTIPING_RESULT_STREAM_H
#define MULTIPING_RESULT_STREAM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* One value (an element, or a skipped member) larger than this is refused:
 * an API object is a few hundred bytes. */
#define RESULT_STREAM_VALUE_MAX (1u << 20)

/* Called once per element of "results"; the element is borrowed (freed
 * after the call).  Return 0 to go on, -1 with a message in err to stop. */
typedef int result_stream_fn(void *ctx, json_t *element, char *err, size_t errlen);

enum result_stream_phase {
    RS_OPEN,        /* before the top-level '{' */
    RS_KEY,         /* a member name, or '}' */
    RS_COLON,       /* ':' after a member name */
    RS_VALUE,       /* a member's value (skipped unless "results") */
    RS_AFTER_VALUE, /* ',' or '}' after a member */
    RS_ELEM_FIRST,  /* after "results":[ : an element, or ']' */
    RS_ELEM,        /* an element */
    RS_ELEM_NEXT,   /* ',' or ']' after an element */
    RS_END,         /* after the top-level '}': only white space */
};

struct result_stream {
    result_stream_fn *fn;
    void *ctx;
    enum result_stream_phase phase;
    char *buf; /* bytes not consumed yet, from buf[start] to buf[len] */
    size_t start, len, cap;
    size_t consumed; /* bytes of the answer before buf[start] */
    /* scanning the value that begins at buf[start] */
    size_t scanned; /* bytes of it already looked at */
    int depth;
    bool in_string, escape;
    bool key_is_results; /* the member being read is "results" */
    bool seen_results;
    size_t elements; /* handed to fn so far */
};

void result_stream_init(struct result_stream *s, result_stream_fn *fn, void *ctx);
/* The next n bytes of the answer; 0, or -1 with a message. */
int result_stream_feed(struct result_stream *s, const char *data, size_t n, char *err,
                       size_t errlen);
/* The answer is complete: 0 if it was one object with a "results" array. */
int result_stream_finish(struct result_stream *s, char *err, size_t errlen);
void result_stream_free(struct result_stream *s);

#endif
