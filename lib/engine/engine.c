/*
 * engine.c - wiring and lifecycle of one run (see engine.h).
 *
 * The main thread's part: set up the shared state, start the threads,
 * sweep timed-out packets until every outcome is known or the deadline
 * passes, then stop everyone in order: close the ready queue (sender and
 * resolvers stop writing), signal the receivers, join.
 *
 * The whole run state is one heap block: if a getaddrinfo pool worker is
 * stuck at the deadline it is left running, and what it points to must
 * stay valid until the process exits (engine_report.abandoned).  The
 * c-ares resolver is always stopped and joined.
 */
#include "engine.h"

#include "receiver.h"
#include "resolve/resolve.h"
#include "sender.h"

#include "clock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* Sweep at least this often: new packets expire no sooner than one
 * packet timeout after they are sent, so this only bounds latency. */
#define SWEEP_MAX_NS (50 * 1000 * 1000u)

struct run {
    struct run_context shared;
    struct flight flight;
    struct readyq queue;
    struct resolver resolver;
    struct sender sender;
    struct receiver receivers[2];
    pthread_t sender_thread;
    pthread_t receiver_threads[2];
    bool receiver_running[2];
    bool sender_running;
    bool resolver_running;
    bool has_flight; /* a one-shot run: the flight table and ready queue exist */
    int stop_fd;
};

static uint64_t random_u64(void)
{
    uint64_t v = 0;
    if (getrandom(&v, sizeof(v), 0) != (ssize_t)sizeof(v)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        v = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^ (uint64_t)getpid() << 32;
    }
    return v;
}

static uint64_t realtime_offset(void)
{
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    uint64_t mono = clock_mono_ns();
    return (uint64_t)rt.tv_sec * 1000000000u + (uint64_t)rt.tv_nsec - mono;
}

/* Datagram sockets: bind so the kernel picks our echo id now.  Raw ones:
 * our random id, and a kernel filter for it. */
static uint16_t socket_id(const struct icmp_socket *s, uint16_t random_id)
{
    if (s->fd < 0)
        return random_id;
    if (s->kind != SOCK_KIND_DGRAM) {
        (void)sock_filter_id(s, random_id);
        return random_id;
    }
    struct sockaddr_storage ss;
    struct ipaddr any = {.family = (uint8_t)s->family};
    socklen_t len = ipaddr_to_sockaddr(&any, &ss);
    (void)bind(s->fd, (struct sockaddr *)&ss, len);
    return sock_dgram_id(s);
}

/* What both lifecycles share: sockets' echo ids, clocks, the stop fd. */
static int setup_common(struct run *run, struct icmp_socket sockets[2],
                        const struct send_params *send, uint64_t deadline_ns, uint64_t start,
                        char *err, size_t errlen)
{
    struct run_context *sh = &run->shared;
    sh->sockets[0] = &sockets[0];
    sh->sockets[1] = &sockets[1];
    sh->cookie = random_u64();
    uint64_t ids = random_u64();
    sh->ids[0] = socket_id(&sockets[0], (uint16_t)ids);
    sh->ids[1] = socket_id(&sockets[1], (uint16_t)(ids >> 16));
    sh->realtime_offset_ns = realtime_offset();
    sh->start_ns = start;
    sh->deadline_ns = deadline_ns;
    sh->send = send;
    run->stop_fd = eventfd(0, EFD_CLOEXEC);
    if (run->stop_fd < 0) {
        snprintf(err, errlen, "cannot create an eventfd: %s", strerror(errno));
        return -1;
    }
    return 0;
}

