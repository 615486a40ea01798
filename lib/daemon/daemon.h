/*
 * daemon.h - check_multiping --watch: the long-running lifecycle of the
 * same engine (issue 19).
 *
 *   main (daemon_run)   loads the first generation (generation.h), starts
 *                       everything, then waits for signals: SIGHUP or every
 *                       --reload seconds a new generation, SIGTERM/SIGINT
 *                       the end (flush pending changes, bounded, exit 0)
 *   sender (engine)     takes each send from the prober (prober.h), which
 *                       owns every host's liveness and the schedule, drains
 *                       the receivers' fate rings and feeds `pending`
 *   receivers (engine)  replies and ICMP errors -> fate rings
 *   submitter           `pending` -> the sink (API or command pipe), and
 *                       the heartbeat (submitter.h)
 *
 * Signals are blocked in every thread and taken synchronously by main
 * (sigtimedwait): no handler runs, nothing is done in signal context.
 * There is no -t over the run; every wait has its own bound.
 */
#ifndef MULTIPING_DAEMON_H
#define MULTIPING_DAEMON_H

#include "generation.h"
#include "net/send_params.h"
#include "net/sock.h"
#include "prober.h"
#include "submitter.h"
#include "watch/pending.h"
#include "watch_log.h"

#include <stddef.h>
#include <stdint.h>

struct daemon_config {
    struct generation_source source;
    struct prober_config prober;
    struct pending_config pending;
    struct submitter_config submit;
    uint32_t rate_pps;
    const struct send_params *send;
    uint64_t reload_ns;       /* 0: only on SIGHUP */
    uint64_t load_timeout_ns; /* loading and resolving one generation */
    uint64_t stop_ns;         /* SIGTERM: flush for at most this long */
    uint32_t down_after_s;
    bool core_states; /* the source reads the core's states (--from-api): they are read
                         once more after the first submission (daemon.c settle_check) */
};

/* Run until SIGTERM or SIGINT: 0; 1 when a thread was still busy at the
 * stop's bound (a reload reading the host list, a batch being sent): the
 * caller must then exit without freeing anything those threads use (the
 * bulk wiring, libcurl); -1 with a message when it could not start (the
 * first host list, memory, threads).  Logs through log. */
int daemon_run(const struct daemon_config *cfg, struct icmp_socket sockets[2],
               struct watch_log *log, char *err, size_t errlen);

#endif
