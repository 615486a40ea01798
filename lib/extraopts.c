/*
 * extraopts.c - ini sections as command-line options (see extraopts.h).
 */
#include "extraopts.h"
#include "excerpt.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Longer lines are refused rather than buffered without limit. */
#define EXTRAOPTS_LINE_MAX 4096

void extraopts_init(struct extraopts *x)
{
    memset(x, 0, sizeof(*x));
}

void extraopts_free(struct extraopts *x)
{
    for (size_t i = 0; i < x->count; i++)
        free(x->args[i]);
    free(x->args);
    memset(x, 0, sizeof(*x));
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int append(struct extraopts *x, const char *key, const char *value)
{
    if (x->count == x->capacity) {
        size_t cap = x->capacity ? x->capacity * 2 : 8;
        char **grown = realloc(x->args, cap * sizeof(*grown));
        if (!grown)
            return -1;
        x->args = grown;
        x->capacity = cap;
    }
    size_t len = 2 + strlen(key) + (value ? 1 + strlen(value) : 0) + 1;
    char *arg = malloc(len);
    if (!arg)
        return -1;
    snprintf(arg, len, value ? "--%s=%s" : "--%s", key, value ? value : "");
    x->args[x->count++] = arg;
    return 0;
}

static bool valid_key(const char *key)
{
    if (!*key)
        return false;
    for (const char *p = key; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    }
    return true;
}

/* "key = value" or "key"; value may be "quoted". */
static int option_line(struct extraopts *x, char *line, const char *where, char *err, size_t errlen)
{
    char *eq = strchr(line, '=');
    char *value = NULL;
    if (eq) {
        *eq = '\0';
        value = trim(eq + 1);
        size_t n = strlen(value);
        if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
            value[n - 1] = '\0';
            value++;
        }
    }
    char *key = trim(line);
    if (!valid_key(key)) {
        char quoted[EXCERPT_LEN];
        snprintf(err, errlen, "%s: '%s' is not an option name", where,
                 excerpt_quote(key, quoted, sizeof(quoted)));
        return -1;
    }
    if (append(x, key, value) < 0) {
        snprintf(err, errlen, "%s: out of memory", where);
        return -1;
    }
    return 0;
}

/* "[name]": is it the section we want?  -1 if the line is malformed. */
static int section_line(char *line, const char *section)
{
    size_t n = strlen(line);
    if (n < 2 || line[n - 1] != ']')
        return -1;
    line[n - 1] = '\0';
    return strcmp(trim(line + 1), section) == 0;
}

/* One line without its newline; flags lines too long or holding a NUL. */
static int read_line(FILE *in, char *buf, size_t len, bool *bad)
{
    size_t n = 0;
    int c = EOF;
    *bad = false;
    while ((c = fgetc(in)) != EOF && c != '\n') {
        if (c == '\0' || n + 1 >= len)
            *bad = true;
        else
            buf[n++] = (char)c;
    }
    buf[n] = '\0';
    return c == EOF && n == 0 && !*bad ? -1 : 0;
}

