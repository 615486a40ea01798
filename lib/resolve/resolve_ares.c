/*
 * resolve_ares.c - names resolved by c-ares on one thread (see resolve.h).
 *
 * The thread owns the c-ares channels and their sockets (resolve_lanes.h:
 * as many as the sockets' buffers need to hold every answer in flight),
 * the hosts table and the job bookkeeping (resolve_jobs.h); it shares only
 * the ready queue (through readyq_deliver), *system_errno (atomic) and
 * wake_fd, which resolve_ares_stop() writes to end the run.  Its loop:
 * give up on names past their budget, start waiting names while the
 * window allows (resolve_jobs.h: at most --dns-parallel, less while the
 * name server queues or a socket of ours dropped answers), each on the
 * channel with the fewest queries outstanding, poll c-ares' sockets and
 * wake_fd until the next c-ares or budget deadline, let c-ares read what
 * arrived.  It blocks nowhere else, so stopping it takes one
 * poll() wake-up: nothing is ever abandoned.
 *
 * Each name is asked as c-ares' ares_search() asks it (resolv.conf's
 * search list and ndots), one query per family (A, AAAA), and in the
 * order of nsswitch.conf's hosts: line with the hosts file.
 *
 * resolv.conf's timeout and attempts are applied as glibc applies them: a
 * query goes out every `timeout` seconds, `attempts` times (timeout:1
 * attempts:5 and a silent server: at 0, 1, 2, 3 and 4 s).  c-ares 1.18
 * (Debian 12) cannot do that by itself: it doubles the timeout at every
 * round over the servers (0, 1, 3, 7 ... s), and a budget cutting that
 * short sent fewer queries than glibc.  So each ares_search() gets one
 * round (ARES_OPT_TRIES 1, a fixed ARES_OPT_TIMEOUTMS per server), and a
 * round that timed out or was refused is started again here, from its
 * callback, until `attempts` rounds went out (ask_again()).  A search
 * that timed out on a later name of the search list asks the earlier ones
 * again, at the cost of a query each; glibc's own order would need the
 * search list walked here.
 * The name's budget stays what glibc spends on a silent server, timeout x
 * attempts x servers, and ends it if the rounds have not.
 */
#include "resolve_ares.h"
#include "clock.h"

#include "nameconf/hostsfile.h"
#include "nameconf/resolvconf.h"
#include "resolve_jobs.h"
#include "resolve_lanes.h"

#include <ares.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define RESOLV_CONF "/etc/resolv.conf"
#define START_BATCH 32 /* names started between two reads of the answers */

struct resolve_ares {
    struct hostset *set; /* names read-only; fields written via readyq */
    struct readyq *queue;
    int family;
    struct nsswitch_hosts nss;
    struct hostsfile hosts;
    unsigned nameservers; /* nameserver lines of resolv.conf */
    unsigned attempts;    /* resolv.conf's attempts: rounds of queries per family */
    bool closed;          /* the queue said the run is over */
    struct resolve_jobs jobs;
    struct resolve_lanes lanes; /* c-ares' channels and sockets; fds[0] is wake_fd */
    _Atomic int *system_errno;
    int wake_fd;
    pthread_t thread;
};

static bool resource_errno(int e)
{
    return e == EMFILE || e == ENFILE || e == ENOMEM || e == ENOBUFS;
}

static void note_system_errno(struct resolve_ares *a, int e)
{
    int none = 0;
    atomic_compare_exchange_strong(a->system_errno, &none, e);
}

/* ---- results ------------------------------------------------------------ */

static void deliver(struct resolve_ares *a, uint32_t job, const struct ipaddr *addrs, size_t n,
                    int reason)
{
    if (a->closed)
        return;
    if (!readyq_deliver(a->queue, a->set, a->jobs.hosts[job], addrs, n, reason))
        a->closed = true;
}

static bool files_after_dns(const struct resolve_ares *a)
{
    return a->nss.count == 2 && a->nss.order[1] == NSSWITCH_FILES;
}

