/*
 * test_icmp.c - icmp.c against hand-made packets: what we build parses
 * back, and every malformed, truncated, corrupted or foreign packet is
 * ignored.
 *
 * Every parse goes through a heap copy of exactly the bytes under test, so
 * that ASan reports any read past the end a parser might make (the
 * CVE-2022-23093 shape: a quoted IPv4 header with options).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "net/icmp.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#define ID 0x4d50
#define SEQ 0x1234
#define OUTER_LEN 20                   /* raw IPv4 header of the packets we receive */
#define PROBE_AT ICMP_HEADER_LEN       /* probe offset in an echo message */
#define V4_ERROR_QUOTE (OUTER_LEN + 8) /* quoted IPv4 header in a raw error */
#define V6_ERROR_QUOTED_ICMP (8 + 40)  /* quoted ICMPv6 header in an ICMPv6 error */
#define BIG 256

static const struct icmp_probe PROBE = {
    .cookie = 0x0123456789abcdefULL,
    .host = 0x00c0ffee,
    .packet = 7,
};

static const uint8_t OUR_ADDR[4] = {192, 0, 2, 1};
static const uint8_t TARGET[4] = {198, 51, 100, 7};
static const uint8_t ROUTER[4] = {203, 0, 113, 254};
static const uint8_t OUR_ADDR6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
static const uint8_t TARGET6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 7};

/* --- packet making ----------------------------------------------------- */

/* Written independently of icmp.c's so that the two check each other. */
static uint16_t sum16(const uint8_t *p, size_t n)
{
    unsigned long sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += i % 2 ? p[i] : (unsigned long)p[i] << 8;
    while (sum > 0xffff)
        sum = (sum >> 16) + (sum & 0xffff);
    return (uint16_t)(~sum & 0xffff);
}

static void set_checksum(uint8_t *icmp, size_t len)
{
    icmp[2] = icmp[3] = 0;
    uint16_t c = sum16(icmp, len);
    icmp[2] = (uint8_t)(c >> 8);
    icmp[3] = (uint8_t)c;
}

/* Our echo request as icmp_build_echo makes it, retyped (and re-summed). */
static size_t make_echo(int family, uint8_t type, uint8_t *buf)
{
    size_t n = icmp_build_echo(family, ID, SEQ, &PROBE, buf, ICMP_ECHO_LEN);
    assert_int_equal(n, ICMP_ECHO_LEN);
    buf[0] = type;
    if (family == AF_INET)
        set_checksum(buf, n);
    return n;
}

/* IPv4 header of ihl_words (options all NOP) in front of body_len bytes. */
static size_t put_ip4(uint8_t *buf, unsigned ihl_words, uint8_t proto, const uint8_t *src,
                      const uint8_t *dst, size_t body_len)
{
    size_t ihl = ihl_words * 4;
    memset(buf, 1, ihl);
    memset(buf, 0, 20);
    buf[0] = (uint8_t)(0x40 | ihl_words);
    buf[2] = (uint8_t)((ihl + body_len) >> 8);
    buf[3] = (uint8_t)(ihl + body_len);
    buf[8] = 64;
    buf[9] = proto;
    memcpy(buf + 12, src, 4);
    memcpy(buf + 16, dst, 4);
    return ihl;
}

static size_t make_v4_raw_reply(uint8_t *buf, unsigned ihl_words)
{
    size_t ihl = put_ip4(buf, ihl_words, IPPROTO_ICMP, TARGET, OUR_ADDR, ICMP_ECHO_LEN);
    return ihl + make_echo(AF_INET, 0, buf + ihl);
}

/* Re-sum a raw IPv4 error after editing it; outer header is 20 bytes. */
static void v4_error_resum(uint8_t *buf, size_t len)
{
    set_checksum(buf + OUTER_LEN, len - OUTER_LEN);
}

/*
 * A router's ICMPv4 error, as a raw socket sees it, quoting our request
 * under a quoted IPv4 header of quoted_ihl_words and cut after
 * quoted_icmp_len bytes of the request.
 */
static size_t make_v4_error(uint8_t *buf, uint8_t type, uint8_t code, unsigned quoted_ihl_words,
                            size_t quoted_icmp_len)
{
    uint8_t *icmp = buf + OUTER_LEN;
    memset(icmp, 0, 8);
    icmp[0] = type;
    icmp[1] = code;
    uint8_t *quoted = icmp + 8;
    size_t qihl = put_ip4(quoted, quoted_ihl_words, IPPROTO_ICMP, OUR_ADDR, TARGET, ICMP_ECHO_LEN);
    uint8_t request[ICMP_ECHO_LEN];
    make_echo(AF_INET, 8, request);
    memcpy(quoted + qihl, request, quoted_icmp_len);
    size_t icmp_len = 8 + qihl + quoted_icmp_len;
    put_ip4(buf, 5, IPPROTO_ICMP, ROUTER, OUR_ADDR, icmp_len);
    v4_error_resum(buf, OUTER_LEN + icmp_len);
    return OUTER_LEN + icmp_len;
}

