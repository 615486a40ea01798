/*
 * resolvconf.c - resolv.conf's nameserver count and options (see
 * resolvconf.h).  Keywords as glibc's res_init: a line starts with the
 * keyword, then blanks; '#' or ';' starts a comment line; unknown options
 * are ignored; a later value wins.
 */
#include "resolvconf.h"

#include <stdio.h>
#include <string.h>

#define RESOLVCONF_MAX_FILE (64 * 1024)

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static void set_defaults(struct resolvconf *out)
{
    memset(out, 0, sizeof(*out));
    out->timeout_s = RESOLVCONF_DEFAULT_TIMEOUT_S;
    out->attempts = RESOLVCONF_DEFAULT_ATTEMPTS;
    out->ndots = -1;
}

/* The number after "name:" in [w, w+n), at most max; false if none. */
static bool option_value(const char *w, size_t n, const char *name, unsigned max, unsigned *v)
{
    size_t k = strlen(name);
    if (n <= k || strncmp(w, name, k) != 0)
        return false;
    unsigned value = 0;
    for (size_t i = k; i < n; i++) {
        if (w[i] < '0' || w[i] > '9')
            break;
        value = value * 10 + (unsigned)(w[i] - '0');
        if (value > max)
            value = max;
    }
    *v = value;
    return true;
}

static void apply_option(const char *w, size_t n, struct resolvconf *out)
{
    unsigned v;
    if (option_value(w, n, "timeout:", RESOLVCONF_MAX_TIMEOUT_S, &v))
        out->timeout_s = v ? v : 1;
    else if (option_value(w, n, "attempts:", RESOLVCONF_MAX_ATTEMPTS, &v))
        out->attempts = v ? v : 1;
    else if (option_value(w, n, "ndots:", RESOLVCONF_MAX_NDOTS, &v))
        out->ndots = (int)v;
    else if (n == 6 && strncmp(w, "rotate", 6) == 0)
        out->rotate = true;
}

void resolvconf_options(const char *text, size_t len, struct resolvconf *out)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        while (p < end && (is_blank(*p) || *p == '\n'))
            p++;
        const char *w = p;
        while (p < end && !is_blank(*p) && *p != '\n')
            p++;
        if (p > w)
            apply_option(w, (size_t)(p - w), out);
    }
}

/* Does the line [p, e) start with keyword followed by a blank? */
static bool keyword(const char *p, const char *e, const char *kw)
{
    size_t k = strlen(kw);
    return (size_t)(e - p) > k && strncmp(p, kw, k) == 0 && is_blank(p[k]);
}

void resolvconf_parse(const char *text, size_t len, struct resolvconf *out)
{
    set_defaults(out);
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (keyword(p, e, "nameserver"))
            out->nameservers++;
        else if (keyword(p, e, "options"))
            resolvconf_options(p + 7, (size_t)(e - p - 7), out);
        p = nl ? nl + 1 : end;
    }
}

void resolvconf_read(const char *path, const char *res_options, struct resolvconf *out)
{
    char buf[RESOLVCONF_MAX_FILE];
    size_t n = 0;
    FILE *f = fopen(path, "re");
    if (f) {
        n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
    }
    resolvconf_parse(buf, n, out);
    if (res_options)
        resolvconf_options(res_options, strlen(res_options), out);
}
