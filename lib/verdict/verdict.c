/*
 * verdict.c - owns the step from per-host results to one plugin state:
 * which class each host falls in, the aggregate counts and round-trip times,
 * and the worst of the configured checks (see verdict.h for the rules).
 *
 * Pure: it reads the finished host table and the parsed thresholds, and
 * writes one struct verdict.  One pass over the table, no allocation, so it
 * costs nothing next to the run even at a million hosts.
 */
#include "verdict.h"

#include <string.h>

const char *verdict_class_name(enum host_class c)
{
    static const char *const names[CLASS_COUNT] = {
        [CLASS_ALIVE] = "alive",
        [CLASS_PARTIAL] = "partial",
        [CLASS_DEAD] = "dead",
        [CLASS_UNREACHABLE] = "unreachable",
        [CLASS_UNRESOLVED] = "unresolved",
    };
    return (unsigned)c < CLASS_COUNT ? names[c] : "unknown";
}

enum host_class verdict_classify(const struct host *h)
{
    if (h->status != HOST_READY)
        return CLASS_UNRESOLVED;
    /* An answer beats an error: a host that replied at all is reachable,
     * whatever else a router said about some of its packets. */
    if (h->received > 0)
        return h->received >= h->sent ? CLASS_ALIVE : CLASS_PARTIAL;
    if (atomic_load_explicit(&h->flags, memory_order_relaxed) & HOST_UNREACHABLE)
        return CLASS_UNREACHABLE;
    return CLASS_DEAD;
}

/* Replies beyond the requests sent (duplicates) must not make loss negative. */
static uint32_t answered(const struct host *h)
{
    return h->received < h->sent ? h->received : h->sent;
}

double verdict_host_loss(const struct host *h)
{
    if (h->sent == 0)
        return 0.0;
    return 100.0 * (double)(h->sent - answered(h)) / (double)h->sent;
}

double verdict_host_rta_us(const struct host *h)
{
    if (h->received == 0)
        return -1.0;
    return (double)h->rtt_sum_us / (double)h->received;
}

void verdict_host_latency(const struct host *h, struct latency_measures *out)
{
    latency_measure(&h->latency, h->received, verdict_host_rta_us(h), verdict_host_loss(h), out);
}

/* The HOST_LIMIT_* parts of l that h crossed (latency measured only when
 * the limit has a latency part). */
static unsigned limit_parts(const struct host_limit *l, const struct host *h, double rta_us,
                            double loss)
{
    if (!l->has_jitter && !l->has_mos && !l->has_score)
        return host_limit_crossed(l, rta_us, loss, NULL);
    struct latency_measures m;
    verdict_host_latency(h, &m);
    return host_limit_crossed(l, rta_us, loss, &m);
}

unsigned verdict_host_limit_parts(const struct verdict_config *cfg, const struct host *h,
                                  bool critical)
{
    bool has = critical ? cfg->has_host_critical : cfg->has_host_warning;
    if (!has || h->status != HOST_READY || h->received == 0)
        return 0;
    return limit_parts(critical ? &cfg->host_critical : &cfg->host_warning, h,
                       verdict_host_rta_us(h), verdict_host_loss(h));
}

enum state verdict_host_state(const struct verdict_config *cfg, const struct host *h)
{
    /* Limits judge hosts that answered; silent ones are counted as down. */
    if (verdict_host_limit_parts(cfg, h, true))
        return STATE_CRITICAL;
    return verdict_host_limit_parts(cfg, h, false) ? STATE_WARNING : STATE_OK;
}

/* Sums kept in integers while counting; turned into ms and percent once. */
struct verdict_sums {
    uint64_t answered;
    uint64_t rtt_replies; /* replies of hosts whose RTTs are summed */
    uint64_t rtt_sum_us;
    uint32_t rtt_min_us;
    uint32_t rtt_max_us;
};

static void verdict_count_host(const struct verdict_config *cfg, const struct host *h,
                               struct verdict *out, struct verdict_sums *sums)
{
    out->count[verdict_classify(h)]++;
    out->sent += h->sent;
    out->received += h->received;
    sums->answered += answered(h);
    if (h->status != HOST_READY || h->received == 0)
        return;
    sums->rtt_replies += h->received;
    sums->rtt_sum_us += h->rtt_sum_us;
    if (h->rtt_min_us < sums->rtt_min_us)
        sums->rtt_min_us = h->rtt_min_us;
    if (h->rtt_max_us > sums->rtt_max_us)
        sums->rtt_max_us = h->rtt_max_us;
    enum state s = verdict_host_state(cfg, h);
    if (s == STATE_CRITICAL)
        out->over_host_critical++;
    else if (s == STATE_WARNING)
        out->over_host_warning++;
}

static void verdict_finish_sums(const struct verdict_sums *sums, struct verdict *out)
{
    out->has_rtt = sums->rtt_replies > 0;
    if (out->has_rtt) {
        out->rta_min_ms = sums->rtt_min_us / 1000.0;
        out->rta_max_ms = sums->rtt_max_us / 1000.0;
        out->rta_avg_ms = (double)sums->rtt_sum_us / (double)sums->rtt_replies / 1000.0;
    }
    if (out->sent > 0)
        out->loss_pct = 100.0 * (double)(out->sent - sums->answered) / (double)out->sent;
}

/* The down count: -w/-c when any of -w, -c, --min-alive is given, else the
 * default rule (nothing down OK, everything down CRITICAL). */
static enum state verdict_down_state(const struct verdict_config *cfg, const struct verdict *v)
{
    if (cfg->down.has_warning || cfg->down.has_critical || cfg->has_min_alive)
        return threshold_eval(&cfg->down, v->down, v->hosts);
    if (v->down == 0)
        return STATE_OK;
    return v->down == v->hosts ? STATE_CRITICAL : STATE_WARNING;
}

static enum state verdict_judge(const struct verdict_config *cfg, const struct verdict *v)
{
    enum state s = verdict_down_state(cfg, v);
    if (cfg->has_min_alive && range_alerts_count(&cfg->min_alive, v->count[CLASS_ALIVE], v->hosts))
        s = state_worst(s, STATE_CRITICAL);
    s = state_worst(s, threshold_eval(&cfg->partial, v->count[CLASS_PARTIAL], v->hosts));
    if (v->over_host_critical > 0)
        s = state_worst(s, STATE_CRITICAL);
    if (v->over_host_warning > 0)
        s = state_worst(s, STATE_WARNING);
    return s;
}

void verdict_compute(const struct verdict_config *cfg, const struct hostset *set,
                     struct verdict *out)
{
    struct verdict_sums sums = {.rtt_min_us = UINT32_MAX};
    memset(out, 0, sizeof(*out));
    /* Aliases (another spelling of a host already counted) are not hosts. */
    for (uint32_t i = 0; i < set->count; i++) {
        if (hostset_is_target(&set->hosts[i])) {
            out->hosts++;
            verdict_count_host(cfg, &set->hosts[i], out, &sums);
        }
    }
    out->down =
        out->count[CLASS_DEAD] + out->count[CLASS_UNREACHABLE] + out->count[CLASS_UNRESOLVED];
    verdict_finish_sums(&sums, out);
    out->state = verdict_judge(cfg, out);
}