/* An ICMPv6 error quoting quoted_icmp_len bytes of our request. */
static size_t make_v6_error(uint8_t *buf, uint8_t type, uint8_t code, size_t quoted_icmp_len)
{
    memset(buf, 0, 8 + 40);
    buf[0] = type;
    buf[1] = code;
    uint8_t *ip6 = buf + 8;
    ip6[0] = 0x60;
    ip6[5] = ICMP_ECHO_LEN;
    ip6[6] = IPPROTO_ICMPV6;
    ip6[7] = 1;
    memcpy(ip6 + 8, OUR_ADDR6, 16);
    memcpy(ip6 + 24, TARGET6, 16);
    uint8_t request[ICMP_ECHO_LEN];
    make_echo(AF_INET6, 128, request);
    memcpy(buf + V6_ERROR_QUOTED_ICMP, request, quoted_icmp_len);
    return V6_ERROR_QUOTED_ICMP + quoted_icmp_len;
}

/* --- parsing through exact-size heap copies ---------------------------- */

static uint8_t *exact_copy(const uint8_t *bytes, size_t len)
{
    uint8_t *copy = malloc(len);
    if (len) {
        assert_non_null(copy);
        memcpy(copy, bytes, len);
    }
    return copy;
}

static enum icmp_kind parse4(const uint8_t *bytes, size_t len, bool ip_header,
                             struct icmp_packet *out)
{
    uint8_t *copy = exact_copy(bytes, len);
    enum icmp_kind kind = icmp_parse_v4(copy, len, ip_header, out);
    free(copy);
    assert_int_equal(out->kind, kind);
    return kind;
}

static enum icmp_kind parse6(const uint8_t *bytes, size_t len, struct icmp_packet *out)
{
    uint8_t *copy = exact_copy(bytes, len);
    enum icmp_kind kind = icmp_parse_v6(copy, len, out);
    free(copy);
    assert_int_equal(out->kind, kind);
    return kind;
}

static enum icmp_kind parse_own(int family, const uint8_t *bytes, size_t len,
                                struct icmp_packet *out)
{
    uint8_t *copy = exact_copy(bytes, len);
    enum icmp_kind kind = icmp_parse_own_request(family, copy, len, out);
    free(copy);
    assert_int_equal(out->kind, kind);
    return kind;
}

static void assert_probe_is_ours(const struct icmp_packet *p)
{
    assert_int_equal(p->id, ID);
    assert_int_equal(p->seq, SEQ);
    assert_true(p->probe.cookie == PROBE.cookie);
    assert_int_equal(p->probe.host, PROBE.host);
    assert_int_equal(p->probe.packet, PROBE.packet);
}

static void assert_quoted_dst(const struct icmp_packet *p, const char *text)
{
    struct ipaddr want;
    assert_true(ipaddr_parse(text, &want));
    assert_memory_equal(&p->quoted_dst, &want, sizeof(want));
}

/* --- building ---------------------------------------------------------- */

static void test_build_v4_echo_layout(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    assert_int_equal(icmp_build_echo(AF_INET, ID, SEQ, &PROBE, buf, sizeof(buf)), ICMP_ECHO_LEN);
    static const uint8_t head[] = {8,    0,    0,    0,    0x4d, 0x50, 0x12, 0x34,
                                   0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                   0x00, 0xc0, 0xff, 0xee, 0x00, 0x07};
    uint8_t without_sums[sizeof(head)];
    memcpy(without_sums, buf, sizeof(head));
    without_sums[2] = without_sums[3] = 0;
    assert_memory_equal(without_sums, head, sizeof(head));
    static const uint8_t zero[8] = {0};
    assert_memory_equal(buf + PROBE_AT + ICMP_PROBE_LEN, zero, 8);
}

static void test_build_v4_echo_checksum_is_valid(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    icmp_build_echo(AF_INET, ID, SEQ, &PROBE, buf, sizeof(buf));
    assert_int_equal(sum16(buf, sizeof(buf)), 0);
}

static void test_build_probe_check_sums_cookie_host_packet(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    icmp_build_echo(AF_INET, ID, SEQ, &PROBE, buf, sizeof(buf));
    assert_int_equal(sum16(buf + PROBE_AT, ICMP_PROBE_LEN), 0);
}

static void test_build_v6_echo_leaves_checksum_to_kernel(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    memset(buf, 0xaa, sizeof(buf));
    assert_int_equal(icmp_build_echo(AF_INET6, ID, SEQ, &PROBE, buf, sizeof(buf)), ICMP_ECHO_LEN);
    assert_int_equal(buf[0], 128);
    assert_int_equal(buf[1], 0);
    assert_int_equal(buf[2], 0);
    assert_int_equal(buf[3], 0);
}

static void test_build_rejects_short_buffer(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN - 1];
    assert_int_equal(icmp_build_echo(AF_INET, ID, SEQ, &PROBE, buf, sizeof(buf)), 0);
}

static void test_build_rejects_unknown_family(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    assert_int_equal(icmp_build_echo(AF_UNIX, ID, SEQ, &PROBE, buf, sizeof(buf)), 0);
}

/* --- replies: round trips ---------------------------------------------- */

static void test_v4_raw_reply_round_trip(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_raw_reply(buf, 5);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_REPLY);
    assert_probe_is_ours(&p);
    assert_int_equal(p.quoted_dst.family, 0);
}

static void test_v4_raw_reply_after_ip_options_round_trip(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_raw_reply(buf, 15);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_REPLY);
    assert_probe_is_ours(&p);
}

static void test_v4_dgram_reply_round_trip(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 0, buf);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, sizeof(buf), false, &p), ICMP_REPLY);
    assert_probe_is_ours(&p);
}

