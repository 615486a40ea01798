/*
 * resolve_jobs.c - in-flight bookkeeping of the c-ares resolver (see
 * resolve_jobs.h).
 */
#include "resolve_jobs.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

enum job_state { JOB_WAITING = 0, JOB_IN_FLIGHT = 1, JOB_DONE = 2 };

/* A tag is the slot's address with the family index in its low bit
 * (slots are at least 8-aligned). */
#define TAG_FAMILY_BIT ((uintptr_t)1)

int resolve_jobs_init(struct resolve_jobs *j, const struct hostset *set, unsigned cap,
                      uint64_t budget_ns, void *owner)
{
    memset(j, 0, sizeof(*j));
    uint32_t n = set->names_pending ? set->names_pending : 1;
    if (cap == 0)
        cap = 1;
    if (cap > n)
        cap = n;
    j->hosts = malloc(n * sizeof(*j->hosts));
    j->state = calloc(n, 1);
    j->slot_of = malloc(n * sizeof(*j->slot_of));
    j->slots = calloc(cap, sizeof(*j->slots));
    j->free_slots = malloc(cap * sizeof(*j->free_slots));
    if (!j->hosts || !j->state || !j->slot_of || !j->slots || !j->free_slots) {
        resolve_jobs_free(j);
        return -1;
    }
    for (uint32_t i = 0; i < set->count; i++) {
        if (set->hosts[i].status == HOST_RESOLVING && j->count < n)
            j->hosts[j->count++] = i;
    }
    j->cap = cap;
    for (uint32_t s = 0; s < cap; s++) {
        j->free_slots[s] = cap - 1 - s;
        j->slots[s].owner = owner;
    }
    j->free_count = cap;
    j->ceiling = cap;
    j->window = cap < RESOLVE_WINDOW_MIN ? cap : RESOLVE_WINDOW_MIN;
    j->fastest_ns = UINT64_MAX;
    j->budget_ns = budget_ns;
    return 0;
}

void resolve_jobs_free(struct resolve_jobs *j)
{
    free(j->hosts);
    free(j->state);
    free(j->slot_of);
    free(j->slots);
    free(j->free_slots);
    memset(j, 0, sizeof(*j));
}

bool resolve_jobs_peek(const struct resolve_jobs *j, uint32_t *job)
{
    if (j->next >= j->count)
        return false;
    *job = j->next;
    return true;
}

bool resolve_jobs_has_room(const struct resolve_jobs *j)
{
    return j->free_count > 0 && resolve_jobs_in_flight(j) < j->window;
}

static uint32_t window_floor(const struct resolve_jobs *j)
{
    return j->cap < RESOLVE_WINDOW_MIN ? j->cap : RESOLVE_WINDOW_MIN;
}

void resolve_jobs_limit(struct resolve_jobs *j, uint32_t names)
{
    uint32_t floor = window_floor(j);
    j->ceiling = names < floor ? floor : names > j->cap ? j->cap : names;
    if (j->window > j->ceiling)
        j->window = j->ceiling;
}

void resolve_jobs_overflowed(struct resolve_jobs *j)
{
    uint32_t floor = window_floor(j);
    j->window = j->window / 2 > floor ? j->window / 2 : floor;
    j->credit = 0;
}

void resolve_jobs_answered(struct resolve_jobs *j, const struct resolve_slot *s, uint64_t now_ns)
{
    uint32_t floor = window_floor(j);
    if (s->retried) {
        resolve_jobs_overflowed(j);
        return;
    }
    uint64_t rtt = now_ns > s->start_ns ? now_ns - s->start_ns : 0;
    if (rtt < j->fastest_ns)
        j->fastest_ns = rtt;
    if (rtt <= j->fastest_ns + j->fastest_ns / 4 + RESOLVE_QUEUE_SLACK_NS) {
        if (++j->credit >= 2 && j->window < j->ceiling) {
            j->window++;
            j->credit = 0;
        }
    } else if (rtt > 2 * j->fastest_ns + RESOLVE_QUEUE_SIGNAL_NS && j->window > floor) {
        j->window--;
    }
}

void resolve_jobs_skip(struct resolve_jobs *j)
{
    j->state[j->next++] = JOB_DONE;
    j->done++;
}

struct resolve_slot *resolve_jobs_begin(struct resolve_jobs *j, int family, uint64_t now_ns)
{
    uint32_t index = j->free_slots[--j->free_count];
    struct resolve_slot *s = &j->slots[index];
    uint32_t job = j->next++;
    j->state[job] = JOB_IN_FLIGHT;
    j->slot_of[job] = index;
    s->job = job;
    s->delivered = false;
    s->retried = false;
    s->start_ns = now_ns;
    s->deadline_ns = now_ns + j->budget_ns;
    s->status[0] = family == AF_INET6 ? RESOLVE_QUERY_NONE : RESOLVE_QUERY_PENDING;
    s->status[1] = family == AF_INET ? RESOLVE_QUERY_NONE : RESOLVE_QUERY_PENDING;
    s->count[0] = s->count[1] = 0;
    s->tries[0] = s->tries[1] = 0;
    return s;
}

