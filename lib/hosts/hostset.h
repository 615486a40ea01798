/*
 * hostset.h - the host table: every target of one run, its address once
 * known, and what was seen of it.
 *
 * A run may hold up to --max-hosts (default 1,048,576) hosts, most of them
 * expanded from CIDR blocks, so a host is a small fixed-size record in one
 * array and its name (only hosts given by name have one) lives in a shared
 * string arena.  The index of a host in the array is its identity everywhere:
 * in the echo payload, in the resolver's work list, in the output.
 *
 * Duplicates are dropped while the table is built: the same address twice,
 * or the same name twice (names compare case-insensitively, a trailing dot
 * ignored: "Web1." is "web1"), is one host.
 *
 * Names that end at an address already pinged are dropped when they
 * resolve: a name whose address is a literal's, or another name's, becomes
 * an alias (status HOST_ALIAS) of that host.  It is not pinged and not
 * counted; the target is reported once, with every spelling (the `alias`
 * ring links a target and its aliases).  This needs an address -> host map
 * while the run goes, kept only when there are names (hostset_prepare_names).
 *
 * Growing while the run goes (-A, every address of a name): the extra
 * addresses of a name become hosts of their own, appended by the resolver
 * under the ready queue's mutex.  The table cannot move then (the sender and
 * receivers hold pointers into it, without a lock), so room is reserved
 * before any thread starts: HOSTSET_ADDRESSES_PER_NAME - 1 more hosts per
 * name, within --max-hosts.  A reserve rather than chunks keeps a host one
 * index into one array on the per-packet path (no chunk lookup, no
 * allocation), and costs memory only when -A is given with names: a run of
 * literals (the 1,048,576-host case) reserves nothing.  Everything sized by
 * host count (flight table, ready queue, sender FIFO) is sized by
 * `capacity`, and threads bound host indices by it, never by the moving
 * `count` (which only the resolver writes while the run goes, under the
 * ready queue's mutex; the main thread reads it after the join).
 *
 * Ownership while the engine runs (see engine.h for the full picture):
 *   - addr, status:  written by the builder before the run (literals), or by
 *                    a resolver worker under the ready queue's mutex (names);
 *                    read by the sender after it took the host from that
 *                    queue, so the mutex orders the write before the read.
 *   - sent:          the sender thread only.
 *   - received, rtt_*, latency: the receiver thread of the host's family only.
 *   - flags:         atomic; whoever first sets HOST_UNREACHABLE (sender on a
 *                    send error, receiver on an ICMP error) alone writes
 *                    error_type/error_code/error_from/path_mtu (the first
 *                    error), then sets its own HOST_FIRST_ERROR_BY_* bit.
 *                    A later error is compared with the first only by the
 *                    thread whose bit that is (it wrote them); any other
 *                    thread's error differs by kind.  HOST_ERRORS_DIFFER:
 *                    either of them.  HOST_ANSWERED_ELSEWHERE: the receiver
 *                    of the family.  hostset_record_error() does all this.
 *   - send_errors:   the sender thread only.
 *   - icmp_errors:   the receiver thread of the host's family only.
 *   - reply_ttl:     the receiver thread of the host's family only.
 *   - everything is read by the main thread only after the engine stopped and
 *     joined its threads.
 */
#ifndef MULTIPING_HOSTSET_H
#define MULTIPING_HOSTSET_H

#include "ipaddr.h"
#include "latency.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HOST_NO_NAME UINT32_MAX

enum host_status {
    HOST_READY = 0,      /* address known: a literal, or a resolved name */
    HOST_RESOLVING = 1,  /* a name not resolved yet */
    HOST_UNRESOLVED = 2, /* the name did not resolve: error_code is a resolve_reason */
    HOST_ALIAS = 3,      /* resolved to another host's address: see `alias`; not pinged */
};

/* -A: at most this many addresses of one name are pinged (the resolver's
 * first ones, in its order of preference). */
#define HOSTSET_ADDRESSES_PER_NAME 16

/* Bits of host.flags */
#define HOST_UNREACHABLE 0x01u /* an ICMP error or a send error was seen */
/* A reply to one of its requests came from another address (NAT, anycast). */
#define HOST_ANSWERED_ELSEWHERE 0x02u
/* Not every error was like the first (another kind, code or router). */
#define HOST_ERRORS_DIFFER 0x04u
/* Who wrote the first error's details (see the ownership notes above). */
#define HOST_FIRST_ERROR_BY_SENDER 0x08u
#define HOST_FIRST_ERROR_BY_RECEIVER 0x10u
/* Set by the engine after a run cut by its deadline: a request's outcome
 * was still unknown (or the name still resolving), so the host's result
 * would be a guess and a bulk sink holds it back. */
#define HOST_UNFINISHED 0x20u

/* error_type when HOST_UNREACHABLE: what error_code means */
enum host_error {
    HOST_ERROR_NONE = 0,
    HOST_ERROR_ICMP4 = 1, /* error_code = ICMP type << 8 | code */
    HOST_ERROR_ICMP6 = 2, /* likewise for ICMPv6 */
    HOST_ERROR_SEND = 3,  /* error_code = errno of sendto() */
};

