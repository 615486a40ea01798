/*
 * nsswitch.c - the hosts: line of nsswitch.conf (see nsswitch.h).
 *
 * Syntax followed (nsswitch.conf(5)): one "database: sources" entry per
 * line, '#' starts a comment, a line beginning with whitespace continues
 * the previous one; sources are separated by blanks, and "[...]" is a
 * criterion attached to the source before it.  The last hosts: entry wins,
 * as in glibc.
 */
#include "nsswitch.h"

#include <stdio.h>
#include <string.h>

#define NSSWITCH_MAX_FILE (16 * 1024) /* Debian's is under 1 KiB */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void set_unsupported(struct nsswitch_hosts *out, const char *what, const char *word,
                            size_t wlen)
{
    out->supported = false;
    out->count = 0;
    if (wlen > 40)
        wlen = 40;
    if (wlen == 0)
        snprintf(out->reason, sizeof(out->reason), "%s", what);
    else
        snprintf(out->reason, sizeof(out->reason), "%s '%.*s'", what, (int)wlen, word);
}

/* One source word (or criterion) of the hosts: entry. */
static void add_word(struct nsswitch_hosts *out, const char *w, size_t n)
{
    if (!out->supported)
        return;
    enum nsswitch_source s;
    if (w[0] == '[') {
        set_unsupported(out, "criterion", w, n);
        return;
    }
    if (n == 5 && strncmp(w, "files", 5) == 0)
        s = NSSWITCH_FILES;
    else if (n == 3 && strncmp(w, "dns", 3) == 0)
        s = NSSWITCH_DNS;
    else {
        set_unsupported(out, "source", w, n);
        return;
    }
    for (unsigned i = 0; i < out->count; i++) {
        if (out->order[i] == s) {
            set_unsupported(out, "repeated source", w, n);
            return;
        }
    }
    out->order[out->count++] = s;
}

/* The words of one logical entry's value, from p to end. */
static void parse_value(struct nsswitch_hosts *out, const char *p, const char *end)
{
    out->supported = true;
    out->count = 0;
    out->reason[0] = '\0';
    while (p < end) {
        if (is_blank(*p) || *p == '\n') {
            p++;
            continue;
        }
        if (*p == '#') { /* comment to the end of this physical line */
            while (p < end && *p != '\n')
                p++;
            continue;
        }
        const char *w = p;
        if (*p == '[') {
            while (p < end && *p != ']' && *p != '\n')
                p++;
            if (p < end && *p == ']')
                p++;
        } else {
            while (p < end && !is_blank(*p) && *p != '\n' && *p != '[' && *p != '#')
                p++;
        }
        add_word(out, w, (size_t)(p - w));
    }
    if (out->supported && out->count == 0)
        set_unsupported(out, "empty hosts: line", "", 0);
}

/* End of the logical entry starting at p: continuation lines begin blank. */
static const char *entry_end(const char *p, const char *end)
{
    for (;;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return end;
        if (nl + 1 >= end || !is_blank(nl[1]))
            return nl;
        p = nl + 1;
    }
}

void nsswitch_parse(const char *text, size_t len, struct nsswitch_hosts *out)
{
    const char *p = text, *end = text + len;
    bool found = false;
    memset(out, 0, sizeof(*out));
    while (p < end) {
        while (p < end && is_blank(*p))
            p++;
        const char *e = entry_end(p, end);
        if ((size_t)(e - p) >= 6 && strncmp(p, "hosts", 5) == 0) {
            const char *q = p + 5;
            while (q < e && is_blank(*q))
                q++;
            if (q < e && *q == ':') {
                parse_value(out, q + 1, e);
                found = true;
            }
        }
        p = e < end ? e + 1 : end;
    }
    if (!found)
        set_unsupported(out, "no hosts: line", "", 0);
}

void nsswitch_read(const char *path, struct nsswitch_hosts *out)
{
    char buf[NSSWITCH_MAX_FILE];
    FILE *f = fopen(path, "re");
    if (!f) {
        memset(out, 0, sizeof(*out));
        snprintf(out->reason, sizeof(out->reason), "cannot read %s", path);
        return;
    }
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    nsswitch_parse(buf, n, out);
}
