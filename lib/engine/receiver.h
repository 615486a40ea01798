/*
 * receiver.h - one thread per address family that reads replies and ICMP
 * errors and decides which of them are ours.
 *
 * Each packet is parsed here (icmp.h) and handed to the run's fate sink
 * (source.h): the flight table in a one-shot run (fate_flight.c), a ring
 * under --watch (fate_ring.h).  In a one-shot run a packet counts only if
 * every check passes: its payload carries this run's cookie, a host index and packet number in
 * range, the echo identifier and sequence we sent, it comes from the host's
 * own address (for an error: it quotes a packet sent to that address), and
 * the flight table agrees the packet was in flight and still within its
 * timeout.  Anything else is counted in `ignored` and changes nothing.
 *
 * Owns: its socket's receive side, its buffers, `ignored`, and the
 * received/rtt_* fields of the hosts of its family (no other thread writes
 * them).  Reads the host table's addresses, published to it by the sender's
 * slot store (release) that precedes any reply.
 */
#ifndef MULTIPING_RECEIVER_H
#define MULTIPING_RECEIVER_H

#include "run_context.h"
#include "source.h"

#include <stdint.h>

struct receiver_buffers; /* recvmmsg vectors, one batch */

struct receiver {
    const struct run_context *shared;
    const struct icmp_socket *sock;
    int stop_fd; /* readable when the run is over */
    uint64_t ignored;
    struct receiver_buffers *buf;
    struct fate_sink *fate;       /* the run context's, or &flight_fate */
    struct fate_sink flight_fate; /* one-shot: the flight table and host counters */
};

/* The one-shot fate sink (fate_flight.c): a counted reply or error decides
 * its packet's slot in the flight table and adds to the host's counters. */
struct fate_sink receiver_flight_fate(void);

int receiver_init(struct receiver *r, const struct run_context *shared,
                  const struct icmp_socket *sock, int stop_fd);
void receiver_free(struct receiver *r);
/* Read and account everything queued on the socket now, without waiting
 * (the thread's loop body; unit tests call it directly). */
void receiver_drain(struct receiver *r);
/* pthread entry point; arg is a struct receiver. */
void *receiver_main(void *arg);

#endif
