/* test_sock.c - what sock.c can show without privileges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "sock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void test_sock_dropped_counts_buffer_overflow(void **state)
{
    (void)state;
    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    socklen_t len = sizeof(to);
    int small = 2048;
    assert_int_equal(setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)), 0);
    assert_int_equal(bind(rx, (struct sockaddr *)&to, sizeof(to)), 0);
    assert_int_equal(getsockname(rx, (struct sockaddr *)&to, &len), 0);
    struct icmp_socket s = {.fd = rx, .family = AF_INET, .kind = SOCK_KIND_DGRAM};
    assert_int_equal(sock_dropped(&s), 0);
    char payload[64] = {0};
    for (int i = 0; i < 200; i++)
        sendto(tx, payload, sizeof(payload), 0, (struct sockaddr *)&to, sizeof(to));
    uint64_t dropped = sock_dropped(&s);
    assert_true(dropped > 0 && dropped < 200);
    close(rx);
    close(tx);
}

static void test_sock_dropped_of_closed_socket_is_zero(void **state)
{
    (void)state;
    struct icmp_socket s = {.fd = -1, .family = AF_INET};
    assert_int_equal(sock_dropped(&s), 0);
}

static void test_sock_failure_explains_what_to_do(void **state)
{
    (void)state;
    struct icmp_socket s = {.fd = -1, .family = AF_INET6, .open_errno = EPERM};
    char buf[256];
    sock_explain_failure(&s, buf, sizeof(buf));
    assert_non_null(strstr(buf, "ICMPv6"));
    assert_non_null(strstr(buf, "setcap cap_net_raw+ep"));
    assert_non_null(strstr(buf, "ping_group_range"));
    s.mode = SOCK_MODE_RAW;
    sock_explain_failure(&s, buf, sizeof(buf));
    assert_null(strstr(buf, "ping_group_range"));
    s.mode = SOCK_MODE_DGRAM;
    sock_explain_failure(&s, buf, sizeof(buf));
    assert_null(strstr(buf, "setcap"));
    s.open_errno = EAFNOSUPPORT;
    sock_explain_failure(&s, buf, sizeof(buf));
    assert_null(strstr(buf, "setcap"));
}

static void test_sock_filter_is_only_for_raw_sockets(void **state)
{
    (void)state;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct icmp_socket s = {.fd = fd, .family = AF_INET, .kind = SOCK_KIND_DGRAM};
    assert_int_equal(sock_filter_id(&s, 42), 0);
    /* A raw-kind socket takes the program (the kernel checks it on attach,
     * whatever the socket's protocol). */
    s.kind = SOCK_KIND_RAW;
    assert_int_equal(sock_filter_id(&s, 42), 0);
    s.family = AF_INET6;
    assert_int_equal(sock_filter_id(&s, 42), 0);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sock_dropped_counts_buffer_overflow),
        cmocka_unit_test(test_sock_dropped_of_closed_socket_is_zero),
        cmocka_unit_test(test_sock_failure_explains_what_to_do),
        cmocka_unit_test(test_sock_filter_is_only_for_raw_sockets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
