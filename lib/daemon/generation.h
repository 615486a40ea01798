/*
 * generation.h - one reading of --watch's host list: the core's objects,
 * the host table they are pinged through (names resolved at this reading),
 * which objects each host carries, and the cookie every probe of this
 * generation carries.
 *
 * Why generations: a host's index is its identity on the hot path (the
 * payload, the schedule, the liveness array), and the table cannot change
 * while the threads read it.  So a reload builds a whole new generation
 * beside the running one, maps the old indices to the new by key (an
 * object by its name, a host by its address: a name that now resolves
 * elsewhere is a new host, so its address is followed), and the prober
 * swaps it in between two sends (prober.h).  A generation is immutable
 * once built; it is freed when no thread can reach it any more
 * (daemon.c: two reloads later).
 */
#ifndef MULTIPING_GENERATION_H
#define MULTIPING_GENERATION_H

#include "hosts/hostset.h"
#include "hosts/objects.h"

#include <stddef.h>
#include <stdint.h>

#define GENERATION_NONE UINT32_MAX

struct generation {
    uint32_t number; /* 0 for the first; +1 per reload (pending.h counts remaps alike) */
    uint64_t cookie; /* in every probe's payload */
    struct objects objects;
    struct hostset set;
    uint32_t *host_of;            /* object -> the host pinged for it (aliases followed), or
                                     GENERATION_NONE: refused (objects.h), never pinged nor sent */
    uint32_t *first_object;       /* host -> its first object, GENERATION_NONE if none */
    uint32_t *next_object;        /* object -> the next object of the same host */
    uint32_t unresolved;          /* objects whose name did not resolve (not pinged) */
    uint32_t *unresolved_objects; /* their indices */
    uint32_t refused;             /* objects refused (objects.h: no usable address...) */
};

/* Fills objects and set (sealed) from the configured source: the wiring's
 * loader (plugins/watch.c: --from-api or -f/-H, as bulk mode reads them). */
typedef int generation_load_fn(void *ctx, struct objects *objects, struct hostset *set, char *err,
                               size_t errlen);

struct generation_source {
    generation_load_fn *load;
    void *ctx;
    int family;        /* for resolving names */
    unsigned parallel; /* --dns-parallel */
    uint64_t max_hosts;
};

/* Load, resolve names (at most until deadline_ns) and index a new
 * generation.  NULL with a message on failure. */
struct generation *generation_build(const struct generation_source *src, uint32_t number,
                                    uint64_t deadline_ns, char *err, size_t errlen);
void generation_free(struct generation *g);

/*
 * Old index -> new index, or GENERATION_NONE when gone: hosts by address
 * (old->set.count entries into host_map), objects by name
 * (old->objects.count entries into object_map).  Counts what changed.
 * 0, or -1 when out of memory.
 */
struct generation_diff {
    uint32_t added, removed, changed; /* objects: new, gone, kept with another address */
};
int generation_map(const struct generation *old, const struct generation *new_gen,
                   uint32_t *host_map, uint32_t *object_map, struct generation_diff *diff);

#endif
