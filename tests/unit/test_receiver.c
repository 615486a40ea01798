/*
 * test_receiver.c - which packets the receiver counts.
 *
 * No privileges needed: the "ICMP socket" here is a UDP socket on
 * 127.0.0.1, treated as a datagram ICMP socket (data starts at the ICMP
 * header, the source is the datagram's), and crafted echo replies are sent
 * to it from UDP sockets bound to the addresses we want them to come from.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "net/icmp.h"
#include "clock.h"
#include "engine/receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COOKIE 0x1122334455667788ULL
#define ID 0x4242

struct fixture {
    struct hostset set;
    struct flight flight;
    struct icmp_socket sock;
    struct send_params send;
    struct run_context shared;
    struct receiver rx;
    struct sockaddr_in to;
};

static int bound_udp(const char *addr, struct sockaddr_in *sin)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    memset(sin, 0, sizeof(*sin));
    sin->sin_family = AF_INET;
    inet_pton(AF_INET, addr, &sin->sin_addr);
    socklen_t len = sizeof(*sin);
    if (fd < 0 || bind(fd, (struct sockaddr *)sin, sizeof(*sin)) < 0 ||
        getsockname(fd, (struct sockaddr *)sin, &len) < 0)
        return -1;
    return fd;
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    hostset_init(&fx->set);
    struct ipaddr a, b;
    ipaddr_parse("127.0.0.1", &a);
    ipaddr_parse("127.0.0.2", &b);
    hostset_add_address(&fx->set, &a);
    hostset_add_address(&fx->set, &b);
    flight_init(&fx->flight, fx->set.count, 2, 1000, clock_mono_ns());
    fx->sock = (struct icmp_socket){
        .fd = bound_udp("127.0.0.1", &fx->to), .family = AF_INET, .kind = SOCK_KIND_DGRAM};
    fx->shared = (struct run_context){
        .set = &fx->set, .flight = &fx->flight, .cookie = COOKIE, .ids = {ID, ID}};
    fx->send = (struct send_params){
        .tos = SEND_PARAMS_UNSET, .ttl = SEND_PARAMS_UNSET, .payload_size = ICMP_PAYLOAD_LEN};
    fx->shared.send = &fx->send;
    fx->shared.sockets[0] = fx->shared.sockets[1] = &fx->sock;
    assert_int_equal(receiver_init(&fx->rx, &fx->shared, &fx->sock, -1), 0);
    *state = fx;
    return fx->sock.fd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    receiver_free(&fx->rx);
    close(fx->sock.fd);
    flight_free(&fx->flight);
    hostset_free(&fx->set);
    free(fx);
    return 0;
}

/* An echo reply for (host, packet) as the responder at `from` would send it. */
static void reply(struct fixture *fx, const char *from, uint32_t host, uint16_t packet,
                  uint64_t cookie, uint16_t id, uint16_t seq)
{
    struct icmp_probe p = {.cookie = cookie, .host = host, .packet = packet};
    uint8_t pkt[ICMP_ECHO_LEN];
    assert_int_equal(icmp_build_echo(AF_INET, id, seq, &p, pkt, sizeof(pkt)), ICMP_ECHO_LEN);
    pkt[0] = 0; /* echo reply: fix the checksum for the type change */
    uint32_t sum = (uint32_t)(pkt[2] << 8 | pkt[3]) + 0x0800;
    sum = (sum & 0xffff) + (sum >> 16);
    pkt[2] = (uint8_t)(sum >> 8);
    pkt[3] = (uint8_t)sum;
    struct sockaddr_in src;
    int fd = bound_udp(from, &src);
    assert_true(fd >= 0);
    assert_int_equal(sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&fx->to, sizeof(fx->to)),
                     sizeof(pkt));
    close(fd);
}

static void good_reply(struct fixture *fx, uint32_t host, uint16_t packet)
{
    reply(fx, host == 0 ? "127.0.0.1" : "127.0.0.2", host, packet, COOKIE, ID,
          icmp_seq_for(host, packet, 2));
}

static void send_packet(struct fixture *fx, uint32_t host, uint16_t packet)
{
    flight_sent(&fx->flight, flight_slot(&fx->flight, host, packet),
                flight_us(&fx->flight, clock_mono_ns()));
    fx->set.hosts[host].sent++;
}

/* A reply with `size` payload bytes (the checksum is not checked on a
 * datagram socket's path); `garble` flips one padding byte when non-zero. */
static void sized_reply(struct fixture *fx, const char *from, uint32_t host, size_t size,
                        size_t garble)
{
    struct icmp_probe p = {.cookie = COOKIE, .host = host, .packet = 0};
    uint8_t pkt[ICMP_HEADER_LEN + 256];
    size_t n =
        icmp_build_echo_sized(AF_INET, ID, icmp_seq_for(host, 0, 2), &p, size, pkt, sizeof(pkt));
    assert_int_equal(n, ICMP_HEADER_LEN + size);
    pkt[0] = 0;
    if (garble)
        pkt[ICMP_HEADER_LEN + garble] = 0x5a;
    struct sockaddr_in src;
    int fd = bound_udp(from, &src);
    assert_true(fd >= 0);
    assert_int_equal(sendto(fd, pkt, n, 0, (struct sockaddr *)&fx->to, sizeof(fx->to)), (ssize_t)n);
    close(fd);
}

