/*
 * watch_result.h - one --watch result (pending.h) as the sinks want it:
 * state, one line of output and perfdata over the probes since the host's
 * previous result.  Pure: no I/O, fixed buffers.
 *
 *   "PING OK - 10.0.0.1: rta 0.052 ms, lost 0%"
 *       rta=0.052ms;;;0 pl=0%;;;0;100 jitter=0.010ms;;;0
 *   "PING CRITICAL - 10.0.0.1: no reply for 15 s, last error: host
 *    unreachable from 10.0.0.254"   rta=U;;;0 pl=100%;;;0;100
 *
 * The word after PING is the state submitted (a host's UP is OK and DOWN
 * is CRITICAL, as in bulk results, output_hostresult.h).
 */
#ifndef MULTIPING_WATCH_RESULT_H
#define MULTIPING_WATCH_RESULT_H

#include "ipaddr.h"
#include "submit.h"
#include "watch/pending.h"

#include <stdbool.h>
#include <stdint.h>

struct watch_result_context {
    const char *object;        /* the object's name */
    const struct ipaddr *addr; /* the address pinged for it */
    const char *spelling;      /* how the object names it (shown when it did not resolve) */
    bool service;              /* r->state is a service state (0-3), else a host state (0/1) */
    uint32_t down_after_s;
};

void watch_result_format(const struct pending_result *r, const struct watch_result_context *c,
                         struct submit_item *item);

#endif
