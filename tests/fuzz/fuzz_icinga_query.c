/*
 * fuzz_icinga_query.c - libFuzzer target for the code that walks the
 * Icinga 2 API's query answers: the result_stream splitter and the host
 * and service readers behind it.  The first byte picks -6, states and the
 * service reader, the second a chunk size; the rest is the answer.
 * Checked: the answer fed in chunks hands over the same elements and ends
 * the same way, with the same message, as fed whole (no chunk boundary
 * changes a result); every
 * object read holds a usable name and address, or is refused with a
 * reason, and a state of -1..3, never a state when none was asked for.
 */
#include "hosts/objects.h"
#include "icinga/icinga_query.h"
#include "icinga/result_stream.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct tally {
    size_t elements;
    size_t bytes;  /* a digest of what was handed over */
    char err[256]; /* how it ended */
};

static int count(void *ctx, json_t *element, char *err, size_t errlen)
{
    struct tally *t = ctx;
    char *text = json_dumps(element, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
    (void)err;
    (void)errlen;
    t->elements++;
    t->bytes += text ? strlen(text) : 0;
    free(text);
    return 0;
}

static int stream(const char *text, size_t n, size_t chunk, struct tally *t)
{
    struct result_stream rs;
    int rc = 0;
    memset(t, 0, sizeof(*t));
    result_stream_init(&rs, count, t);
    for (size_t off = 0; off < n && rc == 0; off += chunk)
        rc = result_stream_feed(&rs, text + off, n - off < chunk ? n - off : chunk, t->err,
                                sizeof(t->err));
    if (rc == 0)
        rc = result_stream_finish(&rs, t->err, sizeof(t->err));
    result_stream_free(&rs);
    return rc;
}

static void check_objects(const struct objects *o, int states)
{
    for (size_t i = 0; i < o->count; i++) {
        const struct object *it = &o->items[i];
        if (it->outcome == OBJECT_REFUSED
                ? objects_reason(o, i)[0] == '\0'
                : objects_name(o, i)[0] == '\0' || objects_address(o, i)[0] == '\0')
            abort();
        if (it->core_state < -1 || it->core_state > 3 || (!states && it->core_state != -1))
            abort();
    }
}

static void read_answer(const char *text, size_t n, uint8_t mode)
{
    struct objects o;
    struct icinga_query q = {"true", (mode & 1) != 0, (mode & 2) != 0, (mode & 8) != 0};
    char err[256];
    objects_init(&o);
    if (mode & 4) {
        objects_add(&o, "a", "192.0.2.1", err, sizeof(err));
        objects_add(&o, "b", "192.0.2.2", err, sizeof(err));
        if (objects_index_names(&o) == 0)
            icinga_query_parse_services(text, n, &o, err, sizeof(err));
        check_objects(&o, 1);
    } else {
        icinga_query_parse(&q, text, n, &o, err, sizeof(err));
        check_objects(&o, q.states);
    }
    objects_free(&o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const char *text = (const char *)data + 2;
    size_t n = size - 2, chunk = (size_t)data[1] % 64 + 1;
    struct tally whole, cut;
    int rc_whole = stream(text, n, n ? n : 1, &whole);
    int rc_cut = stream(text, n, chunk, &cut);
    if (rc_whole != rc_cut || cut.elements != whole.elements || cut.bytes != whole.bytes ||
        strcmp(cut.err, whole.err) != 0)
        abort();
    read_answer(text, n, data[0]);
    return 0;
}