void *resolve_jobs_tag(struct resolve_slot *s, int fam)
{
    return (void *)((uintptr_t)s | (fam ? TAG_FAMILY_BIT : 0));
}

struct resolve_slot *resolve_jobs_untag(void *tag, int *fam)
{
    *fam = ((uintptr_t)tag & TAG_FAMILY_BIT) ? 1 : 0;
    return (struct resolve_slot *)((uintptr_t)tag & ~TAG_FAMILY_BIT);
}

bool resolve_slot_complete(const struct resolve_slot *s)
{
    return s->status[0] != RESOLVE_QUERY_PENDING && s->status[1] != RESOLVE_QUERY_PENDING;
}

size_t resolve_slot_addresses(const struct resolve_slot *s, struct ipaddr *out, size_t max)
{
    size_t n = 0;
    for (int f = 0; f < 2; f++) {
        for (uint8_t i = 0; i < s->count[f] && n < max; i++)
            out[n++] = s->addrs[f][i];
    }
    return n;
}

/* How bad each outcome is when no address came: the worst one names the
 * failure.  NXDOMAIN is definitive for every type, so it wins over a
 * failure of the other query; "no address" only when nothing failed. */
static int answer_rank(int a)
{
    switch (a) {
    case RESOLVE_ANSWER_NXDOMAIN:
        return 9;
    case RESOLVE_QUERY_PENDING:
    case RESOLVE_ANSWER_TIMEOUT:
        return 8;
    case RESOLVE_ANSWER_CONNREFUSED:
        return 7;
    case RESOLVE_ANSWER_SERVFAIL:
        return 6;
    case RESOLVE_ANSWER_REFUSED:
        return 5;
    case RESOLVE_ANSWER_BADRESP:
        return 4;
    case RESOLVE_ANSWER_OTHER:
        return 3;
    case RESOLVE_ANSWER_NODATA:
    case RESOLVE_ANSWER_ADDRESSES: /* records, none usable (wrong family) */
        return 1;
    default:
        return 0;
    }
}

static int no_address_reason(int family)
{
    if (family == AF_INET)
        return RESOLVE_NO_ADDRESS4;
    if (family == AF_INET6)
        return RESOLVE_NO_ADDRESS6;
    return RESOLVE_NO_ADDRESS;
}

int resolve_slot_reason(const struct resolve_slot *s, int family, unsigned nameservers)
{
    int worst = s->status[0];
    if (answer_rank(s->status[1]) > answer_rank(worst))
        worst = s->status[1];
    switch (worst) {
    case RESOLVE_ANSWER_NXDOMAIN:
        return RESOLVE_NO_SUCH_NAME;
    case RESOLVE_QUERY_PENDING:
    case RESOLVE_ANSWER_TIMEOUT:
    case RESOLVE_ANSWER_CONNREFUSED:
        if (nameservers == 0)
            return RESOLVE_NO_SERVER;
        if (worst != RESOLVE_ANSWER_CONNREFUSED)
            return RESOLVE_TIMEOUT;
        return nameservers > 1 ? RESOLVE_SERVERS_FAILED : RESOLVE_UNREACHABLE;
    case RESOLVE_ANSWER_SERVFAIL:
        return RESOLVE_SERVER_FAILURE;
    case RESOLVE_ANSWER_REFUSED:
        return RESOLVE_SERVER_REFUSED;
    case RESOLVE_ANSWER_BADRESP:
        return RESOLVE_BAD_ANSWER;
    case RESOLVE_ANSWER_NODATA:
    case RESOLVE_ANSWER_ADDRESSES:
        return no_address_reason(family);
    default:
        return RESOLVE_FAILED;
    }
}

void resolve_jobs_finish(struct resolve_jobs *j, struct resolve_slot *s)
{
    j->state[s->job] = JOB_DONE;
    j->done++;
    s->delivered = true;
    resolve_jobs_settle(j, s);
}

void resolve_jobs_settle(struct resolve_jobs *j, struct resolve_slot *s)
{
    if (s->delivered && resolve_slot_complete(s)) {
        s->delivered = false; /* free: nothing refers to it any more */
        j->free_slots[j->free_count++] = (uint32_t)(s - j->slots);
    }
}

/* Move the cursor past finished jobs. */
static void skip_done(struct resolve_jobs *j)
{
    while (j->oldest < j->next && j->state[j->oldest] == JOB_DONE)
        j->oldest++;
}

struct resolve_slot *resolve_jobs_expired(struct resolve_jobs *j, uint64_t now_ns)
{
    skip_done(j);
    if (j->oldest >= j->next)
        return NULL;
    struct resolve_slot *s = &j->slots[j->slot_of[j->oldest]];
    return s->deadline_ns <= now_ns ? s : NULL; /* in flight, so not delivered */
}

uint64_t resolve_jobs_next_deadline(struct resolve_jobs *j)
{
    skip_done(j);
    if (j->oldest >= j->next)
        return UINT64_MAX;
    return j->slots[j->slot_of[j->oldest]].deadline_ns;
}

uint32_t resolve_jobs_in_flight(const struct resolve_jobs *j)
{
    return j->cap - j->free_count;
}

bool resolve_jobs_all_done(const struct resolve_jobs *j)
{
    return j->done == j->count;
}
