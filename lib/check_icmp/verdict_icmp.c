/*
 * verdict_icmp.c - check_icmp's per-host and per-run states (rules in
 * verdict_icmp.h).  Pure: reads the finished host table and the parsed
 * thresholds; the text is output_icmp.c's business.
 */
#include "verdict_icmp.h"

#include <string.h>

unsigned verdict_icmp_modes(const struct icmp_config *cfg)
{
    return cfg->modes ? cfg->modes : ICMP_MODE_RTA | ICMP_MODE_PL;
}

/* Higher is worse (RTA, loss, jitter): the limit is reached at >=. */
static enum state at_or_above(double v, double warn, double crit)
{
    if (v >= crit)
        return STATE_CRITICAL;
    return v >= warn ? STATE_WARNING : STATE_OK;
}

/* Lower is worse (MOS, score). */
static enum state at_or_below(double v, double warn, double crit)
{
    if (v <= crit)
        return STATE_CRITICAL;
    return v <= warn ? STATE_WARNING : STATE_OK;
}

static void host_figures(const struct host *h, struct icmp_host_result *r)
{
    uint32_t answered = h->received < h->sent ? h->received : h->sent;
    r->answered = h->status == HOST_READY && h->received > 0;
    r->pl = 100;
    if (r->answered && h->sent > 0)
        r->pl = (unsigned)(((uint32_t)h->sent - answered) * 100u / h->sent);
    r->rta_us = r->answered ? (double)h->rtt_sum_us / (double)h->received : 0.0;
    latency_measure(&h->latency, r->answered ? h->received : 0, r->rta_us, r->pl, &r->lat);
}

void verdict_icmp_host(const struct icmp_config *cfg, const struct host *h,
                       struct icmp_host_result *r)
{
    memset(r, 0, sizeof(*r));
    host_figures(h, r);
    unsigned modes = verdict_icmp_modes(cfg);
    const struct icmp_limits *w = &cfg->warn, *c = &cfg->crit;
    if (modes & ICMP_MODE_RTA)
        r->rta = at_or_above(r->rta_us, (double)w->rta_us, (double)c->rta_us);
    if (modes & ICMP_MODE_PL)
        r->pl_state = at_or_above(r->pl, w->pl, c->pl);
    if (modes & ICMP_MODE_JITTER)
        r->jitter = at_or_above(r->lat.jitter_ms, w->jitter_ms, c->jitter_ms);
    if (modes & ICMP_MODE_MOS)
        r->mos = at_or_below(r->lat.mos, w->mos, c->mos);
    if (modes & ICMP_MODE_SCORE)
        r->score = at_or_below(r->lat.score, w->score, c->score);
    if ((modes & ICMP_MODE_ORDER) && !r->lat.in_order)
        r->order = STATE_CRITICAL;
    enum state s = state_worst(state_worst(r->rta, r->pl_state), state_worst(r->jitter, r->mos));
    s = state_worst(s, state_worst(r->score, r->order));
    r->state = r->answered ? s : STATE_CRITICAL;
}

enum state verdict_icmp_run(const struct icmp_config *cfg, const struct hostset *set)
{
    enum state run = STATE_OK;
    uint32_t ok = 0, warning = 0, answered = 0;
    for (uint32_t i = 0; i < set->count; i++) {
        struct icmp_host_result r;
        if (!hostset_is_target(&set->hosts[i]))
            continue; /* another spelling of a host judged once */
        verdict_icmp_host(cfg, &set->hosts[i], &r);
        run = state_worst(run, r.state);
        ok += r.state == STATE_OK;
        warning += r.state == STATE_WARNING;
        answered += r.answered;
    }
    if (answered == 0)
        run = STATE_CRITICAL;
    if (cfg->min_hosts_alive >= 0) {
        uint32_t need = (uint32_t)cfg->min_hosts_alive;
        if (ok >= need)
            run = STATE_OK;
        else if (ok + warning >= need)
            run = STATE_WARNING;
    }
    return run;
}
