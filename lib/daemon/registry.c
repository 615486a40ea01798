/*
 * registry.c - the two generations results may name (see registry.h).
 */
#include "registry.h"

#include <string.h>

int registry_init(struct generation_registry *r, const struct generation *first)
{
    memset(r, 0, sizeof(*r));
    r->current = first;
    return pthread_mutex_init(&r->lock, NULL) == 0 ? 0 : -1;
}

void registry_destroy(struct generation_registry *r)
{
    pthread_mutex_destroy(&r->lock);
}

const struct generation *registry_install_locked(struct generation_registry *r,
                                                 const struct generation *g)
{
    const struct generation *retired = r->previous;
    r->previous = r->current;
    r->current = g;
    return retired;
}

const struct generation *registry_find_locked(const struct generation_registry *r, uint32_t number)
{
    if (r->current && r->current->number == number)
        return r->current;
    if (r->previous && r->previous->number == number)
        return r->previous;
    return NULL;
}