static int setup_shared(struct run *run, const struct run_config *cfg,
                        struct icmp_socket sockets[2], struct hostset *set, uint64_t start,
                        char *err, size_t errlen)
{
    struct run_context *sh = &run->shared;
    if (setup_common(run, sockets, cfg->send, cfg->deadline_ns, start, err, errlen) < 0)
        return -1;
    sh->set = set;
    sh->flight = &run->flight;
    /* Sized for the table's capacity (-A grows it while the run goes);
     * only the hosts there now are outcomes to wait for. */
    if (flight_init(&run->flight, set->capacity, cfg->packets, cfg->packet_timeout_ms, start) < 0 ||
        readyq_init(&run->queue, set->capacity) < 0) {
        snprintf(err, errlen, "out of memory for %u hosts", set->capacity);
        return -1;
    }
    run->has_flight = true;
    flight_settle(&run->flight, (int64_t)(set->capacity - set->count) * cfg->packets);
    for (uint32_t i = 0; i < set->count; i++) {
        if (set->hosts[i].status == HOST_READY)
            readyq_push_initial(&run->queue, i);
    }
    return 0;
}

static int start_threads(struct run *run, const struct run_config *cfg, char *err, size_t errlen)
{
    struct run_context *sh = &run->shared;
    for (int i = 0; i < 2; i++) {
        if (sh->sockets[i]->fd < 0)
            continue;
        int rc = receiver_init(&run->receivers[i], sh, sh->sockets[i], run->stop_fd) < 0
                     ? ENOMEM
                     : pthread_create(&run->receiver_threads[i], NULL, receiver_main,
                                      &run->receivers[i]);
        if (rc != 0) {
            snprintf(err, errlen, "cannot start a receiver thread: %s", strerror(rc));
            return -1;
        }
        run->receiver_running[i] = true;
    }
    int rc = sender_init(&run->sender, sh, &run->queue, cfg) < 0
                 ? ENOMEM
                 : pthread_create(&run->sender_thread, NULL, sender_main, &run->sender);
    if (rc != 0) {
        snprintf(err, errlen, "cannot start the sender thread: %s", strerror(rc));
        return -1;
    }
    run->sender_running = true;
    if (sh->set && sh->set->names_pending > 0) {
        struct resolve_config rcfg = {.family = cfg->family, .parallel = cfg->dns_parallel};
        if (resolve_start(&run->resolver, sh->set, &run->queue, &rcfg, err, errlen) < 0)
            return -1;
        run->resolver_running = true;
    }
    return 0;
}

/* Main thread: expire packets until done or the deadline. */
static bool sweep_until_done(struct run *run, uint64_t deadline_ns)
{
    struct flight *f = &run->flight;
    uint64_t cursor = 0;
    for (;;) {
        uint64_t now = clock_mono_ns();
        if (now >= deadline_ns)
            return atomic_load(&f->outstanding) == 0;
        uint64_t next_us = flight_expire(f, &cursor, flight_us(f, now));
        uint64_t wake = now + SWEEP_MAX_NS;
        if (next_us != UINT64_MAX && f->start_ns + next_us * 1000u < wake)
            wake = f->start_ns + next_us * 1000u;
        if (wake > deadline_ns)
            wake = deadline_ns;
        if (flight_wait(f, wake))
            return true;
    }
}

static bool stop_threads(struct run *run, uint64_t hard_deadline_ns)
{
    if (run->has_flight)
        readyq_close(&run->queue);
    uint64_t one = 1;
    if (write(run->stop_fd, &one, sizeof(one)) < 0) {
        /* eventfd writes cannot fail for a value of 1 unless it overflows */
    }
    if (run->sender_running)
        pthread_join(run->sender_thread, NULL);
    for (int i = 0; i < 2; i++) {
        if (run->receiver_running[i])
            pthread_join(run->receiver_threads[i], NULL);
    }
    if (run->resolver_running)
        return resolve_stop(&run->resolver, hard_deadline_ns);
    return true;
}

static void free_run(struct run *run)
{
    sender_free(&run->sender);
    for (int i = 0; i < 2; i++)
        receiver_free(&run->receivers[i]);
    if (run->has_flight) {
        readyq_destroy(&run->queue);
        flight_free(&run->flight);
    }
    if (run->stop_fd >= 0)
        close(run->stop_fd);
    free(run);
}

