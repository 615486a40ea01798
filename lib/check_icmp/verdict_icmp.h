/*
 * verdict_icmp.h - the check_icmp personality's judgement: per-host states
 * for check_icmp's modes and the run's state, as Monitoring Plugins 2.4
 * defines them, from the same host table the native verdict reads.
 *
 * Modes (-R -P -J -M -S -O; none given means -R -P):
 *   rta     CRITICAL when the average RTT reaches the critical RTA, WARNING
 *           when it reaches the warning one;
 *   pl      likewise for the packet loss, a whole percent rounded down;
 *   jitter  likewise for the jitter (ms);
 *   mos     CRITICAL when the MOS is at or below the critical MOS, WARNING
 *           at or below the warning one;
 *   score   likewise for the score;
 *   order   CRITICAL when a reply arrived out of order.
 * A host that never answered is CRITICAL whatever the modes (2.4 makes the
 * run CRITICAL but may count such a host as OK for -m in jitter-, MOS- or
 * score-only modes; we do not).  The run is the worst host; CRITICAL when no
 * host answered.  -m N then overrides: OK when at least N hosts are OK,
 * else WARNING when at least N are OK or WARNING.
 */
#ifndef MULTIPING_VERDICT_ICMP_H
#define MULTIPING_VERDICT_ICMP_H

#include "hosts/hostset.h"
#include "hosts/latency.h"
#include "state.h"

#include <stdbool.h>
#include <stdint.h>

enum icmp_mode {
    ICMP_MODE_RTA = 1u << 0,
    ICMP_MODE_PL = 1u << 1,
    ICMP_MODE_JITTER = 1u << 2,
    ICMP_MODE_MOS = 1u << 3,
    ICMP_MODE_SCORE = 1u << 4,
    ICMP_MODE_ORDER = 1u << 5,
};

/* One side of check_icmp's thresholds (warning or critical). */
struct icmp_limits {
    uint64_t rta_us;
    unsigned pl; /* percent */
    double jitter_ms;
    double mos;
    double score;
};

struct icmp_config {
    unsigned modes; /* enum icmp_mode bits; 0 means RTA | PL */
    struct icmp_limits warn, crit;
    int min_hosts_alive; /* -m; -1 when not given */
    int verbose;         /* -v */
};

/* One host as check_icmp sees it. */
struct icmp_host_result {
    bool answered; /* at least one reply */
    unsigned pl;   /* whole percent; 100 when nothing was answered or sent */
    double rta_us; /* 0 when !answered */
    struct latency_measures lat;
    enum state rta, pl_state, jitter, mos, score, order; /* per mode, OK when off */
    enum state state;                                    /* the worst of the modes that are on */
};

/* The modes that are on (RTA | PL when none was chosen). */
unsigned verdict_icmp_modes(const struct icmp_config *cfg);
void verdict_icmp_host(const struct icmp_config *cfg, const struct host *h,
                       struct icmp_host_result *out);
/* The run's state, -m applied. */
enum state verdict_icmp_run(const struct icmp_config *cfg, const struct hostset *set);

#endif
