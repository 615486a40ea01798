/*
 * objects.c - object name -> host index map of a bulk run (see objects.h).
 *
 * Names and addresses live in one arena addressed by 32-bit offsets, as in
 * hostlist.c, so 10,000s of objects cost two small allocations that grow
 * by doubling.
 */
#include "objects.h"

#include "excerpt.h"
#include "hostspec.h"
#include "linefile.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void objects_init(struct objects *o)
{
    memset(o, 0, sizeof(*o));
    o->last_reason = OBJECTS_NO_REASON;
}

void objects_free(struct objects *o)
{
    free(o->items);
    free(o->by_name);
    free(o->text);
    objects_init(o);
}

static int store_text(struct objects *o, const char *s, uint32_t *offset)
{
    size_t len = strlen(s) + 1;
    void *text = o->text;
    if (o->text_len + len > UINT32_MAX ||
        linefile_grow(&text, &o->text_cap, o->text_len + len, 1) != 0)
        return -1;
    o->text = text;
    memcpy(o->text + o->text_len, s, len);
    *offset = (uint32_t)o->text_len;
    o->text_len += len;
    return 0;
}

/* Bytes that start a valid UTF-8 sequence at p (1-4), or 0 (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_sequence(const unsigned char *p)
{
    static const struct {
        unsigned char lead_min, lead_max, second_min, second_max;
        size_t len;
    } forms[] = {
        {0xc2, 0xdf, 0x80, 0xbf, 2}, {0xe0, 0xe0, 0xa0, 0xbf, 3}, {0xe1, 0xec, 0x80, 0xbf, 3},
        {0xed, 0xed, 0x80, 0x9f, 3}, {0xee, 0xef, 0x80, 0xbf, 3}, {0xf0, 0xf0, 0x90, 0xbf, 4},
        {0xf1, 0xf3, 0x80, 0xbf, 4}, {0xf4, 0xf4, 0x80, 0x8f, 4},
    };
    if (p[0] < 0x80)
        return 1;
    for (size_t f = 0; f < sizeof(forms) / sizeof(*forms); f++) {
        if (p[0] < forms[f].lead_min || p[0] > forms[f].lead_max)
            continue;
        if (p[1] < forms[f].second_min || p[1] > forms[f].second_max)
            return 0;
        for (size_t k = 2; k < forms[f].len; k++) {
            if (p[k] < 0x80 || p[k] > 0xbf)
                return 0;
        }
        return forms[f].len;
    }
    return 0;
}

/* Why a name cannot be used, or NULL.  Command-file fields are
 * ';'-separated lines, and the API's bodies are JSON (UTF-8 only). */
static const char *name_unusable(const char *name)
{
    if (*name == '\0')
        return "is empty";
    if (strlen(name) > OBJECTS_NAME_MAX)
        return "is longer than 255 bytes";
    for (const unsigned char *p = (const unsigned char *)name; *p;) {
        if (*p < 0x20 || *p == 0x7f || *p == ';')
            return "holds ';' or a control character";
        size_t n = utf8_sequence(p);
        if (n == 0)
            return "is not UTF-8";
        p += n;
    }
    return NULL;
}

int objects_set_outcome(struct objects *o, size_t i, enum object_outcome outcome,
                        const char *reason)
{
    o->items[i].outcome = (uint8_t)outcome;
    if (!reason || !reason[0])
        return 0;
    if (o->last_reason != OBJECTS_NO_REASON && strcmp(o->text + o->last_reason, reason) == 0) {
        o->items[i].reason = o->last_reason;
        return 0;
    }
    if (store_text(o, reason, &o->items[i].reason) != 0)
        return -1;
    o->last_reason = o->items[i].reason;
    return 0;
}

size_t objects_count_outcome(const struct objects *o, enum object_outcome outcome)
{
    size_t n = 0;
    for (size_t i = 0; i < o->count; i++)
        n += o->items[i].outcome == outcome;
    return n;
}

/* The object's name as stored: the name itself, or its excerpt when it
 * cannot be used as it is (the excerpt is one line of printable ASCII). */
static const char *stored_name(const char *name, bool usable, char *buf, size_t len)
{
    return usable ? name : excerpt_quote(name, buf, len);
}

