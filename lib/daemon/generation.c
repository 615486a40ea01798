/*
 * generation.c - building a generation and mapping one onto the next (see
 * generation.h).  Runs on the main thread, beside the probing threads; it
 * touches nothing they read.
 */
#include "generation.h"

#include "clock.h"
#include "resolve/readyq.h"
#include "resolve/resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define RESOLVE_BATCH 64

static uint64_t random_cookie(void)
{
    uint64_t v = 0;
    if (getrandom(&v, sizeof(v), 0) != (ssize_t)sizeof(v))
        v = clock_mono_ns() * 0x9e3779b97f4a7c15ULL ^ clock_wall_ns();
    return v;
}

/* Every name of the table resolved (or failed) by deadline_ns. */
static int resolve_names(struct hostset *set, const struct generation_source *src,
                         uint64_t deadline_ns, char *err, size_t errlen)
{
    if (set->names_pending == 0)
        return 0;
    struct readyq q;
    struct resolver r;
    memset(&r, 0, sizeof(r));
    if (readyq_init(&q, set->capacity) < 0) {
        snprintf(err, errlen, "out of memory for %u hosts", set->capacity);
        return -1;
    }
    struct resolve_config cfg = {.family = src->family, .parallel = src->parallel};
    if (resolve_start(&r, set, &q, &cfg, err, errlen) < 0) {
        readyq_destroy(&q);
        return -1;
    }
    uint32_t want = set->names_pending, got = 0, batch[RESOLVE_BATCH];
    while (got < want) {
        int n = readyq_pop(&q, batch, RESOLVE_BATCH, deadline_ns);
        if (n <= 0)
            break;
        got += (uint32_t)n;
    }
    readyq_close(&q);
    if (!resolve_stop(&r, clock_add_ns(deadline_ns, CLOCK_NS_PER_S))) {
        /* a getaddrinfo worker is stuck and points into set and q: both
         * must outlive it, so they are left allocated on purpose */
        snprintf(err, errlen, "a name lookup did not return by the deadline");
        return -1;
    }
    readyq_destroy(&q);
    return 0;
}

/* An alias's ring leads to the one host of it that is pinged. */
static uint32_t target_of(const struct hostset *set, uint32_t i)
{
    for (uint32_t n = 0; n <= set->count && set->hosts[i].status == HOST_ALIAS; n++)
        i = set->hosts[i].alias - 1;
    return i;
}

static int index_objects(struct generation *g)
{
    size_t objects = g->objects.count ? g->objects.count : 1;
    g->host_of = malloc(objects * sizeof(*g->host_of));
    g->next_object = malloc(objects * sizeof(*g->next_object));
    g->first_object = malloc((g->set.count ? g->set.count : 1) * sizeof(*g->first_object));
    g->unresolved_objects = malloc(objects * sizeof(*g->unresolved_objects));
    if (!g->host_of || !g->next_object || !g->first_object || !g->unresolved_objects)
        return -1;
    for (uint32_t h = 0; h < g->set.count; h++)
        g->first_object[h] = GENERATION_NONE;
    for (size_t i = g->objects.count; i-- > 0;) {
        if (g->objects.items[i].host == OBJECTS_NO_HOST) {
            g->host_of[i] = GENERATION_NONE;
            g->next_object[i] = GENERATION_NONE;
            g->refused++;
            continue;
        }
        uint32_t h = target_of(&g->set, g->objects.items[i].host);
        g->host_of[i] = h;
        g->next_object[i] = g->first_object[h];
        g->first_object[h] = (uint32_t)i;
        if (g->set.hosts[h].status != HOST_READY)
            g->unresolved_objects[g->unresolved++] = (uint32_t)i;
    }
    return objects_index_names(&g->objects);
}

struct generation *generation_build(const struct generation_source *src, uint32_t number,
                                    uint64_t deadline_ns, char *err, size_t errlen)
{
    struct generation *g = calloc(1, sizeof(*g));
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    g->number = number;
    g->cookie = random_cookie();
    objects_init(&g->objects);
    hostset_init(&g->set);
    int rc = src->load(src->ctx, &g->objects, &g->set, err, errlen);
    if (rc == 0 && hostset_prepare_names(&g->set, false, src->max_hosts) < 0) {
        snprintf(err, errlen, "out of memory preparing the host table for names");
        rc = -1;
    }
    if (rc == 0)
        rc = resolve_names(&g->set, src, deadline_ns, err, errlen);
    if (rc == 0 && index_objects(g) < 0) {
        snprintf(err, errlen, "out of memory indexing %zu objects", g->objects.count);
        rc = -1;
    }
    if (rc < 0) {
        generation_free(g);
        return NULL;
    }
    return g;
}

void generation_free(struct generation *g)
{
    if (!g)
        return;
    objects_free(&g->objects);
    hostset_free(&g->set);
    free(g->host_of);
    free(g->first_object);
    free(g->next_object);
    free(g->unresolved_objects);
    free(g);
}

static int by_address(const void *a, const void *b, void *ctx)
{
    const struct hostset *set = ctx;
    return memcmp(&set->hosts[*(const uint32_t *)a].addr, &set->hosts[*(const uint32_t *)b].addr,
                  sizeof(struct ipaddr));
}

/* The pinged host of new_gen with old's address, or GENERATION_NONE. */
static uint32_t find_address(const struct generation *new_gen, const uint32_t *sorted,
                             uint32_t count, const struct ipaddr *addr)
{
    uint32_t lo = 0, hi = count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = memcmp(&new_gen->set.hosts[sorted[mid]].addr, addr, sizeof(*addr));
        if (c == 0)
            return sorted[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return GENERATION_NONE;
}

static int map_hosts(const struct generation *old, const struct generation *new_gen,
                     uint32_t *host_map)
{
    uint32_t *sorted = malloc((new_gen->set.count ? new_gen->set.count : 1) * sizeof(*sorted));
    if (!sorted)
        return -1;
    uint32_t n = 0;
    for (uint32_t i = 0; i < new_gen->set.count; i++) {
        if (new_gen->set.hosts[i].status == HOST_READY)
            sorted[n++] = i;
    }
    qsort_r(sorted, n, sizeof(*sorted), by_address, (void *)(uintptr_t)&new_gen->set);
    for (uint32_t i = 0; i < old->set.count; i++) {
        const struct host *h = &old->set.hosts[i];
        host_map[i] =
            h->status == HOST_READY ? find_address(new_gen, sorted, n, &h->addr) : GENERATION_NONE;
    }
    free(sorted);
    return 0;
}

int generation_map(const struct generation *old, const struct generation *new_gen,
                   uint32_t *host_map, uint32_t *object_map, struct generation_diff *diff)
{
    memset(diff, 0, sizeof(*diff));
    if (map_hosts(old, new_gen, host_map) < 0)
        return -1;
    size_t kept = 0;
    for (size_t i = 0; i < old->objects.count; i++) {
        int64_t j = objects_find(&new_gen->objects, objects_name(&old->objects, i));
        object_map[i] = j < 0 ? GENERATION_NONE : (uint32_t)j;
        if (j < 0) {
            diff->removed++;
            continue;
        }
        kept++;
        if (old->host_of[i] == GENERATION_NONE || new_gen->host_of[j] == GENERATION_NONE)
            continue;
        const struct host *a = &old->set.hosts[old->host_of[i]];
        const struct host *b = &new_gen->set.hosts[new_gen->host_of[j]];
        diff->changed += !ipaddr_equal(&a->addr, &b->addr);
    }
    diff->added = (uint32_t)(new_gen->objects.count - kept);
    return 0;
}
