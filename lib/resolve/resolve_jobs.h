/*
 * resolve_jobs.h - the c-ares resolver's bookkeeping: which names are
 * waiting, which are in flight (at most `cap`, the --dns-parallel cap),
 * what each in-flight name has collected, when it must give up, and why a
 * name failed.  No I/O and no c-ares calls: unit-tested on its own.
 *
 * Jobs start in list order, and every name gets the same time budget, so
 * the oldest unfinished job is always the next to expire: expiry walks a
 * cursor over the job list, never a timer heap.  An in-flight name owns a
 * slot (its answers so far).  A name whose budget ran out is delivered
 * ("timed out") at once, but its slot stays taken until c-ares has
 * reported on each of its queries: so a callback always finds its own
 * slot, and the cap counts every query c-ares still has outstanding.
 *
 * How many names go in flight at once is a window between
 * RESOLVE_WINDOW_MIN and the cap, opened like TCP's slow start but only
 * while names come back without queueing delay (round trip within 1.25
 * times the fastest seen plus 0.1 ms; one more name for every two such,
 * so 1.5 times per round trip), and closed by one for each name
 * that shows a queue (over twice the fastest plus 0.5 ms): a name server far
 * away (20 ms) gets the whole cap, one on the same host that answers from
 * memory only what it can take without its socket buffer overflowing
 * (dnsmasq with Debian's default 208 KiB drops queries beyond ~250
 * waiting).  A name whose query had to be resent halves it, and so does
 * an answer one of our own sockets dropped.  The window never passes what
 * our sockets' buffers hold (resolve_jobs_limit; resolve_lanes.h spreads
 * the names over enough sockets for the cap).
 *
 * Owned by the resolver thread alone; nothing here is shared.
 */
#ifndef MULTIPING_RESOLVE_JOBS_H
#define MULTIPING_RESOLVE_JOBS_H

#include "hosts/hostset.h"
#include "resolve.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Per-family state of a slot's query, resolve_slot.status[]. */
#define RESOLVE_QUERY_NONE (-1)    /* not asked (the other family only) */
#define RESOLVE_QUERY_PENDING (-2) /* asked, no answer yet */

#define RESOLVE_WINDOW_MIN 32u          /* names; 64 queries fit any socket buffer */
#define RESOLVE_QUEUE_SLACK_NS 100000u  /* round-trip growth not taken for a queue */
#define RESOLVE_QUEUE_SIGNAL_NS 500000u /* round-trip growth that is one */

/* What a name's query came back with (mapped from c-ares by the caller). */
enum resolve_answer {
    RESOLVE_ANSWER_ADDRESSES = 0, /* records of the family (status 0) */
    RESOLVE_ANSWER_NXDOMAIN,
    RESOLVE_ANSWER_NODATA,
    RESOLVE_ANSWER_SERVFAIL,
    RESOLVE_ANSWER_REFUSED,
    RESOLVE_ANSWER_TIMEOUT,
    RESOLVE_ANSWER_CONNREFUSED,
    RESOLVE_ANSWER_BADRESP,
    RESOLVE_ANSWER_OTHER,
};

struct resolve_slot {
    void *owner; /* the resolver, for callbacks (resolve_jobs_init) */
    uint32_t job;
    bool delivered; /* the name's result is out (expired before its answers) */
    bool retried;   /* a query of it timed out once (and was sent again) */
    uint64_t start_ns;
    uint64_t deadline_ns;
    int status[2]; /* [0] IPv4, [1] IPv6: enum resolve_answer or RESOLVE_QUERY_* */
    uint8_t count[2];
    uint8_t tries[2]; /* queries sent per family: resolv.conf's attempts at most */
    uint8_t lane;     /* the c-ares channel asking its queries (resolve_lanes.h) */
    struct ipaddr addrs[2][RESOLVE_MAX_ADDRS];
};