/* The slot's name is done (every query answered, or its budget spent). */
static void finish_slot(struct resolve_ares *a, struct resolve_slot *s)
{
    struct ipaddr addrs[RESOLVE_MAX_ADDRS];
    size_t n = resolve_slot_addresses(s, addrs, RESOLVE_MAX_ADDRS);
    int reason = RESOLVE_OK;
    const char *name = hostset_name(a->set, &a->set->hosts[a->jobs.hosts[s->job]]);
    if (n == 0 && files_after_dns(a))
        n = hostsfile_lookup(&a->hosts, name, a->family, addrs, RESOLVE_MAX_ADDRS);
    if (n == 0)
        reason = resolve_slot_reason(s, a->family, a->nameservers);
    resolve_jobs_answered(&a->jobs, s, clock_mono_ns());
    deliver(a, s->job, addrs, n, reason);
    resolve_jobs_finish(&a->jobs, s);
}

int resolve_ares_answer(int status)
{
    switch (status) {
    case ARES_SUCCESS:
        return RESOLVE_ANSWER_ADDRESSES;
    case ARES_ENOTFOUND:
        return RESOLVE_ANSWER_NXDOMAIN;
    case ARES_ENODATA:
        return RESOLVE_ANSWER_NODATA;
    case ARES_ESERVFAIL:
        return RESOLVE_ANSWER_SERVFAIL;
    case ARES_EREFUSED:
        return RESOLVE_ANSWER_REFUSED;
    case ARES_ETIMEOUT:
        return RESOLVE_ANSWER_TIMEOUT;
    case ARES_ECONNREFUSED:
        return RESOLVE_ANSWER_CONNREFUSED;
    case ARES_EBADRESP:
    case ARES_EFORMERR:
        return RESOLVE_ANSWER_BADRESP;
    default:
        return RESOLVE_ANSWER_OTHER;
    }
}

/* The addresses of one answer, of the family asked only. */
static int parse_answer(struct resolve_slot *s, int fam, const unsigned char *abuf, int alen)
{
    struct ares_addrttl v4[RESOLVE_MAX_ADDRS];
    struct ares_addr6ttl v6[RESOLVE_MAX_ADDRS];
    int n = RESOLVE_MAX_ADDRS;
    int rc = fam == 0 ? ares_parse_a_reply(abuf, alen, NULL, v4, &n)
                      : ares_parse_aaaa_reply(abuf, alen, NULL, v6, &n);
    if (rc != ARES_SUCCESS)
        return rc;
    for (int i = 0; i < n && i < RESOLVE_MAX_ADDRS; i++) {
        struct ipaddr *out = &s->addrs[fam][s->count[fam]];
        out->family = fam == 0 ? AF_INET : AF_INET6;
        if (fam == 0)
            memcpy(out->bytes, &v4[i].ipaddr, 4);
        else
            memcpy(out->bytes, &v6[i].ip6addr, 16);
        s->count[fam]++;
    }
    return n > 0 ? ARES_SUCCESS : ARES_ENODATA;
}

static void query_done(void *tag, int status, int timeouts, unsigned char *abuf, int alen);

/* One round of queries for the slot's name in family fam (0: A, 1: AAAA).
 * c-ares may call back from inside ares_search() (no socket, say), so the
 * query is counted first. */
static void ask(struct resolve_ares *a, struct resolve_slot *s, int fam)
{
    const char *name = hostset_name(a->set, &a->set->hosts[a->jobs.hosts[s->job]]);
    a->lanes.lane[s->lane].queries++;
    s->tries[fam]++;
    ares_search(a->lanes.lane[s->lane].channel, name, ns_c_in, fam == 0 ? ns_t_a : ns_t_aaaa,
                query_done, resolve_jobs_tag(s, fam));
}

/* A round that timed out or was refused goes again, as glibc's next
 * attempt, while the name is still wanted.  Refused, too: A and AAAA share
 * a socket, and the port-unreachable error of one may fail the other's
 * send instead, so that the first would wait its whole timeout unless
 * another send on that socket draws a new error (as c-ares' own retries
 * used to). */
