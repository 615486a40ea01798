/*
 * hostset.c - the host table (see hostset.h).
 *
 * Dedupe while building uses an open-addressing hash table of host indices
 * (linear probing, load kept under 1/2).  A key is either the address bytes
 * (literals) or the name (hosts given by name); the two never compare equal,
 * since a name's address is not known until it resolves.  The table lives
 * only until hostset_seal(): the engine never looks hosts up by key, the
 * echo payload carries the index.
 */
#include "hostset.h"

#include <stdlib.h>
#include <string.h>

#define SLOT_EMPTY UINT32_MAX

struct hostset_index {
    uint32_t *slots;
    size_t mask; /* capacity - 1, capacity a power of two */
    size_t used;
};

void hostset_init(struct hostset *set)
{
    memset(set, 0, sizeof(*set));
}

void hostset_free(struct hostset *set)
{
    hostset_seal(set);
    free(set->hosts);
    free(set->names);
    memset(set, 0, sizeof(*set));
}

int hostset_reserve(struct hostset *set, uint32_t n)
{
    if (n > UINT32_MAX - 1 - set->count)
        return -1;
    uint32_t want = set->count + n;
    if (want <= set->capacity)
        return 0;
    struct host *grown = realloc(set->hosts, (size_t)want * sizeof(*grown));
    if (!grown)
        return -1;
    set->hosts = grown;
    set->capacity = want;
    return 0;
}

static uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
    /* FNV-1a: keys are short and the table is rebuilt per run; a stronger
     * hash buys nothing here. */
    const uint8_t *p = data;
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

static uint64_t host_hash(const struct hostset *set, const struct host *h)
{
    if (h->name != HOST_NO_NAME) {
        const char *name = set->names + h->name;
        return hash_bytes(name, strlen(name), 1);
    }
    return hash_bytes(h->addr.bytes, ipaddr_len(&h->addr), h->addr.family);
}

static bool host_same_key(const struct hostset *set, const struct host *a, const struct host *b)
{
    if ((a->name == HOST_NO_NAME) != (b->name == HOST_NO_NAME))
        return false;
    if (a->name != HOST_NO_NAME)
        return strcmp(set->names + a->name, set->names + b->name) == 0;
    return ipaddr_equal(&a->addr, &b->addr);
}

static int index_grow(struct hostset *set)
{
    struct hostset_index *ix = set->index;
    size_t cap = ix->slots ? (ix->mask + 1) * 2 : 1024;
    uint32_t *slots = malloc(cap * sizeof(*slots));
    if (!slots)
        return -1;
    memset(slots, 0xff, cap * sizeof(*slots));
    for (size_t i = 0; ix->slots && i <= ix->mask; i++) {
        if (ix->slots[i] == SLOT_EMPTY)
            continue;
        size_t j = host_hash(set, &set->hosts[ix->slots[i]]) & (cap - 1);
        while (slots[j] != SLOT_EMPTY)
            j = (j + 1) & (cap - 1);
        slots[j] = ix->slots[i];
    }
    free(ix->slots);
    ix->slots = slots;
    ix->mask = cap - 1;
    return 0;
}

/*
 * The candidate is set->hosts[set->count] (filled but not yet counted).
 * Returns the index of an equal host already present, or inserts the
 * candidate and returns set->count; -1 on ENOMEM.
 */
static int64_t index_find_or_insert(struct hostset *set)
{
    if (!set->index) {
        set->index = calloc(1, sizeof(*set->index));
        if (!set->index)
            return -1;
    }
    struct hostset_index *ix = set->index;
    if ((!ix->slots || (ix->used + 1) * 2 > ix->mask + 1) && index_grow(set) < 0)
        return -1;
    if (!ix->slots) /* cannot happen after a successful grow; says so to the analyzer */
        return -1;
    const struct host *cand = &set->hosts[set->count];
    size_t j = host_hash(set, cand) & ix->mask;
    for (; ix->slots[j] != SLOT_EMPTY; j = (j + 1) & ix->mask) {
        if (host_same_key(set, &set->hosts[ix->slots[j]], cand))
            return ix->slots[j];
    }
    ix->slots[j] = set->count;
    ix->used++;
    return set->count;
}

static struct host *candidate_slot(struct hostset *set)
{
    if (set->count == set->capacity) {
        uint32_t more = set->capacity ? set->capacity : 16;
        if (hostset_reserve(set, more) < 0)
            return NULL;
    }
    struct host *h = &set->hosts[set->count];
    memset(h, 0, sizeof(*h));
    h->name = HOST_NO_NAME;
    return h;
}

static int64_t commit_candidate(struct hostset *set)
{
    int64_t at = index_find_or_insert(set);
    if (at == (int64_t)set->count) {
        if (set->hosts[at].status == HOST_RESOLVING)
            set->names_pending++;
        set->count++;
    }
    return at;
}

int64_t hostset_add_address(struct hostset *set, const struct ipaddr *addr)
{
    struct host *h = candidate_slot(set);
    if (!h)
        return -1;
    h->addr = *addr;
    h->status = HOST_READY;
    return commit_candidate(set);
}

static int64_t names_append(struct hostset *set, const char *name)
{
    size_t len = strlen(name) + 1;
    if (set->names_len + len > UINT32_MAX - 1)
        return -1;
    if (set->names_len + len > set->names_cap) {
        size_t cap = set->names_cap ? set->names_cap * 2 : 4096;
        while (cap < set->names_len + len)
            cap *= 2;
        char *grown = realloc(set->names, cap);
        if (!grown)
            return -1;
        set->names = grown;
        set->names_cap = cap;
    }
    memcpy(set->names + set->names_len, name, len);
    set->names_len += len;
    return (int64_t)(set->names_len - len);
}

int64_t hostset_add_name(struct hostset *set, const char *name)
{
    int64_t off = names_append(set, name);
    if (off < 0)
        return -1;
    struct host *h = candidate_slot(set);
    if (!h)
        return -1;
    h->name = (uint32_t)off;
    h->status = HOST_RESOLVING;
    uint32_t before = set->count;
    int64_t at = commit_candidate(set);
    if (at >= 0 && set->count == before)
        set->names_len = (size_t)off; /* a duplicate: give the bytes back */
    return at;
}

void hostset_seal(struct hostset *set)
{
    if (set->index) {
        free(set->index->slots);
        free(set->index);
        set->index = NULL;
    }
}

const char *hostset_name(const struct hostset *set, const struct host *h)
{
    return h->name == HOST_NO_NAME ? NULL : set->names + h->name;
}

const char *hostset_label(const struct hostset *set, const struct host *h, char *buf, size_t len)
{
    const char *name = hostset_name(set, h);
    return name ? name : ipaddr_format(&h->addr, buf, len);
}