static bool host_unfinished(struct run *run, uint32_t index)
{
    const struct host *h = &run->shared.set->hosts[index];
    if (h->status == HOST_RESOLVING)
        return true;
    if (h->status != HOST_READY)
        return false;
    /* Errors do not finish a host (its requests go on); only a family
     * without a socket does: nothing of it is ever sent. */
    if (run->shared.sockets[run_family_slot(h->addr.family)]->fd < 0)
        return false;
    struct flight *f = &run->flight;
    for (uint16_t k = 0; k < f->packets; k++) {
        uint32_t v = atomic_load(&f->slots[flight_slot(f, index, k)]);
        if (v <= FLIGHT_MAX_SENT) /* not sent, or still in flight */
            return true;
    }
    return false;
}

static void fill_report(struct run *run, struct engine_report *rep)
{
    rep->timed_out = atomic_load(&run->flight.outstanding) > 0;
    for (uint32_t i = 0; rep->timed_out && i < run->shared.set->count; i++) {
        if (!host_unfinished(run, i))
            continue;
        rep->unfinished_hosts++;
        atomic_fetch_or(&run->shared.set->hosts[i].flags, HOST_UNFINISHED);
    }
    rep->resolver_errno = atomic_load(&run->resolver.system_errno);
    rep->rx_dropped = sock_dropped(run->shared.sockets[0]) + sock_dropped(run->shared.sockets[1]);
}

int engine_run(const struct run_config *cfg, struct icmp_socket sockets[2], struct hostset *set,
               struct engine_report *rep, char *err, size_t errlen)
{
    memset(rep, 0, sizeof(*rep));
    uint64_t start = clock_mono_ns();
    struct run *run = calloc(1, sizeof(*run));
    if (!run) {
        snprintf(err, errlen, "out of memory for %u hosts", set->count);
        return -1;
    }
    run->stop_fd = -1;
    int rc = setup_shared(run, cfg, sockets, set, start, err, errlen);
    if (rc == 0)
        rc = start_threads(run, cfg, err, errlen);
    if (rc == 0)
        sweep_until_done(run, cfg->deadline_ns);
    /* Joining resolvers may take until a little after the soft deadline. */
    bool joined = stop_threads(run, cfg->deadline_ns + SWEEP_MAX_NS);
    fill_report(run, rep);
    rep->abandoned = !joined;
    if (joined)
        free_run(run);
    return rc;
}

/* ---- --watch: the same threads, fed by the caller's source and sinks ---- */

struct engine {
    struct run *run;
};

int engine_start(const struct engine_parts *parts, struct icmp_socket sockets[2],
                 struct engine **out, char *err, size_t errlen)
{
    struct run *run = calloc(1, sizeof(*run));
    struct engine *e = calloc(1, sizeof(*e));
    if (!run || !e) {
        free(run);
        free(e);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    e->run = run;
    run->stop_fd = -1;
    struct run_config cfg = {
        .rate_pps = parts->rate_pps, .send = parts->send, .deadline_ns = UINT64_MAX};
    run->shared.source = parts->source;
    run->shared.fate[0] = parts->fate[0];
    run->shared.fate[1] = parts->fate[1];
    run->shared.rx_gather_ns = parts->rx_gather_ns;
    int rc = setup_common(run, sockets, parts->send, UINT64_MAX, clock_mono_ns(), err, errlen);
    if (rc == 0)
        rc = start_threads(run, &cfg, err, errlen);
    if (rc < 0) {
        engine_stop(e);
        return -1;
    }
    *out = e;
    return 0;
}

const struct run_context *engine_context(const struct engine *e)
{
    return &e->run->shared;
}

void engine_stop(struct engine *e)
{
    if (!e)
        return;
    stop_threads(e->run, 0);
    free_run(e->run);
    free(e);
}
