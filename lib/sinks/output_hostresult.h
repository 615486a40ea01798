/*
 * output_hostresult.h - one host's own check result as a core wants it
 * from a bulk run: state, one line of plugin output and check_icmp's
 * perfdata labels (rta, pl), so that existing graphs keep working.
 *
 * Pure: no I/O, fixed buffers.  State mapping:
 *   host results:    UP (0) for alive and partial; DOWN (1) for dead,
 *                    unreachable and unresolved.
 *   service results: alive and partial hosts are OK, WARNING or CRITICAL
 *                    by --host-warning/--host-critical (verdict_host_state);
 *                    dead, unreachable and unresolved hosts are CRITICAL.
 * Output:
 *   "PING OK - 10.1.0.4: rta 0.210 ms, lost 0%"
 *   "PING OK - 10.1.0.4: partial, rta 0.210 ms, lost 50% (1 of 2 replies)"
 *   "PING CRITICAL - 10.1.0.5: no reply, lost 100% (0 of 2 replies)"
 *   "PING CRITICAL - 10.1.9.1: unreachable: ICMP host unreachable (type 3 code 1) from ..."
 *   "PING CRITICAL - bad.example: name did not resolve: Name or service not known"
 * The word after PING is the state submitted (UP is shown as OK, DOWN as
 * CRITICAL, as check_icmp's own text for a host check says).
 */
#ifndef MULTIPING_OUTPUT_HOSTRESULT_H
#define MULTIPING_OUTPUT_HOSTRESULT_H

#include "hosts/hostset.h"
#include "submit.h"
#include "verdict/verdict.h"

#include <stdbool.h>

#define HOSTRESULT_UP 0
#define HOSTRESULT_DOWN 1

/* 0 UP or 1 DOWN for a host check result. */
int hostresult_host_state(const struct host *h);
/* OK, WARNING or CRITICAL for a service check result. */
enum state hostresult_service_state(const struct verdict_config *cfg, const struct host *h);

/* Fill item's exit_status, output and perfdata (not item->object).
 * spelling: how the object named what to ping (its address text), shown
 * with the address pinged when they differ; NULL shows the host's own
 * identity (a deduplicated host may carry other objects' spellings). */
void hostresult_format(const struct hostset *set, const struct host *h, const char *spelling,
                       const struct verdict_config *cfg, bool service, struct submit_item *item);

#endif
