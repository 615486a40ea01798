/*
 * test_sender.c - the sender's bookkeeping when a packet cannot go out,
 * or when an error came back: every one of -n requests still goes.
 *
 * The "ICMP socket" is a UDP socket: sendto() to port 0 fails with EINVAL,
 * which is exactly a send error as the sender must handle it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "net/icmp.h"
#include "clock.h"
#include "engine/sender.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <unistd.h>

struct fixture {
    struct hostset set;
    struct flight flight;
    struct readyq queue;
    struct icmp_socket sockets[2];
    struct send_params send;
    struct run_context shared;
    struct run_config cfg;
    struct sender sender;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    hostset_init(&fx->set);
    struct ipaddr a, b;
    ipaddr_parse("127.0.0.1", &a);
    ipaddr_parse("::1", &b);
    hostset_add_address(&fx->set, &a);
    hostset_add_address(&fx->set, &b);
    hostset_add_name(&fx->set, "nosuch.example");
    fx->cfg = (struct run_config){.packets = 3,
                                  .interval_ms = 20,
                                  .packet_timeout_ms = 1000,
                                  .deadline_ns = clock_mono_ns() + 5000000000u};
    flight_init(&fx->flight, fx->set.count, 3, 1000, clock_mono_ns());
    readyq_init(&fx->queue, fx->set.count);
    readyq_push_initial(&fx->queue, 0);
    readyq_push_initial(&fx->queue, 1);
    fx->sockets[0] = (struct icmp_socket){
        .fd = socket(AF_INET, SOCK_DGRAM, 0), .family = AF_INET, .kind = SOCK_KIND_DGRAM};
    fx->sockets[1] = (struct icmp_socket){.fd = -1, .family = AF_INET6, .open_errno = EACCES};
    fx->shared = (struct run_context){
        .set = &fx->set, .flight = &fx->flight, .deadline_ns = fx->cfg.deadline_ns};
    fx->send = (struct send_params){
        .tos = SEND_PARAMS_UNSET, .ttl = SEND_PARAMS_UNSET, .payload_size = ICMP_PAYLOAD_LEN};
    fx->shared.send = &fx->send;
    fx->shared.sockets[0] = &fx->sockets[0];
    fx->shared.sockets[1] = &fx->sockets[1];
    assert_int_equal(sender_init(&fx->sender, &fx->shared, &fx->queue, &fx->cfg), 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    sender_free(&fx->sender);
    close(fx->sockets[0].fd);
    readyq_destroy(&fx->queue);
    flight_free(&fx->flight);
    hostset_free(&fx->set);
    free(fx);
    return 0;
}

/* The path MTU probes asked (sock_path_mtu() is wrapped: UNIT_LDFLAGS_sender). */
static unsigned path_mtu_probes;
uint32_t __real_sock_path_mtu(const struct send_params *send, const struct ipaddr *to);
uint32_t __wrap_sock_path_mtu(const struct send_params *send, const struct ipaddr *to);
uint32_t __wrap_sock_path_mtu(const struct send_params *send, const struct ipaddr *to)
{
    path_mtu_probes++;
    return __real_sock_path_mtu(send, to);
}

/* The sendmmsg calls (wrapped too: UNIT_LDFLAGS_sender). */
static unsigned sendmmsg_calls;
int __real_sendmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags);
int __wrap_sendmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags);
int __wrap_sendmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags)
{
    sendmmsg_calls++;
    return __real_sendmmsg(fd, msgs, n, flags);
}

static void run_sender(struct fixture *fx)
{
    /* The name fails: delivered as unresolved, as a resolver would. */
    readyq_deliver(&fx->queue, &fx->set, 2, NULL, 0, EAI_NONAME);
    sender_main(&fx->sender);
}

/* Errors do not stop a host's requests: each of -n goes, as with ping,
 * and each failed one is counted (one error per request). */
static void test_sender_sends_every_request_after_a_send_error(void **state)
{
    struct fixture *fx = *state;
    run_sender(fx);
    const struct host *h = &fx->set.hosts[0];
    assert_true(atomic_load(&h->flags) & HOST_UNREACHABLE);
    assert_false(atomic_load(&h->flags) & HOST_ERRORS_DIFFER);
    assert_int_equal(h->error_type, HOST_ERROR_SEND);
    assert_int_equal(h->error_code, EINVAL);
    assert_int_equal(h->sent, 3);
    assert_int_equal(h->send_errors, 3);
    assert_int_equal(h->icmp_errors, 0);
    for (uint16_t k = 0; k < 3; k++)
        assert_int_equal(atomic_load(&fx->flight.slots[flight_slot(&fx->flight, 0, k)]),
                         FLIGHT_ERROR);
}

/* A router's error about the first request (as the receiver records it)
 * before the sender comes back to the host: the other requests still go. */
static void test_sender_keeps_sending_after_an_icmp_error(void **state)
{
    struct fixture *fx = *state;
    struct host *h = &fx->set.hosts[0];
    struct host_error_seen e = {
        .type = HOST_ERROR_ICMP4, .code = 3 << 8 | 1, .by = HOST_FIRST_ERROR_BY_RECEIVER};
    hostset_record_error(h, &e);
    run_sender(fx);
    assert_int_equal(h->sent, 3);
    assert_int_equal(h->icmp_errors, 1);
    assert_int_equal(h->send_errors, 3);
    assert_int_equal(h->error_type, HOST_ERROR_ICMP4); /* the first error stays named */
    assert_true(atomic_load(&h->flags) & HOST_ERRORS_DIFFER);
}

/* Every request too large (EMSGSIZE, as under --dont-fragment): each is
 * an error, but the path MTU, kept from the first only, is asked once (a
 * UDP socket opened per probe), not at each of -n requests. */
