/*
 * heartbeat.h - the daemon's own result (--heartbeat=HOST!SERVICE): what
 * it watches, how well it keeps up, and how submission goes.  Pure: the
 * figures in, the state, the line and the perfdata out.
 *
 *   MULTIPING WATCH OK - 1000 hosts: 998 up, 2 down, 0 unknown, 200.0
 *   probes/s, 1234 results submitted, 0 failed, oldest unsent change 0.0 s
 *
 * OK; WARNING when a submission failed in the last interval or a change
 * has waited more than two intervals; CRITICAL when probes went out late
 * in the last interval (the sender cannot hold the interval).
 */
#ifndef MULTIPING_HEARTBEAT_H
#define MULTIPING_HEARTBEAT_H

#include <stddef.h>
#include <stdint.h>

struct heartbeat_figures {
    uint32_t hosts, up, down, unknown;
    double probes_per_s;
    uint64_t submitted, failed, late;    /* ever */
    uint64_t failed_recent, late_recent; /* in the last interval */
    double oldest_unsent_s;
    double interval_s;
};

#define HEARTBEAT_PERFDATA_LEN 512

/* Returns the state (0 OK, 1 WARNING, 2 CRITICAL); fills output and perfdata. */
int heartbeat_format(const struct heartbeat_figures *f, char *output, size_t output_len,
                     char *perfdata, size_t perfdata_len);

#endif
