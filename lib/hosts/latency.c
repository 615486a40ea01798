/*
 * latency.c - jitter, MOS and score of one host (see latency.h for the
 * definitions and where they come from).  Pure functions over plain
 * numbers; the receiver calls latency_add_reply() on its hot path, so it
 * is a handful of integer operations and no branch that can fail.
 */
#include "latency.h"

#include <string.h>

void latency_add_reply(struct latency_acc *a, uint32_t received_before, uint16_t packet,
                       uint32_t rtt_us)
{
    if (received_before > 0) {
        uint32_t diff = rtt_us > a->last_rtt_us ? rtt_us - a->last_rtt_us : a->last_rtt_us - rtt_us;
        if (received_before == 1 || diff < a->jitter_min_us)
            a->jitter_min_us = diff;
        if (diff > a->jitter_max_us)
            a->jitter_max_us = diff;
        a->jitter_sum_us += diff;
        if (packet < a->last_packet)
            a->out_of_order = 1;
    }
    a->last_rtt_us = rtt_us;
    a->last_packet = packet;
}

double latency_score(double rta_ms, double jitter_ms, double loss_pct)
{
    /* Round-trip latency, jitter counted twice, plus 10 ms of codec delay. */
    double effective = rta_ms + 2.0 * jitter_ms + 10.0;
    double r = effective < 160.0 ? 93.2 - effective / 40.0 : 93.2 - (effective - 120.0) / 10.0;
    r -= 2.5 * loss_pct;
    return r < 0.0 ? 0.0 : r;
}

double latency_mos(double score)
{
    return 1.0 + 0.035 * score + 0.000007 * score * (score - 60.0) * (100.0 - score);
}

void latency_measure(const struct latency_acc *a, uint32_t received, double rta_us, double loss_pct,
                     struct latency_measures *out)
{
    memset(out, 0, sizeof(*out));
    out->in_order = !a->out_of_order;
    if (received < 2)
        return;
    out->valid = true;
    out->jitter_ms = (double)a->jitter_sum_us / (double)(received - 1) / 1000.0;
    out->jitter_min_ms = a->jitter_min_us / 1000.0;
    out->jitter_max_ms = a->jitter_max_us / 1000.0;
    out->score = latency_score(rta_us / 1000.0, out->jitter_ms, loss_pct);
    out->mos = latency_mos(out->score);
}