/* --size 100: only a reply carrying all 100 bytes as sent counts. */
static void test_receiver_reply_must_carry_the_whole_size(void **state)
{
    struct fixture *fx = *state;
    fx->send.payload_size = 100;
    send_packet(fx, 1, 0);
    sized_reply(fx, "127.0.0.2", 1, 24, 0);   /* shorter than sent */
    sized_reply(fx, "127.0.0.2", 1, 100, 60); /* padding garbled */
    receiver_drain(&fx->rx);
    assert_int_equal(fx->set.hosts[1].received, 0);
    assert_int_equal(fx->rx.ignored, 2);
    sized_reply(fx, "127.0.0.2", 1, 100, 0);
    receiver_drain(&fx->rx);
    assert_int_equal(fx->set.hosts[1].received, 1);
}

/* A valid reply from another address: not counted, but noted. */
static void test_receiver_notes_answers_from_elsewhere(void **state)
{
    struct fixture *fx = *state;
    send_packet(fx, 1, 0);
    sized_reply(fx, "127.0.0.1", 1, ICMP_PAYLOAD_LEN, 0);
    receiver_drain(&fx->rx);
    assert_int_equal(fx->set.hosts[1].received, 0);
    assert_true(atomic_load(&fx->set.hosts[1].flags) & HOST_ANSWERED_ELSEWHERE);
    assert_false(atomic_load(&fx->set.hosts[0].flags) & HOST_ANSWERED_ELSEWHERE);
}

static void test_receiver_counts_a_valid_reply(void **state)
{
    struct fixture *fx = *state;
    send_packet(fx, 1, 0);
    good_reply(fx, 1, 0);
    receiver_drain(&fx->rx);
    assert_int_equal(fx->set.hosts[1].received, 1);
    assert_int_equal(fx->rx.ignored, 0);
}

static void test_receiver_ignores_a_duplicate(void **state)
{
    struct fixture *fx = *state;
    send_packet(fx, 1, 0);
    good_reply(fx, 1, 0);
    good_reply(fx, 1, 0);
    receiver_drain(&fx->rx);
    assert_int_equal(fx->set.hosts[1].received, 1);
    assert_int_equal(fx->rx.ignored, 1);
}

static void test_receiver_ignores_another_runs_cookie(void **state)
{
    struct fixture *fx = *state;
    send_packet(fx, 0, 0);
    reply(fx, "127.0.0.1", 0, 0, COOKIE ^ 1, ID, icmp_seq_for(0, 0, 2));
    receiver_drain(&fx->rx);
    assert_int_equal(fx->set.hosts[0].received, 0);
    assert_int_equal(fx->rx.ignored, 1);
}

static void test_receiver_ignores_wrong_id_or_seq(void **state)
{
    struct fixture *fx = *state;
    send_packet(fx, 0, 0);
    reply(fx, "127.0.0.1", 0, 0, COOKIE, ID + 1, icmp_seq_for(0, 0, 2));
    reply(fx, "127.0.0.1", 0, 0, COOKIE, ID, icmp_seq_for(0, 1, 2));
    receiver_drain(&fx->rx);
    assert_int_equal(fx->set.hosts[0].received, 0);
    assert_int_equal(fx->rx.ignored, 2);
}

static void test_receiver_ignores_reply_from_another_address(void **state)
{
    struct fixture *fx = *state;
    send_packet(fx, 1, 0);
    /* host 1 is 127.0.0.2; this claims to be its reply but comes from .3 */
    reply(fx, "127.0.0.3", 1, 0, COOKIE, ID, icmp_seq_for(1, 0, 2));
    receiver_drain(&fx->rx);
    assert_int_equal(fx->set.hosts[1].received, 0);
    assert_int_equal(fx->rx.ignored, 1);
}

static void test_receiver_ignores_reply_to_unsent_packet(void **state)
{
    struct fixture *fx = *state;
    good_reply(fx, 0, 1);
    receiver_drain(&fx->rx);
    assert_int_equal(fx->set.hosts[0].received, 0);
    assert_int_equal(fx->rx.ignored, 1);
}

static void test_receiver_ignores_out_of_range_host_and_packet(void **state)
{
    struct fixture *fx = *state;
    reply(fx, "127.0.0.1", 7, 0, COOKIE, ID, icmp_seq_for(7, 0, 2));
    reply(fx, "127.0.0.1", 0, 5, COOKIE, ID, icmp_seq_for(0, 5, 2));
    receiver_drain(&fx->rx);
    assert_int_equal(fx->rx.ignored, 2);
}

