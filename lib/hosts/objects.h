/*
 * objects.h - the monitoring core's objects of a bulk run: which host or
 * service object each result goes to, and which host of the table it is.
 *
 * Why a map of its own: the host table (hostset.h) knows addresses and
 * names to ping, not the core's objects, and is deduplicated: two Icinga
 * hosts with the same address are pinged once and both get that result.
 * So an object is (object name, host index), many objects may share one
 * index, and struct host carries nothing about objects.
 *
 * Objects come from -f lines "OBJECT_NAME ADDRESS" (a line with one word
 * is an object named after its address), from -H/positional words when
 * submitting (each its own object), or from the Icinga 2 API
 * (icinga_query.h).  objects_add() only remembers the texts; objects_build()
 * adds every address to the host table (before it is sealed) and records
 * the index.  An object name may not hold ';' or control characters: the
 * Nagios command file separates fields with ';' and lines with '\n'.
 */
#ifndef MULTIPING_OBJECTS_H
#define MULTIPING_OBJECTS_H

#include "hostset.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define OBJECTS_NAME_MAX 255

/*
 * What the core said about an object when the run began (--skip-unchanged,
 * from the Icinga 2 API): its current state, whether that state is hard,
 * and when its last check result came.  core_state is -1 when unknown
 * (objects from -f or -H, or no answer for it): such an object is always
 * submitted.
 */
struct object {
    uint32_t name;         /* offset into objects.text */
    uint32_t address;      /* offset into objects.text: what to ping */
    uint32_t host;         /* index into the host table, after objects_build() */
    uint32_t core_checked; /* Unix seconds of the last check result, 0 never */
    int8_t core_state;     /* 0 UP/OK, 1 DOWN/WARNING, 2, 3; -1 unknown */
    bool core_hard;        /* core_state is a hard state */
};

struct objects {
    struct object *items;
    uint32_t *by_name; /* item indices sorted by name, after objects_index_names() */
    size_t indexed;    /* how many objects by_name holds */
    size_t count;
    size_t capacity;
    char *text; /* arena of NUL-terminated names and addresses */
    size_t text_len;
    size_t text_cap;
};

void objects_init(struct objects *o);
void objects_free(struct objects *o);

/* Remember one object; address is a literal or a name (no block).
 * -1 with a message (without location) when a text is unusable. */
int objects_add(struct objects *o, const char *name, const char *address, char *err, size_t errlen);

/* Read "OBJECT_NAME [ADDRESS]" lines ('#' comments, blank lines skipped);
 * path "-" is stdin.  Errors name path:line. */
int objects_add_file(struct objects *o, const char *path, char *err, size_t errlen);
int objects_add_stream(struct objects *o, FILE *in, const char *label, char *err, size_t errlen);

/* Add every object's address to set (not sealed) under family and record
 * its host index.  -1 with "object 'x': ..." when an address is a block or
 * invalid, or when out of memory. */
int objects_build(struct objects *o, int family, struct hostset *set, char *err, size_t errlen);

/* Sort an index of the objects by name (for objects_find); -1 when out of
 * memory.  Objects added later are not in it. */
int objects_index_names(struct objects *o);
/* The index of the object named name, or -1; needs objects_index_names(). */
int64_t objects_find(const struct objects *o, const char *name);

static inline const char *objects_name(const struct objects *o, size_t i)
{
    return o->text + o->items[i].name;
}

static inline const char *objects_address(const struct objects *o, size_t i)
{
    return o->text + o->items[i].address;
}

#endif