static void test_v6_reply_round_trip(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET6, 129, buf);
    struct icmp_packet p;
    assert_int_equal(parse6(buf, sizeof(buf), &p), ICMP_REPLY);
    assert_probe_is_ours(&p);
}

/* Filler after our payload: the parser says how much is ours (intact_len);
 * the receiver accepts it when that covers --size. */
static void test_reply_with_trailing_bytes_accepted(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN + 24];
    memset(buf, 0xaa, sizeof(buf));
    make_echo(AF_INET, 0, buf);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, sizeof(buf), false, &p), ICMP_REPLY);
    assert_probe_is_ours(&p);
    assert_int_equal(p.payload_len, ICMP_PAYLOAD_LEN + 24);
    assert_int_equal(p.intact_len, ICMP_PAYLOAD_LEN);
}

/* The parser reports the payload length; the receiver compares it with
 * --size (test_receiver). */
static void test_sized_request_round_trips_with_its_length(void **state)
{
    (void)state;
    static uint8_t buf[ICMP_HEADER_LEN + 1400];
    for (size_t size = ICMP_MIN_PAYLOAD; size <= 1400; size += 23) {
        size_t n = icmp_build_echo_sized(AF_INET, ID, SEQ, &PROBE, size, buf, sizeof(buf));
        assert_int_equal(n, ICMP_HEADER_LEN + size);
        buf[0] = 0; /* make it the reply: type 0, checksum fixed below */
        buf[2] = buf[3] = 0;
        set_checksum(buf, n);
        struct icmp_packet p;
        assert_int_equal(parse4(buf, n, false, &p), ICMP_REPLY);
        assert_int_equal(p.payload_len, size);
        assert_probe_is_ours(&p);
    }
}

static void test_sized_request_refuses_bad_sizes(void **state)
{
    (void)state;
    static uint8_t buf[ICMP_HEADER_LEN + ICMP_MAX_PAYLOAD_V6 + 1];
    assert_int_equal(
        icmp_build_echo_sized(AF_INET, ID, SEQ, &PROBE, ICMP_MIN_PAYLOAD - 1, buf, sizeof(buf)), 0);
    assert_int_equal(
        icmp_build_echo_sized(AF_INET6, ID, SEQ, &PROBE, ICMP_MAX_PAYLOAD_V6 + 1, buf, sizeof(buf)),
        0);
    assert_int_equal(icmp_build_echo_sized(AF_INET, ID, SEQ, &PROBE, 100, buf, 100), 0);
    assert_int_equal(
        icmp_build_echo_sized(AF_INET6, ID, SEQ, &PROBE, ICMP_MAX_PAYLOAD_V6, buf, sizeof(buf)),
        ICMP_HEADER_LEN + ICMP_MAX_PAYLOAD_V6);
}

static void test_probe_extremes_round_trip(void **state)
{
    (void)state;
    const struct icmp_probe probes[] = {{0, 0, 0}, {UINT64_MAX, UINT32_MAX, UINT16_MAX}};
    for (size_t i = 0; i < 2; i++) {
        uint8_t buf[ICMP_ECHO_LEN];
        icmp_build_echo(AF_INET6, 0, 0, &probes[i], buf, sizeof(buf));
        buf[0] = 129;
        struct icmp_packet p;
        assert_int_equal(parse6(buf, sizeof(buf), &p), ICMP_REPLY);
        assert_true(p.probe.cookie == probes[i].cookie);
        assert_int_equal(p.probe.host, probes[i].host);
        assert_int_equal(p.probe.packet, probes[i].packet);
    }
}

/* --- replies: rejected ------------------------------------------------- */

static void test_v4_echo_request_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 8, buf);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, sizeof(buf), false, &p), ICMP_IGNORE);
}

static void test_v4_other_type_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 14, buf); /* timestamp reply */
    struct icmp_packet p;
    assert_int_equal(parse4(buf, sizeof(buf), false, &p), ICMP_IGNORE);
}

static void test_v4_reply_nonzero_code_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 0, buf);
    buf[1] = 1;
    struct icmp_packet p;
    assert_int_equal(parse4(buf, sizeof(buf), false, &p), ICMP_IGNORE);
}

static void test_v6_echo_request_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET6, 128, buf);
    struct icmp_packet p;
    assert_int_equal(parse6(buf, sizeof(buf), &p), ICMP_IGNORE);
}

static void test_v6_reply_nonzero_code_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET6, 129, buf);
    buf[1] = 1;
    struct icmp_packet p;
    assert_int_equal(parse6(buf, sizeof(buf), &p), ICMP_IGNORE);
}

/* Shorter than a probe: never a reply.  From the probe on, a shorter
 * reply parses, with its length (the receiver refuses it against --size). */
static void test_v4_dgram_reply_truncated_at_every_length_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 0, buf);
    struct icmp_packet p;
    for (size_t len = 0; len < sizeof(buf); len++) {
        bool probe_whole = len >= ICMP_HEADER_LEN + ICMP_MIN_PAYLOAD;
        assert_int_equal(parse4(buf, len, false, &p), probe_whole ? ICMP_REPLY : ICMP_IGNORE);
        if (probe_whole)
            assert_int_equal(p.payload_len, len - ICMP_HEADER_LEN);
    }
}

/* The IP header still claims the whole packet. */
static void test_v4_raw_reply_truncated_at_every_length_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t full = make_v4_raw_reply(buf, 5);
    struct icmp_packet p;
    for (size_t len = 0; len < full; len++)
        assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