static bool ask_again(struct resolve_ares *a, struct resolve_slot *s, int fam, int status)
{
    bool again = status == ARES_ETIMEOUT || status == ARES_ECONNREFUSED;
    if (!again || s->delivered || a->closed || s->tries[fam] >= a->attempts)
        return false;
    s->retried = true;
    ask(a, s, fam);
    return true;
}

static void query_done(void *tag, int status, int timeouts, unsigned char *abuf, int alen)
{
    int fam;
    struct resolve_slot *s = resolve_jobs_untag(tag, &fam);
    struct resolve_ares *a = s->owner;
    a->lanes.lane[s->lane].queries--; /* before the slot may be freed below */
    if (timeouts > 0)
        s->retried = true;
    if (ask_again(a, s, fam, status))
        return;
    if (status == ARES_SUCCESS)
        status = parse_answer(s, fam, abuf, alen);
    if (status == ARES_ECONNREFUSED && resource_errno(a->lanes.socket_errno))
        note_system_errno(a, a->lanes.socket_errno);
    if (status == ARES_ENOMEM)
        note_system_errno(a, ENOMEM);
    s->status[fam] = resolve_ares_answer(status);
    if (s->delivered)
        resolve_jobs_settle(&a->jobs, s);
    else if (resolve_slot_complete(s))
        finish_slot(a, s);
}

/* ---- the loop ----------------------------------------------------------- */

/* Start the next waiting name: from the hosts file, or a query per family. */
static void start_job(struct resolve_ares *a, uint32_t job, uint64_t now)
{
    const char *name = hostset_name(a->set, &a->set->hosts[a->jobs.hosts[job]]);
    struct ipaddr addrs[RESOLVE_MAX_ADDRS];
    if (a->nss.order[0] == NSSWITCH_FILES) {
        size_t n = hostsfile_lookup(&a->hosts, name, a->family, addrs, RESOLVE_MAX_ADDRS);
        bool dns = a->nss.count == 2;
        if (n > 0 || !dns) {
            resolve_jobs_skip(&a->jobs);
            deliver(a, job, addrs, n, n > 0 ? RESOLVE_OK : RESOLVE_NO_SUCH_NAME);
            return;
        }
    }
    struct resolve_slot *s = resolve_jobs_begin(&a->jobs, a->family, now);
    struct resolve_lane *lane = resolve_lanes_pick(&a->lanes);
    s->lane = (uint8_t)(lane - a->lanes.lane);
    /* Both statuses are set before either query goes out (c-ares may call
     * back from inside ares_search()), and a slot is complete only when
     * neither is pending: an early failure of A cannot finish it while
     * AAAA is still to be asked. */
    bool ask4 = s->status[0] == RESOLVE_QUERY_PENDING;
    bool ask6 = s->status[1] == RESOLVE_QUERY_PENDING;
    if (ask4)
        ask(a, s, 0);
    if (ask6)
        ask(a, s, 1);
}

/* Deliver names past their budget ("timed out", or what one family got). */
static void expire(struct resolve_ares *a, uint64_t now)
{
    struct resolve_slot *s;
    while (!a->closed && (s = resolve_jobs_expired(&a->jobs, now)) != NULL)
        finish_slot(a, s);
}

/* A name found in the hosts file takes no slot, but waits its turn.  At
 * most START_BATCH names per round, so that answers are read between
 * batches: while we only send, they pile up in the socket buffers (416
 * answers each on a stock Debian) and the excess is dropped.  True when
 * more could start at once. */
static bool start_jobs(struct resolve_ares *a, uint64_t now)
{
    uint32_t job;
    for (unsigned n = 0; n < START_BATCH; n++) {
        if (a->closed || !resolve_jobs_has_room(&a->jobs) || !resolve_jobs_peek(&a->jobs, &job))
            return false;
        start_job(a, job, now);
    }
    return resolve_jobs_has_room(&a->jobs) && resolve_jobs_peek(&a->jobs, &job);
}

