/* test_extraopts.c - ini sections become command-line options. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "extraopts.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_text(struct extraopts *x, const char *text, const char *section, char *err)
{
    FILE *in = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
    assert_non_null(in);
    int rc = extraopts_read(x, in, "t.ini", section, err, 256);
    fclose(in);
    return rc;
}

static void test_extraopts_section_lines_become_options(void **state)
{
    (void)state;
    struct extraopts x;
    extraopts_init(&x);
    char err[256];
    assert_int_equal(read_text(&x,
                               "# comment\n[other]\nwarning=9\n[check_multiping]\n"
                               "  warning = 0 \n; c\ncritical=\"10%\"\nperfdata-hosts\n",
                               "check_multiping", err),
                     0);
    assert_int_equal(x.count, 3);
    assert_string_equal(x.args[0], "--warning=0");
    assert_string_equal(x.args[1], "--critical=10%");
    assert_string_equal(x.args[2], "--perfdata-hosts");
    extraopts_free(&x);
}

static void test_extraopts_repeated_section_accumulates(void **state)
{
    (void)state;
    struct extraopts x;
    extraopts_init(&x);
    char err[256];
    assert_int_equal(
        read_text(&x, "[a]\nhost=192.0.2.1\n[b]\nn=1\n[a]\nhost=192.0.2.2\n", "a", err), 0);
    assert_int_equal(x.count, 2);
    assert_string_equal(x.args[1], "--host=192.0.2.2");
    extraopts_free(&x);
}

static void test_extraopts_missing_section_is_an_error(void **state)
{
    (void)state;
    struct extraopts x;
    extraopts_init(&x);
    char err[256];
    assert_int_equal(read_text(&x, "[a]\nx=1\n", "b", err), -1);
    assert_string_equal(err, "t.ini: no section [b]");
    extraopts_free(&x);
}

static void test_extraopts_bad_key_names_file_and_line(void **state)
{
    (void)state;
    struct extraopts x;
    extraopts_init(&x);
    char err[256];
    assert_int_equal(read_text(&x, "[a]\n\nbad key=1\n", "a", err), -1);
    assert_string_equal(err, "t.ini:3: 'bad key' is not an option name");
    extraopts_free(&x);
}

static void test_extraopts_malformed_header_is_an_error(void **state)
{
    (void)state;
    struct extraopts x;
    extraopts_init(&x);
    char err[256];
    assert_int_equal(read_text(&x, "[a\nx=1\n", "a", err), -1);
    assert_string_equal(err, "t.ini:1: malformed section header");
    extraopts_free(&x);
}

static void test_extraopts_long_line_and_nul_are_errors(void **state)
{
    (void)state;
    struct extraopts x;
    extraopts_init(&x);
    char err[256];
    char *big = malloc(10000);
    memset(big, 'a', 9999);
    big[9999] = '\0';
    memcpy(big, "[a]\nx=", 6);
    assert_int_equal(read_text(&x, big, "a", err), -1);
    assert_non_null(strstr(err, "t.ini:2: line longer"));
    free(big);
    static const char with_nul[] = "[a]\nx=1\0\n";
    FILE *in = fmemopen((void *)(uintptr_t)with_nul, sizeof(with_nul) - 1, "r");
    assert_int_equal(extraopts_read(&x, in, "t.ini", "a", err, sizeof(err)), -1);
    fclose(in);
    extraopts_free(&x);
}

static void test_extraopts_load_default_section_and_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_extraoptsXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "[check_multiping]\npackets=3\n[x]\npackets=4\n";
    assert_int_equal(write(fd, text, sizeof(text) - 1), sizeof(text) - 1);
    close(fd);
    struct extraopts x;
    extraopts_init(&x);
    char err[256], spec[64];
    snprintf(spec, sizeof(spec), "@%s", path);
    assert_int_equal(extraopts_load(&x, spec, "check_multiping", err, sizeof(err)), 0);
    snprintf(spec, sizeof(spec), "x@%s", path);
    assert_int_equal(extraopts_load(&x, spec, "check_multiping", err, sizeof(err)), 0);
    assert_int_equal(x.count, 2);
    assert_string_equal(x.args[0], "--packets=3");
    assert_string_equal(x.args[1], "--packets=4");
    unlink(path);
    assert_int_equal(extraopts_load(&x, spec, "check_multiping", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "No such file"));
    extraopts_free(&x);
}

static void test_extraopts_directory_is_refused(void **state)
{
    (void)state;
    struct extraopts x;
    extraopts_init(&x);
    char err[256];
    assert_int_equal(extraopts_load(&x, "@/tmp", "a", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/tmp"));
    extraopts_free(&x);
}

/* A FIFO is refused at once, with no writer (open() would wait for one)
 * or with one that never closes (reading would wait); so are devices.
 * alarm(): on the old code this test blocked, now it would fail. */
static void test_extraopts_fifo_and_devices_are_refused_without_blocking(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_extraoptsXXXXXX", fifo[64], spec[80], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    struct extraopts x;
    extraopts_init(&x);
    alarm(5);
    snprintf(spec, sizeof(spec), "@%s", fifo);
    assert_int_equal(extraopts_load(&x, spec, "a", err, sizeof(err)), -1);
    char want[128];
    snprintf(want, sizeof(want), "--extra-opts: %s: not a regular file", fifo);
    assert_string_equal(err, want);
    int writer = open(fifo, O_RDWR); /* a writer that never closes */
    assert_true(writer >= 0);
    assert_int_equal(extraopts_load(&x, spec, "a", err, sizeof(err)), -1);
    assert_string_equal(err, want);
    close(writer);
    assert_int_equal(extraopts_load(&x, "@/dev/zero", "a", err, sizeof(err)), -1);
    assert_string_equal(err, "--extra-opts: /dev/zero: not a regular file");
    alarm(0);
    assert_int_equal(x.count, 0);
    extraopts_free(&x);
    unlink(fifo);
    rmdir(dir);
}

/* Names and keys are quoted in messages, control characters as \xNN. */
static void test_extraopts_control_characters_are_quoted(void **state)
{
    (void)state;
    struct extraopts x;
    extraopts_init(&x);
    char err[256];
    assert_int_equal(extraopts_load(&x, "a\nb@/tmp/x", "c", err, sizeof(err)), -1);
    assert_string_equal(err, "--extra-opts: 'a\\x0ab': a control character in a section name");
    assert_int_equal(extraopts_load(&x, "@/tmp/x\ry", "c", err, sizeof(err)), -1);
    assert_string_equal(err, "--extra-opts: '/tmp/x\\x0dy': a control character in a file name");
    assert_int_equal(read_text(&x, "[a]\nbad\x1bkey=1\n", "a", err), -1);
    assert_string_equal(err, "t.ini:2: 'bad\\x1bkey' is not an option name");
    extraopts_free(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extraopts_section_lines_become_options),
        cmocka_unit_test(test_extraopts_repeated_section_accumulates),
        cmocka_unit_test(test_extraopts_missing_section_is_an_error),
        cmocka_unit_test(test_extraopts_bad_key_names_file_and_line),
        cmocka_unit_test(test_extraopts_malformed_header_is_an_error),
        cmocka_unit_test(test_extraopts_long_line_and_nul_are_errors),
        cmocka_unit_test(test_extraopts_load_default_section_and_file),
        cmocka_unit_test(test_extraopts_directory_is_refused),
        cmocka_unit_test(test_extraopts_fifo_and_devices_are_refused_without_blocking),
        cmocka_unit_test(test_extraopts_control_characters_are_quoted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