/* The IP header and checksum agree with the shortened packet. */
static void test_v4_raw_short_reply_ignored_at_every_length(void **state)
{
    (void)state;
    struct icmp_packet p;
    for (size_t icmp_len = 0; icmp_len < ICMP_HEADER_LEN + ICMP_MIN_PAYLOAD; icmp_len++) {
        uint8_t buf[BIG];
        make_v4_raw_reply(buf, 5);
        put_ip4(buf, 5, IPPROTO_ICMP, TARGET, OUR_ADDR, icmp_len);
        set_checksum(buf + OUTER_LEN, icmp_len);
        assert_int_equal(parse4(buf, OUTER_LEN + icmp_len, true, &p), ICMP_IGNORE);
    }
}

static void test_v6_reply_truncated_at_every_length_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET6, 129, buf);
    struct icmp_packet p;
    for (size_t len = 0; len < ICMP_HEADER_LEN + ICMP_MIN_PAYLOAD; len++)
        assert_int_equal(parse6(buf, len, &p), ICMP_IGNORE);
}

static void test_v4_raw_bad_checksum_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_raw_reply(buf, 5);
    buf[OUTER_LEN + 2] ^= 0x01;
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_raw_checksum_covers_trailing_bytes(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_raw_reply(buf, 5);
    buf[len] = 0x5a; /* one odd byte the IP header counts but the sum does not */
    put_ip4(buf, 5, IPPROTO_ICMP, TARGET, OUR_ADDR, ICMP_ECHO_LEN + 1);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len + 1, true, &p), ICMP_IGNORE);
}

/* A 16-byte header followed by a perfect reply: only the IHL check stops it. */
static void test_v4_raw_ihl_below_5_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    put_ip4(buf, 5, IPPROTO_ICMP, TARGET, OUR_ADDR, ICMP_ECHO_LEN - 4);
    buf[0] = 0x44;
    make_echo(AF_INET, 0, buf + 16);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, 16 + ICMP_ECHO_LEN, true, &p), ICMP_IGNORE);
}

static void test_v4_raw_ihl_beyond_len_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    make_v4_raw_reply(buf, 5);
    buf[0] = 0x4f; /* claims 60 bytes of header */
    struct icmp_packet p;
    assert_int_equal(parse4(buf, 40, true, &p), ICMP_IGNORE);
}

static void test_v4_raw_total_length_beyond_len_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_raw_reply(buf, 5);
    buf[3]++;
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_raw_total_length_inside_header_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_raw_reply(buf, 5);
    buf[2] = 0;
    buf[3] = 19;
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_raw_total_length_shorter_than_buffer_bounds_packet(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_raw_reply(buf, 5);
    memset(buf + len, 0xee, 7);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len + 7, true, &p), ICMP_REPLY);
}

static void test_v4_raw_not_version_4_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_raw_reply(buf, 5);
    buf[0] = 0x65;
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_raw_not_icmp_protocol_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_raw_reply(buf, 5);
    buf[9] = IPPROTO_UDP;
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

/* Flip every bit of payload bytes [first, last] in turn: never a reply to
 * a request of the default size (a flipped padding bit parses, but its
 * intact_len falls short, which the receiver refuses). */
static void assert_every_flip_ignored(int family, size_t first, size_t last)
{
    for (size_t byte = first; byte <= last; byte++) {
        for (int bit = 0; bit < 8; bit++) {
            uint8_t buf[ICMP_ECHO_LEN];
            make_echo(family, family == AF_INET ? 0 : 129, buf);
            buf[PROBE_AT + byte] ^= (uint8_t)(1u << bit);
            struct icmp_packet p;
            enum icmp_kind kind = family == AF_INET ? parse4(buf, sizeof(buf), false, &p)
                                                    : parse6(buf, sizeof(buf), &p);
            assert_false(kind == ICMP_REPLY && p.intact_len >= ICMP_PAYLOAD_LEN);
            assert_true(kind == ICMP_REPLY || kind == ICMP_IGNORE);
        }
    }
}

static void test_flipped_cookie_bit_ignored(void **state)
{
    (void)state;
    assert_every_flip_ignored(AF_INET, 0, 7);
}

static void test_flipped_host_bit_ignored(void **state)
{
    (void)state;
    assert_every_flip_ignored(AF_INET, 8, 11);
}

static void test_flipped_packet_bit_ignored(void **state)
{
    (void)state;
    assert_every_flip_ignored(AF_INET, 12, 13);
}

static void test_flipped_check_bit_ignored(void **state)
{
    (void)state;
    assert_every_flip_ignored(AF_INET, 14, 15);
}

static void test_flipped_padding_bit_ignored(void **state)
{
    (void)state;
    assert_every_flip_ignored(AF_INET, 16, 23);
}

static void test_v6_flipped_probe_bit_ignored(void **state)
{
    (void)state;
    assert_every_flip_ignored(AF_INET6, 0, 23);
}

static void test_ignored_packet_leaves_result_zeroed(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 0, buf);
    buf[PROBE_AT] ^= 1; /* id and seq are read before the probe fails */
    struct icmp_packet p, zero;
    memset(&p, 0xa5, sizeof(p));
    memset(&zero, 0, sizeof(zero));
    assert_int_equal(parse4(buf, sizeof(buf), false, &p), ICMP_IGNORE);
    assert_memory_equal(&p, &zero, sizeof(p));
}

/* --- ICMPv4 errors ----------------------------------------------------- */