/* Milliseconds poll() may sleep: until c-ares' next retry or time-out, or
 * the oldest name's budget, whichever comes first. */
static int wait_ms(struct resolve_ares *a, uint64_t now)
{
    uint64_t ms = (uint64_t)resolve_lanes_wait_ms(&a->lanes, 1000);
    uint64_t deadline = resolve_jobs_next_deadline(&a->jobs);
    if (deadline != UINT64_MAX) {
        uint64_t until = deadline > now ? (deadline - now + 999999u) / 1000000u : 0;
        if (until < ms)
            ms = until;
    }
    return (int)ms;
}

/* Let c-ares read and write what poll() found ready; false on wake_fd.
 * An answer any socket dropped halves the window. */
static bool process(struct resolve_ares *a, int ready)
{
    if (a->lanes.fds[0].revents)
        return false;
    resolve_lanes_process(&a->lanes, ready);
    if (resolve_lanes_dropped(&a->lanes))
        resolve_jobs_overflowed(&a->jobs);
    return true;
}

static void *resolver_thread(void *arg)
{
    struct resolve_ares *a = arg;
    for (;;) {
        uint64_t now = clock_mono_ns();
        expire(a, now);
        bool more = start_jobs(a, now);
        if (a->closed || resolve_jobs_all_done(&a->jobs))
            break;
        int ready = poll(a->lanes.fds, a->lanes.nfds, more ? 0 : wait_ms(a, now));
        if (ready < 0 && errno != EINTR)
            break; /* cannot happen with valid descriptors; the engine's -t ends the run */
        if (ready > 0 && !process(a, ready))
            break;
        if (ready == 0)
            resolve_lanes_tick(&a->lanes);
    }
    /* Nothing more is delivered; callbacks of cancelled queries only free
     * their slots. */
    a->closed = true;
    resolve_lanes_cancel(&a->lanes);
    return NULL;
}

/* ---- start and stop ----------------------------------------------------- */

/* What glibc spends on a silent server: timeout x attempts x servers. */
static uint64_t budget_ns(const struct resolvconf *rc)
{
    uint64_t servers = rc->nameservers == 0 ? 1 : rc->nameservers > 3 ? 3 : rc->nameservers;
    return (uint64_t)rc->timeout_s * rc->attempts * servers * 1000000000u;
}

/* How many channels, and the window's ceiling: every answer to the names
 * in flight must fit in the sockets' buffers if all came at once
 * (resolve_lanes.h).  The kernel grants at most twice net.core.rmem_max:
 * 416 KiB on a stock Debian, so 208 names per channel. */
static unsigned size_lanes(struct resolve_ares *a, unsigned nameservers)
{
    uint32_t buffer = resolve_lanes_granted_buffer();
    uint32_t per_name = a->family == AF_UNSPEC ? 2 : 1;
    unsigned lanes = resolve_lanes_count(a->jobs.cap * per_name, buffer, nameservers);
    if (buffer > 0)
        resolve_jobs_limit(&a->jobs, lanes * (buffer / RESOLVE_ANSWER_TRUESIZE / per_name));
    return lanes;
}

/* c-ares reads resolv.conf's servers and search list; the options glibc
 * spells differently are passed from resolvconf.c.  With a single server,
 * SERVFAIL and REFUSED answers are kept (NOCHECKRESP) so that they are
 * told apart; with several, c-ares moves on to the next server as glibc
 * does, and a name all of them fail reports them together.  A channel
 * whose queries are all answered would close its sockets (c-ares' default)
 * and open new ones for the next name: STAYOPEN keeps them until the end. */
