/*
 * output.h - all text the plugin prints about a finished run, in one place:
 * the status line with perfdata, the long output, the per-host table and the
 * JSON document.  Nothing is formatted anywhere else (main only chooses).
 *
 * Status line (Monitoring Plugins Development Guidelines):
 *   MULTIPING OK - 60 hosts: 40 alive, 5 partial, 11 dead, 3 unreachable,
 *   1 unresolved | hosts=60;;;0; alive=40;;;0;60 ... loss=12.5%;;;0;100
 * Perfdata labels, always all of them, in this order:
 *   hosts alive partial dead unreachable unresolved down rta_min rta_avg
 *   rta_max loss
 * warn/crit appear on down (-w/-c), partial (--partial-*) and alive
 * (--min-alive, as the critical field), percent thresholds converted to
 * counts; min is 0 and max the host count on counts, 0;100 on loss.  rta_*
 * are in ms with 3 decimals, or "U" when no reply was received; loss is
 * "U" when no request was sent.
 * With --submit, "submitted" and "submit_failed" follow loss.
 * --perfdata-hosts appends NAME_rta=..ms;W;C;0; NAME_pl=..%;W;C;0;100 (and
 * NAME_jitter, NAME_mos, NAME_score) per pinged host (W/C from
 * --host-warning/--host-critical); NAME is the host's label with every byte
 * other than [A-Za-z0-9_-] made '_', so that the Graphite and InfluxDB
 * writers keep a label as one word (192.0.2.1 -> 192_0_2_1_rta); a word two
 * labels make is given to the first and WORD_2, ... to the others
 * (output_labels.h).
 *
 * Long output: the problem hosts, worst first (dead, unreachable, unresolved,
 * partial, then hosts over per-host limits), one per line, at most
 * max_lines, then "... and N more".  A partial host over a per-host limit
 * ends its line with the limit it reached: "(over host critical: loss 50%)".
 */
#ifndef MULTIPING_OUTPUT_H
#define MULTIPING_OUTPUT_H

#include "hosts/hostset.h"
#include "verdict/verdict.h"

#include <stdbool.h>
#include <stdio.h>

enum output_format {
    OUTPUT_PLUGIN = 0, /* status line, perfdata, long output */
    OUTPUT_TABLE,      /* status line, then an aligned per-host table, worst first */
    OUTPUT_JSON,       /* one JSON document */
};

struct output_options {
    enum output_format format;
    bool perfdata_hosts;
    unsigned max_lines; /* long output lines before "... and N more"; 0 = none */
    int verbose;        /* -v: add the per-host table to the long output */
    const char *note;   /* appended to the summary after "; " (e.g. a -t timeout), or NULL */
    /* --submit: results sent to the core, shown as perfdata "submitted"
     * and "submit_failed" (min 0, max their sum) */
    bool has_submit;
    uint64_t submitted;
    uint64_t submit_failed;
    /* --skip-unchanged: results not sent, the core holding the same
     * (perfdata "unchanged"; the max of all three is their sum) */
    bool has_unchanged;
    uint64_t unchanged;
    /* bulk runs: the objects that failed or were refused, as long output
     * lines (printed first, already cut short) and as a JSON array (all of
     * them, member "objects_not_submitted"); NULL when none */
    const char *bulk_text;
    const char *bulk_json;
};

/* Print the whole result of a run.  Returns 0, or -1 on an output error. */
int output_result(FILE *out, const struct hostset *set, const struct verdict *v,
                  const struct verdict_config *cfg, const struct output_options *opt);

/* The one line for a run that could not happen: "MULTIPING UNKNOWN - msg". */
void output_failure(FILE *out, enum state state, const char *message);

#endif