static void test_v4_unreachable_quoting_our_request_parses(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 1, 5, ICMP_ECHO_LEN);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_ERROR);
    assert_probe_is_ours(&p);
    assert_int_equal(p.type, 3);
    assert_int_equal(p.code, 1);
    assert_quoted_dst(&p, "198.51.100.7");
}

/* CVE-2022-23093: the quoted header carries 40 bytes of options. */
static void test_v4_error_quoting_header_with_options_parses(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 11, 0, 15, ICMP_ECHO_LEN);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_ERROR);
    assert_probe_is_ours(&p);
    assert_int_equal(p.type, 11);
    assert_quoted_dst(&p, "198.51.100.7");
}

static void test_v4_parameter_problem_parses(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 12, 0, 5, ICMP_ECHO_LEN);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_ERROR);
    assert_int_equal(p.type, 12);
}

static void test_v4_source_quench_and_redirect_ignored(void **state)
{
    (void)state;
    struct icmp_packet p;
    for (uint8_t type = 4; type <= 5; type++) {
        uint8_t buf[BIG];
        size_t len = make_v4_error(buf, type, 0, 5, ICMP_ECHO_LEN);
        assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
    }
}

/* Cut after every byte, with the outer header and checksum made to agree:
 * recognised exactly from the point where the whole probe is quoted. */
static void assert_v4_error_needs_whole_probe(unsigned quoted_ihl_words)
{
    uint8_t full[BIG];
    size_t full_len = make_v4_error(full, 3, 3, quoted_ihl_words, ICMP_ECHO_LEN);
    size_t needed = V4_ERROR_QUOTE + quoted_ihl_words * 4 + ICMP_HEADER_LEN + ICMP_PROBE_LEN;
    for (size_t len = 0; len <= full_len; len++) {
        uint8_t buf[BIG];
        memcpy(buf, full, len);
        if (len >= OUTER_LEN) {
            put_ip4(buf, 5, IPPROTO_ICMP, ROUTER, OUR_ADDR, len - OUTER_LEN);
            v4_error_resum(buf, len);
        }
        struct icmp_packet p;
        /* From the quoted ICMP header on, an error; with the probe, a full one. */
        enum icmp_kind want = len >= needed - ICMP_PROBE_LEN ? ICMP_ERROR : ICMP_IGNORE;
        assert_int_equal(parse4(buf, len, true, &p), want);
        assert_int_equal(p.has_probe, len >= needed);
    }
}

static void test_v4_error_truncated_at_every_length(void **state)
{
    (void)state;
    assert_v4_error_needs_whole_probe(5);
}

static void test_v4_error_with_options_truncated_at_every_length(void **state)
{
    (void)state;
    assert_v4_error_needs_whole_probe(15);
}

static void test_v4_error_quoted_ihl_beyond_quote_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 1, 5, ICMP_ECHO_LEN);
    buf[V4_ERROR_QUOTE] = 0x4f; /* 60 bytes of header claimed, 52 quoted */
    v4_error_resum(buf, len);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

/* The quoted header claims 16 bytes and our request follows right there. */
static void test_v4_error_quoted_ihl_below_5_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 1, 5, ICMP_ECHO_LEN);
    memmove(buf + V4_ERROR_QUOTE + 16, buf + V4_ERROR_QUOTE + 20, ICMP_ECHO_LEN);
    len -= 4;
    buf[V4_ERROR_QUOTE] = 0x44;
    put_ip4(buf, 5, IPPROTO_ICMP, ROUTER, OUR_ADDR, len - OUTER_LEN);
    v4_error_resum(buf, len);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_error_quoted_not_version_4_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 1, 5, ICMP_ECHO_LEN);
    buf[V4_ERROR_QUOTE] = 0x65;
    v4_error_resum(buf, len);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_error_quoting_udp_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 3, 5, ICMP_ECHO_LEN);
    buf[V4_ERROR_QUOTE + 9] = IPPROTO_UDP;
    v4_error_resum(buf, len);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_error_quoting_echo_reply_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 1, 5, ICMP_ECHO_LEN);
    buf[V4_ERROR_QUOTE + 20] = 0;
    v4_error_resum(buf, len);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_error_quoting_request_with_nonzero_code_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 1, 5, ICMP_ECHO_LEN);
    buf[V4_ERROR_QUOTE + 21] = 1;
    v4_error_resum(buf, len);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_error_quoting_garbage_probe_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 1, 5, ICMP_ECHO_LEN);
    for (size_t i = 0; i < ICMP_PAYLOAD_LEN; i++)
        buf[V4_ERROR_QUOTE + 28 + i] = (uint8_t)(i * 37 + 11);
    v4_error_resum(buf, len);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_error_quoting_later_fragment_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 11, 1, 5, ICMP_ECHO_LEN);
    buf[V4_ERROR_QUOTE + 7] = 1; /* fragment offset 8 bytes */
    v4_error_resum(buf, len);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_error_bad_checksum_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 1, 5, ICMP_ECHO_LEN);
    buf[OUTER_LEN + 1] = 0; /* code changed, sum not updated */
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_IGNORE);
}

static void test_v4_dgram_error_types_ignored(void **state)
{
    (void)state;
    static const uint8_t types[] = {3, 11, 12};
    for (size_t i = 0; i < sizeof(types); i++) {
        uint8_t buf[BIG];
        size_t len = make_v4_error(buf, types[i], 0, 5, ICMP_ECHO_LEN);
        struct icmp_packet p;
        assert_int_equal(parse4(buf + OUTER_LEN, len - OUTER_LEN, false, &p), ICMP_IGNORE);
    }
}

