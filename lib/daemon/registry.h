/*
 * registry.h - which generations the submitter may still name results by:
 * the one being probed and the one before it (a result taken just before a
 * reload is reported after it; pending.h carries it over one remap back).
 *
 * Locking: `lock` guards both pointers.  The prober installs a generation
 * under it at the swap, in the same step as it remaps `pending`, so a
 * result's generation number always finds its table here; the submitter
 * holds it while it formats a batch (no I/O), never while it sends.  The
 * generation that falls out is handed back to main to free: nobody can
 * reach it any more.
 */
#ifndef MULTIPING_REGISTRY_H
#define MULTIPING_REGISTRY_H

#include "generation.h"

#include <pthread.h>

struct generation_registry {
    pthread_mutex_t lock;
    const struct generation *current;
    const struct generation *previous;
};

int registry_init(struct generation_registry *r, const struct generation *first);
void registry_destroy(struct generation_registry *r);
/* Under the lock, the caller's: g becomes current; returns the one that
 * is no longer reachable (NULL if none). */
const struct generation *registry_install_locked(struct generation_registry *r,
                                                 const struct generation *g);
/* Under the lock: the generation numbered `number`, or NULL. */
const struct generation *registry_find_locked(const struct generation_registry *r, uint32_t number);

#endif
