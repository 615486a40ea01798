/*
 * test_resolve.c - resolve_start picks the resolver from the hosts: line,
 * and either delivers every name to the queue.  No DNS is asked: the
 * c-ares tests use "hosts: files" and a hosts file of their own; the pool
 * test resolves "localhost" from the system's /etc/hosts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "resolve/resolve.h"
#include "clock.h"
#include "resolve/resolve_ares.h"
#include "resolve/resolve_jobs.h"
#include "resolve/resolve_pool.h"

#include <ares.h>

#include <netdb.h>
#include <string.h>

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct fixture {
    char nsswitch[64];
    char hosts[64];
};

static void write_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    strcpy(f->nsswitch, "/tmp/test_resolve_nss.XXXXXX");
    strcpy(f->hosts, "/tmp/test_resolve_hosts.XXXXXX");
    write_file(f->nsswitch, "hosts: files\n");
    write_file(f->hosts, "10.0.0.1 alpha\nfd00::1 alpha\n");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    unlink(f->nsswitch);
    unlink(f->hosts);
    free(f);
    return 0;
}

/* A table of one literal and the given names. */
static void make_set(struct hostset *set, struct readyq *q, const char *a, const char *b)
{
    hostset_init(set);
    struct ipaddr lit;
    ipaddr_parse("192.0.2.1", &lit);
    hostset_add_address(set, &lit);
    if (a)
        hostset_add_name(set, a);
    if (b)
        hostset_add_name(set, b);
    readyq_init(q, set->count);
}

static void pop_all(struct readyq *q, unsigned n)
{
    uint32_t got[4];
    unsigned total = 0;
    while (total < n) {
        int k = readyq_pop(q, got, 4, clock_mono_ns() + 5000000000u);
        assert_true(k > 0);
        total += (unsigned)k;
    }
}

static void test_resolve_files_only_uses_c_ares_and_the_hosts_file(void **state)
{
    struct fixture *f = *state;
    struct hostset set;
    struct readyq q;
    make_set(&set, &q, "ALPHA", "beta");
    struct resolver r;
    char err[128];
    struct resolve_config cfg = {
        .family = AF_UNSPEC, .parallel = 1, .nsswitch_path = f->nsswitch, .hosts_path = f->hosts};
    assert_int_equal(resolve_start(&r, &set, &q, &cfg, err, sizeof(err)), 0);
    assert_non_null(r.ares);
    assert_null(r.pool);
    pop_all(&q, 2);
    assert_true(resolve_stop(&r, clock_mono_ns()));
    char buf[IPADDR_STRLEN];
    assert_int_equal(set.hosts[1].status, HOST_READY);
    assert_string_equal(ipaddr_format(&set.hosts[1].addr, buf, sizeof(buf)), "10.0.0.1");
    assert_int_equal(set.hosts[2].status, HOST_UNRESOLVED);
    assert_int_equal(set.hosts[2].error_code, RESOLVE_NO_SUCH_NAME);
    readyq_destroy(&q);
    hostset_free(&set);
}

static void test_resolve_family_picks_the_address(void **state)
{
    struct fixture *f = *state;
    struct hostset set;
    struct readyq q;
    make_set(&set, &q, "alpha", NULL);
    struct resolver r;
    char err[128], buf[IPADDR_STRLEN];
    struct resolve_config cfg = {
        .family = AF_INET6, .parallel = 500, .nsswitch_path = f->nsswitch, .hosts_path = f->hosts};
    assert_int_equal(resolve_start(&r, &set, &q, &cfg, err, sizeof(err)), 0);
    pop_all(&q, 1);
    assert_true(resolve_stop(&r, clock_mono_ns()));
    assert_string_equal(ipaddr_format(&set.hosts[1].addr, buf, sizeof(buf)), "fd00::1");
    readyq_destroy(&q);
    hostset_free(&set);
}

static void test_resolve_stop_after_close_with_nothing_delivered(void **state)
{
    struct fixture *f = *state;
    struct hostset set;
    struct readyq q;
    make_set(&set, &q, "alpha", "beta");
    readyq_close(&q); /* the run ended before the resolver started */
    struct resolver r;
    char err[128];
    struct resolve_config cfg = {
        .family = AF_UNSPEC, .parallel = 1, .nsswitch_path = f->nsswitch, .hosts_path = f->hosts};
    assert_int_equal(resolve_start(&r, &set, &q, &cfg, err, sizeof(err)), 0);
    assert_true(resolve_stop(&r, clock_mono_ns()));
    assert_int_equal(set.hosts[1].status, HOST_RESOLVING);
    readyq_destroy(&q);
    hostset_free(&set);
}

