/*
 * sender.h - the one thread that sends echo requests.
 *
 * It takes each send from a probe source (source.h): the one-shot plan
 * (plan.h, built in when the run context names no source) or the --watch
 * schedule (run_context.source).  Per send it builds the request, paces
 * it, lets the source record it in flight, and calls sendto() once.  A
 * source that gives more sends due by now (the --watch schedule: those of
 * the next millisecond) has them gathered, up to SENDER_BATCH of one
 * family, each paced, and sent with one sendmmsg(); a request that call
 * does not take goes through sendto() as above (the same retries).
 *
 * Pacing is a leaky bucket (GCRA) at --rate packets per second with a
 * burst of about one millisecond's worth: the thread sleeps at most ~1000
 * times a second however high the rate, and never spins.
 */
#ifndef MULTIPING_SENDER_H
#define MULTIPING_SENDER_H

#include "plan.h"
#include "run_context.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>

#define SENDER_BATCH 64

/* Everything here is owned by the sender thread once it runs. */
struct sender {
    const struct run_context *shared;
    struct probe_source *source; /* &plan.source, or the run context's */
    struct plan plan;            /* the one-shot source (unused under --watch) */
    uint64_t period_ns;          /* 1e9 / rate; 0 = unlimited */
    uint64_t tolerance_ns;       /* burst allowance */
    uint64_t virtual_ns;         /* GCRA theoretical arrival time */
    uint8_t *packet; /* one request, rebuilt for each send (--size decides its length) */
    size_t packet_len;
    /* a batch (sources with `more`): SENDER_BATCH of each, packet_len apart */
    uint8_t *packets;
    struct probe_order *orders;
    struct mmsghdr *msgs;
    struct iovec *iov;
    struct sockaddr_storage *addrs;
};

int sender_init(struct sender *s, const struct run_context *shared, struct readyq *queue,
                const struct run_config *cfg);
void sender_free(struct sender *s);
/* pthread entry point; arg is a struct sender. */
void *sender_main(void *arg);

#endif
