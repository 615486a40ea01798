/*
 * submit_report.h - which objects of a bulk run did not get their result,
 * and why, as the report shows them: a few lines for the plugin's long
 * output, and every one of them for JSON.
 *
 * Why a module: a run of 10,000s of objects may have many failures, and
 * a core's long output must stay short (at most `max` lines, then "... and
 * N more"), while a script reading the JSON wants all of them.  The lines
 * quote each name through excerpt.h (one printable line whatever it holds);
 * the JSON keeps the name itself (objects.h keeps names UTF-8).
 *
 * Listed: refused (never pinged nor sent), failed, held back (not finished
 * when -t ran out), in that order; the JSON also lists the superseded (the
 * core holds a newer result: not a failure, but not ours either).
 */
#ifndef MULTIPING_SUBMIT_REPORT_H
#define MULTIPING_SUBMIT_REPORT_H

#include "hosts/objects.h"

#include <stddef.h>

struct submit_report {
    char *text; /* long output lines, each ending in '\n'; NULL when none */
    char *json; /* a JSON array of {"object", "outcome", "reason"}; NULL when none */
};

/* Build both from the objects' outcomes; -1 when out of memory. */
int submit_report_build(const struct objects *o, size_t max, struct submit_report *r);
void submit_report_free(struct submit_report *r);

#endif
