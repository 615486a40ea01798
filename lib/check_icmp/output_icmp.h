/*
 * output_icmp.h - the check_icmp personality's text: one status line with
 * perfdata as Monitoring Plugins' check_icmp 2.4 prints it, from the same
 * host table the native formatters read (judged by verdict_icmp.h).
 *
 *   OK - 192.0.2.1 rta 0.040ms lost 0%|rta=0.040ms;200.000;500.000;0;
 *   rtmax=0.061ms;;;; rtmin=0.029ms;;;; pl=0%;40;80;0;100
 *
 * Hosts are joined by " :: " in command-line order; a host that never
 * answered reads "NAME: rta nan, lost 100%" (with "ERROR @ ROUTER. " before
 * "rta" when an ICMP error named the cause).  A value is shown when the run
 * is OK, or with its threshold ("rta 612.000ms > 500.000ms") when it is what
 * made the run WARNING or CRITICAL; that is check_icmp's rule.  Perfdata
 * labels are bare for one host and prefixed with the host ("192.0.2.1rta=")
 * for several; "U" for a host without replies.
 */
#ifndef MULTIPING_OUTPUT_ICMP_H
#define MULTIPING_OUTPUT_ICMP_H

#include "hosts/hostset.h"
#include "state.h"
#include "verdict_icmp.h"

#include <stdio.h>

/*
 * Print the result and return the exit state.  A name that did not resolve
 * makes the run UNKNOWN with check_icmp's "Failed to resolve" line instead.
 */
enum state output_icmp_result(FILE *out, const struct hostset *set, const struct icmp_config *cfg);

/* "check_icmp: message": check_icmp's one line for a run that could not
 * happen (exit UNKNOWN). */
void output_icmp_failure(FILE *out, const char *message);

#endif
