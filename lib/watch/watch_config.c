/*
 * watch_config.c - continuous mode's option rules (see watch_config.h).
 */
#include "watch_config.h"

#include "clock.h"

#include <stdio.h>

int watch_config_check(const struct watch_config *w, char *err, size_t errlen)
{
    if (w->interval_s == 0)
        snprintf(err, errlen, "--watch-interval must be at least 1 second");
    else if ((uint64_t)w->down_after_s < 2 * (uint64_t)w->interval_s)
        snprintf(err, errlen,
                 "--down-after %u is less than twice --watch-interval %u: one lost probe, or "
                 "one reply slower than the interval, would mark a host DOWN (use at least %llu)",
                 w->down_after_s, w->interval_s, 2 * (unsigned long long)w->interval_s);
    else if (w->skip_unchanged_s && (uint64_t)w->skip_unchanged_s < 2 * (uint64_t)w->interval_s)
        snprintf(err, errlen,
                 "--skip-unchanged %u is less than twice --watch-interval %u: a renewal may come "
                 "at half of it, and must carry at least one probe",
                 w->skip_unchanged_s, w->interval_s);
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
    uint32_t interval = w->interval_s ? w->interval_s : 1;
    uint32_t probes = (w->down_after_s + interval - 1) / interval;
    out->down_after_ns = (uint64_t)w->down_after_s * CLOCK_NS_PER_S;
    out->window_probes = probes < 1                     ? 1
                         : probes > LIVENESS_WINDOW_MAX ? LIVENESS_WINDOW_MAX
                                                        : probes;
}
