/*
 * resolve_lanes.c - c-ares channels and their sockets (see
 * resolve_lanes.h).  Sockets are opened through our own functions so that
 * a failure's errno is known (c-ares reports it as "connection refused")
 * and every UDP socket asks for a large receive buffer.
 */
#include "resolve_lanes.h"

#include "net/sock.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* ---- sockets ------------------------------------------------------------ */

/* Ask for a large buffer; the kernel grants min(asked, rmem_max) x 2. */
static void ask_buffer(int fd)
{
    int size = RESOLVE_UDP_RCVBUF;
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

uint32_t resolve_lanes_granted_buffer(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    ask_buffer(fd);
    int size = 0;
    socklen_t len = sizeof(size);
    if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, &len) < 0 || size < 0)
        size = 0;
    close(fd);
    return (uint32_t)size;
}

static ares_socket_t own_sock_open(int domain, int type, int protocol, void *data)
{
    struct resolve_lane *lane = data;
    int fd = socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    lane->owner->socket_errno = fd < 0 ? errno : 0;
    if (fd >= 0 && type == SOCK_DGRAM)
        ask_buffer(fd);
    return fd;
}

static int own_sock_close(ares_socket_t fd, void *data)
{
    (void)data;
    return close(fd);
}

static int own_sock_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len,
                            void *data)
{
    (void)data;
    return connect(fd, sa, len);
}

static ares_ssize_t own_sock_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags,
                                      struct sockaddr *from, ares_socklen_t *fromlen, void *data)
{
    (void)data;
    return recvfrom(fd, buf, len, flags, from, fromlen);
}

static ares_ssize_t own_sock_sendv(ares_socket_t fd, const struct iovec *iov, int n, void *data)
{
    (void)data;
    return writev(fd, iov, n);
}

static const struct ares_socket_functions socket_functions = {
    .asocket = own_sock_open,
    .aclose = own_sock_close,
    .aconnect = own_sock_connect,
    .arecvfrom = own_sock_recvfrom,
    .asendv = own_sock_sendv,
};

/* ---- channels ----------------------------------------------------------- */

unsigned resolve_lanes_count(uint32_t queries, uint32_t buffer, unsigned nameservers)
{
    if (buffer == 0)
        return 1; /* unknown: c-ares' own socket will fail as the probe did */
    uint32_t per_socket = buffer < RESOLVE_ANSWER_TRUESIZE ? 1 : buffer / RESOLVE_ANSWER_TRUESIZE;
    uint64_t need = ((uint64_t)queries + per_socket - 1) / per_socket;
    unsigned servers = nameservers ? nameservers : 1;
    unsigned fit = RESOLVE_LANES_SOCKETS / (2 * servers); /* a UDP and a TCP socket each */
    unsigned most = fit < RESOLVE_LANES_MAX ? fit : RESOLVE_LANES_MAX;
    if (most == 0)
        most = 1;
    return need == 0 ? 1 : need > most ? most : (unsigned)need;
}

static void sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
    struct resolve_lane *lane = data;
    resolve_lanes_watch(lane->owner, (unsigned)(lane - lane->owner->lane), fd, readable, writable);
}

int resolve_lanes_open(struct resolve_lanes *l, unsigned count, int wake_fd, struct ares_options *o,
                       int mask)
{
    memset(l, 0, sizeof(*l));
    l->fds[0] = (struct pollfd){.fd = wake_fd, .events = POLLIN};
    l->nfds = 1;
    o->sock_state_cb = sock_state;
    for (unsigned i = 0; i < count && i < RESOLVE_LANES_MAX; i++) {
        struct resolve_lane *lane = &l->lane[i];
        lane->owner = l;
        o->sock_state_cb_data = lane;
        int status = ares_init_options(&lane->channel, o, mask | ARES_OPT_SOCK_STATE_CB);
        if (status != ARES_SUCCESS)
            return status;
        lane->open = true;
        l->count = i + 1;
        ares_set_socket_functions(lane->channel, &socket_functions, lane);
    }
    return 0;
}

