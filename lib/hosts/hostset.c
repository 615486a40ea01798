/*
 * hostset.c - the host table (see hostset.h).
 *
 * Dedupe while building uses an open-addressing hash table of host indices
 * (linear probing, load kept under 1/2).  A key is either the address bytes
 * (literals) or the name, folded to lower case without a trailing dot
 * (hosts given by name); the two never compare equal, since a name's
 * address is not known until it resolves.  That table lives only until
 * hostset_seal(): the engine never looks hosts up by key, the echo payload
 * carries the index.
 *
 * A second table of the same kind, keyed by address only, lives through
 * the run when names are pending: it holds every host with an address, so
 * a resolved name finds the host that already has its address.  It is
 * sized before the run for every host the reserve allows (load <= 1/2), so
 * inserting under the ready queue's mutex never allocates.
 */
#include "hostset.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static void index_free(struct hostset_index **ix)
{
    if (*ix) {
        free((*ix)->slots);
        free(*ix);
        *ix = NULL;
    }
}

void hostset_free(struct hostset *set)
{
    hostset_seal(set);
    index_free(&set->addresses);
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

/* A name's length without the root label's trailing dot ("a.b." is "a.b"). */
static size_t name_key_len(const char *name)
{
    size_t len = strlen(name);
    return len > 1 && name[len - 1] == '.' ? len - 1 : len;
}

/* FNV-1a over the name folded to lower case: DNS names ignore case. */
static uint64_t hash_name(const char *name)
{
    uint64_t h = 1469598103934665603ULL ^ 1;
    size_t len = name_key_len(name);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32 : c)) * 1099511628211ULL;
    }
    return h;
}

static bool name_equal(const char *a, const char *b)
{
    size_t len = name_key_len(a);
    return len == name_key_len(b) && strncasecmp(a, b, len) == 0;
}

static uint64_t address_hash(const struct ipaddr *a)
{
    return hash_bytes(a, sizeof(*a), 0); /* every byte of struct ipaddr is defined */
}

static uint64_t host_hash(const struct hostset *set, const struct host *h)
{
    if (h->name != HOST_NO_NAME)
        return hash_name(set->names + h->name);
    return address_hash(&h->addr);
}

static bool host_same_key(const struct hostset *set, const struct host *a, const struct host *b)
{
    if ((a->name == HOST_NO_NAME) != (b->name == HOST_NO_NAME))
        return false;
    if (a->name != HOST_NO_NAME)
        return name_equal(set->names + a->name, set->names + b->name);
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
    index_free(&set->index);
}

/* ---- while names resolve ----------------------------------------------- */

/* The slot holding addr's host, or the empty slot where it goes. */
static size_t address_slot(const struct hostset *set, const struct ipaddr *addr)
{
    const struct hostset_index *ix = set->addresses;
    size_t j = address_hash(addr) & ix->mask;
    while (ix->slots[j] != SLOT_EMPTY && !ipaddr_equal(&set->hosts[ix->slots[j]].addr, addr))
        j = (j + 1) & ix->mask;
    return j;
}

static int addresses_build(struct hostset *set)
{
    size_t cap = 1024;
    while (cap < (size_t)set->capacity * 2 + 2)
        cap *= 2;
    set->addresses = calloc(1, sizeof(*set->addresses));
    if (!set->addresses)
        return -1;
    set->addresses->slots = malloc(cap * sizeof(uint32_t));
    if (!set->addresses->slots)
        return -1;
    memset(set->addresses->slots, 0xff, cap * sizeof(uint32_t));
    set->addresses->mask = cap - 1;
    for (uint32_t i = 0; i < set->count; i++) {
        if (set->hosts[i].status == HOST_READY)
            set->addresses->slots[address_slot(set, &set->hosts[i].addr)] = i;
    }
    return 0;
}