static void test_sender_asks_the_path_mtu_once_per_host(void **state)
{
    struct fixture *fx = *state;
    /* A seqpacket socket ignores the address and refuses a message larger
     * than its send buffer with EMSGSIZE. */
    int pair[2], small = 1;
    assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair), 0);
    assert_int_equal(setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);
    close(fx->sockets[0].fd);
    fx->sockets[0].fd = pair[0];
    sender_free(&fx->sender);
    fx->send.payload_size = 60000;
    assert_int_equal(sender_init(&fx->sender, &fx->shared, &fx->queue, &fx->cfg), 0);
    path_mtu_probes = 0;
    run_sender(fx);
    const struct host *h = &fx->set.hosts[0];
    assert_int_equal(h->error_code, EMSGSIZE);
    assert_int_equal(h->send_errors, 3);
    assert_int_equal(path_mtu_probes, 1);
    close(pair[1]);
}

static void test_sender_missing_family_socket_makes_host_unreachable(void **state)
{
    struct fixture *fx = *state;
    run_sender(fx);
    const struct host *h = &fx->set.hosts[1];
    assert_true(atomic_load(&h->flags) & HOST_UNREACHABLE);
    assert_int_equal(h->error_code, EACCES);
    assert_int_equal(h->sent, 0);
    assert_int_equal(h->send_errors, 1); /* nothing can go: said once */
}

static void test_sender_settles_every_outcome_and_finishes(void **state)
{
    struct fixture *fx = *state;
    uint64_t before = clock_mono_ns();
    run_sender(fx);
    assert_int_equal(fx->sender.plan.hosts_left, 0);
    assert_int_equal(atomic_load(&fx->flight.outstanding), 0);
    assert_true(flight_wait(&fx->flight, 0));
    /* The failing host's three requests went --interval (20 ms) apart,
     * and nothing waited longer than that. */
    uint64_t took = clock_mono_ns() - before;
    assert_true(took >= 2 * 20000000u);
    assert_true(took < 500000000u);
}

/* A --watch-like source: all its orders due at once, the first through
 * next and the rest through more; it records what the sender did. */
struct batch_source {
    struct probe_source src;
    struct ipaddr addr[6];
    uint32_t count, given, sending, sent, ok, unattempted;
    uint32_t sent_order[6];
};

static bool batch_give(struct probe_source *src, struct probe_order *out)
{
    struct batch_source *b = (struct batch_source *)src;
    if (b->given == b->count)
        return false;
    uint32_t i = b->given++;
    *out = (struct probe_order){&b->addr[i], i, (uint16_t)i, (uint16_t)i, 42, false};
    return true;
}

static void batch_sending(struct probe_source *src, const struct probe_order *o, uint64_t now_ns)
{
    (void)o;
    (void)now_ns;
    ((struct batch_source *)src)->sending++;
}

static void batch_sent(struct probe_source *src, const struct probe_order *o, int err,
                       bool attempted)
{
    struct batch_source *b = (struct batch_source *)src;
    b->sent_order[b->sent++] = o->host;
    b->ok += attempted && err == 0;
    b->unattempted += !attempted;
}

/* Six orders, IPv4 and IPv6 mixed (no IPv6 socket), through a sender on
 * sockets[0]: each gets one `sent`, in order; those of an open family one
 * `sending` before it.  Returns how many went out (err 0). */
static uint32_t run_batch(struct fixture *fx, struct batch_source *b)
{
    const char *addrs[6] = {"127.0.0.1", "127.0.0.2", "::1", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
    *b = (struct batch_source){.src = {batch_give, batch_give, batch_sending, batch_sent},
                               .count = 6};
    for (int i = 0; i < 6; i++)
        assert_true(ipaddr_parse(addrs[i], &b->addr[i]));
    struct run_context shared = fx->shared;
    shared.source = &b->src;
    struct sender s;
    assert_int_equal(sender_init(&s, &shared, NULL, &fx->cfg), 0);
    sender_main(&s);
    sender_free(&s);
    assert_int_equal(b->given, 6);
    assert_int_equal(b->sent, 6);
    assert_int_equal(b->sending, 5);
    assert_int_equal(b->unattempted, 1);
    for (uint32_t i = 0; i < 6; i++)
        assert_int_equal(b->sent_order[i], i);
    return b->ok;
}

/* The UDP stand-in refuses every request (port 0): sendmmsg takes none of
 * a batch, and each goes alone through sendto's tries and fails. */
static void test_sender_batch_each_refused_request_settled_once(void **state)
{
    struct fixture *fx = *state;
    struct batch_source b;
    assert_int_equal(run_batch(fx, &b), 0);
}

/* A real ICMP socket (root, or a ping group): each batch goes out whole in
 * one sendmmsg, a change of family ending a batch. */
static void test_sender_batch_goes_out_with_sendmmsg(void **state)
{
    struct fixture *fx = *state;
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    if (fd < 0)
        fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
    if (fd < 0)
        skip();
    close(fx->sockets[0].fd);
    fx->sockets[0].fd = fd;
    struct batch_source b;
    sendmmsg_calls = 0;
    assert_int_equal(run_batch(fx, &b), 5);
    assert_int_equal(sendmmsg_calls, 2); /* 127.0.0.1-2, then (after ::1) 127.0.0.3-5 */
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_sender_sends_every_request_after_a_send_error),
        T(test_sender_keeps_sending_after_an_icmp_error),
        T(test_sender_asks_the_path_mtu_once_per_host),
        T(test_sender_missing_family_socket_makes_host_unreachable),
        T(test_sender_settles_every_outcome_and_finishes),
        T(test_sender_batch_each_refused_request_settled_once),
        T(test_sender_batch_goes_out_with_sendmmsg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