/* --- ICMPv6 errors ----------------------------------------------------- */

static void test_v6_unreachable_quoting_our_request_parses(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v6_error(buf, 1, 3, ICMP_ECHO_LEN);
    struct icmp_packet p;
    assert_int_equal(parse6(buf, len, &p), ICMP_ERROR);
    assert_probe_is_ours(&p);
    assert_int_equal(p.type, 1);
    assert_int_equal(p.code, 3);
    assert_quoted_dst(&p, "2001:db8::7");
}

static void test_v6_time_exceeded_parses(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v6_error(buf, 3, 0, ICMP_ECHO_LEN);
    struct icmp_packet p;
    assert_int_equal(parse6(buf, len, &p), ICMP_ERROR);
    assert_int_equal(p.type, 3);
}

static void test_v6_parameter_problem_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v6_error(buf, 4, 0, ICMP_ECHO_LEN);
    struct icmp_packet p;
    assert_int_equal(parse6(buf, len, &p), ICMP_IGNORE);
}

/* --dont-fragment's answer from a router: the MTU is where id/seq were. */
static void test_v6_packet_too_big_carries_mtu(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v6_error(buf, 2, 0, ICMP_ECHO_LEN);
    buf[4] = 0, buf[5] = 0, buf[6] = 0x05, buf[7] = 0x78; /* 1400 */
    struct icmp_packet p;
    assert_int_equal(parse6(buf, len, &p), ICMP_ERROR);
    assert_int_equal(p.type, 2);
    assert_int_equal(p.mtu, 1400);
    assert_probe_is_ours(&p);
}

static void test_v4_fragmentation_needed_carries_mtu(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v4_error(buf, 3, 4, 5, ICMP_ECHO_LEN);
    uint8_t *icmp = buf + OUTER_LEN;
    icmp[6] = 0x05, icmp[7] = 0x78;
    set_checksum(icmp, len - OUTER_LEN);
    struct icmp_packet p;
    assert_int_equal(parse4(buf, len, true, &p), ICMP_ERROR);
    assert_int_equal(p.code, 4);
    assert_int_equal(p.mtu, 1400);
}

static void test_v6_error_truncated_at_every_length(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t full = make_v6_error(buf, 1, 0, ICMP_ECHO_LEN);
    size_t needed = V6_ERROR_QUOTED_ICMP + ICMP_HEADER_LEN + ICMP_PROBE_LEN;
    struct icmp_packet p;
    for (size_t len = 0; len <= full; len++) {
        enum icmp_kind want = len >= needed - ICMP_PROBE_LEN ? ICMP_ERROR : ICMP_IGNORE;
        assert_int_equal(parse6(buf, len, &p), want);
        assert_int_equal(p.has_probe, len >= needed);
    }
}

static void test_v6_error_quoting_udp_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v6_error(buf, 1, 4, ICMP_ECHO_LEN);
    buf[8 + 6] = IPPROTO_UDP;
    struct icmp_packet p;
    assert_int_equal(parse6(buf, len, &p), ICMP_IGNORE);
}

static void test_v6_error_quoting_extension_header_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v6_error(buf, 1, 0, ICMP_ECHO_LEN);
    buf[8 + 6] = 0; /* hop-by-hop options */
    struct icmp_packet p;
    assert_int_equal(parse6(buf, len, &p), ICMP_IGNORE);
}

static void test_v6_error_quoted_not_version_6_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v6_error(buf, 1, 0, ICMP_ECHO_LEN);
    buf[8] = 0x45;
    struct icmp_packet p;
    assert_int_equal(parse6(buf, len, &p), ICMP_IGNORE);
}

static void test_v6_error_quoting_echo_reply_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v6_error(buf, 1, 0, ICMP_ECHO_LEN);
    buf[V6_ERROR_QUOTED_ICMP] = 129;
    struct icmp_packet p;
    assert_int_equal(parse6(buf, len, &p), ICMP_IGNORE);
}

static void test_v6_error_quoting_garbage_probe_ignored(void **state)
{
    (void)state;
    uint8_t buf[BIG];
    size_t len = make_v6_error(buf, 1, 0, ICMP_ECHO_LEN);
    buf[V6_ERROR_QUOTED_ICMP + PROBE_AT + 9] ^= 0x40;
    struct icmp_packet p;
    assert_int_equal(parse6(buf, len, &p), ICMP_IGNORE);
}

/* --- our own request from the error queue ------------------------------ */

static void test_own_v4_request_parses(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 8, buf);
    struct icmp_packet p;
    assert_int_equal(parse_own(AF_INET, buf, sizeof(buf), &p), ICMP_ERROR);
    assert_probe_is_ours(&p);
    assert_int_equal(p.type, 0);
    assert_int_equal(p.quoted_dst.family, 0);
}

static void test_own_v6_request_parses(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET6, 128, buf);
    struct icmp_packet p;
    assert_int_equal(parse_own(AF_INET6, buf, sizeof(buf), &p), ICMP_ERROR);
    assert_probe_is_ours(&p);
}

static void test_own_request_of_other_family_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 8, buf);
    struct icmp_packet p;
    assert_int_equal(parse_own(AF_INET6, buf, sizeof(buf), &p), ICMP_IGNORE);
    assert_int_equal(parse_own(AF_UNIX, buf, sizeof(buf), &p), ICMP_IGNORE);
}

