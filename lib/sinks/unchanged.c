/*
 * unchanged.c - the --skip-unchanged decision (see unchanged.h): a pure
 * function of what the core held and the new state, and the walk that
 * applies it to every object of a run.
 */
#include "unchanged.h"

bool unchanged_skip(const struct object *o, int new_state, double now, uint32_t max_age_s)
{
    if (o->core_state < 0 || !o->core_hard || o->core_state != new_state || o->core_checked == 0)
        return false;
    double age = now - (double)o->core_checked;
    /* a last check from the future (clocks apart) counts as just now */
    return age < (double)max_age_s;
}

size_t unchanged_pick(const struct submit_source *src, size_t n, double now, uint32_t max_age_s,
                      uint32_t *pick)
{
    struct submit_source all = *src;
    struct submit_item item;
    size_t kept = 0;
    all.pick = NULL;
    for (size_t k = 0; k < n; k++) {
        uint32_t i = pick[k];
        submit_source_format(&all, i, &item);
        /* an unfinished host's state is a guess: the sink holds it back */
        if (!item.unfinished &&
            unchanged_skip(&src->objects->items[i], item.exit_status, now, max_age_s))
            src->objects->items[i].outcome = OBJECT_UNCHANGED;
        else
            pick[kept++] = i;
    }
    return kept;
}
