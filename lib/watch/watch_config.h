/*
 * watch_config.h - how continuous mode's timing options must relate, as
 * one pure function, and the liveness settings they give.
 *
 * The rules, each with the reason its message gives:
 *   --watch-interval >= 0.2 s (milliseconds here: it may be fractional);
 *   --down-after >= 2 x --watch-interval: with less, one lost probe (or one
 *       reply slower than the interval) marks a host DOWN;
 *   --skip-unchanged (when given) >= 2 x --watch-interval: a renewal may
 *       come at 7/10 of it, and must carry at least one probe's figures;
 *   --skip-unchanged < --submit-ttl: an unchanged host renewed that late
 *       would go stale in the core (the same rule as in one-shot runs).
 * The window of the host thresholds is the probes of the last down_after
 * seconds (at least 1, at most LIVENESS_WINDOW_MAX).
 *
 * Parse, don't validate twice: main checks the options once with this, and
 * the watch modules take the result as given.
 */
#ifndef MULTIPING_WATCH_CONFIG_H
#define MULTIPING_WATCH_CONFIG_H

#include "liveness.h"

#include <stddef.h>

#define WATCH_CONFIG_MIN_INTERVAL_MS 200
#include <stdint.h>

struct watch_config {
    uint32_t interval_ms;      /* --watch-interval, in milliseconds */
    uint32_t down_after_s;     /* --down-after */
    uint32_t skip_unchanged_s; /* --skip-unchanged, 0 when not given */
    uint32_t submit_ttl_s;     /* --submit-ttl */
};

/* 0, or -1 with one line in err saying which rule and why. */
int watch_config_check(const struct watch_config *w, char *err, size_t errlen);

/* The liveness settings of a checked configuration. */
void watch_config_liveness(const struct watch_config *w, struct liveness_config *out);

#endif
