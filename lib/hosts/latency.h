/*
 * latency.h - per-host jitter, MOS and score, as check_icmp defines them.
 *
 * check_icmp (Monitoring Plugins 2.4, modes -J -M -S -O) reports, per host:
 *   jitter  the mean absolute difference between the round-trip times of
 *           consecutive replies, in the order they arrived (ms);
 *   score   an ITU-T G.107 style "R" value (0..100) from the effective
 *           latency  rta_ms + 2 * jitter_ms + 10:
 *              R = 93.2 - eff / 40          when eff < 160
 *              R = 93.2 - (eff - 120) / 10  otherwise
 *           minus 2.5 per percent of packet loss, never below 0;
 *   MOS     1 + 0.035 R + 0.000007 R (R - 60) (100 - R), a mean opinion
 *           score between 1 and about 4.4;
 *   order   whether every reply arrived after the replies to earlier
 *           requests.
 * All of them need at least two replies; with fewer, check_icmp shows
 * jitter 0, MOS 0 and score 0, and so do we (measures.valid says which).
 *
 * Two halves, both pure: latency_add_reply() folds one reply into a small
 * accumulator kept in the host record (called by the receiver thread that
 * owns the host's reply counters, so it needs no lock), and
 * latency_measure() turns the accumulator into the measures once the run
 * is over.  Nothing else in the engine knows these measures exist.
 */
#ifndef MULTIPING_LATENCY_H
#define MULTIPING_LATENCY_H

#include <stdbool.h>
#include <stdint.h>

/* What one host's replies leave behind for the measures (24 bytes). */
struct latency_acc {
    uint64_t jitter_sum_us; /* sum of |rtt[i] - rtt[i-1]| over arrival order */
    uint32_t last_rtt_us;   /* RTT of the latest reply */
    uint32_t jitter_min_us; /* smallest and largest of those differences */
    uint32_t jitter_max_us;
    uint16_t last_packet; /* packet number of the latest reply */
    uint8_t out_of_order; /* a reply arrived after a reply to a later request */
};

/* Fold in one reply: packet is its request's number in the host's series,
 * received_before the replies counted for the host before this one. */
void latency_add_reply(struct latency_acc *a, uint32_t received_before, uint16_t packet,
                       uint32_t rtt_us);

struct latency_measures {
    bool valid;    /* at least two replies: jitter, MOS and score are meaningful */
    bool in_order; /* no reply arrived out of order */
    double jitter_ms;
    double jitter_min_ms;
    double jitter_max_ms;
    double score; /* R, 0..100 */
    double mos;   /* 1..~4.4 (0 when !valid) */
};

/* The measures of a host with `received` replies, average RTT rta_us and
 * loss_pct percent loss (check_icmp passes a whole percent). */
void latency_measure(const struct latency_acc *a, uint32_t received, double rta_us, double loss_pct,
                     struct latency_measures *out);

/* The score and MOS for an effective picture (exposed for tests). */
double latency_score(double rta_ms, double jitter_ms, double loss_pct);
double latency_mos(double score);

#endif