static void test_own_request_that_is_a_reply_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 0, buf);
    struct icmp_packet p;
    assert_int_equal(parse_own(AF_INET, buf, sizeof(buf), &p), ICMP_IGNORE);
}

static void test_own_request_with_corrupt_probe_ignored(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET6, 128, buf);
    buf[PROBE_AT + 20] = 1;
    struct icmp_packet p;
    assert_int_equal(parse_own(AF_INET6, buf, sizeof(buf), &p), ICMP_IGNORE);
}

static void test_own_request_without_probe_has_header_only(void **state)
{
    (void)state;
    uint8_t buf[ICMP_ECHO_LEN];
    make_echo(AF_INET, 8, buf);
    struct icmp_packet p;
    for (size_t len = 0; len <= sizeof(buf); len++) {
        enum icmp_kind want = len >= ICMP_HEADER_LEN ? ICMP_ERROR : ICMP_IGNORE;
        assert_int_equal(parse_own(AF_INET, buf, len, &p), want);
        assert_int_equal(p.has_probe, len >= ICMP_HEADER_LEN + ICMP_PROBE_LEN);
    }
}

/* --- sequence numbers -------------------------------------------------- */

static void test_seq_for_numbers_a_hosts_packets_consecutively(void **state)
{
    (void)state;
    assert_int_equal(icmp_seq_for(10, 0, 3), 30);
    assert_int_equal(icmp_seq_for(10, 2, 3), 32);
    assert_int_equal(icmp_seq_for(11, 0, 3), 33);
}

static void test_seq_for_wraps_modulo_65536(void **state)
{
    (void)state;
    assert_int_equal(icmp_seq_for(65535, 0, 1), 65535);
    assert_int_equal(icmp_seq_for(65536, 0, 1), 0);
    assert_int_equal(icmp_seq_for(21846, 1, 3), 3); /* 65538 + 1 */
}

static void test_seq_for_survives_largest_inputs(void **state)
{
    (void)state;
    /* 0xffffffff * 0xffff = 0xfffeffff0001, + 0xfffe */
    assert_int_equal(icmp_seq_for(UINT32_MAX, 0xfffe, 0xffff), 0xffff);
}

/* --- error text -------------------------------------------------------- */

static void test_error_text_v4_names(void **state)
{
    (void)state;
    assert_string_equal(icmp_error_text(AF_INET, 3, 0), "network unreachable");
    assert_string_equal(icmp_error_text(AF_INET, 3, 1), "host unreachable");
    assert_string_equal(icmp_error_text(AF_INET, 3, 4), "fragmentation needed");
    assert_string_equal(icmp_error_text(AF_INET, 3, 13), "administratively prohibited");
    assert_string_equal(icmp_error_text(AF_INET, 11, 0), "TTL exceeded in transit");
    assert_string_equal(icmp_error_text(AF_INET, 11, 1), "fragment reassembly time exceeded");
    assert_string_equal(icmp_error_text(AF_INET, 12, 2), "parameter problem");
}

static void test_error_text_v6_names(void **state)
{
    (void)state;
    assert_string_equal(icmp_error_text(AF_INET6, 1, 0), "no route to destination");
    assert_string_equal(icmp_error_text(AF_INET6, 1, 3), "address unreachable");
    assert_string_equal(icmp_error_text(AF_INET6, 1, 4), "port unreachable");
    assert_string_equal(icmp_error_text(AF_INET6, 1, 5),
                        "source address failed ingress/egress policy");
    assert_string_equal(icmp_error_text(AF_INET6, 1, 6), "reject route to destination");
    assert_string_equal(icmp_error_text(AF_INET6, 3, 0), "hop limit exceeded in transit");
}

static void test_error_text_unknown_is_generic(void **state)
{
    (void)state;
    assert_string_equal(icmp_error_text(AF_INET, 3, 99), "ICMP error");
    assert_string_equal(icmp_error_text(AF_INET6, 1, 99), "ICMPv6 error");
}

static void test_error_describe_spells_out_unknown(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(icmp_error_describe(AF_INET, 3, 99, buf, sizeof(buf)),
                        "ICMP type 3 code 99");
    assert_string_equal(icmp_error_describe(AF_INET6, 200, 255, buf, sizeof(buf)),
                        "ICMPv6 type 200 code 255");
}

