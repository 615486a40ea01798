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
 * Nagios command file separates fields with ';' and lines with '\n'; and
 * names and addresses must be UTF-8 (they travel in JSON).
 *
 * One unusable object never costs the others (issue 20): an object whose
 * name or address cannot be used (a typo such as 10.9.0.300, a ';', no
 * address, a CIDR block, the wrong family under -4/-6, passive checks
 * disabled in the core) is kept, REFUSED with its reason, and gets no
 * host; the run goes on with the rest and names it.  Each object also
 * records what became of its result (enum object_outcome), which the
 * report lists.
 */
#ifndef MULTIPING_OBJECTS_H
#define MULTIPING_OBJECTS_H

#include "hostset.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define OBJECTS_NAME_MAX 255
#define OBJECTS_NO_HOST UINT32_MAX
#define OBJECTS_NO_REASON UINT32_MAX

/* What became of an object's result; set once, by whoever decides it. */
enum object_outcome {
    OBJECT_PENDING = 0, /* not decided yet */
    OBJECT_SUBMITTED,   /* the core confirmed it */
    OBJECT_SUPERSEDED,  /* the core holds a newer result (Icinga 2.14+: 409) */
    OBJECT_UNCHANGED,   /* not sent: --skip-unchanged */
    OBJECT_HELD,        /* not sent: its host was not finished when -t ran out */
    OBJECT_FAILED,      /* sent or meant to be, and not confirmed */
    OBJECT_REFUSED,     /* never pinged nor sent: the object cannot take a result */
};

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
    uint32_t host;         /* index into the host table after objects_build(), or
                              OBJECTS_NO_HOST (refused) */
    uint32_t core_checked; /* Unix seconds of the last check result, 0 never */
    int8_t core_state;     /* 0 UP/OK, 1 DOWN/WARNING, 2, 3; -1 unknown */
    bool core_hard;        /* core_state is a hard state */
    uint8_t outcome;       /* enum object_outcome */
    uint32_t reason;       /* offset into objects.text: why refused or failed, or
                              OBJECTS_NO_REASON */
};

struct objects {
    struct object *items;
    uint32_t *by_name; /* item indices sorted by name, after objects_index_names() */
    size_t indexed;    /* how many objects by_name holds */
    size_t count;
    size_t capacity;
    char *text; /* arena of NUL-terminated names, addresses and reasons */
    size_t text_len;
    size_t text_cap;
    /* the reason stored last: a run cut short gives 10,000s of objects
     * the same one, stored once */
    uint32_t last_reason;
};

void objects_init(struct objects *o);
void objects_free(struct objects *o);

/* Remember one object; address is a literal or a name (no block).  An
 * unusable name or address makes it a refused object with the reason;
 * -1 with a message only when out of memory. */
int objects_add(struct objects *o, const char *name, const char *address, char *err, size_t errlen);

/* Mark object i refused (or failed, held, ...) with a reason ("" none);
 * -1 when out of memory (the outcome is set all the same). */
int objects_set_outcome(struct objects *o, size_t i, enum object_outcome outcome,
                        const char *reason);

/* Read "OBJECT_NAME [ADDRESS]" lines ('#' comments, blank lines skipped);
 * path "-" is stdin.  Errors name path:line; an unusable name or address
 * refuses that line's object, naming path:line in its reason. */
int objects_add_file(struct objects *o, const char *path, char *err, size_t errlen);
int objects_add_stream(struct objects *o, FILE *in, const char *label, char *err, size_t errlen);

/* Add every usable object's address to set (not sealed) under family and
 * record its host index; an address that is a block, invalid or of the
 * other family refuses that object.  -1 only when out of memory. */
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

/* Why object i was refused or failed, "" if nobody said. */
static inline const char *objects_reason(const struct objects *o, size_t i)
{
    return o->items[i].reason == OBJECTS_NO_REASON ? "" : o->text + o->items[i].reason;
}

/* How many objects have this outcome. */
size_t objects_count_outcome(const struct objects *o, enum object_outcome outcome);

#endif