struct resolve_jobs {
    uint32_t *hosts; /* host index of each job, in list order */
    uint8_t *state;  /* per job: waiting, in flight, done */
    uint32_t *slot_of;
    uint32_t count;
    uint32_t next;   /* first job not started */
    uint32_t oldest; /* first job not done */
    uint32_t done;
    struct resolve_slot *slots;
    uint32_t *free_slots;
    uint32_t free_count;
    uint32_t cap;
    uint32_t ceiling;    /* the window's limit: cap, or less (resolve_jobs_limit) */
    uint32_t window;     /* names allowed in flight now, <= ceiling */
    uint32_t credit;     /* quick names since the window last grew */
    uint64_t fastest_ns; /* shortest round trip seen (UINT64_MAX: none yet) */
    uint64_t budget_ns;
};

/* Every HOST_RESOLVING host of set becomes a job.  0, or -1 (no memory). */
int resolve_jobs_init(struct resolve_jobs *j, const struct hostset *set, unsigned cap,
                      uint64_t budget_ns, void *owner);
void resolve_jobs_free(struct resolve_jobs *j);

/* True when a job is waiting; *job is it (not started yet). */
bool resolve_jobs_peek(const struct resolve_jobs *j, uint32_t *job);
/* True when another name may go in flight (fewer than cap are). */
bool resolve_jobs_has_room(const struct resolve_jobs *j);
/* The peeked job finished without a query (found in the hosts file). */
void resolve_jobs_skip(struct resolve_jobs *j);
/* The peeked job goes in flight: its slot, queries pending for the
 * families asked (family AF_UNSPEC = both).  Call has_room first. */
struct resolve_slot *resolve_jobs_begin(struct resolve_jobs *j, int family, uint64_t now_ns);

/* A callback tag naming (slot, family index: 0 IPv4, 1 IPv6), and back. */
void *resolve_jobs_tag(struct resolve_slot *s, int fam);
struct resolve_slot *resolve_jobs_untag(void *tag, int *fam);

/* No query of the slot is pending any more. */
bool resolve_slot_complete(const struct resolve_slot *s);
/* Its addresses, IPv4 ones first, at most max. */
size_t resolve_slot_addresses(const struct resolve_slot *s, struct ipaddr *out, size_t max);
/* Why it has none: the reason to deliver.  A pending query counts as a
 * time-out.  nameservers (resolv.conf's count) says what a time-out or a
 * refused connection means: 0, none configured; above 1, c-ares moved past
 * servers that failed, so "connection refused" stands for all of them. */
int resolve_slot_reason(const struct resolve_slot *s, int family, unsigned nameservers);
/* The slot's name is delivered: its job is done, and the slot is free
 * once no query of it is pending. */
void resolve_jobs_finish(struct resolve_jobs *j, struct resolve_slot *s);
/* A query of a delivered slot came back: free the slot if it was the last. */
void resolve_jobs_settle(struct resolve_jobs *j, struct resolve_slot *s);

/* The name of s is done at now_ns (answered, or its budget spent): adjust
 * the window by its round trip, or halve it if a query had to be resent. */
void resolve_jobs_answered(struct resolve_jobs *j, const struct resolve_slot *s, uint64_t now_ns);

/* The window never opens past `names` (at least RESOLVE_WINDOW_MIN, at
 * most the cap): what our sockets' buffers can hold if every answer came
 * at once. */
void resolve_jobs_limit(struct resolve_jobs *j, uint32_t names);

/* One of our own sockets dropped answers (its buffer was full): halve
 * the window. */
void resolve_jobs_overflowed(struct resolve_jobs *j);

/* The oldest undelivered slot whose deadline has passed at now_ns, or NULL. */
struct resolve_slot *resolve_jobs_expired(struct resolve_jobs *j, uint64_t now_ns);
/* The earliest deadline of a slot in flight, or UINT64_MAX. */
uint64_t resolve_jobs_next_deadline(struct resolve_jobs *j);
/* Slots taken now (names in flight, and expired names c-ares still asks). */
uint32_t resolve_jobs_in_flight(const struct resolve_jobs *j);
bool resolve_jobs_all_done(const struct resolve_jobs *j);

#endif