static void test_error_describe_names_known(void **state)
{
    (void)state;
    char buf[32] = "untouched";
    assert_string_equal(icmp_error_describe(AF_INET, 3, 3, buf, sizeof(buf)), "port unreachable");
    assert_string_equal(buf, "untouched");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_v4_echo_layout),
        cmocka_unit_test(test_build_v4_echo_checksum_is_valid),
        cmocka_unit_test(test_build_probe_check_sums_cookie_host_packet),
        cmocka_unit_test(test_build_v6_echo_leaves_checksum_to_kernel),
        cmocka_unit_test(test_build_rejects_short_buffer),
        cmocka_unit_test(test_build_rejects_unknown_family),
        cmocka_unit_test(test_v4_raw_reply_round_trip),
        cmocka_unit_test(test_v4_raw_reply_after_ip_options_round_trip),
        cmocka_unit_test(test_v4_dgram_reply_round_trip),
        cmocka_unit_test(test_v6_reply_round_trip),
        cmocka_unit_test(test_reply_with_trailing_bytes_accepted),
        cmocka_unit_test(test_sized_request_round_trips_with_its_length),
        cmocka_unit_test(test_sized_request_refuses_bad_sizes),
        cmocka_unit_test(test_probe_extremes_round_trip),
        cmocka_unit_test(test_v4_echo_request_ignored),
        cmocka_unit_test(test_v4_other_type_ignored),
        cmocka_unit_test(test_v4_reply_nonzero_code_ignored),
        cmocka_unit_test(test_v6_echo_request_ignored),
        cmocka_unit_test(test_v6_reply_nonzero_code_ignored),
        cmocka_unit_test(test_v4_dgram_reply_truncated_at_every_length_ignored),
        cmocka_unit_test(test_v4_raw_reply_truncated_at_every_length_ignored),
        cmocka_unit_test(test_v4_raw_short_reply_ignored_at_every_length),
        cmocka_unit_test(test_v6_reply_truncated_at_every_length_ignored),
        cmocka_unit_test(test_v4_raw_bad_checksum_ignored),
        cmocka_unit_test(test_v4_raw_checksum_covers_trailing_bytes),
        cmocka_unit_test(test_v4_raw_ihl_below_5_ignored),
        cmocka_unit_test(test_v4_raw_ihl_beyond_len_ignored),
        cmocka_unit_test(test_v4_raw_total_length_beyond_len_ignored),
        cmocka_unit_test(test_v4_raw_total_length_inside_header_ignored),
        cmocka_unit_test(test_v4_raw_total_length_shorter_than_buffer_bounds_packet),
        cmocka_unit_test(test_v4_raw_not_version_4_ignored),
        cmocka_unit_test(test_v4_raw_not_icmp_protocol_ignored),
        cmocka_unit_test(test_flipped_cookie_bit_ignored),
        cmocka_unit_test(test_flipped_host_bit_ignored),
        cmocka_unit_test(test_flipped_packet_bit_ignored),
        cmocka_unit_test(test_flipped_check_bit_ignored),
        cmocka_unit_test(test_flipped_padding_bit_ignored),
        cmocka_unit_test(test_v6_flipped_probe_bit_ignored),
        cmocka_unit_test(test_ignored_packet_leaves_result_zeroed),
        cmocka_unit_test(test_v4_unreachable_quoting_our_request_parses),
        cmocka_unit_test(test_v4_error_quoting_header_with_options_parses),
        cmocka_unit_test(test_v4_parameter_problem_parses),
        cmocka_unit_test(test_v4_source_quench_and_redirect_ignored),
        cmocka_unit_test(test_v4_error_truncated_at_every_length),
        cmocka_unit_test(test_v4_error_with_options_truncated_at_every_length),
        cmocka_unit_test(test_v4_error_quoted_ihl_beyond_quote_ignored),
        cmocka_unit_test(test_v4_error_quoted_ihl_below_5_ignored),
        cmocka_unit_test(test_v4_error_quoted_not_version_4_ignored),
        cmocka_unit_test(test_v4_error_quoting_udp_ignored),
        cmocka_unit_test(test_v4_error_quoting_echo_reply_ignored),
        cmocka_unit_test(test_v4_error_quoting_request_with_nonzero_code_ignored),
        cmocka_unit_test(test_v4_error_quoting_garbage_probe_ignored),
        cmocka_unit_test(test_v4_error_quoting_later_fragment_ignored),
        cmocka_unit_test(test_v4_error_bad_checksum_ignored),
        cmocka_unit_test(test_v4_dgram_error_types_ignored),
        cmocka_unit_test(test_v6_unreachable_quoting_our_request_parses),
        cmocka_unit_test(test_v6_time_exceeded_parses),
        cmocka_unit_test(test_v6_parameter_problem_ignored),
        cmocka_unit_test(test_v6_packet_too_big_carries_mtu),
        cmocka_unit_test(test_v4_fragmentation_needed_carries_mtu),
        cmocka_unit_test(test_v6_error_truncated_at_every_length),
        cmocka_unit_test(test_v6_error_quoting_udp_ignored),
        cmocka_unit_test(test_v6_error_quoting_extension_header_ignored),
        cmocka_unit_test(test_v6_error_quoted_not_version_6_ignored),
        cmocka_unit_test(test_v6_error_quoting_echo_reply_ignored),
        cmocka_unit_test(test_v6_error_quoting_garbage_probe_ignored),
        cmocka_unit_test(test_own_v4_request_parses),
        cmocka_unit_test(test_own_v6_request_parses),
        cmocka_unit_test(test_own_request_of_other_family_ignored),
        cmocka_unit_test(test_own_request_that_is_a_reply_ignored),
        cmocka_unit_test(test_own_request_with_corrupt_probe_ignored),
        cmocka_unit_test(test_own_request_without_probe_has_header_only),
        cmocka_unit_test(test_seq_for_numbers_a_hosts_packets_consecutively),
        cmocka_unit_test(test_seq_for_wraps_modulo_65536),
        cmocka_unit_test(test_seq_for_survives_largest_inputs),
        cmocka_unit_test(test_error_text_v4_names),
        cmocka_unit_test(test_error_text_v6_names),
        cmocka_unit_test(test_error_text_unknown_is_generic),
        cmocka_unit_test(test_error_describe_spells_out_unknown),
        cmocka_unit_test(test_error_describe_names_known),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