static void test_receiver_ignores_garbage(void **state)
{
    struct fixture *fx = *state;
    struct sockaddr_in src;
    int fd = bound_udp("127.0.0.1", &src);
    uint8_t junk[3] = {0, 0, 0};
    sendto(fd, junk, sizeof(junk), 0, (struct sockaddr *)&fx->to, sizeof(fx->to));
    close(fd);
    receiver_drain(&fx->rx);
    assert_int_equal(fx->rx.ignored, 1);
}

static void test_receiver_records_rtt_bounds(void **state)
{
    struct fixture *fx = *state;
    send_packet(fx, 0, 0);
    send_packet(fx, 0, 1);
    good_reply(fx, 0, 0);
    good_reply(fx, 0, 1);
    receiver_drain(&fx->rx);
    const struct host *h = &fx->set.hosts[0];
    assert_int_equal(h->received, 2);
    assert_true(h->rtt_min_us <= h->rtt_max_us);
    assert_true(h->rtt_sum_us >= (uint64_t)h->rtt_min_us + h->rtt_max_us);
}

static uint16_t checksum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        sum += (uint32_t)(p[n - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/*
 * A raw IPv4 packet carrying "host unreachable" that quotes only the 8-byte
 * ICMP header of our request to quoted_dst (RFC 792's minimum quote).
 */
static void short_quote_error(struct fixture *fx, const char *quoted_dst, uint16_t id, uint16_t seq)
{
    uint8_t pkt[20 + 8 + 20 + 8] = {0};
    pkt[0] = 0x45;
    pkt[3] = sizeof(pkt);
    pkt[8] = 64;
    pkt[9] = 1; /* ICMP */
    inet_pton(AF_INET, "127.0.0.9", pkt + 12);
    inet_pton(AF_INET, "127.0.0.1", pkt + 16);
    uint8_t *icmp = pkt + 20;
    icmp[0] = 3; /* destination unreachable */
    icmp[1] = 1; /* host */
    uint8_t *quoted = icmp + 8;
    quoted[0] = 0x45;
    quoted[3] = 52;
    quoted[9] = 1;
    inet_pton(AF_INET, "127.0.0.1", quoted + 12);
    inet_pton(AF_INET, quoted_dst, quoted + 16);
    uint8_t *echo = quoted + 20;
    echo[0] = 8;
    echo[4] = (uint8_t)(id >> 8);
    echo[5] = (uint8_t)id;
    echo[6] = (uint8_t)(seq >> 8);
    echo[7] = (uint8_t)seq;
    uint16_t sum = checksum(icmp, sizeof(pkt) - 20);
    icmp[2] = (uint8_t)(sum >> 8);
    icmp[3] = (uint8_t)sum;
    struct sockaddr_in src;
    int fd = bound_udp("127.0.0.9", &src);
    sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&fx->to, sizeof(fx->to));
    close(fd);
}

static void test_receiver_short_quote_error_makes_host_unreachable(void **state)
{
    struct fixture *fx = *state;
    fx->sock.kind = SOCK_KIND_RAW; /* data starts with the IPv4 header */
    send_packet(fx, 1, 1);
    short_quote_error(fx, "127.0.0.2", ID, icmp_seq_for(1, 1, 2));
    receiver_drain(&fx->rx);
    assert_int_equal(fx->rx.ignored, 0);
    assert_true(atomic_load(&fx->set.hosts[1].flags) & HOST_UNREACHABLE);
    assert_int_equal(fx->set.hosts[1].error_code, 3 << 8 | 1);
    assert_int_equal(atomic_load(&fx->flight.slots[flight_slot(&fx->flight, 1, 1)]), FLIGHT_ERROR);
}

static void test_receiver_short_quote_error_for_another_address_is_ignored(void **state)
{
    struct fixture *fx = *state;
    fx->sock.kind = SOCK_KIND_RAW;
    send_packet(fx, 1, 1);
    short_quote_error(fx, "127.0.0.1", ID, icmp_seq_for(1, 1, 2)); /* host 1 is .2 */
    short_quote_error(fx, "127.0.0.2", ID + 1, icmp_seq_for(1, 1, 2));
    short_quote_error(fx, "127.0.0.2", ID, icmp_seq_for(1, 0, 2)); /* never sent */
    receiver_drain(&fx->rx);
    assert_int_equal(fx->rx.ignored, 3);
    assert_false(atomic_load(&fx->set.hosts[1].flags) & HOST_UNREACHABLE);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_receiver_counts_a_valid_reply),
        T(test_receiver_reply_must_carry_the_whole_size),
        T(test_receiver_notes_answers_from_elsewhere),
        T(test_receiver_ignores_a_duplicate),
        T(test_receiver_ignores_another_runs_cookie),
        T(test_receiver_ignores_wrong_id_or_seq),
        T(test_receiver_ignores_reply_from_another_address),
        T(test_receiver_ignores_reply_to_unsent_packet),
        T(test_receiver_ignores_out_of_range_host_and_packet),
        T(test_receiver_ignores_garbage),
        T(test_receiver_records_rtt_bounds),
        T(test_receiver_short_quote_error_makes_host_unreachable),
        T(test_receiver_short_quote_error_for_another_address_is_ignored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
