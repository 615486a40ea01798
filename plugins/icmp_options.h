/*
 * icmp_options.h - the check_icmp personality's command line: Monitoring
 * Plugins check_icmp 2.4's options (and 3.x's long names as aliases),
 * parsed into the same struct options the native front end fills, plus the
 * thresholds and modes only check_icmp's verdict reads (struct icmp_config).
 *
 * One table (icmp_options.c) drives getopt_long and --help.  Every failure
 * is one line in check_icmp's manner, "check_icmp: what", exit UNKNOWN.
 */
#ifndef MULTIPING_ICMP_OPTIONS_H
#define MULTIPING_ICMP_OPTIONS_H

#include "options.h"
#include "check_icmp/verdict_icmp.h"

#include <stdio.h>

/* check_icmp's defaults: 5 packets 80 ms apart, -w 200ms,40% -c 500ms,80%,
 * -J 40,50 -M 3.5,3 -S 80,70, 68 data bytes, 10 s. */
#define ICMP_DEFAULT_PACKETS 5
#define ICMP_DEFAULT_INTERVAL_US 80000
#define ICMP_DEFAULT_DATA_SIZE 68
#define ICMP_MAX_PACKETS 20
#define ICMP_MIN_DATA_SIZE 52
#define ICMP_MAX_DATA_SIZE 65507

enum options_result icmp_options_parse(int argc, char **argv, struct options *opt,
                                       struct icmp_config *icmp, FILE *out, char *err,
                                       size_t errlen);
/* The same in two steps, as options_begin() and options_finish() (see
 * options.h): the command line's -t first, then the --extra-opts files
 * and both layers of options. */
enum options_result icmp_options_begin(int argc, char **argv, struct options *opt,
                                       struct icmp_config *icmp, char *err, size_t errlen);
enum options_result icmp_options_finish(struct options *opt, struct icmp_config *icmp, FILE *out,
                                        char *err, size_t errlen);

/* Fit the per-packet wait into -t (check_icmp never refuses a run): wait
 * for a reply as long as the critical RTA, at least 1 s, but never past -t
 * less margin_ms. */
void icmp_options_fit_timing(struct options *opt, const struct icmp_config *icmp,
                             uint32_t margin_ms);

void icmp_options_print_help(FILE *out);

#endif
