/*
 * test_hostresult.c - one host's own result for a bulk submission: the
 * state mapping for host and service results, the exact plugin output of
 * every class, and check_icmp's rta/pl perfdata with per-host limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sinks/output_hostresult.h"
#include "resolve/resolve_reason.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>

struct fixture {
    struct hostset set;
    struct verdict_config cfg;
    struct submit_item item;
};

/* A host in a real table: address (or NULL and a name) and its replies. */
static struct host *host(struct fixture *f, const char *address, const char *name, uint16_t sent,
                         uint16_t received, uint64_t sum_us)
{
    struct ipaddr a;
    int64_t i;
    if (address) {
        assert_true(ipaddr_parse(address, &a));
        i = hostset_add_address(&f->set, &a);
    } else {
        i = hostset_add_name(&f->set, name);
    }
    assert_true(i >= 0);
    struct host *h = &f->set.hosts[i];
    h->sent = sent;
    h->received = received;
    h->rtt_sum_us = sum_us;
    h->rtt_min_us = received ? (uint32_t)(sum_us / received) : 0;
    h->rtt_max_us = h->rtt_min_us;
    return h;
}

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof(f));
    hostset_init(&f.set);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    hostset_free(&f->set);
    return 0;
}

static void format(struct fixture *f, const struct host *h, bool service)
{
    hostresult_format(&f->set, h, NULL, &f->cfg, service, &f->item);
}

static void test_hostresult_alive_is_up_with_rta_and_pl(void **state)
{
    struct fixture *f = *state;
    format(f, host(f, "192.0.2.4", NULL, 2, 2, 420), false);
    assert_int_equal(f->item.exit_status, HOSTRESULT_UP);
    assert_string_equal(f->item.output, "PING OK - 192.0.2.4: rta 0.210 ms, lost 0%");
    assert_string_equal(f->item.rta, "rta=0.210ms;;;0;");
    assert_string_equal(f->item.pl, "pl=0%;;;0;100");
}

static void test_hostresult_partial_is_up_and_says_so(void **state)
{
    struct fixture *f = *state;
    format(f, host(f, "192.0.2.5", NULL, 2, 1, 300), false);
    assert_int_equal(f->item.exit_status, HOSTRESULT_UP);
    assert_string_equal(f->item.output,
                        "PING OK - 192.0.2.5: partial, rta 0.300 ms, lost 50% (1 of 2 replies)");
    assert_string_equal(f->item.pl, "pl=50%;;;0;100");
}

static void test_hostresult_dead_is_down_without_rta(void **state)
{
    struct fixture *f = *state;
    format(f, host(f, "192.0.2.6", NULL, 2, 0, 0), false);
    assert_int_equal(f->item.exit_status, HOSTRESULT_DOWN);
    assert_string_equal(f->item.output,
                        "PING CRITICAL - 192.0.2.6: no reply, lost 100% (0 of 2 replies)");
    assert_string_equal(f->item.rta, "");
    assert_string_equal(f->item.pl, "pl=100%;;;0;100");
}

static void test_hostresult_unreachable_is_down_and_names_the_error(void **state)
{
    struct fixture *f = *state;
    struct host *h = host(f, "192.0.2.7", NULL, 1, 0, 0);
    atomic_store(&h->flags, HOST_UNREACHABLE);
    h->error_type = HOST_ERROR_ICMP4;
    h->error_code = 3 << 8 | 1;
    assert_true(ipaddr_parse("192.0.2.1", &h->error_from));
    format(f, h, false);
    assert_int_equal(f->item.exit_status, HOSTRESULT_DOWN);
    assert_string_equal(f->item.output, "PING CRITICAL - 192.0.2.7: unreachable: ICMP host "
                                        "unreachable (type 3 code 1) from 192.0.2.1");
}

