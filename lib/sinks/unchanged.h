/*
 * unchanged.h - --skip-unchanged: which objects of a bulk run need no new
 * result because the core already holds the same one, fresh enough.
 *
 * Why: a bulk service every minute over 100,000 hosts makes the core
 * process 100,000 results a minute, nearly all of them saying what it
 * already knows (Icinga 2: about 60 % of a core).  An object is skipped
 * when, at the start of the run, the core held a HARD state equal to the
 * new one and its last check result is younger than max_age_s.  Every
 * other object is submitted: a changed state, a soft state (the core
 * counts attempts, each needs a result), a result older than max_age_s
 * (it must be renewed before its ttl runs out: max_age_s < ttl), and an
 * object whose state the core did not tell (core_state -1).
 *
 * The price: a skipped object gets no new rta/pl point for its graph
 * until its result is resubmitted (at the latest after max_age_s).
 */
#ifndef MULTIPING_UNCHANGED_H
#define MULTIPING_UNCHANGED_H

#include "hosts/objects.h"
#include "submit.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when object o may keep its current result instead of new_state's;
 * now is Unix time (seconds). */
bool unchanged_skip(const struct object *o, int new_state, double now, uint32_t max_age_s);

/* Of the n objects pick[] names, keep in pick[] those to submit (in their
 * order), formatting each to learn its new state, and mark the rest
 * OBJECT_UNCHANGED; returns how many are kept. */
size_t unchanged_pick(const struct submit_source *src, size_t n, double now, uint32_t max_age_s,
                      uint32_t *pick);

#endif
