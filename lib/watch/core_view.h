/*
 * core_view.h - what --watch makes of the core's state of an object, read
 * at start and at every reload (the streamed query --skip-unchanged uses):
 * pure functions of the core's state, state type and time of its last
 * result against the daemon's own last state.
 *
 * The daemon submits an object when its state differs from the one it last
 * put (prober.h's last_state; -1 none: the next decision is submitted).
 * The core's state counts only when it is hard and comes with a result: a
 * host the core never checked (pending: state 0, no last_check) is not UP,
 * and is submitted (bulk mode's --skip-unchanged takes it as too old too).
 * At a reload, a kept object whose core state differs from the daemon's
 * (the core's own freshness check racing the first result, an operator's
 * manual result, a restored retention file) is submitted again: such a
 * drift lasts at most one reload period.  A core that says nothing of the
 * object (core_state -1: a host list from a file, no answer for it) leaves
 * the daemon's state as it is.
 */
#ifndef MULTIPING_CORE_VIEW_H
#define MULTIPING_CORE_VIEW_H

#include <stdbool.h>
#include <stdint.h>

/* The core's state as the daemon may take it: its first last state at
 * start (and for an object new at a reload), so that only what differs is
 * submitted; -1 when the core's state is unknown, soft, or has no result
 * (core_checked 0). */
int core_view_state(int core_state, bool core_hard, uint32_t core_checked);

/* At a reload, for a kept object: the daemon's last state `last` when the
 * core agrees with it (or says nothing), else -1 (submit it again). */
int core_view_reconcile(int core_state, bool core_hard, uint32_t core_checked, int last);

#endif
