/*
 * verdict.h - from per-host results to one plugin state.
 *
 * Each host falls in exactly one class once the engine is done:
 *   unresolved   its name did not resolve (or was still resolving at -t)
 *   alive        every echo request sent was answered (and at least one sent)
 *   partial      some, not all, were answered
 *   unreachable  none answered, and an ICMP error or a send error was seen
 *   dead         none answered, no error seen
 * down = dead + unreachable + unresolved.
 *
 * The state is the worst of the configured checks:
 *   - the down count against -w/-c (ranges, counts or percent of all hosts);
 *   - the alive count against --min-alive (CRITICAL when it alerts);
 *   - the partial count against --partial-warning/--partial-critical;
 *   - per-host limits (--host-warning/--host-critical: RTA, loss, jitter,
 *     MOS, score; the last three only for hosts with two replies), applied
 *     to hosts that answered at least once (alive and partial): a host over
 *     the critical limit makes the run CRITICAL, over the warning one WARNING.
 * When none of -w, -c and --min-alive is given, the down count is judged by
 * the default rule instead: OK when nothing is down, CRITICAL when every host
 * is down, WARNING otherwise.
 */
#ifndef MULTIPING_VERDICT_H
#define MULTIPING_VERDICT_H

#include "hosts/hostset.h"
#include "range.h"
#include "state.h"

#include <stdbool.h>
#include <stdint.h>

enum host_class {
    CLASS_ALIVE = 0,
    CLASS_PARTIAL,
    CLASS_DEAD,
    CLASS_UNREACHABLE,
    CLASS_UNRESOLVED,
    CLASS_COUNT,
};

struct verdict_config {
    struct threshold down;    /* -w / -c */
    struct threshold partial; /* --partial-warning / --partial-critical */
    bool has_min_alive;
    struct range min_alive; /* --min-alive N is the range "N:" on the alive count */
    bool has_host_warning;
    bool has_host_critical;
    struct host_limit host_warning;
    struct host_limit host_critical;
};

struct verdict {
    uint32_t hosts;
    uint32_t count[CLASS_COUNT];
    uint32_t down;
    uint32_t over_host_warning;  /* hosts over --host-warning but not --host-critical */
    uint32_t over_host_critical; /* hosts over --host-critical */
    uint64_t sent;               /* echo requests sent, all hosts */
    uint64_t received;           /* echo replies counted, all hosts */
    bool has_rtt;                /* at least one reply: the rta_* fields are set */
    double rta_min_ms;
    double rta_avg_ms; /* over all replies */
    double rta_max_ms;
    double loss_pct; /* 100 * (sent - received) / sent; 0 when nothing was sent (output
                        prints "U" / null then) */
    enum state state;
};

const char *verdict_class_name(enum host_class c); /* "alive", "partial", ... */
enum host_class verdict_classify(const struct host *h);
/* Loss in percent and average RTT (us) of one host; rta_us < 0 if no reply. */
double verdict_host_loss(const struct host *h);
double verdict_host_rta_us(const struct host *h);
/* Jitter, MOS, score and order of one host (latency.h). */
void verdict_host_latency(const struct host *h, struct latency_measures *out);
/* The HOST_LIMIT_* parts (range.h) of --host-critical (critical) or
 * --host-warning that h crossed; 0 for a host that did not answer. */
unsigned verdict_host_limit_parts(const struct verdict_config *cfg, const struct host *h,
                                  bool critical);
/* OK, WARNING or CRITICAL for one host against the per-host limits. */
enum state verdict_host_state(const struct verdict_config *cfg, const struct host *h);
/* Count, aggregate and judge the whole set. */
void verdict_compute(const struct verdict_config *cfg, const struct hostset *set,
                     struct verdict *out);

#endif
