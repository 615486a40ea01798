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
#include <stdlib.h>
#include <string.h>

void objects_init(struct objects *o)
{
    memset(o, 0, sizeof(*o));
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

/* Command-file fields are ';'-separated lines: refuse what would break one. */
static bool name_usable(const char *name)
{
    if (*name == '\0' || strlen(name) > OBJECTS_NAME_MAX)
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == ';')
            return false;
    }
    return true;
}

int objects_add(struct objects *o, const char *name, const char *address, char *err, size_t errlen)
{
    char quoted[EXCERPT_LEN];
    if (!name_usable(name))
        return excerpt_fail(
            err, errlen, "object name '%s' is empty, too long or holds ';' or a control character",
            excerpt_quote(name, quoted, sizeof(quoted)));
    if (!name_usable(address))
        return excerpt_fail(err, errlen, "object '%s': unusable address",
                            excerpt_quote(name, quoted, sizeof(quoted)));
    struct object item = {0, 0, UINT32_MAX, 0, -1, false};
    size_t mark = o->text_len;
    void *items = o->items;
    if (store_text(o, name, &item.name) != 0 || store_text(o, address, &item.address) != 0 ||
        linefile_grow(&items, &o->capacity, o->count + 1, sizeof(item)) != 0) {
        o->text_len = mark;
        return excerpt_fail(err, errlen, "out of memory adding an object");
    }
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
    if (objects_add(ctx, words[0], words[count - 1], msg, sizeof(msg)) != 0)
        return excerpt_fail(err, errlen, "%s:%lu: %s", label, lineno, msg);
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
    if (index < 0)
        return excerpt_fail(msg, msglen, "out of memory");
    return index;
}

int objects_build(struct objects *o, int family, struct hostset *set, char *err, size_t errlen)
{
    char msg[512], quoted[EXCERPT_LEN];
    if (o->count > UINT32_MAX - 1)
        return excerpt_fail(err, errlen, "too many objects");
    if (hostset_reserve(set, (uint32_t)o->count) != 0)
        return excerpt_fail(err, errlen, "out of memory reserving %zu hosts", o->count);
    for (size_t i = 0; i < o->count; i++) {
        int64_t index = add_address(set, objects_address(o, i), family, msg, sizeof(msg));
        if (index < 0)
            return excerpt_fail(err, errlen, "object '%s': %s",
                                excerpt_quote(objects_name(o, i), quoted, sizeof(quoted)), msg);
        o->items[i].host = (uint32_t)index;
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