struct host {
    struct ipaddr addr;
    uint8_t status;     /* enum host_status */
    uint8_t error_type; /* enum host_error */
    _Atomic uint8_t flags;
    /* Errors seen, one per request at most (ping's "+N errors"): requests
     * go on after an error, and the class is decided by the whole set. */
    uint16_t send_errors;     /* sendto() failed (the sender) */
    uint16_t icmp_errors;     /* a router's or the kernel's ICMP error (the receiver) */
    uint32_t name;            /* offset into hostset.names, or HOST_NO_NAME */
    int32_t error_code;       /* see enum host_error; for HOST_UNRESOLVED a resolve_reason */
    struct ipaddr error_from; /* who sent the ICMP error (family 0 if none) */
    uint16_t sent;
    uint16_t received;
    uint32_t rtt_min_us;
    uint32_t rtt_max_us;
    uint64_t rtt_sum_us;
    /* Latency measures (issue 10: jitter, MOS, score, order; latency.h).
     * Written with received/rtt_* by the same receiver thread, read after
     * the run; nothing but latency.c interprets it. */
    struct latency_acc latency;
    /* What the network told about the host beyond counts (send parameters,
     * issue 8).  reply_ttl: the receiver of the host's family, at each
     * counted reply.  path_mtu: whoever set HOST_UNREACHABLE, with
     * error_code (EMSGSIZE, "fragmentation needed", "packet too big"). */
    uint8_t reply_ttl; /* TTL / hop limit of the last counted reply; 0 = none seen */
    uint16_t path_mtu; /* the MTU that refused a request, when known; 0 = not known */
    /* Spellings of one target (dedupe, issue 8): a ring through the target
     * and its HOST_ALIAS hosts, as 1 + the next one's index; 0 when alone
     * (so a zeroed host is alone).  Written by the resolver under the ready
     * queue's mutex; read by output only. */
    uint32_t alias;
};

struct hostset_index; /* private dedupe hash table */

struct hostset {
    struct host *hosts;
    uint32_t count;
    uint32_t capacity;      /* hosts[] never moves once the run starts */
    uint32_t names_pending; /* hosts added by name (status HOST_RESOLVING) */
    char *names;            /* arena of NUL-terminated names */
    size_t names_len;
    size_t names_cap;
    struct hostset_index *index;     /* NULL after hostset_seal() */
    struct hostset_index *addresses; /* address -> host while names resolve */
    bool all_addresses;              /* -A: a name's extra addresses become hosts */
    uint32_t max_count;              /* -A: count may grow up to this (<= capacity) */
    uint32_t extra_dropped;          /* -A addresses beyond the reserve (not pinged) */
};

void hostset_init(struct hostset *set);
void hostset_free(struct hostset *set);
/* Make room for at least n more hosts in one allocation; -1 on ENOMEM. */
int hostset_reserve(struct hostset *set, uint32_t n);
/*
 * Add a literal address.  Returns the host's index (an existing one if the
 * address is already present), or -1 when out of memory.
 */
int64_t hostset_add_address(struct hostset *set, const struct ipaddr *addr);
/* Add a host by name (status HOST_RESOLVING); same return convention. */
int64_t hostset_add_name(struct hostset *set, const char *name);
/* Drop the dedupe index once the table is complete (frees its memory). */
void hostset_seal(struct hostset *set);
/*
 * After hostset_seal(), before the run, when names are pending: build the
 * address -> host map that lets a resolved name find a target with its
 * address, and with all_addresses reserve room for the names' extra
 * addresses (HOSTSET_ADDRESSES_PER_NAME - 1 per name, total within
 * max_hosts).  0, or -1 when out of memory.
 */
int hostset_prepare_names(struct hostset *set, bool all_addresses, uint64_t max_hosts);
/*
 * A resolver's answer for the name at `index` (status HOST_RESOLVING),
 * count >= 1 addresses in preference order; called under the ready queue's
 * mutex.  addrs[0] becomes the host's address, or, when a host has it
 * already, the host becomes its alias.  With all_addresses each further
 * address becomes a new host of the same name (or an alias, likewise);
 * their indices go to added[] (room for HOSTSET_ADDRESSES_PER_NAME - 1),
 * and their number is returned.  Never allocates.
 */
size_t hostset_resolved(struct hostset *set, uint32_t index, const struct ipaddr *addrs,
                        size_t count, uint32_t *added);
/* The next spelling in h's ring (hostset_next_spelling(set, h) == h
 * again after the last), or NULL when h has no alias. */
static inline const struct host *hostset_next_spelling(const struct hostset *set,
                                                       const struct host *h)
{
    return h->alias ? &set->hosts[h->alias - 1] : NULL;
}
/* A host that is pinged and reported (not an alias of another). */
static inline bool hostset_is_target(const struct host *h)
{
    return h->status != HOST_ALIAS;
}
/* One error about one request of h, as its thread saw it. */
struct host_error_seen {
    uint8_t type;       /* enum host_error */
    int32_t code;       /* as host.error_code */
    struct ipaddr from; /* who sent an ICMP error (family 0 if none or unknown) */
    uint16_t path_mtu;  /* the MTU that refused the request; 0 = not known */
    uint8_t by;         /* HOST_FIRST_ERROR_BY_SENDER or _BY_RECEIVER: the caller */
};
/*
 * Count an error of h and keep the first one's details (the caller is the
 * thread named by e->by; ownership rules above).  Lock-free: one or two
 * atomic or's on h->flags.
 */
void hostset_record_error(struct host *h, const struct host_error_seen *e);
/* All errors seen for h (read after the run). */
static inline uint32_t hostset_error_count(const struct host *h)
{
    return (uint32_t)h->send_errors + h->icmp_errors;
}
/* The host's name, or NULL for a literal. */
const char *hostset_name(const struct hostset *set, const struct host *h);
/* What to call the host in output: its name, else its address as text. */
const char *hostset_label(const struct hostset *set, const struct host *h, char *buf, size_t len);

#endif
