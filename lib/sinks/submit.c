/*
 * submit.c - what every sink shares (see submit.h): the first-error record
 * and the formatter that turns object i of a finished run into its result.
 */
#include "submit.h"

#include "hosts/objects.h"
#include "output_hostresult.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void submit_note_error(struct submit_counts *c, const char *fmt, ...)
{
    if (c->error[0] != '\0')
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->error, sizeof(c->error), fmt, ap);
    va_end(ap);
}

void submit_record(const struct submit_batch *b, struct submit_counts *c, size_t index,
                   enum submit_outcome outcome, const char *reason)
{
    c->submitted += outcome == SUBMIT_OK || outcome == SUBMIT_SUPERSEDED;
    c->superseded += outcome == SUBMIT_SUPERSEDED;
    c->failed += outcome == SUBMIT_FAILED || outcome == SUBMIT_HELD || outcome == SUBMIT_REFUSED;
    c->held += outcome == SUBMIT_HELD;
    if (b->outcome)
        b->outcome(b->outcome_ctx, index, outcome, reason ? reason : "");
}

double submit_wall_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An alias (a name that resolved to an address already pinged) was not
 * pinged itself: its object gets the result of the host it aliases. */
static const struct host *pinged_host(const struct hostset *set, const struct host *h)
{
    const struct host *t = h;
    while (t && !hostset_is_target(t)) {
        t = hostset_next_spelling(set, t);
        if (t == h)
            return h;
    }
    return t ? t : h;
}

void submit_source_format(const void *ctx, size_t index, struct submit_item *out)
{
    const struct submit_source *src = ctx;
    if (src->pick)
        index = src->pick[index];
    const struct object *o = &src->objects->items[index];
    const struct host *h = pinged_host(src->set, &src->set->hosts[o->host]);
    out->object = objects_name(src->objects, index);
    hostresult_format(src->set, h, objects_address(src->objects, index), src->cfg, src->service,
                      out);
    out->unfinished = (atomic_load(&h->flags) & HOST_UNFINISHED) != 0;
}

void submit_source_outcome(void *ctx, size_t index, enum submit_outcome outcome, const char *reason)
{
    static const enum object_outcome as_object[] = {
        [SUBMIT_OK] = OBJECT_SUBMITTED,   [SUBMIT_SUPERSEDED] = OBJECT_SUPERSEDED,
        [SUBMIT_FAILED] = OBJECT_FAILED,  [SUBMIT_HELD] = OBJECT_HELD,
        [SUBMIT_REFUSED] = OBJECT_FAILED,
    };
    struct submit_source *src = ctx;
    if (src->pick)
        index = src->pick[index];
    /* out of memory keeps the outcome, without its reason */
    (void)objects_set_outcome(src->objects, index, as_object[outcome], reason);
}
