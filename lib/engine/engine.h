/*
 * engine.h - pings every host of a table, in parallel, with a fixed number
 * of threads whatever the number of hosts:
 *
 *   resolver (1 c-ares thread, or <= 16 getaddrinfo workers; resolve.h)
 *                     names -> addresses -> ready queue
 *   sender (1)        ready queue -> echo requests, paced by --rate and
 *                     --interval; records each send in the flight table
 *   receivers (1 per family with a socket)  replies and ICMP errors ->
 *                     flight table and per-host counters
 *   main (the caller) sweeps timed-out packets, waits for completion or
 *                     the deadline, then stops and joins everyone
 *
 * Data flows one way: hostset -> readyq -> sender -> sockets -> receivers
 * -> hostset counters; the flight table (flight.h) is the only structure
 * every thread touches, and it does so through atomics.
 *
 * The run ends as soon as every packet's fate is known (a network whose
 * hosts all answer takes milliseconds), or at cfg->deadline_ns at the
 * latest.
 */
#ifndef MULTIPING_ENGINE_H
#define MULTIPING_ENGINE_H

#include "run_context.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct engine_report {
    bool timed_out;            /* the deadline came before every outcome was known */
    bool abandoned;            /* a getaddrinfo worker could not be stopped: the hostset must
                                  not be freed (exit instead) */
    uint32_t unfinished_hosts; /* hosts with a packet whose outcome is unknown, or still
                                  resolving (0 unless timed_out) */
    int resolver_errno;        /* a name lookup failed for lack of resources */
    uint64_t rx_dropped;       /* packets the kernel dropped on our sockets (buffer full) */
};

/*
 * Run it.  sockets[0] and [1] are the AF_INET and AF_INET6 sockets (fd -1
 * where not open).  Fills set's per-host fields and *rep.  Returns 0, or -1
 * with a message when the run could not start (out of memory, no thread).
 */
int engine_run(const struct run_config *cfg, struct icmp_socket sockets[2], struct hostset *set,
               struct engine_report *rep, char *err, size_t errlen);

/*
 * --watch: the same sender and receivers, run until engine_stop, the
 * sender fed by `source` and the receivers feeding `fate[family]`
 * (source.h).  The caller makes source->next return false before calling
 * engine_stop (its own stop flag), which then wakes the receivers and
 * joins every thread.  The echo identifiers the receivers check are in
 * engine_context(e)->ids once started.
 */
struct engine;
struct engine_parts {
    struct probe_source *source;
    struct fate_sink *fate[2]; /* [0] AF_INET, [1] AF_INET6 */
    uint32_t rate_pps;
    const struct send_params *send;
    uint64_t rx_gather_ns; /* run_context.h */
};
int engine_start(const struct engine_parts *parts, struct icmp_socket sockets[2],
                 struct engine **out, char *err, size_t errlen);
const struct run_context *engine_context(const struct engine *e);
void engine_stop(struct engine *e);

#endif
