/*
 * options_watch.c - the --watch options (--watch ... --heartbeat) into
 * struct watch_options, and what --watch changes in the bulk options.
 * The timing rules themselves are watch_config's (lib/watch), checked
 * here once: the daemon takes the result as given.
 */
#include "option_table.h"

#include "watch/watch_config.h"

#include <stdio.h>
#include <string.h>

#define WATCH_MAX_SECONDS 86400u

/* "5", "0.5", "1.25": seconds with at most three decimals, as ms. */
static int parse_seconds_ms(int id, const char *text, uint32_t *out_ms, char *err, size_t errlen)
{
    uint64_t ms = 0;
    int decimals = -1;
    const char *p = text;
    for (; *p; p++) {
        if (*p == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (*p < '0' || *p > '9' || decimals >= 3 || ms > WATCH_MAX_SECONDS * 1000u)
            break;
        ms = ms * 10 + (uint64_t)(*p - '0');
        decimals += decimals >= 0;
    }
    for (int d = decimals < 0 ? 0 : decimals; d < 3; d++)
        ms *= 10;
    if (*p || p == text || (decimals == 0 && p[-1] == '.') || ms > WATCH_MAX_SECONDS * 1000u) {
        snprintf(err, errlen,
                 "--%s: '%.32s' is not a number of seconds (e.g. 5 or 0.5, at most %u)",
                 options_label(id), text, WATCH_MAX_SECONDS);
        return -1;
    }
    *out_ms = (uint32_t)ms;
    return 0;
}

int options_apply_watch(int id, const char *arg, struct options *opt, char *err, size_t errlen)
{
    struct watch_options *w = &opt->watch;
    uint64_t v;
    w->given[id - OPT_WATCH] = true;
    switch (id) {
    case OPT_WATCH:
        w->enabled = true;
        return 0;
    case OPT_WATCH_INTERVAL:
        return parse_seconds_ms(id, arg, &w->interval_ms, err, errlen);
    case OPT_DOWN_AFTER:
    case OPT_RELOAD:
        if (options_parse_uint(id, arg, id == OPT_RELOAD ? 0 : 1, WATCH_MAX_SECONDS, &v, err,
                               errlen) < 0)
            return -1;
        *(id == OPT_RELOAD ? &w->reload_s : &w->down_after_s) = (uint32_t)v;
        return 0;
    default:
        break;
    }
    const char *bang = strchr(arg, '!');
    if (!bang || bang == arg || !bang[1] || strchr(bang + 1, '!') || strpbrk(arg, ";\n\r")) {
        snprintf(err, errlen, "--heartbeat: '%.64s' is not HOST!SERVICE", arg);
        return -1;
    }
    w->heartbeat = arg;
    return 0;
}

/* The options only --watch takes. */
static int check_watch_only(const struct watch_options *w, char *err, size_t errlen)
{
    static const char *const names[] = {"--watch", "--watch-interval", "--down-after", "--reload",
                                        "--heartbeat"};
    for (size_t i = 1; i < sizeof(names) / sizeof(names[0]); i++) {
        if (w->given[i] && !w->enabled) {
            snprintf(err, errlen, "%s needs --watch", names[i]);
            return -1;
        }
    }
    return 0;
}

int options_finish_watch(struct options *opt, char *err, size_t errlen)
{
    struct watch_options *w = &opt->watch;
    struct bulk_options *b = &opt->bulk;
    if (check_watch_only(w, err, errlen) < 0)
        return -1;
    if (!w->enabled)
        return 0;
    if (b->command_file)
        b->submit = true;      /* the pipe is the sink */
    opt->send.df_small = true; /* small requests with DF: no IP ID to draw */
    if (!b->submit) {
        snprintf(err, errlen,
                 "--watch needs somewhere to submit: --submit with --api URL, or "
                 "--command-file PIPE");
        return -1;
    }
    if (w->heartbeat && strlen(w->heartbeat) > 2 * 255) {
        snprintf(err, errlen, "--heartbeat: name too long");
        return -1;
    }
    /* Renewals keep results from going stale in the core: by default at
     * half of --submit-ttl. */
    if (b->skip_unchanged_s == 0)
        b->skip_unchanged_s = b->submit_ttl_s / 2;
    struct watch_config wc = {w->interval_ms, w->down_after_s, b->skip_unchanged_s,
                              b->submit_ttl_s};
    return watch_config_check(&wc, err, errlen);
}
