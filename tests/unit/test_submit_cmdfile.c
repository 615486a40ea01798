/*
 * test_submit_cmdfile.c - command-file lines: exact text for host and
 * service results, output that cannot break a line, whole lines into a
 * regular file, a full pipe that ends at the deadline without a torn line,
 * and a pipe nobody reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "resolve/readyq.h"
#include "clock.h"
#include "sinks/submit_cmdfile.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct submit_item item_up(void)
{
    struct submit_item it;
    memset(&it, 0, sizeof(it));
    it.object = "web1";
    it.exit_status = 0;
    snprintf(it.output, sizeof(it.output), "PING OK - 192.0.2.4: rta 0.210 ms, lost 0%%");
    snprintf(it.rta, sizeof(it.rta), "rta=0.210ms;;;0;");
    snprintf(it.pl, sizeof(it.pl), "pl=0%%;;;0;100");
    return it;
}

static void test_cmdfile_host_line(void **state)
{
    (void)state;
    struct submit_item it = item_up();
    char line[PIPE_BUF];
    size_t n = cmdfile_format_line(&it, NULL, 1700000000, line, sizeof(line));
    assert_string_equal(line, "[1700000000] PROCESS_HOST_CHECK_RESULT;web1;0;PING OK - "
                              "192.0.2.4: rta 0.210 ms, lost 0%|rta=0.210ms;;;0; pl=0%;;;0;100\n");
    assert_int_equal(n, strlen(line));
}

static void test_cmdfile_service_line_without_rta(void **state)
{
    (void)state;
    struct submit_item it = item_up();
    it.exit_status = 2;
    it.rta[0] = '\0';
    snprintf(it.output, sizeof(it.output), "PING CRITICAL - x");
    snprintf(it.pl, sizeof(it.pl), "pl=100%%;;;0;100");
    char line[PIPE_BUF];
    cmdfile_format_line(&it, "ping4", 1700000000, line, sizeof(line));
    assert_string_equal(line, "[1700000000] PROCESS_SERVICE_CHECK_RESULT;web1;ping4;2;PING "
                              "CRITICAL - x|pl=100%;;;0;100\n");
}

static void test_cmdfile_output_cannot_break_the_line(void **state)
{
    (void)state;
    struct submit_item it = item_up();
    snprintf(it.output, sizeof(it.output), "a|b\nc\rd");
    char line[PIPE_BUF];
    cmdfile_format_line(&it, NULL, 1, line, sizeof(line));
    assert_string_equal(line, "[1] PROCESS_HOST_CHECK_RESULT;web1;0;a/b c d|rta=0.210ms;;;0; "
                              "pl=0%;;;0;100\n");
    assert_int_equal(cmdfile_format_line(&it, NULL, 1, line, 20), 0);
}

/* A batch of n copies of item_up with distinct names. */
static char names[64][16];
static void format_nth(const void *ctx, size_t i, struct submit_item *out)
{
    (void)ctx;
    *out = item_up();
    snprintf(names[i % 64], sizeof(names[0]), "host-%zu", i);
    out->object = names[i % 64];
}

static struct submit_batch batch(size_t n, uint64_t deadline_ns)
{
    struct submit_batch b = {
        .count = n, .format = format_nth, .check_source = "node", .deadline_ns = deadline_ns};
    return b;
}

static void test_cmdfile_sink_appends_whole_lines(void **state)
{
    (void)state;
    char path[] = "/tmp/test_cmdfile.XXXXXX", err[256];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    struct submit_sink *s = submit_cmdfile_open(path, err, sizeof(err));
    assert_non_null(s);
    struct submit_batch b = batch(3, clock_mono_ns() + 1000000000u);
    struct submit_counts c;
    s->send(s, &b, &c);
    s->free(s);
    assert_int_equal(c.submitted, 3);
    assert_int_equal(c.failed, 0);
    char buf[2048];
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    assert_true(n > 0);
    buf[n] = '\0';
    int lines = 0;
    for (char *p = buf; (p = strchr(p, '\n')); p++)
        lines++;
    assert_int_equal(lines, 3);
    assert_non_null(strstr(buf, "PROCESS_HOST_CHECK_RESULT;host-2;0;"));
    close(fd);
    unlink(path);
}

