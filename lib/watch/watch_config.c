/*
 * watch_config.c - continuous mode's option rules (see watch_config.h).
 */
#include "watch_config.h"

#include "clock.h"

#include <stdio.h>

/* At least twice the interval, in whole seconds. */
static unsigned long long twice_interval_s(const struct watch_config *w)
{
    return (2 * (unsigned long long)w->interval_ms + 999) / 1000;
}

int watch_config_check(const struct watch_config *w, char *err, size_t errlen)
{
    double interval_s = (double)w->interval_ms / 1000;
    if (w->interval_ms < WATCH_CONFIG_MIN_INTERVAL_MS)
        snprintf(err, errlen, "--watch-interval must be at least 0.2 seconds");
    else if ((uint64_t)w->down_after_s * 1000 < 2 * (uint64_t)w->interval_ms)
        snprintf(err, errlen,
                 "--down-after %u is less than twice --watch-interval %g: --down-after must be "
                 "at least twice --watch-interval, else one lost probe, or one reply slower "
                 "than the interval, would mark a host DOWN (use at least %llu)",
                 w->down_after_s, interval_s, twice_interval_s(w));
    else if (w->skip_unchanged_s &&
             (uint64_t)w->skip_unchanged_s * 1000 < 2 * (uint64_t)w->interval_ms)
        snprintf(err, errlen,
                 "--skip-unchanged %u is less than twice --watch-interval %g: a renewal may come "
                 "at 7/10 of it, and must carry at least one probe",
                 w->skip_unchanged_s, interval_s);
    else if (w->skip_unchanged_s && w->skip_unchanged_s >= w->submit_ttl_s)
        snprintf(err, errlen,
                 "--skip-unchanged %u must be below --submit-ttl %u: an unchanged host renewed "
                 "that late would go stale in the core",
                 w->skip_unchanged_s, w->submit_ttl_s);
    else
        return 0;
    return -1;
}

void watch_config_liveness(const struct watch_config *w, struct liveness_config *out)
{
    uint64_t interval = w->interval_ms ? w->interval_ms : 1;
    uint64_t probes = ((uint64_t)w->down_after_s * 1000 + interval - 1) / interval;
    out->down_after_ns = (uint64_t)w->down_after_s * CLOCK_NS_PER_S;
    out->window_probes = probes < 1                     ? 1
                         : probes > LIVENESS_WINDOW_MAX ? LIVENESS_WINDOW_MAX
                                                        : (uint32_t)probes;
}
