/*
 * test_resolve_lanes.c - the c-ares resolver's channels: how many for a
 * cap and a buffer, which one a name goes to, which sockets are polled
 * for which channel, and that a drop on any socket is seen (real UDP
 * sockets on 127.0.0.1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "resolve/resolve_lanes.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEBIAN_BUFFER (2 * 212992) /* granted for net.core.rmem_max = 212992 */

static void test_lanes_count_at_debian_default_buffer(void **state)
{
    (void)state;
    /* --dns-parallel 500, A and AAAA: 1,000 answers, 416 per socket. */
    assert_int_equal(resolve_lanes_count(1000, DEBIAN_BUFFER, 1), 3);
    assert_int_equal(resolve_lanes_count(416, DEBIAN_BUFFER, 1), 1);
    assert_int_equal(resolve_lanes_count(417, DEBIAN_BUFFER, 1), 2);
}

static void test_lanes_count_one_when_the_buffer_holds_all(void **state)
{
    (void)state;
    assert_int_equal(resolve_lanes_count(1000, 8u << 20, 1), 1);
    assert_int_equal(resolve_lanes_count(0, DEBIAN_BUFFER, 1), 1);
    assert_int_equal(resolve_lanes_count(1000, 0, 1), 1); /* no socket to ask */
    assert_int_equal(resolve_lanes_count(1000, 100, 1), RESOLVE_LANES_MAX);
}

static void test_lanes_count_bounded_by_max_and_sockets(void **state)
{
    (void)state;
    assert_int_equal(resolve_lanes_count(131070, DEBIAN_BUFFER, 1), RESOLVE_LANES_MAX);
    assert_int_equal(resolve_lanes_count(131070, DEBIAN_BUFFER, 3), RESOLVE_LANES_MAX);
    /* 10 servers: a UDP and a TCP socket each per channel, 64 in all. */
    assert_int_equal(resolve_lanes_count(131070, DEBIAN_BUFFER, 10), 3);
    assert_int_equal(resolve_lanes_count(131070, DEBIAN_BUFFER, 40), 1);
}

static void test_lanes_pick_fewest_outstanding(void **state)
{
    (void)state;
    struct resolve_lanes l;
    memset(&l, 0, sizeof(l));
    l.count = 3;
    assert_ptr_equal(resolve_lanes_pick(&l), &l.lane[0]); /* ties: the first */
    l.lane[0].queries = 2;
    assert_ptr_equal(resolve_lanes_pick(&l), &l.lane[1]);
    l.lane[1].queries = 2;
    assert_ptr_equal(resolve_lanes_pick(&l), &l.lane[2]);
    l.lane[2].queries = 4;
    l.lane[0].queries = 1;
    assert_ptr_equal(resolve_lanes_pick(&l), &l.lane[0]);
    l.count = 1;
    l.lane[1].queries = 0;
    assert_ptr_equal(resolve_lanes_pick(&l), &l.lane[0]); /* only channels opened */
}

static void test_lanes_watch_keeps_each_socket_with_its_channel(void **state)
{
    (void)state;
    struct resolve_lanes l;
    memset(&l, 0, sizeof(l));
    l.nfds = 1;
    resolve_lanes_watch(&l, 0, 10, true, false);
    resolve_lanes_watch(&l, 1, 11, true, false);
    resolve_lanes_watch(&l, 2, 12, true, true);
    assert_int_equal(l.nfds, 4);
    assert_int_equal(l.fds[3].events, POLLIN | POLLOUT);
    resolve_lanes_watch(&l, 2, 12, true, false); /* changed, not added */
    assert_int_equal(l.nfds, 4);
    assert_int_equal(l.fds[3].events, POLLIN);
    l.drops_seen[3] = 7;
    resolve_lanes_watch(&l, 0, 10, false, false); /* the last moves into its place */
    assert_int_equal(l.nfds, 3);
    assert_int_equal(l.fds[1].fd, 12);
    assert_int_equal(l.lane_of[1], 2);
    assert_int_equal(l.drops_seen[1], 7);
    assert_int_equal(l.fds[2].fd, 11);
    assert_int_equal(l.lane_of[2], 1);
    resolve_lanes_watch(&l, 0, 10, true, false); /* a new socket starts with no drops */
    assert_int_equal(l.drops_seen[3], 0);
    resolve_lanes_watch(&l, 1, 99, false, false); /* unknown: nothing */
    assert_int_equal(l.nfds, 4);
}

/* A UDP socket on 127.0.0.1 with the smallest buffer; its address in *sa. */
static int small_socket(struct sockaddr_in *sa)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    assert_true(fd >= 0);
    int size = 1;
    assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)), 0);
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)sa, sizeof(*sa)), 0);
    socklen_t len = sizeof(*sa);
    assert_int_equal(getsockname(fd, (struct sockaddr *)sa, &len), 0);
    return fd;
}

static void flood(const struct sockaddr_in *to)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    assert_true(fd >= 0);
    char payload[512] = {0};
    for (int i = 0; i < 200; i++)
        (void)sendto(fd, payload, sizeof(payload), 0, (const struct sockaddr *)to, sizeof(*to));
    close(fd);
}

static void test_lanes_drop_on_any_socket_is_seen_once(void **state)
{
    (void)state;
    struct resolve_lanes l;
    memset(&l, 0, sizeof(l));
    l.nfds = 1;
    struct sockaddr_in a, b;
    int fa = small_socket(&a), fb = small_socket(&b);
    resolve_lanes_watch(&l, 0, fa, true, false);
    resolve_lanes_watch(&l, 1, fb, true, false);
    assert_false(resolve_lanes_dropped(&l));
    flood(&b); /* the second channel's socket, not the first */
    assert_true(resolve_lanes_dropped(&l));
    assert_false(resolve_lanes_dropped(&l)); /* the same drops count once */
    flood(&a);
    assert_true(resolve_lanes_dropped(&l));
    close(fa);
    close(fb);
}

static void test_lanes_open_and_close_channels(void **state)
{
    (void)state;
    assert_int_equal(ares_library_init(ARES_LIB_INIT_ALL), ARES_SUCCESS);
    struct resolve_lanes l;
    struct ares_options o;
    memset(&o, 0, sizeof(o));
    o.timeout = 1000;
    int wake = 5;
    assert_int_equal(resolve_lanes_open(&l, 3, wake, &o, ARES_OPT_TIMEOUTMS), 0);
    assert_int_equal(l.count, 3);
    assert_int_equal(l.nfds, 1);
    assert_int_equal(l.fds[0].fd, wake);
    for (unsigned i = 0; i < 3; i++)
        assert_ptr_equal(l.lane[i].owner, &l);
    assert_int_equal(resolve_lanes_wait_ms(&l, 250), 250); /* nothing pending */
    resolve_lanes_close(&l);
    assert_false(l.lane[0].open);
    ares_library_cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lanes_count_at_debian_default_buffer),
        cmocka_unit_test(test_lanes_count_one_when_the_buffer_holds_all),
        cmocka_unit_test(test_lanes_count_bounded_by_max_and_sockets),
        cmocka_unit_test(test_lanes_pick_fewest_outstanding),
        cmocka_unit_test(test_lanes_watch_keeps_each_socket_with_its_channel),
        cmocka_unit_test(test_lanes_drop_on_any_socket_is_seen_once),
        cmocka_unit_test(test_lanes_open_and_close_channels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