/* Issue 20, defect 4: a host not finished when -t ran out gets no line
 * (0.2.0 wrote "no reply ... (0 of 0 replies)", a false DOWN); the sink
 * says how many it held back. */
static void format_every_other_unfinished(const void *ctx, size_t i, struct submit_item *out)
{
    format_nth(ctx, i, out);
    out->unfinished = i % 2 == 1;
}

static void count_told(void *ctx, size_t i, enum submit_outcome outcome, const char *reason)
{
    int *held = ctx;
    (void)reason;
    if (outcome == SUBMIT_HELD && i % 2 == 1)
        (*held)++;
}

static void test_cmdfile_holds_back_unfinished_hosts(void **state)
{
    (void)state;
    char path[] = "/tmp/test_cmdfile.XXXXXX", err[256], buf[2048];
    int fd = mkstemp(path), held = 0;
    assert_true(fd >= 0);
    struct submit_sink *s = submit_cmdfile_open(path, err, sizeof(err));
    assert_non_null(s);
    struct submit_batch b = batch(5, clock_mono_ns() + 1000000000u);
    b.format = format_every_other_unfinished;
    b.outcome = count_told;
    b.outcome_ctx = &held;
    struct submit_counts c;
    s->send(s, &b, &c);
    s->free(s);
    assert_int_equal(c.submitted, 3);
    assert_int_equal(c.held, 2);
    assert_int_equal(c.failed, 2);
    assert_int_equal(held, 2);
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_non_null(strstr(buf, ";host-0;"));
    assert_non_null(strstr(buf, ";host-4;"));
    assert_null(strstr(buf, ";host-1;"));
    assert_null(strstr(buf, ";host-3;"));
    close(fd);
    unlink(path);
}

static void test_cmdfile_full_pipe_stops_at_deadline_without_torn_line(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_cmdfifo.XXXXXX", path[64], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/cmd", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    int reader = open(path, O_RDONLY | O_NONBLOCK);
    assert_true(reader >= 0);
    struct submit_sink *s = submit_cmdfile_open(path, err, sizeof(err));
    assert_non_null(s);
    uint64_t start = clock_mono_ns();
    struct submit_batch b = batch(100000, start + 300000000u);
    struct submit_counts c;
    s->send(s, &b, &c);
    s->free(s);
    uint64_t took_ms = (clock_mono_ns() - start) / 1000000;
    assert_true(took_ms >= 290 && took_ms < 1500);
    assert_true(c.submitted > 0 && c.submitted < 100000);
    assert_int_equal(c.submitted + c.failed, 100000);
    assert_non_null(strstr(c.error, "the pipe stayed full until the deadline"));
    /* what the pipe holds is exactly the submitted lines, each whole */
    size_t lines = 0;
    char buf[65536], last = '\n';
    ssize_t n;
    while ((n = read(reader, buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++)
            lines += buf[i] == '\n';
        last = buf[n - 1];
    }
    assert_int_equal(lines, c.submitted);
    assert_int_equal(last, '\n');
    close(reader);
    unlink(path);
    rmdir(dir);
}

static void test_cmdfile_pipe_without_reader_is_an_error(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_cmdfifo.XXXXXX", path[64], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/cmd", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_null(submit_cmdfile_open(path, err, sizeof(err)));
    assert_non_null(strstr(err, "no process reads the pipe (is the core running?)"));
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cmdfile_host_line),
        cmocka_unit_test(test_cmdfile_service_line_without_rta),
        cmocka_unit_test(test_cmdfile_output_cannot_break_the_line),
        cmocka_unit_test(test_cmdfile_sink_appends_whole_lines),
        cmocka_unit_test(test_cmdfile_holds_back_unfinished_hosts),
        cmocka_unit_test(test_cmdfile_full_pipe_stops_at_deadline_without_torn_line),
        cmocka_unit_test(test_cmdfile_pipe_without_reader_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
