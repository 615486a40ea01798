/*
 * submit.c - what every sink shares (see submit.h): the first-error record
 * and the formatter that turns object i of a finished run into its result.
 */
#include "submit.h"

#include "hosts/objects.h"
#include "output_hostresult.h"

#include <stdarg.h>
#include <stdio.h>

void submit_note_error(struct submit_counts *c, const char *fmt, ...)
{
    if (c->error[0] != '\0')
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->error, sizeof(c->error), fmt, ap);
    va_end(ap);
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
    out->object = objects_name(src->objects, index);
    hostresult_format(src->set, pinged_host(src->set, &src->set->hosts[o->host]),
                      objects_address(src->objects, index), src->cfg, src->service, out);
}

void submit_report(const struct submit_batch *batch, size_t index, enum submit_outcome outcome)
{
    if (batch->done)
        batch->done(batch->ctx, index, outcome);
}