int objects_add(struct objects *o, const char *name, const char *address, char *err, size_t errlen)
{
    char quoted[EXCERPT_LEN], reason[EXCERPT_LEN + 64] = "";
    const char *bad_name = name_unusable(name), *bad_address = name_unusable(address);
    if (bad_name)
        snprintf(reason, sizeof(reason), "the object name %s", bad_name);
    else if (bad_address)
        snprintf(reason, sizeof(reason), "address '%s' %s",
                 excerpt_quote(address, quoted, sizeof(quoted)), bad_address);
    struct object item = {0, 0, OBJECTS_NO_HOST, 0, -1, false, OBJECT_PENDING, OBJECTS_NO_REASON};
    size_t mark = o->text_len;
    void *items = o->items;
    if (store_text(o, stored_name(name, !bad_name, quoted, sizeof(quoted)), &item.name) != 0 ||
        store_text(o, bad_address ? "" : address, &item.address) != 0 ||
        (reason[0] && store_text(o, reason, &item.reason) != 0) ||
        linefile_grow(&items, &o->capacity, o->count + 1, sizeof(item)) != 0) {
        o->text_len = mark;
        return excerpt_fail(err, errlen, "out of memory adding an object");
    }
    if (reason[0])
        item.outcome = OBJECT_REFUSED;
    o->items = items;
    o->items[o->count++] = item;
    return 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Split a line (comment already cut) into at most two words. */
static int split_words(char *line, char **words)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (is_space(*p))
            *p++ = '\0';
        if (*p == '\0')
            return n;
        if (n == 2)
            return 3;
        words[n++] = p;
        while (*p && !is_space(*p))
            p++;
    }
}

/* One "OBJECT_NAME [ADDRESS]" line (a linefile_fn). */
static int add_line(void *ctx, char *line, const char *label, unsigned long lineno, char *err,
                    size_t errlen)
{
    char msg[512];
    char *words[2];
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    int count = split_words(line, words);
    if (count == 0)
        return 0;
    if (count > 2)
        return excerpt_fail(err, errlen, "%s:%lu: more than 'OBJECT_NAME ADDRESS' on one line",
                            label, lineno);
    struct objects *o = ctx;
    if (objects_add(o, words[0], words[count - 1], msg, sizeof(msg)) != 0)
        return excerpt_fail(err, errlen, "%s:%lu: %s", label, lineno, msg);
    size_t last = o->count - 1;
    if (o->items[last].outcome != OBJECT_REFUSED)
        return 0;
    snprintf(msg, sizeof(msg), "%s:%lu: %s", label, lineno, objects_reason(o, last));
    if (objects_set_outcome(o, last, OBJECT_REFUSED, msg) != 0)
        return excerpt_fail(err, errlen, "out of memory adding an object");
    return 0;
}

int objects_add_stream(struct objects *o, FILE *in, const char *label, char *err, size_t errlen)
{
    return linefile_read_stream(in, label, add_line, o, err, errlen);
}

int objects_add_file(struct objects *o, const char *path, char *err, size_t errlen)
{
    return linefile_read_path(path, add_line, o, err, errlen);
}

/* add_address's answer when the host table cannot grow (the object is
 * fine: the run cannot go on). */
#define ADD_NO_MEMORY (-2)

static int64_t add_address(struct hostset *set, const char *address, int family, char *msg,
                           size_t msglen)
{
    struct hostspec spec;
    if (hostspec_parse(address, family, &spec, msg, msglen) != 0)
        return -1;
    if (spec.kind == HOSTSPEC_BLOCK)
        return excerpt_fail(msg, msglen, "'%s' is a block: an object has one address", address);
    int64_t index = spec.kind == HOSTSPEC_NAME ? hostset_add_name(set, address)
                                               : hostset_add_address(set, &spec.first);
    return index < 0 ? ADD_NO_MEMORY : index;
}

int objects_build(struct objects *o, int family, struct hostset *set, char *err, size_t errlen)
{
    char msg[512];
    if (o->count > UINT32_MAX - 1)
        return excerpt_fail(err, errlen, "too many objects");
    if (hostset_reserve(set, (uint32_t)o->count) != 0)
        return excerpt_fail(err, errlen, "out of memory reserving %zu hosts", o->count);
    for (size_t i = 0; i < o->count; i++) {
        if (o->items[i].outcome == OBJECT_REFUSED)
            continue;
        int64_t index = add_address(set, objects_address(o, i), family, msg, sizeof(msg));
        if (index == ADD_NO_MEMORY)
            return excerpt_fail(err, errlen, "out of memory adding host %zu", i);
        if (index >= 0)
            o->items[i].host = (uint32_t)index;
        else if (objects_set_outcome(o, i, OBJECT_REFUSED, msg) != 0)
            return excerpt_fail(err, errlen, "out of memory");
    }
    return 0;
}

/* qsort_r's comparison: object names, through the index. */
static int by_name_cmp(const void *a, const void *b, void *ctx)
{
    const struct objects *o = ctx;
    return strcmp(objects_name(o, *(const uint32_t *)a), objects_name(o, *(const uint32_t *)b));
}

int objects_index_names(struct objects *o)
{
    uint32_t *index = malloc((o->count ? o->count : 1) * sizeof(*index));
    if (!index)
        return -1;
    for (size_t i = 0; i < o->count; i++)
        index[i] = (uint32_t)i;
    qsort_r(index, o->count, sizeof(*index), by_name_cmp, o);
    free(o->by_name);
    o->by_name = index;
    o->indexed = o->count;
    return 0;
}

int64_t objects_find(const struct objects *o, const char *name)
{
    size_t lo = 0, hi = o->by_name ? o->indexed : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(objects_name(o, o->by_name[mid]), name);
        if (cmp == 0)
            return o->by_name[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}
