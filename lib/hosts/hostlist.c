/*
 * hostlist.c - collects host tokens from -H arguments, positional arguments
 * and host files, then expands them into the host table (see hostlist.h).
 *
 * The list holds parsed tokens, not hosts: a /8 is one entry whose count is
 * 16,777,214, so the size of a run is known (list->total, saturating) before
 * a single host record is allocated, and hostlist_build() can refuse it or
 * reserve the table in one allocation.
 *
 * Each hostlist_add_* call is all or nothing: on error the entries it had
 * already added are dropped again, so the list is never half of an argument.
 */
#include "hostlist.h"

#include "excerpt.h"
#include "linefile.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Longest message hostspec_parse() writes, with room to spare. */
#define SPEC_MSG_LEN 512

struct mark {
    size_t count;
    size_t names_len;
    uint64_t total;
};

static struct mark list_mark(const struct hostlist *list)
{
    struct mark m = {list->count, list->names_len, list->total};
    return m;
}

static void list_rollback(struct hostlist *list, struct mark m)
{
    list->count = m.count;
    list->names_len = m.names_len;
    list->total = m.total;
}

void hostlist_init(struct hostlist *list, int family)
{
    memset(list, 0, sizeof(*list));
    list->family = family;
}

void hostlist_free(struct hostlist *list)
{
    free(list->entries);
    free(list->names);
    hostlist_init(list, list->family);
}

/* Names go to one arena; entries refer to them by a 32-bit offset. */
static int store_name(struct hostlist *list, const char *name, uint32_t *offset)
{
    size_t len = strlen(name) + 1;
    if (list->names_len + len > UINT32_MAX)
        return -1;
    void *names = list->names;
    if (linefile_grow(&names, &list->names_cap, list->names_len + len, 1) != 0)
        return -1;
    list->names = names;
    memcpy(list->names + list->names_len, name, len);
    *offset = (uint32_t)list->names_len;
    list->names_len += len;
    return 0;
}

static int push_entry(struct hostlist *list, const struct hostlist_entry *e)
{
    void *entries = list->entries;
    if (list->count == SIZE_MAX ||
        linefile_grow(&entries, &list->capacity, list->count + 1, sizeof(*e)) != 0)
        return -1;
    list->entries = entries;
    list->entries[list->count++] = *e;
    return 0;
}

