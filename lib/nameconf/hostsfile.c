/*
 * hostsfile.c - /etc/hosts as a sorted table (see hostsfile.h).
 *
 * Parsing appends every (name, address) pair to two growing arrays, then
 * one qsort makes lookups a binary search: 100,000 names cost 100,000
 * searches of a table that is usually a dozen lines long.
 */
#include "hostsfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define HOSTSFILE_MAX_NAME 255
#define HOSTSFILE_MAX_BYTES (64u * 1024 * 1024) /* a larger file is cut there */

struct builder {
    struct hostsfile *hf;
    size_t entries_cap;
    size_t names_cap;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static int add_name(struct builder *b, const char *w, size_t n, const struct ipaddr *addr)
{
    struct hostsfile *hf = b->hf;
    if (grow((void **)&hf->names, &b->names_cap, hf->names_len + n + 1, 1) < 0 ||
        grow((void **)&hf->entries, &b->entries_cap, hf->count + 1, sizeof(*hf->entries)) < 0)
        return -1;
    char *dst = hf->names + hf->names_len;
    for (size_t i = 0; i < n; i++)
        dst[i] = (char)tolower((unsigned char)w[i]);
    dst[n] = '\0';
    hf->entries[hf->count] = (struct hostsfile_entry){
        .name = (uint32_t)hf->names_len, .order = (uint32_t)hf->count, .addr = *addr};
    hf->count++;
    hf->names_len += n + 1;
    return 0;
}

/* The next blank-separated word of [*p, end), or length 0 at the end. */
static size_t next_word(const char **p, const char *end, const char **word)
{
    while (*p < end && is_space(**p))
        (*p)++;
    *word = *p;
    while (*p < end && !is_space(**p))
        (*p)++;
    return (size_t)(*p - *word);
}

static int parse_line(struct builder *b, const char *p, const char *end)
{
    const char *hash = memchr(p, '#', (size_t)(end - p));
    if (hash)
        end = hash;
    const char *w;
    size_t n = next_word(&p, end, &w);
    char text[64];
    struct ipaddr addr;
    if (n == 0 || n >= sizeof(text))
        return 0;
    memcpy(text, w, n);
    text[n] = '\0';
    if (!ipaddr_parse(text, &addr))
        return 0; /* glibc skips a line whose address does not parse */
    while ((n = next_word(&p, end, &w)) > 0) {
        if (n <= HOSTSFILE_MAX_NAME && memchr(w, '\0', n) == NULL && add_name(b, w, n, &addr) < 0)
            return -1;
    }
    return 0;
}

static int compare_entries(const void *a, const void *b, void *names)
{
    const struct hostsfile_entry *x = a, *y = b;
    int c = strcmp((const char *)names + x->name, (const char *)names + y->name);
    if (c != 0)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

int hostsfile_parse(struct hostsfile *hf, const char *text, size_t len)
{
    memset(hf, 0, sizeof(*hf));
    struct builder b = {.hf = hf};
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (parse_line(&b, p, e) < 0)
            return -1;
        p = nl ? nl + 1 : end;
    }
    if (hf->count > 1)
        qsort_r(hf->entries, hf->count, sizeof(*hf->entries), compare_entries, hf->names);
    return 0;
}

int hostsfile_read(struct hostsfile *hf, const char *path)
{
    memset(hf, 0, sizeof(*hf));
    FILE *f = fopen(path, "re");
    if (!f)
        return errno == ENOENT ? 0 : -1;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (grow((void **)&buf, &cap, len + 4096, 1) < 0) {
            rc = -1;
            break;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0 || len >= HOSTSFILE_MAX_BYTES)
            break;
    }
    if (rc == 0 && ferror(f))
        rc = -1;
    int saved = errno;
    fclose(f);
    if (rc == 0)
        rc = hostsfile_parse(hf, buf, len);
    free(buf);
    errno = rc < 0 && saved ? saved : errno;
    return rc;
}

/* Index of the first entry whose name is key, or hf->count. */
static size_t first_match(const struct hostsfile *hf, const char *key)
{
    size_t lo = 0, hi = hf->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(hf->names + hf->entries[mid].name, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t collect(const struct hostsfile *hf, size_t i, const char *key, int family,
                      struct ipaddr *out, size_t n, size_t max)
{
    for (; i < hf->count && n < max && strcmp(hf->names + hf->entries[i].name, key) == 0; i++) {
        if (hf->entries[i].addr.family == family)
            out[n++] = hf->entries[i].addr;
    }
    return n;
}

size_t hostsfile_lookup(const struct hostsfile *hf, const char *name, int family,
                        struct ipaddr *out, size_t max)
{
    char key[HOSTSFILE_MAX_NAME + 1];
    size_t len = strlen(name);
    if (len > HOSTSFILE_MAX_NAME || hf->count == 0)
        return 0;
    for (size_t i = 0; i <= len; i++)
        key[i] = (char)tolower((unsigned char)name[i]);
    size_t first = first_match(hf, key), n = 0;
    if (family != AF_INET6)
        n = collect(hf, first, key, AF_INET, out, n, max);
    if (family != AF_INET)
        n = collect(hf, first, key, AF_INET6, out, n, max);
    return n;
}

void hostsfile_free(struct hostsfile *hf)
{
    free(hf->names);
    free(hf->entries);
    memset(hf, 0, sizeof(*hf));
}