int hostset_prepare_names(struct hostset *set, bool all_addresses, uint64_t max_hosts)
{
    if (set->names_pending == 0)
        return 0;
    set->all_addresses = all_addresses;
    if (all_addresses) {
        uint64_t extra = (uint64_t)set->names_pending * (HOSTSET_ADDRESSES_PER_NAME - 1);
        uint64_t room = max_hosts > set->count ? max_hosts - set->count : 0;
        if (extra > room)
            extra = room;
        if (extra > UINT32_MAX - 1 - set->count)
            extra = UINT32_MAX - 1 - set->count;
        if (hostset_reserve(set, (uint32_t)extra) < 0)
            return -1;
        set->max_count = set->count + (uint32_t)extra;
    }
    return addresses_build(set);
}

/*
 * Host i gets addr: it becomes a target (and enters the address map), or,
 * when a host has addr already, that host's alias (joining its ring).
 * Returns true for a new target.
 */
static bool place(struct hostset *set, uint32_t i, const struct ipaddr *addr)
{
    struct host *h = &set->hosts[i];
    h->addr = *addr;
    if (!set->addresses) {
        h->status = HOST_READY;
        return true;
    }
    size_t j = address_slot(set, addr);
    uint32_t at = set->addresses->slots[j];
    if (at == SLOT_EMPTY) {
        set->addresses->slots[j] = i;
        h->status = HOST_READY;
        return true;
    }
    struct host *target = &set->hosts[at];
    h->status = HOST_ALIAS;
    h->alias = target->alias ? target->alias : at + 1;
    target->alias = i + 1;
    return false;
}

/* -A: a name's further address as a host of its own, if room was reserved. */
static bool append_address(struct hostset *set, uint32_t index, const struct ipaddr *addr,
                           uint32_t *added)
{
    if (set->count >= set->max_count) {
        set->extra_dropped++;
        return false;
    }
    uint32_t i = set->count;
    struct host *h = &set->hosts[i];
    memset(h, 0, sizeof(*h));
    h->name = set->hosts[index].name;
    bool target = place(set, i, addr);
    set->count++;
    *added = i;
    return target;
}

static bool seen_before(const struct ipaddr *addrs, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (ipaddr_equal(&addrs[k], &addrs[i]))
            return true;
    return false;
}

size_t hostset_resolved(struct hostset *set, uint32_t index, const struct ipaddr *addrs,
                        size_t count, uint32_t *added)
{
    size_t n = 0;
    place(set, index, &addrs[0]);
    if (!set->all_addresses)
        return 0;
    if (count > HOSTSET_ADDRESSES_PER_NAME) {
        set->extra_dropped += (uint32_t)(count - HOSTSET_ADDRESSES_PER_NAME);
        count = HOSTSET_ADDRESSES_PER_NAME;
    }
    for (size_t k = 1; k < count; k++) {
        if (!seen_before(addrs, k) && append_address(set, index, &addrs[k], &added[n]))
            n++;
    }
    return n;
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

/* ---- errors while the run goes ----------------------------------------- */

static bool same_as_first(const struct host *h, const struct host_error_seen *e)
{
    return h->error_type == e->type && h->error_code == e->code &&
           ipaddr_equal(&h->error_from, &e->from);
}

void hostset_record_error(struct host *h, const struct host_error_seen *e)
{
    uint16_t *count = e->by == HOST_FIRST_ERROR_BY_SENDER ? &h->send_errors : &h->icmp_errors;
    if (*count < UINT16_MAX)
        (*count)++;
    uint8_t old = atomic_fetch_or(&h->flags, HOST_UNREACHABLE);
    if (!(old & HOST_UNREACHABLE)) {
        h->error_type = e->type;
        h->error_code = e->code;
        h->error_from = e->from;
        h->path_mtu = e->path_mtu;
        atomic_fetch_or(&h->flags, e->by);
        return;
    }
    /* The first error's fields are ours to read only if we wrote them;
     * otherwise the other thread's error was of the other kind. */
    if (!(old & e->by) || !same_as_first(h, e))
        atomic_fetch_or(&h->flags, HOST_ERRORS_DIFFER);
}
