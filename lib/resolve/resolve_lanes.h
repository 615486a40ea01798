/*
 * resolve_lanes.h - the c-ares resolver's channels ("lanes") and the
 * sockets they open: which descriptors to poll, which channel reads each,
 * and how many answers each socket's buffer dropped.
 *
 * Why several channels: c-ares 1.18 (Debian 12) asks each name server
 * through one UDP socket per channel (ARES_OPT_UDP_MAX_QUERIES, which
 * rotates sockets, came with 1.20), and answers to names in flight arrive
 * in bursts into that socket's receive buffer.  The kernel grants at most
 * twice net.core.rmem_max (212992 on a stock Debian: 416 KiB, about 416
 * small answers), so one socket would bound the resolver's window at some
 * 200 names.  resolve_lanes_count() opens as many channels as the
 * --dns-parallel cap needs for every answer to fit if all came at once,
 * and resolve_lanes_pick() gives each name the channel with the fewest
 * queries outstanding, so that no socket holds more than its share.
 *
 * Every channel reads the same resolv.conf and keeps its own query ids;
 * one channel's sockets never see another's answers.  The drop counters
 * are kept per socket (a socket that closes takes its count with it), so
 * an overflow of any socket is seen.
 *
 * Owned by the resolver thread alone, like resolve_jobs.h.
 */
#ifndef MULTIPING_RESOLVE_LANES_H
#define MULTIPING_RESOLVE_LANES_H

#include <ares.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RESOLVE_LANES_MAX 8          /* channels at most */
#define RESOLVE_LANES_SOCKETS 64     /* descriptors polled at most, over all channels */
#define RESOLVE_ANSWER_TRUESIZE 1024 /* the kernel's accounting of one small answer */
#define RESOLVE_UDP_RCVBUF (4 << 20) /* asked for; the kernel caps it */

struct resolve_lanes;

struct resolve_lane {
    struct resolve_lanes *owner;
    ares_channel channel;
    bool open;
    uint32_t queries; /* outstanding: ares_search() calls not yet called back */
};

struct resolve_lanes {
    struct resolve_lane lane[RESOLVE_LANES_MAX];
    unsigned count;
    /* [0] is the caller's wake descriptor; the rest are c-ares' sockets. */
    struct pollfd fds[RESOLVE_LANES_SOCKETS + 1];
    uint8_t lane_of[RESOLVE_LANES_SOCKETS + 1];
    uint64_t drops_seen[RESOLVE_LANES_SOCKETS + 1];
    nfds_t nfds;
    int socket_errno; /* why c-ares' last socket() failed, or 0 */
};

/* The receive buffer the kernel grants a UDP socket asking for
 * RESOLVE_UDP_RCVBUF, in bytes (0 if no socket could be opened). */
uint32_t resolve_lanes_granted_buffer(void);

/* How many channels: enough for `queries` answers (the cap's names times
 * the queries per name) at RESOLVE_ANSWER_TRUESIZE each in buffers of
 * `buffer` bytes (0: unknown, one channel), at least 1, at most
 * RESOLVE_LANES_MAX, and few enough that a UDP and a TCP socket per name
 * server of each still fit in RESOLVE_LANES_SOCKETS. */
unsigned resolve_lanes_count(uint32_t queries, uint32_t buffer, unsigned nameservers);

/* Open `count` channels with the caller's options (sock_state_cb is set
 * here).  0, or an ares status (channels already open stay open for
 * resolve_lanes_close). */
int resolve_lanes_open(struct resolve_lanes *l, unsigned count, int wake_fd, struct ares_options *o,
                       int mask);
void resolve_lanes_close(struct resolve_lanes *l);

/* The channel a new name's queries go to: the one with fewest outstanding. */
struct resolve_lane *resolve_lanes_pick(struct resolve_lanes *l);

/* c-ares' socket-state callback body: watch fd for lane (or stop). */
void resolve_lanes_watch(struct resolve_lanes *l, unsigned lane, int fd, bool readable,
                         bool writable);

/* Milliseconds until the earliest channel's next retry or time-out, at
 * most max_ms. */
int resolve_lanes_wait_ms(struct resolve_lanes *l, int max_ms);

/* Let each channel read and write what poll() found ready (ready: poll's
 * count), then handle time-outs and retries of every channel. */
void resolve_lanes_process(struct resolve_lanes *l, int ready);
/* Time-outs and retries only (poll() found nothing). */
void resolve_lanes_tick(struct resolve_lanes *l);

/* True when a socket dropped answers since the last call. */
bool resolve_lanes_dropped(struct resolve_lanes *l);

/* Cancel every query of every channel (their callbacks run). */
void resolve_lanes_cancel(struct resolve_lanes *l);

#endif