static void test_resolve_other_source_uses_the_pool(void **state)
{
    (void)state;
    char nss[] = "/tmp/test_resolve_nss2.XXXXXX";
    write_file(nss, "hosts: files mdns4_minimal dns\n");
    struct hostset set;
    struct readyq q;
    make_set(&set, &q, "localhost", NULL);
    struct resolver r;
    char err[128];
    struct resolve_config cfg = {.family = AF_INET, .parallel = 8, .nsswitch_path = nss};
    assert_int_equal(resolve_start(&r, &set, &q, &cfg, err, sizeof(err)), 0);
    assert_non_null(r.pool);
    assert_null(r.ares);
    pop_all(&q, 1);
    assert_true(resolve_stop(&r, clock_mono_ns() + 1000000000u));
    struct ipaddr loopback;
    ipaddr_parse("127.0.0.1", &loopback);
    assert_int_equal(set.hosts[1].status, HOST_READY);
    assert_true(ipaddr_equal(&set.hosts[1].addr, &loopback));
    unlink(nss);
    readyq_destroy(&q);
    hostset_free(&set);
}

static void test_resolve_pool_reasons(void **state)
{
    (void)state;
    assert_int_equal(resolve_pool_reason(EAI_NONAME), RESOLVE_NO_SUCH_NAME);
    assert_int_equal(resolve_pool_reason(EAI_AGAIN), RESOLVE_TEMPORARY);
    assert_int_equal(resolve_pool_reason(EAI_FAIL), RESOLVE_SERVER_FAILURE);
    assert_int_equal(resolve_pool_reason(EAI_NODATA), RESOLVE_NO_ADDRESS);
    assert_int_equal(resolve_pool_reason(EAI_MEMORY), RESOLVE_FAILED);
}

/* The reason a name gets when its one query (-4) ended with a c-ares status. */
static int ares_reason(int status, unsigned servers)
{
    struct resolve_slot s;
    memset(&s, 0, sizeof(s));
    s.status[0] = resolve_ares_answer(status);
    s.status[1] = RESOLVE_QUERY_NONE;
    return resolve_slot_reason(&s, AF_INET, servers);
}

static void test_resolve_ares_status_reasons(void **state)
{
    (void)state;
    static const struct {
        int status;
        unsigned servers;
        int reason;
    } cases[] = {
        {ARES_ENOTFOUND, 1, RESOLVE_NO_SUCH_NAME},   {ARES_ENODATA, 1, RESOLVE_NO_ADDRESS4},
        {ARES_ESERVFAIL, 1, RESOLVE_SERVER_FAILURE}, {ARES_EREFUSED, 1, RESOLVE_SERVER_REFUSED},
        {ARES_ETIMEOUT, 1, RESOLVE_TIMEOUT},         {ARES_ETIMEOUT, 0, RESOLVE_NO_SERVER},
        {ARES_ECONNREFUSED, 1, RESOLVE_UNREACHABLE}, {ARES_ECONNREFUSED, 2, RESOLVE_SERVERS_FAILED},
        {ARES_EBADRESP, 1, RESOLVE_BAD_ANSWER},      {ARES_EFORMERR, 1, RESOLVE_BAD_ANSWER},
        {ARES_ECANCELLED, 1, RESOLVE_FAILED},        {ARES_ENOMEM, 1, RESOLVE_FAILED},
        {ARES_SUCCESS, 1, RESOLVE_NO_ADDRESS4}, /* an answer without an IPv4 address */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = ares_reason(cases[i].status, cases[i].servers);
        if (got != cases[i].reason)
            fail_msg("%s with %u server(s): reason %d, want %d", ares_strerror(cases[i].status),
                     cases[i].servers, got, cases[i].reason);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_files_only_uses_c_ares_and_the_hosts_file),
        cmocka_unit_test(test_resolve_family_picks_the_address),
        cmocka_unit_test(test_resolve_stop_after_close_with_nothing_delivered),
        cmocka_unit_test(test_resolve_other_source_uses_the_pool),
        cmocka_unit_test(test_resolve_pool_reasons),
        cmocka_unit_test(test_resolve_ares_status_reasons),
    };
    return cmocka_run_group_tests_name("resolve", tests, setup, teardown);
}
