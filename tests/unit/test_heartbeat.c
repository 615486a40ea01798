/* test_heartbeat.c - the daemon's own result: its text, perfdata and state
 * (OK; WARNING on failed or lagging submissions; CRITICAL when late). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "daemon/heartbeat.h"

static char out[768], perf[HEARTBEAT_PERFDATA_LEN];

static struct heartbeat_figures healthy(void)
{
    return (struct heartbeat_figures){.hosts = 1000,
                                      .up = 998,
                                      .down = 2,
                                      .unknown = 0,
                                      .probes_per_s = 200,
                                      .submitted = 1234,
                                      .failed = 0,
                                      .late = 0,
                                      .interval_s = 5};
}

static void test_heartbeat_ok_text_and_perfdata(void **state)
{
    (void)state;
    struct heartbeat_figures f = healthy();
    assert_int_equal(heartbeat_format(&f, out, sizeof(out), perf, sizeof(perf)), 0);
    assert_string_equal(out, "MULTIPING WATCH OK - 1000 hosts: 998 up, 2 down, 0 unknown, 200.0 "
                             "probes/s, 1234 results submitted, 0 failed, oldest unsent change "
                             "0.0 s");
    assert_string_equal(perf, "hosts=1000;;;0 up=998;;;0;1000 down=2;;;0;1000 "
                              "unknown=0;;;0;1000 probes_per_second=200.0;;;0 submitted=1234c "
                              "failed=0c late=0c oldest_unsent=0.0s;;;0");
}

static void test_heartbeat_warning_on_failures_or_lag(void **state)
{
    (void)state;
    struct heartbeat_figures f = healthy();
    f.failed = 7;
    assert_int_equal(heartbeat_format(&f, out, sizeof(out), perf, sizeof(perf)), 0); /* old ones */
    f.failed_recent = 1;
    assert_int_equal(heartbeat_format(&f, out, sizeof(out), perf, sizeof(perf)), 1);
    assert_non_null(strstr(out, "MULTIPING WATCH WARNING - "));
    f = healthy();
    f.oldest_unsent_s = 10.0; /* two intervals: not yet */
    assert_int_equal(heartbeat_format(&f, out, sizeof(out), perf, sizeof(perf)), 0);
    f.oldest_unsent_s = 10.1;
    assert_int_equal(heartbeat_format(&f, out, sizeof(out), perf, sizeof(perf)), 1);
}

static void test_heartbeat_critical_when_late(void **state)
{
    (void)state;
    struct heartbeat_figures f = healthy();
    f.late = 5;
    assert_int_equal(heartbeat_format(&f, out, sizeof(out), perf, sizeof(perf)), 0);
    f.late_recent = 1;
    f.failed_recent = 1;
    assert_int_equal(heartbeat_format(&f, out, sizeof(out), perf, sizeof(perf)), 2);
    assert_non_null(strstr(out, "MULTIPING WATCH CRITICAL - "));
    assert_non_null(strstr(perf, " late=5c "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heartbeat_ok_text_and_perfdata),
        cmocka_unit_test(test_heartbeat_warning_on_failures_or_lag),
        cmocka_unit_test(test_heartbeat_critical_when_late),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