int extraopts_read(struct extraopts *x, FILE *in, const char *label, const char *section, char *err,
                   size_t errlen)
{
    char buf[EXTRAOPTS_LINE_MAX] = "";
    char where[320];
    bool inside = false, found = false, bad;
    for (unsigned lineno = 1; read_line(in, buf, sizeof(buf), &bad) == 0; lineno++) {
        snprintf(where, sizeof(where), "%.256s:%u", label, lineno);
        if (bad) {
            snprintf(err, errlen, "%s: line longer than %d bytes or holding a NUL byte", where,
                     EXTRAOPTS_LINE_MAX - 1);
            return -1;
        }
        char *line = trim(buf);
        if (*line == '\0' || *line == '#' || *line == ';')
            continue;
        if (*line == '[') {
            int match = section_line(line, section);
            if (match < 0) {
                snprintf(err, errlen, "%s: malformed section header", where);
                return -1;
            }
            inside = match == 1;
            found = found || inside;
            continue;
        }
        if (inside && option_line(x, line, where, err, errlen) < 0)
            return -1;
    }
    if (ferror(in)) {
        snprintf(err, errlen, "%.256s: %s", label, strerror(errno));
        return -1;
    }
    if (!found) {
        snprintf(err, errlen, "%.256s: no section [%.64s]", label, section);
        return -1;
    }
    return 0;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool search_dirs(const char *dirs, char *out, size_t len)
{
    static const char *const names[] = {"plugins.ini", "nagios-plugins.ini",
                                        "monitoring-plugins.ini"};
    while (dirs && *dirs) {
        size_t n = strcspn(dirs, ":");
        for (size_t i = 0; i < 3; i++) {
            snprintf(out, len, "%.*s/%s", (int)n, dirs, names[i]);
            if (n > 0 && is_file(out))
                return true;
        }
        dirs += n + (dirs[n] == ':');
    }
    return false;
}

static bool default_file(char *out, size_t len)
{
    static const char *const paths[] = {
        "/etc/nagios/plugins.ini",
        "/usr/local/nagios/etc/plugins.ini",
        "/usr/local/etc/nagios/plugins.ini",
        "/etc/opt/nagios/plugins.ini",
        "/etc/nagios-plugins.ini",
        "/usr/local/etc/nagios-plugins.ini",
        "/etc/opt/nagios-plugins.ini",
        "/etc/monitoring-plugins/monitoring-plugins.ini",
        "/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
    };
    if (search_dirs(getenv("MP_CONFIG_PATH"), out, len) ||
        search_dirs(getenv("NAGIOS_CONFIG_PATH"), out, len))
        return true;
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        if (is_file(paths[i])) {
            snprintf(out, len, "%s", paths[i]);
            return true;
        }
    }
    return false;
}

/*
 * The file, if it is a regular one: anything else could block the plugin
 * (a FIFO without a writer blocks open() itself, one whose writer never
 * closes blocks reading) or never end (/dev/zero).  O_NONBLOCK lets open()
 * return for a FIFO so that fstat() can refuse it.
 */
static FILE *open_regular(const char *path, char *err, size_t errlen)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "--extra-opts: %.256s: %s", path, strerror(errno));
        return NULL;
    }
    FILE *in = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        snprintf(err, errlen, "--extra-opts: %.256s: not a regular file", path);
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(in = fdopen(fd, "r")))
        snprintf(err, errlen, "--extra-opts: %.256s: %s", path, strerror(errno));
    if (!in)
        close(fd);
    return in;
}

/* A section or file name is echoed in messages, which must stay on one
 * line: it may hold no control character. */
static bool printable(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return false;
    }
    return true;
}

int extraopts_load(struct extraopts *x, const char *spec, const char *default_section, char *err,
                   size_t errlen)
{
    char section[256], path[4096];
    spec = spec ? spec : "";
    const char *at = strchr(spec, '@');
    size_t n = at ? (size_t)(at - spec) : strlen(spec);
    if (n > 0)
        snprintf(section, sizeof(section), "%.*s", (int)n, spec);
    else
        snprintf(section, sizeof(section), "%s", default_section);
    if (at && at[1]) {
        snprintf(path, sizeof(path), "%s", at + 1);
    } else if (!default_file(path, sizeof(path))) {
        snprintf(err, errlen, "--extra-opts: no plugins.ini found in the default locations");
        return -1;
    }
    if (!printable(section) || !printable(path)) {
        char quoted[EXCERPT_LEN];
        snprintf(err, errlen, "--extra-opts: '%s': a control character in a %s name",
                 excerpt_quote(printable(section) ? path : section, quoted, sizeof(quoted)),
                 printable(section) ? "file" : "section");
        return -1;
    }
    FILE *in = open_regular(path, err, errlen);
    if (!in)
        return -1;
    int rc = extraopts_read(x, in, path, section, err, errlen);
    fclose(in);
    return rc;
}
