/* test_sock.c - what sock.c and sock_config.c can show without privileges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "net/icmp.h"
#include "net/sock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
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

/* A UDP socket stands in for an ICMP one: the options are the same. */
static struct icmp_socket udp_socket(int family)
{
    struct icmp_socket s = {.fd = socket(family, SOCK_DGRAM, 0),
                            .family = family,
                            .kind = SOCK_KIND_DGRAM,
                            .mode = SOCK_MODE_DGRAM};
    assert_true(s.fd >= 0);
    return s;
}

static struct send_params no_params(void)
{
    return (struct send_params){.tos = SEND_PARAMS_UNSET, .ttl = SEND_PARAMS_UNSET};
}

static int int_option(int fd, int level, int name)
{
    int v = -1;
    socklen_t len = sizeof(v);
    assert_int_equal(getsockopt(fd, level, name, &v, &len), 0);
    return v;
}

static void test_sock_configure_sets_tos_ttl_and_df(void **state)
{
    (void)state;
    struct send_params p = no_params();
    p.tos = 184;
    p.ttl = 7;
    p.dont_fragment = true;
    char err[256];
    struct icmp_socket s = udp_socket(AF_INET);
    assert_int_equal(sock_configure(&s, &p, err, sizeof(err)), 0);
    assert_int_equal(int_option(s.fd, IPPROTO_IP, IP_TOS), 184);
    assert_int_equal(int_option(s.fd, IPPROTO_IP, IP_TTL), 7);
    assert_int_equal(int_option(s.fd, IPPROTO_IP, IP_MTU_DISCOVER), IP_PMTUDISC_DO);
    sock_close(&s);
    s = udp_socket(AF_INET6);
    assert_int_equal(sock_configure(&s, &p, err, sizeof(err)), 0);
    assert_int_equal(int_option(s.fd, IPPROTO_IPV6, IPV6_TCLASS), 184);
    assert_int_equal(int_option(s.fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS), 7);
    assert_int_equal(int_option(s.fd, IPPROTO_IPV6, IPV6_DONTFRAG), 1);
    sock_close(&s);
}

/* Without --dont-fragment IPv4 requests leave without DF. */
static void test_sock_configure_clears_df_by_default(void **state)
{
    (void)state;
    struct send_params p = no_params();
    char err[256];
    struct icmp_socket s = udp_socket(AF_INET);
    assert_int_equal(sock_configure(&s, &p, err, sizeof(err)), 0);
    assert_int_equal(int_option(s.fd, IPPROTO_IP, IP_MTU_DISCOVER), IP_PMTUDISC_DONT);
    sock_close(&s);
}

/* --watch (df_small): requests up to 68 bytes carry DF without
 * --dont-fragment (PROBE: no IP ID drawn per request); larger ones not;
 * --dont-fragment still means DO. */
static void test_sock_configure_df_small_for_watch(void **state)
{
    (void)state;
    struct send_params p = no_params();
    p.df_small = true;
    char err[256];
    static const struct {
        uint32_t payload;
        bool dont_fragment;
        int want;
    } cases[] = {
        {ICMP_PAYLOAD_LEN, false, IP_PMTUDISC_PROBE},
        {SEND_PARAMS_DF_SMALL - 28, false, IP_PMTUDISC_PROBE},
        {SEND_PARAMS_DF_SMALL - 27, false, IP_PMTUDISC_DONT},
        {ICMP_PAYLOAD_LEN, true, IP_PMTUDISC_DO},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        p.payload_size = cases[i].payload;
        p.dont_fragment = cases[i].dont_fragment;
        struct icmp_socket s = udp_socket(AF_INET);
        assert_int_equal(sock_configure(&s, &p, err, sizeof(err)), 0);
        assert_int_equal(int_option(s.fd, IPPROTO_IP, IP_MTU_DISCOVER), cases[i].want);
        sock_close(&s);
    }
}

static void test_sock_configure_names_what_failed(void **state)
{
    (void)state;
    struct send_params p = no_params();
    char err[256];
    assert_true(ipaddr_parse("192.0.2.77", &p.source[0]));
    struct icmp_socket s = udp_socket(AF_INET);
    assert_int_equal(sock_configure(&s, &p, err, sizeof(err)), -1);
    assert_string_equal(err, "--source: cannot send from 192.0.2.77: Cannot assign requested "
                             "address (not an address of this machine)");
    sock_close(&s);
    p = no_params();
    snprintf(p.interface, sizeof(p.interface), "nosuch0");
    s = udp_socket(AF_INET);
    assert_int_equal(sock_configure(&s, &p, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "--interface: cannot bind to device 'nosuch0'"));
    sock_close(&s);
}

/* Unprivileged, --mark says what to grant; with privilege it is set. */
static void test_sock_configure_mark_needs_privilege(void **state)
{
    (void)state;
    struct send_params p = no_params();
    p.has_mark = true;
    p.mark = 7;
    char err[256];
    struct icmp_socket s = udp_socket(AF_INET);
    int rc = sock_configure(&s, &p, err, sizeof(err));
    if (rc == 0) {
        assert_int_equal(int_option(s.fd, SOL_SOCKET, SO_MARK), 7);
    } else {
        assert_non_null(strstr(err, "--mark: setting a firewall mark is not permitted"));
        assert_non_null(strstr(err, "setcap cap_net_raw,cap_net_admin+ep"));
    }
    sock_close(&s);
}

/* Nothing asked, nothing open: nothing to do. */
static void test_sock_configure_closed_socket_is_fine(void **state)
{
    (void)state;
    struct send_params p = no_params();
    p.ttl = 1;
    char err[8];
    struct icmp_socket s = {.fd = -1, .family = AF_INET};
    assert_int_equal(sock_configure(&s, &p, err, sizeof(err)), 0);
}

static void test_sock_path_mtu_of_loopback(void **state)
{
    (void)state;
    struct send_params p = no_params();
    struct ipaddr to;
    assert_true(ipaddr_parse("127.0.0.1", &to));
    uint32_t mtu = sock_path_mtu(&p, &to);
    assert_true(mtu >= 1280 && mtu <= 65536); /* whatever lo's MTU is here */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sock_dropped_counts_buffer_overflow),
        cmocka_unit_test(test_sock_dropped_of_closed_socket_is_zero),
        cmocka_unit_test(test_sock_failure_explains_what_to_do),
        cmocka_unit_test(test_sock_filter_is_only_for_raw_sockets),
        cmocka_unit_test(test_sock_configure_sets_tos_ttl_and_df),
        cmocka_unit_test(test_sock_configure_clears_df_by_default),
        cmocka_unit_test(test_sock_configure_df_small_for_watch),
        cmocka_unit_test(test_sock_configure_names_what_failed),
        cmocka_unit_test(test_sock_configure_mark_needs_privilege),
        cmocka_unit_test(test_sock_configure_closed_socket_is_fine),
        cmocka_unit_test(test_sock_path_mtu_of_loopback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