static uint64_t add_saturating(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Parse one trimmed token into an entry; the message in msg has no location. */
static int add_token(struct hostlist *list, const char *token, char *msg, size_t msglen)
{
    struct hostlist_entry e;
    memset(&e, 0, sizeof(e));
    e.name = UINT32_MAX;
    if (hostspec_parse(token, list->family, &e.spec, msg, msglen) != 0)
        return -1;
    if ((e.spec.kind == HOSTSPEC_NAME && store_name(list, token, &e.name) != 0) ||
        push_entry(list, &e) != 0)
        return excerpt_fail(msg, msglen, "out of memory adding a host");
    list->total = add_saturating(list->total, e.spec.count);
    return 0;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Trim white space in place; returns the start of what is left. */
static char *trim(char *s)
{
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int empty_element(const char *arg, unsigned argno, unsigned element, char *err,
                         size_t errlen)
{
    char quoted[EXCERPT_LEN];
    excerpt_quote(arg, quoted, sizeof(quoted));
    if (strlen(arg) <= EXCERPT_BYTES)
        return excerpt_fail(err, errlen, "-H argument %u: empty host name in '%s'", argno, quoted);
    /* the excerpt may have cut off the empty element: say which one */
    return excerpt_fail(err, errlen, "-H argument %u: empty host name (element %u) in '%s'", argno,
                        element, quoted);
}

static int add_elements(struct hostlist *list, char *copy, const char *arg, unsigned argno,
                        char *err, size_t errlen)
{
    char msg[SPEC_MSG_LEN];
    char *p = copy;
    for (unsigned element = 1;; element++) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        char *token = trim(p);
        if (*token == '\0')
            return empty_element(arg, argno, element, err, errlen);
        if (add_token(list, token, msg, sizeof(msg)) != 0)
            return excerpt_fail(err, errlen, "-H argument %u: %s", argno, msg);
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

int hostlist_add_arg(struct hostlist *list, const char *arg, unsigned argno, char *err,
                     size_t errlen)
{
    struct mark m = list_mark(list);
    char *copy = strdup(arg);
    if (!copy)
        return excerpt_fail(err, errlen, "-H argument %u: out of memory", argno);
    int rc = add_elements(list, copy, arg, argno, err, errlen);
    free(copy);
    if (rc != 0)
        list_rollback(list, m);
    return rc;
}

int hostlist_add_positional(struct hostlist *list, const char *arg, char *err, size_t errlen)
{
    struct mark m = list_mark(list);
    char *copy = strdup(arg);
    if (!copy)
        return excerpt_fail(err, errlen, "out of memory");
    int rc = add_token(list, trim(copy), err, errlen);
    free(copy);
    if (rc != 0)
        list_rollback(list, m);
    return rc;
}

/* One line of a host file (a linefile_fn). */
static int add_line(void *ctx, char *line, const char *label, unsigned long lineno, char *err,
                    size_t errlen)
{
    struct hostlist *list = ctx;
    char msg[SPEC_MSG_LEN];
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    char *token = trim(line);
    if (*token == '\0')
        return 0;
    if (token[strcspn(token, " \t\v\f\r\n")] != '\0') {
        char quoted[EXCERPT_LEN];
        return excerpt_fail(err, errlen, "%s:%lu: more than one host in '%s' (one host per line)",
                            label, lineno, excerpt_quote(token, quoted, sizeof(quoted)));
    }
    if (add_token(list, token, msg, sizeof(msg)) != 0)
        return excerpt_fail(err, errlen, "%s:%lu: %s", label, lineno, msg);
    return 0;
}

int hostlist_add_stream(struct hostlist *list, FILE *in, const char *label, char *err,
                        size_t errlen)
{
    struct mark m = list_mark(list);
    int rc = linefile_read_stream(in, label, add_line, list, err, errlen);
    if (rc != 0)
        list_rollback(list, m);
    return rc;
}

int hostlist_add_file(struct hostlist *list, const char *path, char *err, size_t errlen)
{
    struct mark m = list_mark(list);
    int rc = linefile_read_path(path, add_line, list, err, errlen);
    if (rc != 0)
        list_rollback(list, m);
    return rc;
}

/* How to name an entry in a message: its name, address or first-last. */
static const char *entry_text(const struct hostlist *list, const struct hostlist_entry *e,
                              char *buf, size_t len)
{
    char first[IPADDR_STRLEN];
    char last[IPADDR_STRLEN];
    if (e->spec.kind == HOSTSPEC_NAME)
        return excerpt_quote(list->names + e->name, buf, len);
    ipaddr_format(&e->spec.first, first, sizeof(first));
    if (e->spec.kind == HOSTSPEC_ADDRESS)
        snprintf(buf, len, "%s", first);
    else
        snprintf(buf, len, "%s-%s", first, ipaddr_format(&e->spec.last, last, sizeof(last)));
    return buf;
}

static int too_many(const struct hostlist *list, uint64_t limit, const char *limit_name, char *err,
                    size_t errlen)
{
    const struct hostlist_entry *largest = &list->entries[0];
    char what[2 * IPADDR_STRLEN + EXCERPT_LEN];
    for (size_t i = 1; i < list->count; i++) {
        if (list->entries[i].spec.count > largest->spec.count)
            largest = &list->entries[i];
    }
    entry_text(list, largest, what, sizeof(what));
    const char *more = list->total == UINT64_MAX ? " or more" : "";
    if (list->count == 1)
        return excerpt_fail(err, errlen, "%s expands to %" PRIu64 "%s hosts, more than %s %" PRIu64,
                            what, list->total, more, limit_name, limit);
    return excerpt_fail(err, errlen,
                        "%s and the rest expand to %" PRIu64 "%s hosts, more than %s %" PRIu64,
                        what, list->total, more, limit_name, limit);
}

static int add_entry(struct hostset *set, const struct hostlist *list,
                     const struct hostlist_entry *e)
{
    if (e->spec.kind == HOSTSPEC_NAME)
        return hostset_add_name(set, list->names + e->name) < 0 ? -1 : 0;
    struct ipaddr a = e->spec.first;
    for (uint64_t i = 0; i < e->spec.count; i++) {
        if (hostset_add_address(set, &a) < 0)
            return -1;
        ipaddr_increment(&a);
    }
    return 0;
}

int hostlist_build(const struct hostlist *list, uint64_t max_hosts, struct hostset *set, char *err,
                   size_t errlen)
{
    if (list->count == 0)
        return excerpt_fail(err, errlen, "no hosts given");
    if (list->total > max_hosts)
        return too_many(list, max_hosts, "--max-hosts", err, errlen);
    /* the table indexes hosts with 32 bits, whatever --max-hosts says */
    if (list->total > UINT32_MAX - 1)
        return too_many(list, UINT32_MAX - 1, "the table's limit of", err, errlen);
    if (hostset_reserve(set, (uint32_t)list->total) != 0)
        return excerpt_fail(err, errlen, "out of memory reserving %" PRIu64 " hosts", list->total);
    for (size_t i = 0; i < list->count; i++) {
        if (add_entry(set, list, &list->entries[i]) != 0)
            return excerpt_fail(err, errlen, "out of memory adding host %zu", i + 1);
    }
    hostset_seal(set);
    return 0;
}
