/*
 * core_view.c - the core's state against the daemon's (see core_view.h).
 */
#include "core_view.h"

int core_view_state(int core_state, bool core_hard, uint32_t core_checked)
{
    if (core_state < 0 || core_state > 3 || !core_hard || core_checked == 0)
        return -1;
    return core_state;
}

int core_view_reconcile(int core_state, bool core_hard, uint32_t core_checked, int last)
{
    if (core_state < 0 || last < 0)
        return last; /* the core said nothing, or the daemon submits anyway */
    return core_view_state(core_state, core_hard, core_checked) == last ? last : -1;
}