static int open_channels(struct resolve_ares *a, const struct resolvconf *rc, char *err,
                         size_t errlen)
{
    struct ares_options o;
    memset(&o, 0, sizeof(o));
    int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS;
    o.timeout = (int)(rc->timeout_s * 1000u);
    o.tries = 1; /* one round per ares_search(); ask_again() makes the attempts */
    o.flags = rc->nameservers <= 1 ? ARES_FLAG_NOCHECKRESP : 0;
    o.flags |= ARES_FLAG_STAYOPEN; /* a channel that drains keeps its socket for the next */
    if (rc->ndots >= 0) {
        o.ndots = rc->ndots;
        mask |= ARES_OPT_NDOTS;
    }
    mask |= rc->rotate ? ARES_OPT_ROTATE : ARES_OPT_NOROTATE;
    unsigned lanes = size_lanes(a, rc->nameservers);
    int status = resolve_lanes_open(&a->lanes, lanes, a->wake_fd, &o, mask);
    if (status != ARES_SUCCESS) {
        if (status == ARES_ENOMEM)
            note_system_errno(a, ENOMEM);
        snprintf(err, errlen, "cannot start the resolver (c-ares): %s", ares_strerror(status));
        return -1;
    }
    a->nameservers = rc->nameservers;
    a->attempts = rc->attempts ? rc->attempts : 1;
    return 0;
}

static void ares_free_all(struct resolve_ares *a)
{
    resolve_lanes_close(&a->lanes);
    if (a->wake_fd >= 0)
        close(a->wake_fd);
    resolve_jobs_free(&a->jobs);
    hostsfile_free(&a->hosts);
    ares_library_cleanup();
    free(a);
}

static int prepare(struct resolve_ares *a, const struct resolve_config *cfg, char *err,
                   size_t errlen)
{
    const char *hosts = cfg->hosts_path ? cfg->hosts_path : "/etc/hosts";
    if (hostsfile_read(&a->hosts, hosts) < 0) {
        if (resource_errno(errno))
            note_system_errno(a, errno);
        snprintf(err, errlen, "cannot read %s: %s", hosts, strerror(errno));
        return -1;
    }
    a->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (a->wake_fd < 0) {
        if (resource_errno(errno))
            note_system_errno(a, errno);
        snprintf(err, errlen, "cannot create an eventfd: %s", strerror(errno));
        return -1;
    }
    struct resolvconf rc;
    resolvconf_read(RESOLV_CONF, getenv("RES_OPTIONS"), &rc);
    if (resolve_jobs_init(&a->jobs, a->set, cfg->parallel, budget_ns(&rc), a) < 0) {
        note_system_errno(a, ENOMEM);
        snprintf(err, errlen, "out of memory for the resolver's work list");
        return -1;
    }
    return open_channels(a, &rc, err, errlen);
}

struct resolve_ares *resolve_ares_start(struct hostset *set, struct readyq *queue,
                                        const struct resolve_config *cfg,
                                        const struct nsswitch_hosts *nss, _Atomic int *system_errno,
                                        char *err, size_t errlen)
{
    if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS) {
        snprintf(err, errlen, "cannot initialise c-ares");
        return NULL;
    }
    struct resolve_ares *a = calloc(1, sizeof(*a));
    if (!a) {
        ares_library_cleanup();
        snprintf(err, errlen, "out of memory for the resolver");
        return NULL;
    }
    a->set = set;
    a->queue = queue;
    a->family = cfg->family;
    a->nss = *nss;
    a->system_errno = system_errno;
    a->wake_fd = -1;
    int rc = prepare(a, cfg, err, errlen);
    if (rc == 0 && (rc = pthread_create(&a->thread, NULL, resolver_thread, a)) != 0) {
        snprintf(err, errlen, "cannot start the resolver thread: %s", strerror(rc));
        rc = -1;
    }
    if (rc != 0) {
        ares_free_all(a);
        return NULL;
    }
    return a;
}

void resolve_ares_stop(struct resolve_ares *a)
{
    uint64_t one = 1;
    if (write(a->wake_fd, &one, sizeof(one)) < 0) {
        /* only EAGAIN on counter overflow: the thread is awake anyway */
    }
    pthread_join(a->thread, NULL);
    ares_free_all(a);
}
