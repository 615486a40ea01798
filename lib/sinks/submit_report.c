/*
 * submit_report.c - the objects that did not get their result, as lines
 * and as JSON (see submit_report.h).  Runs once, after the sink.
 */
#include "submit_report.h"

#include "excerpt.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Listing order, and the word for each outcome. */
static const struct {
    enum object_outcome outcome;
    const char *word;
    bool in_text;
} listed[] = {
    {OBJECT_REFUSED, "refused", true},
    {OBJECT_FAILED, "failed", true},
    {OBJECT_HELD, "held back", true},
    {OBJECT_SUPERSEDED, "superseded", false},
};

static int add_line(FILE *f, const struct objects *o, size_t i, const char *word)
{
    char quoted[EXCERPT_LEN];
    const char *reason = objects_reason(o, i);
    return fprintf(f, "object '%s' %s%s%s\n",
                   excerpt_quote(objects_name(o, i), quoted, sizeof(quoted)), word,
                   reason[0] ? ": " : "", reason) < 0
               ? -1
               : 0;
}

static int build_text(const struct objects *o, size_t max, struct submit_report *r)
{
    size_t size = 0, printed = 0, more = 0;
    FILE *f = open_memstream(&r->text, &size);
    int rc = f ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < sizeof(listed) / sizeof(*listed); k++) {
        for (size_t i = 0; rc == 0 && listed[k].in_text && i < o->count; i++) {
            if (o->items[i].outcome != listed[k].outcome)
                continue;
            if (printed++ < max)
                rc = add_line(f, o, i, listed[k].word);
            else
                more++;
        }
    }
    if (rc == 0 && more > 0 && fprintf(f, "... and %zu more objects failed or refused\n", more) < 0)
        rc = -1;
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc == 0 && size == 0) {
        free(r->text);
        r->text = NULL;
    }
    return rc;
}

static json_t *entry(const struct objects *o, size_t i, const char *word)
{
    char quoted[EXCERPT_LEN];
    json_t *name = json_string(objects_name(o, i));
    json_t *reason = json_string(objects_reason(o, i));
    if (!name)
        name = json_string(excerpt_quote(objects_name(o, i), quoted, sizeof(quoted)));
    if (!reason)
        reason = json_string(excerpt_quote(objects_reason(o, i), quoted, sizeof(quoted)));
    return json_pack("{s:o?, s:s, s:o?}", "object", name, "outcome", word, "reason", reason);
}

static int build_json(const struct objects *o, struct submit_report *r)
{
    json_t *all = json_array();
    int rc = all ? 0 : -1;
    for (size_t k = 0; rc == 0 && k < sizeof(listed) / sizeof(*listed); k++) {
        for (size_t i = 0; rc == 0 && i < o->count; i++) {
            if (o->items[i].outcome == listed[k].outcome)
                rc = json_array_append_new(all, entry(o, i, listed[k].word));
        }
    }
    if (rc == 0 && json_array_size(all) > 0) {
        r->json = json_dumps(all, JSON_COMPACT);
        rc = r->json ? 0 : -1;
    }
    json_decref(all);
    return rc;
}

int submit_report_build(const struct objects *o, size_t max, struct submit_report *r)
{
    memset(r, 0, sizeof(*r));
    if (build_text(o, max, r) < 0 || build_json(o, r) < 0) {
        submit_report_free(r);
        return -1;
    }
    return 0;
}

void submit_report_free(struct submit_report *r)
{
    free(r->text);
    free(r->json);
    memset(r, 0, sizeof(*r));
}