static void test_hostresult_unresolved_is_down_without_perfdata(void **state)
{
    struct fixture *f = *state;
    struct host *h = host(f, NULL, "nosuch.example", 0, 0, 0);
    h->status = HOST_UNRESOLVED;
    h->error_code = RESOLVE_NO_SUCH_NAME;
    format(f, h, false);
    assert_int_equal(f->item.exit_status, HOSTRESULT_DOWN);
    assert_string_equal(f->item.output,
                        "PING CRITICAL - nosuch.example: name did not resolve: no such name "
                        "(NXDOMAIN)");
    assert_string_equal(f->item.rta, "");
    assert_string_equal(f->item.pl, "");
}

static void test_hostresult_named_host_shows_name_and_address(void **state)
{
    struct fixture *f = *state;
    struct host *h = host(f, NULL, "web1.example", 2, 2, 200);
    assert_true(ipaddr_parse("192.0.2.8", &h->addr));
    h->status = HOST_READY;
    format(f, h, false);
    assert_string_equal(f->item.output,
                        "PING OK - web1.example (192.0.2.8): rta 0.100 ms, lost 0%");
}

static void test_hostresult_object_spelling_with_address_pinged(void **state)
{
    struct fixture *f = *state;
    struct host *h = host(f, "192.0.2.9", NULL, 2, 2, 200);
    hostresult_format(&f->set, h, "alias.example", &f->cfg, false, &f->item);
    assert_string_equal(f->item.output,
                        "PING OK - alias.example (192.0.2.9): rta 0.100 ms, lost 0%");
    hostresult_format(&f->set, h, "192.0.2.9", &f->cfg, false, &f->item);
    assert_string_equal(f->item.output, "PING OK - 192.0.2.9: rta 0.100 ms, lost 0%");
}

static void test_hostresult_service_state_from_host_limits(void **state)
{
    struct fixture *f = *state;
    char err[256];
    assert_int_equal(host_limit_parse("200ms,40%", &f->cfg.host_warning, err, sizeof(err)), 0);
    assert_int_equal(host_limit_parse("500ms,80%", &f->cfg.host_critical, err, sizeof(err)), 0);
    f->cfg.has_host_warning = f->cfg.has_host_critical = true;
    struct host *fast = host(f, "192.0.2.10", NULL, 2, 2, 2000);
    struct host *slow = host(f, "192.0.2.11", NULL, 2, 2, 600000);
    struct host *awful = host(f, "192.0.2.12", NULL, 2, 2, 2000000);
    struct host *dead = host(f, "192.0.2.13", NULL, 2, 0, 0);
    assert_int_equal(hostresult_service_state(&f->cfg, fast), STATE_OK);
    assert_int_equal(hostresult_service_state(&f->cfg, slow), STATE_WARNING);
    assert_int_equal(hostresult_service_state(&f->cfg, awful), STATE_CRITICAL);
    assert_int_equal(hostresult_service_state(&f->cfg, dead), STATE_CRITICAL);
    format(f, slow, true);
    assert_int_equal(f->item.exit_status, STATE_WARNING);
    assert_string_equal(f->item.output, "PING WARNING - 192.0.2.11: rta 300.000 ms, lost 0%");
    assert_string_equal(f->item.rta, "rta=300.000ms;200;500;0;");
    assert_string_equal(f->item.pl, "pl=0%;40;80;0;100");
    /* a host result ignores the limits: alive is UP */
    format(f, awful, false);
    assert_int_equal(f->item.exit_status, HOSTRESULT_UP);
    assert_string_equal(f->item.output, "PING OK - 192.0.2.12: rta 1000.000 ms, lost 0%");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hostresult_alive_is_up_with_rta_and_pl, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_hostresult_partial_is_up_and_says_so, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostresult_dead_is_down_without_rta, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostresult_unreachable_is_down_and_names_the_error,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostresult_unresolved_is_down_without_perfdata, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_hostresult_named_host_shows_name_and_address, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_hostresult_object_spelling_with_address_pinged, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_hostresult_service_state_from_host_limits, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