void resolve_lanes_close(struct resolve_lanes *l)
{
    for (unsigned i = 0; i < l->count; i++) {
        if (l->lane[i].open)
            ares_destroy(l->lane[i].channel);
        l->lane[i].open = false;
    }
}

struct resolve_lane *resolve_lanes_pick(struct resolve_lanes *l)
{
    struct resolve_lane *best = &l->lane[0];
    for (unsigned i = 1; i < l->count; i++) {
        if (l->lane[i].queries < best->queries)
            best = &l->lane[i];
    }
    return best;
}

void resolve_lanes_cancel(struct resolve_lanes *l)
{
    for (unsigned i = 0; i < l->count; i++)
        ares_cancel(l->lane[i].channel);
}

/* ---- polling ------------------------------------------------------------ */

void resolve_lanes_watch(struct resolve_lanes *l, unsigned lane, int fd, bool readable,
                         bool writable)
{
    nfds_t i = 1;
    while (i < l->nfds && l->fds[i].fd != fd)
        i++;
    if (!readable && !writable) {
        if (i < l->nfds) {
            l->nfds--;
            l->fds[i] = l->fds[l->nfds];
            l->lane_of[i] = l->lane_of[l->nfds];
            l->drops_seen[i] = l->drops_seen[l->nfds];
        }
        return;
    }
    if (i == l->nfds) {
        if (l->nfds > RESOLVE_LANES_SOCKETS)
            return; /* resolve_lanes_count keeps within; c-ares times the query out */
        l->nfds++;
        l->drops_seen[i] = 0; /* a new socket starts with none */
    }
    l->fds[i].fd = fd;
    l->fds[i].events = (short)((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
    l->fds[i].revents = 0;
    l->lane_of[i] = (uint8_t)lane;
}

int resolve_lanes_wait_ms(struct resolve_lanes *l, int max_ms)
{
    int ms = max_ms;
    for (unsigned i = 0; i < l->count; i++) {
        struct timeval max = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000}, tv;
        struct timeval *t = ares_timeout(l->lane[i].channel, &max, &tv);
        long long next = (long long)t->tv_sec * 1000 + (t->tv_usec + 999) / 1000;
        if (next < ms)
            ms = (int)next;
    }
    return ms;
}

void resolve_lanes_tick(struct resolve_lanes *l)
{
    for (unsigned i = 0; i < l->count; i++)
        ares_process_fd(l->lane[i].channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
}

void resolve_lanes_process(struct resolve_lanes *l, int ready)
{
    struct pollfd copy[RESOLVE_LANES_SOCKETS + 1];
    uint8_t lane_of[RESOLVE_LANES_SOCKETS + 1];
    nfds_t n = l->nfds; /* c-ares changes fds[] while processing */
    memcpy(copy, l->fds, n * sizeof(*copy));
    memcpy(lane_of, l->lane_of, n * sizeof(*lane_of));
    for (nfds_t i = 1; ready > 0 && i < n; i++) {
        if (!copy[i].revents)
            continue;
        ready--;
        bool in = copy[i].revents & (POLLIN | POLLERR | POLLHUP);
        bool out = copy[i].revents & POLLOUT;
        ares_process_fd(l->lane[lane_of[i]].channel, in ? copy[i].fd : ARES_SOCKET_BAD,
                        out ? copy[i].fd : ARES_SOCKET_BAD);
    }
    resolve_lanes_tick(l);
}

/* Answers lost in a socket's buffer come back only as time-outs, seconds
 * later; the kernel's drop counter says so at once. */
bool resolve_lanes_dropped(struct resolve_lanes *l)
{
    bool dropped = false;
    for (nfds_t i = 1; i < l->nfds; i++) {
        uint64_t drops = sock_fd_dropped(l->fds[i].fd);
        if (drops > l->drops_seen[i])
            dropped = true;
        l->drops_seen[i] = drops;
    }
    return dropped;
}
