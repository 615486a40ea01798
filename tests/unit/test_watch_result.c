/* test_watch_result.c - a --watch result's text and perfdata, over the
 * probes since the host's previous result. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "resolve/resolve_reason.h"
#include "sinks/watch_result.h"

#include <sys/socket.h>

static struct submit_item item;

static void format(const struct pending_result *r, bool service)
{
    struct ipaddr a;
    assert_true(ipaddr_parse("192.0.2.7", &a));
    struct watch_result_context c = {"web7", &a, "web7.example", service, 15};
    watch_result_format(r, &c, &item);
}

static struct pending_result answered(void)
{
    struct pending_result r;
    memset(&r, 0, sizeof(r));
    liveness_stats_clear(&r.stats);
    liveness_stats_add(&r.stats, 50, false, 0);
    liveness_stats_add(&r.stats, 70, true, 50);
    liveness_stats_add(&r.stats, LIVENESS_RTT_LOST, true, 70);
    return r;
}

static void test_watch_result_up_with_figures(void **state)
{
    (void)state;
    struct pending_result r = answered();
    format(&r, false);
    assert_string_equal(item.object, "web7");
    assert_int_equal(item.exit_status, 0);
    assert_string_equal(item.output, "PING OK - 192.0.2.7: rta 0.060 ms, lost 33.33%");
    assert_string_equal(item.rta, "rta=0.060ms;;;0");
    assert_string_equal(item.pl, "pl=33.33%;;;0;100");
    assert_string_equal(item.jitter, "jitter=0.020ms;;;0");
}

static void test_watch_result_down_names_the_error(void **state)
{
    (void)state;
    struct pending_result r;
    memset(&r, 0, sizeof(r));
    liveness_stats_clear(&r.stats);
    liveness_stats_add(&r.stats, LIVENESS_RTT_LOST, false, 0);
    r.state = 1;
    r.down = true;
    r.has_error = true;
    r.error_type = 3;
    r.error_code = 1;
    assert_true(ipaddr_parse("192.0.2.1", &r.error_from));
    format(&r, false);
    assert_int_equal(item.exit_status, 1);
    assert_string_equal(item.output, "PING CRITICAL - 192.0.2.7: no reply for 15 s, last error: "
                                     "host unreachable from 192.0.2.1");
    assert_string_equal(item.rta, "rta=U;;;0");
    assert_string_equal(item.pl, "pl=100%;;;0;100");
    assert_string_equal(item.jitter, "");
}

static void test_watch_result_unresolved_names_the_reason(void **state)
{
    (void)state;
    struct pending_result r;
    memset(&r, 0, sizeof(r));
    liveness_stats_clear(&r.stats);
    r.state = 1;
    r.down = r.unresolved = true;
    r.resolve_reason = RESOLVE_NO_SUCH_NAME;
    format(&r, false);
    assert_int_equal(item.exit_status, 1);
    assert_string_equal(item.output, "PING CRITICAL - web7.example: name did not resolve: no "
                                     "such name (NXDOMAIN)");
    assert_string_equal(item.pl, "");
}

static void test_watch_result_service_states(void **state)
{
    (void)state;
    struct pending_result r = answered();
    r.state = 1;
    format(&r, true);
    assert_int_equal(item.exit_status, 1);
    assert_non_null(strstr(item.output, "PING WARNING - 192.0.2.7: rta "));
    r.state = 1;
    format(&r, false);
    assert_non_null(strstr(item.output, "PING CRITICAL - "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watch_result_up_with_figures),
        cmocka_unit_test(test_watch_result_down_names_the_error),
        cmocka_unit_test(test_watch_result_unresolved_names_the_reason),
        cmocka_unit_test(test_watch_result_service_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
