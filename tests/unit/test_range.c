/*
 * test_range.c - range syntax, evaluation at the boundaries, percent
 * ranges, thresholds, perfdata formatting and per-host limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "verdict/range.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static struct range parse_ok(const char *text)
{
    struct range r;
    char err[256] = "";
    int rc = range_parse(text, &r, err, sizeof(err));
    if (rc != 0)
        fail_msg("range_parse(\"%s\") failed: %s", text, err);
    return r;
}

/* The message must quote the input first, stay on one line, and say what is wrong. */
static void expect_range_error(const char *text, const char *fragment)
{
    struct range r;
    memset(&r, 0x5a, sizeof(r));
    struct range before = r;
    char err[256] = "";
    char prefix[128];
    assert_int_equal(range_parse(text, &r, err, sizeof(err)), -1);
    snprintf(prefix, sizeof(prefix), "'%s': ", text);
    if (strncmp(err, prefix, strlen(prefix)) != 0 || strstr(err, fragment) == NULL)
        fail_msg("range_parse(\"%s\"): message \"%s\" lacks prefix \"%s\" or \"%s\"", text, err,
                 prefix, fragment);
    assert_null(strchr(err, '\n'));
    assert_memory_equal(&r, &before, sizeof(r)); /* *out untouched on error */
}

static struct host_limit limit_ok(const char *text)
{
    struct host_limit l;
    char err[256] = "";
    if (host_limit_parse(text, &l, err, sizeof(err)) != 0)
        fail_msg("host_limit_parse(\"%s\") failed: %s", text, err);
    return l;
}

static void expect_limit_error(const char *text, const char *fragment)
{
    struct host_limit l;
    char err[256] = "";
    char prefix[128];
    assert_int_equal(host_limit_parse(text, &l, err, sizeof(err)), -1);
    snprintf(prefix, sizeof(prefix), "'%s': ", text);
    if (strncmp(err, prefix, strlen(prefix)) != 0 || strstr(err, fragment) == NULL)
        fail_msg("host_limit_parse(\"%s\"): message \"%s\" lacks prefix \"%s\" or \"%s\"", text,
                 err, prefix, fragment);
}

static const char *format(const char *text, double total, char *buf, size_t len)
{
    struct range r = parse_ok(text);
    return range_format(&r, total, buf, len);
}

/* ---- accepted forms ---- */

static void test_range_plain_number_runs_from_zero(void **state)
{
    (void)state;
    struct range r = parse_ok("10");
    assert_true(r.start == 0 && r.end == 10);
    assert_false(r.start_infinite || r.end_infinite || r.inside || r.percent);
}

static void test_range_trailing_colon_leaves_end_infinite(void **state)
{
    (void)state;
    struct range r = parse_ok("10:");
    assert_true(r.start == 10);
    assert_true(r.end_infinite);
    assert_false(r.start_infinite);
}

static void test_range_tilde_start_is_minus_infinity(void **state)
{
    (void)state;
    struct range r = parse_ok("~:10");
    assert_true(r.start_infinite);
    assert_false(r.end_infinite);
    assert_true(r.end == 10);
}

static void test_range_start_and_end(void **state)
{
    (void)state;
    struct range r = parse_ok("10:20");
    assert_true(r.start == 10 && r.end == 20);
    assert_false(r.inside);
}

static void test_range_at_sign_sets_inside(void **state)
{
    (void)state;
    struct range r = parse_ok("@10:20");
    assert_true(r.inside);
    assert_true(r.start == 10 && r.end == 20);
}

static void test_range_signed_and_fractional_numbers(void **state)
{
    (void)state;
    struct range r = parse_ok("-2.5:+3.25");
    assert_true(r.start == -2.5 && r.end == 3.25);
    r = parse_ok(".5:5.");
    assert_true(r.start == 0.5 && r.end == 5);
    r = parse_ok("0.1");
    assert_true(r.end == 0.1); /* correctly rounded, like the compiler's literal */
    r = parse_ok("007");
    assert_true(r.end == 7);
}

static void test_range_equal_bounds_are_allowed(void **state)
{
    (void)state;
    struct range r = parse_ok("5:5");
    assert_true(r.start == 5 && r.end == 5);
}

static void test_range_fifteen_digits_are_exact(void **state)
{
    (void)state;
    struct range r = parse_ok("999999999999999.25");
    assert_true(r.end == 999999999999999.25);
    r = parse_ok("0.999999999999999");
    assert_true(r.end == 0.999999999999999);
    r = parse_ok("0000000000000000000001");
    assert_true(r.end == 1);
}

static void test_range_tilde_to_infinity_is_accepted(void **state)
{
    (void)state;
    struct range r = parse_ok("~:");
    assert_true(r.start_infinite && r.end_infinite);
}

static void test_range_percent_end(void **state)
{
    (void)state;
    struct range r = parse_ok("10%");
    assert_true(r.percent);
    assert_true(r.start == 0 && r.end == 10);
}

static void test_range_percent_both_bounds(void **state)
{
    (void)state;
    struct range r = parse_ok("@5%:50%");
    assert_true(r.percent && r.inside);
    assert_true(r.start == 5 && r.end == 50);
}

static void test_range_percent_with_open_side(void **state)
{
    (void)state;
    assert_true(parse_ok("~:10%").percent);
    assert_true(parse_ok("10%:").percent);
}

static void test_range_percent_limits_zero_and_hundred_accepted(void **state)
{
    (void)state;
    struct range r = parse_ok("0%:100%");
    assert_true(r.start == 0 && r.end == 100 && r.percent);
}

/* ---- rejected forms ---- */

static void test_range_rejects_empty(void **state)
{
    (void)state;
    expect_range_error("", "empty range");
    struct range r;
    char err[64];
    assert_int_equal(range_parse(NULL, &r, err, sizeof(err)), -1);
    assert_string_equal(err, "'': empty range");
}

static void test_range_rejects_whitespace(void **state)
{
    (void)state;
    expect_range_error(" 10", "whitespace at offset 0");
    expect_range_error("10 :20", "whitespace at offset 2");
    expect_range_error("10:20 ", "whitespace at offset 5");
    struct range r;
    char err[64];
    assert_int_equal(range_parse("10\t", &r, err, sizeof(err)), -1);
    assert_string_equal(err, "'10\\x09': whitespace at offset 2 is not allowed");
}

static void test_range_rejects_garbage_after_number(void **state)
{
    (void)state;
    expect_range_error("10x", "unexpected 'x' after end 10");
    expect_range_error("10x:20", "unexpected 'x' after start 10");
    expect_range_error("10:20ms", "unexpected 'ms' after end 20");
    expect_range_error("10%%", "unexpected '%' after end 10%");
    expect_range_error("1.2.3", "unexpected '.3'");
    expect_range_error("~5:10", "unexpected '5' after '~'");
}

static void test_range_rejects_start_greater_than_end(void **state)
{
    (void)state;
    char err[128];
    struct range r;
    assert_int_equal(range_parse("10:5", &r, err, sizeof(err)), -1);
    assert_string_equal(err, "'10:5': start 10 is greater than end 5");
    expect_range_error("@50%:10%", "start 50% is greater than end 10%");
    expect_range_error("-1:-2", "start -1 is greater than end -2");
}

static void test_range_rejects_lone_at_sign(void **state)
{
    (void)state;
    expect_range_error("@", "nothing after '@'");
}

static void test_range_rejects_lone_colon(void **state)
{
    (void)state;
    expect_range_error(":", "no bounds around ':'");
    expect_range_error("@:", "no bounds around ':'");
}

static void test_range_rejects_empty_start(void **state)
{
    (void)state;
    expect_range_error(":10", "start is missing");
}

static void test_range_rejects_tilde_as_end(void **state)
{
    (void)state;
    expect_range_error("10:~", "'~' (minus infinity) can only be the start");
    expect_range_error("~", "can only be the start");
    expect_range_error("@~", "can only be the start");
    expect_range_error("~:~", "can only be the start");
}

static void test_range_rejects_mixed_percent_and_count(void **state)
{
    (void)state;
    expect_range_error("10%:20", "mixes a percentage and a count");
    expect_range_error("10:20%", "mixes a percentage and a count");
}

static void test_range_rejects_exponent(void **state)
{
    (void)state;
    expect_range_error("1e3", "exponents are not supported");
    expect_range_error("5:1E3", "end: exponents are not supported");
}

static void test_range_rejects_inf_and_nan(void **state)
{
    (void)state;
    expect_range_error("inf", "infinity and NaN are not numbers");
    expect_range_error("-inf:5", "start: infinity and NaN");
    expect_range_error("INFINITY", "infinity and NaN");
    expect_range_error("nan", "infinity and NaN");
}

static void test_range_rejects_non_numbers(void **state)
{
    (void)state;
    expect_range_error("abc", "end: expected a number at 'abc'");
    expect_range_error("-", "end: a number is missing");
    expect_range_error(".:5", "start: expected a number at '.:5'");
    expect_range_error("%", "end: a number is missing");
    expect_range_error("0x10", "unexpected 'x10'");
}

static void test_range_rejects_overflowing_numbers(void **state)
{
    (void)state;
    expect_range_error("1000000000000000", "'1000000000000000' is too large");
    expect_range_error("99999999999999999999999999999999999999:",
                       "start: '999999999999999999999999...' is too large");
    expect_range_error("0.1234567890123456", "has more than 15 decimals");
}

static void test_range_rejects_percent_outside_0_to_100(void **state)
{
    (void)state;
    expect_range_error("101%", "end 101% is outside 0%..100%");
    expect_range_error("-5%:10%", "start -5% is outside 0%..100%");
    expect_range_error("100.01%", "outside 0%..100%");
}

static void test_range_rejects_two_colons(void **state)
{
    (void)state;
    expect_range_error("1:2:3", "more than one ':'");
    expect_range_error("10::", "more than one ':'");
}

static void test_range_rejects_double_at_sign(void **state)
{
    (void)state;
    expect_range_error("@@10", "'@' may appear only once, at the start");
    expect_range_error("10@", "'@' may appear only once");
}

static void test_range_rejects_control_bytes_and_escapes_them(void **state)
{
    (void)state;
    struct range r;
    char err[128];
    assert_int_equal(range_parse("1\x01", &r, err, sizeof(err)), -1);
    assert_string_equal(err, "'1\\x01': control character at offset 1");
}

static void test_range_error_fits_small_buffer(void **state)
{
    (void)state;
    struct range r;
    char err[8];
    memset(err, 'X', sizeof(err));
    assert_int_equal(range_parse("10:5", &r, err, sizeof(err)), -1);
    assert_string_equal(err, "'10:5':");
    assert_int_equal(range_parse("10:5", &r, NULL, 0), -1);
}

static void test_range_error_cuts_long_input(void **state)
{
    (void)state;
    char text[300];
    memset(text, '1', sizeof(text) - 2);
    text[sizeof(text) - 2] = 'x';
    text[sizeof(text) - 1] = '\0';
    struct range r;
    char err[512];
    assert_int_equal(range_parse(text, &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "...': "));
    assert_true(strlen(err) < 200);
}

/* ---- evaluation ---- */

static void test_range_value_on_bounds_does_not_alert(void **state)
{
    (void)state;
    struct range r = parse_ok("10:20");
    assert_false(range_alerts(&r, 10));
    assert_false(range_alerts(&r, 20));
    assert_false(range_alerts(&r, 15));
    assert_true(range_alerts(&r, 9.99));
    assert_true(range_alerts(&r, 20.01));
}

static void test_range_at_sign_inverts(void **state)
{
    (void)state;
    struct range r = parse_ok("@10:20");
    assert_true(range_alerts(&r, 10));
    assert_true(range_alerts(&r, 15));
    assert_true(range_alerts(&r, 20));
    assert_false(range_alerts(&r, 9.99));
    assert_false(range_alerts(&r, 20.01));
}

static void test_range_plain_number_alerts_below_zero_and_above_end(void **state)
{
    (void)state;
    struct range r = parse_ok("10");
    assert_true(range_alerts(&r, -0.5));
    assert_false(range_alerts(&r, 0));
    assert_false(range_alerts(&r, 10));
    assert_true(range_alerts(&r, 11));
}

static void test_range_open_end_alerts_only_below_start(void **state)
{
    (void)state;
    struct range r = parse_ok("10:");
    assert_true(range_alerts(&r, 9));
    assert_false(range_alerts(&r, 10));
    assert_false(range_alerts(&r, 1e300));
}

static void test_range_tilde_alerts_only_above_end(void **state)
{
    (void)state;
    struct range r = parse_ok("~:10");
    assert_false(range_alerts(&r, -1e300));
    assert_false(range_alerts(&r, 10));
    assert_true(range_alerts(&r, 10.5));
}

static void test_range_unbounded_never_alerts_and_inverted_always_does(void **state)
{
    (void)state;
    struct range r = parse_ok("~:");
    struct range at = parse_ok("@~:");
    assert_false(range_alerts(&r, -1e300) || range_alerts(&r, 0) || range_alerts(&r, 1e300));
    assert_true(range_alerts(&at, -1e300) && range_alerts(&at, 0) && range_alerts(&at, 1e300));
}

static void test_range_at_sign_with_open_end_alerts_from_start(void **state)
{
    (void)state;
    struct range r = parse_ok("@10:");
    assert_false(range_alerts(&r, 9.9));
    assert_true(range_alerts(&r, 10));
    assert_true(range_alerts(&r, 1e9));
}

static void test_range_nan_value_does_not_alert(void **state)
{
    (void)state;
    struct range r = parse_ok("10:20");
    assert_false(range_alerts(&r, NAN));
}

static void test_range_percent_compares_share_of_total(void **state)
{
    (void)state;
    struct range r = parse_ok("10%");
    assert_false(range_alerts_count(&r, 6, 60)); /* exactly 10% */
    assert_true(range_alerts_count(&r, 7, 60));
    struct range at = parse_ok("@50%:");
    assert_false(range_alerts_count(&at, 1, 3));
    assert_true(range_alerts_count(&at, 2, 4));
}

static void test_range_percent_of_zero_total_is_zero(void **state)
{
    (void)state;
    struct range r = parse_ok("10%");
    assert_false(range_alerts_count(&r, 0, 0));
    struct range min = parse_ok("5%:");
    assert_true(range_alerts_count(&min, 0, 0));
    struct range at = parse_ok("@0%:10%");
    assert_true(range_alerts_count(&at, 0, 0));
}

static void test_range_count_ignores_total_for_absolute_range(void **state)
{
    (void)state;
    struct range r = parse_ok("10");
    assert_false(range_alerts_count(&r, 10, 1));
    assert_true(range_alerts_count(&r, 11, 1000));
}

/* ---- thresholds ---- */

static void test_threshold_critical_beats_warning(void **state)
{
    (void)state;
    struct threshold t = {true, true, parse_ok("5"), parse_ok("10")};
    assert_int_equal(threshold_eval(&t, 11, 0), STATE_CRITICAL);
    assert_int_equal(threshold_eval(&t, 6, 0), STATE_WARNING);
    assert_int_equal(threshold_eval(&t, 5, 0), STATE_OK);
}

static void test_threshold_missing_ranges_never_alert(void **state)
{
    (void)state;
    struct threshold none = {false, false, parse_ok("5"), parse_ok("10")};
    assert_int_equal(threshold_eval(&none, 100, 0), STATE_OK);
    struct threshold crit_only = {false, true, parse_ok("5"), parse_ok("10")};
    assert_int_equal(threshold_eval(&crit_only, 6, 0), STATE_OK);
    assert_int_equal(threshold_eval(&crit_only, 11, 0), STATE_CRITICAL);
    struct threshold warn_only = {true, false, parse_ok("5"), parse_ok("10")};
    assert_int_equal(threshold_eval(&warn_only, 11, 0), STATE_WARNING);
}

static void test_threshold_percent_uses_total(void **state)
{
    (void)state;
    struct threshold t = {true, true, parse_ok("10%"), parse_ok("50%")};
    assert_int_equal(threshold_eval(&t, 5, 100), STATE_OK);
    assert_int_equal(threshold_eval(&t, 5, 20), STATE_WARNING);
    assert_int_equal(threshold_eval(&t, 5, 8), STATE_CRITICAL);
    assert_int_equal(threshold_eval(&t, 5, 0), STATE_OK);
}

/* ---- formatting ---- */

static void test_range_format_each_form(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(format("10", 0, buf, sizeof(buf)), "10");
    assert_string_equal(format("10:", 0, buf, sizeof(buf)), "10:");
    assert_string_equal(format("~:10", 0, buf, sizeof(buf)), "~:10");
    assert_string_equal(format("10:20", 0, buf, sizeof(buf)), "10:20");
    assert_string_equal(format("@10:20", 0, buf, sizeof(buf)), "@10:20");
    assert_string_equal(format("~:", 0, buf, sizeof(buf)), "~:");
    assert_string_equal(format("@~:10", 0, buf, sizeof(buf)), "@~:10");
    assert_string_equal(format("-5:-1", 0, buf, sizeof(buf)), "-5:-1");
}

static void test_range_format_zero_start_prints_end_only(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(format("0:10", 0, buf, sizeof(buf)), "10");
    assert_string_equal(format("@0:10", 0, buf, sizeof(buf)), "@10");
    assert_string_equal(format("0:", 0, buf, sizeof(buf)), "0:");
    assert_string_equal(format("-0:0", 0, buf, sizeof(buf)), "0");
}

static void test_range_format_percent_becomes_count_of_total(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(format("10%", 60, buf, sizeof(buf)), "6");
    assert_string_equal(format("@5%:10%", 60, buf, sizeof(buf)), "@3:6");
    assert_string_equal(format("10%", 65, buf, sizeof(buf)), "6"); /* 6.5: 7 alerts */
    assert_string_equal(format("1%", 33, buf, sizeof(buf)), "0");
    assert_string_equal(format("5%:", 60, buf, sizeof(buf)), "3:");
    assert_string_equal(format("5.5%:", 60, buf, sizeof(buf)), "4:");
    assert_string_equal(format("~:50%", 3, buf, sizeof(buf)), "~:1");
    assert_string_equal(format("10%", 0, buf, sizeof(buf)), "0");
}

/* issue 21: the count printed is the count evaluated.  2 of 3 is 66.67%,
 * over 66.66%: the warning range printed must put 2 outside ("1", not the
 * "2" rounding gave); 1 of 3 is 33.33%, below 33.334%: "@2:3", not "@1:3". */
static void test_range_format_percent_bound_is_the_count_evaluated(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(format("66.66%", 3, buf, sizeof(buf)), "1");
    assert_string_equal(format("@33.334%:100%", 3, buf, sizeof(buf)), "@2:3");
    assert_string_equal(format("33.333333333333336%:", 3, buf, sizeof(buf)), "1:");
    assert_string_equal(format("33.33333333333333%:", 3, buf, sizeof(buf)), "1:");
    assert_string_equal(format("33.3333333333334%:", 3, buf, sizeof(buf)), "2:");
}

/* No whole count in the range: '@' never alerts, without '@' always. */
static void test_range_format_range_without_a_whole_count(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(format("@34%:66%", 3, buf, sizeof(buf)), "0:3");
    assert_string_equal(format("34%:66%", 3, buf, sizeof(buf)), "@0:3");
    assert_string_equal(format("2.2:2.8", 5, buf, sizeof(buf)), "@0:5");
    assert_string_equal(format("@2.2:2.8", 5, buf, sizeof(buf)), "0:5");
}

/* Counts are whole: a fraction is cut to the counts it admits ("2.999"
 * does not admit 3, which rounding to "3" said it did). */
static void test_range_format_cuts_fractions_to_whole_counts(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(format("0.125", 0, buf, sizeof(buf)), "0");
    assert_string_equal(format("2.999", 0, buf, sizeof(buf)), "2");
    assert_string_equal(format("1.10", 0, buf, sizeof(buf)), "1");
    assert_string_equal(format("2.001:", 0, buf, sizeof(buf)), "3:");
    assert_string_equal(format("-0.001:1", 0, buf, sizeof(buf)), "1");
    assert_string_equal(format("-1.5:1", 0, buf, sizeof(buf)), "-1:1");
    assert_string_equal(format("@-1.5:-0.5", 0, buf, sizeof(buf)), "@-1:-1");
}

static void test_range_format_large_numbers_have_no_exponent(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(format("999999999999999", 0, buf, sizeof(buf)), "999999999999999");
    assert_string_equal(format("100%", 1e17, buf, sizeof(buf)), "100000000000000000");
}

static void test_range_format_truncates_to_buffer(void **state)
{
    (void)state;
    char buf[5];
    assert_string_equal(format("@10:20", 0, buf, sizeof(buf)), "@10:");
    char untouched = 'Q';
    struct range r = parse_ok("10");
    assert_ptr_equal(range_format(&r, 0, &untouched, 0), &untouched);
    assert_int_equal(untouched, 'Q');
}

/* LC_NUMERIC with ',' must change neither parsing nor formatting. */
static void test_range_ignores_comma_locale(void **state)
{
    (void)state;
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"};
    const char *old = setlocale(LC_NUMERIC, NULL);
    char saved[64];
    snprintf(saved, sizeof(saved), "%s", old ? old : "C");
    bool set = false;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !set; i++)
        set = setlocale(LC_NUMERIC, names[i]) != NULL;
    if (!set)
        skip(); /* no comma locale installed: nothing to prove here */
    char buf[64];
    struct range r = parse_ok("1.5:3.25");
    range_format(&r, 0, buf, sizeof(buf));
    setlocale(LC_NUMERIC, saved);
    assert_true(r.start == 1.5 && r.end == 3.25);
    assert_string_equal(buf, "2:3");
}

/* parse(format(r)) must judge every whole count the way r does. */
static void test_range_format_round_trips(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "10",   "10:",   "~:10", "10:20", "@10:20", "~:",       "@~:",    "@10",
        "@10:", "@~:-3", "-5:5", "0:0",   "@0:0",   "2.5:7.25", "-0.75:", "@-1.5:-0.5",
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        struct range r = parse_ok(texts[i]);
        char buf[64];
        struct range back = parse_ok(range_format(&r, 0, buf, sizeof(buf)));
        for (double v = -30; v <= 30; v += 1) {
            if (range_alerts(&r, v) != range_alerts(&back, v))
                fail_msg("'%s' -> '%s' differs at %g", texts[i], buf, v);
        }
    }
}

/* ---- per-host limits ---- */

static void test_host_limit_ms_and_percent(void **state)
{
    (void)state;
    struct host_limit l = limit_ok("200ms,40%");
    assert_true(l.has_rta && l.has_loss);
    assert_int_equal(l.rta_us, 200000);
    assert_true(l.loss_pct == 40);
}

static void test_host_limit_rta_defaults_to_ms(void **state)
{
    (void)state;
    assert_int_equal(limit_ok("200,40%").rta_us, 200000);
    assert_int_equal(limit_ok("1.5,40%").rta_us, 1500);
}

static void test_host_limit_seconds_and_microseconds(void **state)
{
    (void)state;
    assert_int_equal(limit_ok("0.5s,80%").rta_us, 500000);
    assert_int_equal(limit_ok("500us,10%").rta_us, 500);
    assert_int_equal(limit_ok("0.4us,10%").rta_us, 0);
    assert_int_equal(limit_ok("3600s,100%").rta_us, 3600000000ULL);
}

static void test_host_limit_either_part_may_be_empty(void **state)
{
    (void)state;
    struct host_limit rta_only = limit_ok("200ms,");
    assert_true(rta_only.has_rta);
    assert_false(rta_only.has_loss);
    struct host_limit loss_only = limit_ok(",40%");
    assert_false(loss_only.has_rta);
    assert_true(loss_only.has_loss);
    assert_true(loss_only.loss_pct == 40);
}

static void test_host_limit_bare_loss_is_percent(void **state)
{
    (void)state;
    assert_true(limit_ok("200ms,40").loss_pct == 40);
    assert_true(limit_ok("200ms,12.5").loss_pct == 12.5);
}

static void test_host_limit_rejects_empty(void **state)
{
    (void)state;
    expect_limit_error("", "empty limit");
    struct host_limit l;
    char err[128];
    assert_int_equal(host_limit_parse(NULL, &l, err, sizeof(err)), -1);
}

static void test_host_limit_rejects_comma_alone(void **state)
{
    (void)state;
    expect_limit_error(",", "neither RTA nor loss given");
}

static void test_host_limit_rejects_missing_comma(void **state)
{
    (void)state;
    expect_limit_error("200ms", "write '200ms,' to set RTA alone");
    expect_limit_error("40%", "write ',40%' to set loss alone");
}

static void test_host_limit_rejects_extra_comma(void **state)
{
    (void)state;
    expect_limit_error("200ms,40%,1", "only the first two parts (RTA, loss) may go without a name");
}

static void test_host_limit_named_latency_parts(void **state)
{
    (void)state;
    struct host_limit l = limit_ok("200ms,40%,jitter=40ms,mos=3.5,score=80");
    assert_true(l.has_rta && l.has_loss && l.has_jitter && l.has_mos && l.has_score);
    assert_int_equal(l.rta_us, 200000);
    assert_int_equal(l.jitter_us, 40000);
    assert_true(l.mos == 3.5 && l.score == 80 && l.loss_pct == 40);
    l = limit_ok("mos=3");
    assert_true(l.has_mos && !l.has_rta && !l.has_loss && !l.has_jitter && !l.has_score);
    l = limit_ok(",,jitter=500us");
    assert_true(l.has_jitter && !l.has_rta && !l.has_loss);
    assert_int_equal(l.jitter_us, 500);
    l = limit_ok("rta=1s,pl=5");
    assert_int_equal(l.rta_us, 1000000);
    assert_true(l.has_loss && l.loss_pct == 5);
}

static void test_host_limit_rejects_bad_latency_parts(void **state)
{
    (void)state;
    expect_limit_error("200ms,40%,foo=1", "unknown limit 'foo'");
    expect_limit_error("mos=6", "mos 6 is outside 0..5");
    expect_limit_error("score=101", "score 101 is outside 0..100");
    expect_limit_error("score=80x", "unexpected 'x' after score 80");
    expect_limit_error("jitter=40parsecs", "unknown RTA unit 'parsecs'");
    expect_limit_error("mos=", "mos: a number is missing");
}

static void test_host_limit_latency_breach_rules(void **state)
{
    (void)state;
    struct host_limit l = limit_ok("jitter=40ms,mos=3.5,score=80");
    struct latency_measures m = {.valid = true, .jitter_ms = 39.9, .mos = 3.6, .score = 81};
    assert_false(host_limit_crossed(&l, -1, -1, &m));
    m.jitter_ms = 40; /* reaching the jitter limit breaches it */
    assert_true(host_limit_crossed(&l, -1, -1, &m));
    m.jitter_ms = 1;
    m.mos = 3.5; /* MOS at or below breaches */
    assert_true(host_limit_crossed(&l, -1, -1, &m));
    m.mos = 4;
    m.score = 80; /* score at or below breaches */
    assert_true(host_limit_crossed(&l, -1, -1, &m));
    m.valid = false; /* fewer than two replies: never judged on these */
    assert_false(host_limit_crossed(&l, -1, -1, &m));
}

static void test_host_limit_rejects_non_number(void **state)
{
    (void)state;
    expect_limit_error("abc,40%", "RTA: expected a number at 'abc,40%'");
    expect_limit_error("200ms,abc", "loss: expected a number at 'abc'");
    expect_limit_error("inf,40%", "infinity and NaN");
    expect_limit_error("1e3ms,40%", "exponents are not supported");
}

static void test_host_limit_rejects_loss_over_100(void **state)
{
    (void)state;
    expect_limit_error("200ms,140%", "loss 140% is outside 0%..100%");
    expect_limit_error("200ms,101", "loss 101% is outside 0%..100%");
}

static void test_host_limit_rejects_negative_values(void **state)
{
    (void)state;
    expect_limit_error("-5ms,40%", "RTA -5ms is negative");
    expect_limit_error("200ms,-1%", "loss -1% is outside 0%..100%");
}

static void test_host_limit_rejects_unknown_unit(void **state)
{
    (void)state;
    expect_limit_error("200h,40%", "unknown RTA unit 'h' (use us, ms or s)");
    expect_limit_error("200MS,40%", "unknown RTA unit 'MS'");
    expect_limit_error("200msec,40%", "unknown RTA unit 'msec'");
}

static void test_host_limit_rejects_garbage_after_loss(void **state)
{
    (void)state;
    expect_limit_error("200ms,40%x", "unexpected 'x' after loss 40%");
    expect_limit_error("200ms,40ms", "unexpected 'ms' after loss 40");
}

static void test_host_limit_rejects_rta_over_one_hour(void **state)
{
    (void)state;
    expect_limit_error("3601s,40%", "RTA 3601s is over the limit of one hour");
    expect_limit_error("3600000001us,", "over the limit of one hour");
}

static void test_host_limit_rejects_whitespace(void **state)
{
    (void)state;
    expect_limit_error("200 ms,40%", "whitespace at offset 3");
}

static void test_host_limit_breached_when_limit_reached(void **state)
{
    (void)state;
    struct host_limit l = limit_ok("200ms,40%");
    assert_false(host_limit_crossed(&l, 199999, 39.9, NULL));
    assert_true(host_limit_crossed(&l, 200000, 0, NULL));
    assert_true(host_limit_crossed(&l, 0, 40, NULL));
}

static void test_host_limit_unset_parts_never_breach(void **state)
{
    (void)state;
    struct host_limit rta_only = limit_ok("200ms,");
    assert_false(host_limit_crossed(&rta_only, 100, 100, NULL));
    struct host_limit loss_only = limit_ok(",40%");
    assert_false(host_limit_crossed(&loss_only, 1e12, 0, NULL));
}

static void test_host_limit_missing_rta_never_breaches(void **state)
{
    (void)state;
    struct host_limit l = limit_ok("0ms,");
    assert_false(host_limit_crossed(&l, -1, 0, NULL));
    assert_false(host_limit_crossed(&l, NAN, 0, NULL));
    assert_true(host_limit_crossed(&l, 0, 0, NULL));
}

/* Found by tests/fuzz/fuzz_range.c: it rounded to 1e15, which could not be
 * formatted back into a range that parses. */
static void test_range_rejects_value_rounding_to_sixteen_digits(void **state)
{
    (void)state;
    struct range r;
    char err[256];
    assert_int_equal(range_parse("999999999999999.99", &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "too large"));
    assert_int_equal(range_parse("999999999999999.999999999999999", &r, err, sizeof(err)), -1);
    assert_int_equal(range_parse("999999999999999.5", &r, err, sizeof(err)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_range_rejects_value_rounding_to_sixteen_digits),
        cmocka_unit_test(test_range_plain_number_runs_from_zero),
        cmocka_unit_test(test_range_trailing_colon_leaves_end_infinite),
        cmocka_unit_test(test_range_tilde_start_is_minus_infinity),
        cmocka_unit_test(test_range_start_and_end),
        cmocka_unit_test(test_range_at_sign_sets_inside),
        cmocka_unit_test(test_range_signed_and_fractional_numbers),
        cmocka_unit_test(test_range_equal_bounds_are_allowed),
        cmocka_unit_test(test_range_fifteen_digits_are_exact),
        cmocka_unit_test(test_range_tilde_to_infinity_is_accepted),
        cmocka_unit_test(test_range_percent_end),
        cmocka_unit_test(test_range_percent_both_bounds),
        cmocka_unit_test(test_range_percent_with_open_side),
        cmocka_unit_test(test_range_percent_limits_zero_and_hundred_accepted),
        cmocka_unit_test(test_range_rejects_empty),
        cmocka_unit_test(test_range_rejects_whitespace),
        cmocka_unit_test(test_range_rejects_garbage_after_number),
        cmocka_unit_test(test_range_rejects_start_greater_than_end),
        cmocka_unit_test(test_range_rejects_lone_at_sign),
        cmocka_unit_test(test_range_rejects_lone_colon),
        cmocka_unit_test(test_range_rejects_empty_start),
        cmocka_unit_test(test_range_rejects_tilde_as_end),
        cmocka_unit_test(test_range_rejects_mixed_percent_and_count),
        cmocka_unit_test(test_range_rejects_exponent),
        cmocka_unit_test(test_range_rejects_inf_and_nan),
        cmocka_unit_test(test_range_rejects_non_numbers),
        cmocka_unit_test(test_range_rejects_overflowing_numbers),
        cmocka_unit_test(test_range_rejects_percent_outside_0_to_100),
        cmocka_unit_test(test_range_rejects_two_colons),
        cmocka_unit_test(test_range_rejects_double_at_sign),
        cmocka_unit_test(test_range_rejects_control_bytes_and_escapes_them),
        cmocka_unit_test(test_range_error_fits_small_buffer),
        cmocka_unit_test(test_range_error_cuts_long_input),
        cmocka_unit_test(test_range_value_on_bounds_does_not_alert),
        cmocka_unit_test(test_range_at_sign_inverts),
        cmocka_unit_test(test_range_plain_number_alerts_below_zero_and_above_end),
        cmocka_unit_test(test_range_open_end_alerts_only_below_start),
        cmocka_unit_test(test_range_tilde_alerts_only_above_end),
        cmocka_unit_test(test_range_unbounded_never_alerts_and_inverted_always_does),
        cmocka_unit_test(test_range_at_sign_with_open_end_alerts_from_start),
        cmocka_unit_test(test_range_nan_value_does_not_alert),
        cmocka_unit_test(test_range_percent_compares_share_of_total),
        cmocka_unit_test(test_range_percent_of_zero_total_is_zero),
        cmocka_unit_test(test_range_count_ignores_total_for_absolute_range),
        cmocka_unit_test(test_threshold_critical_beats_warning),
        cmocka_unit_test(test_threshold_missing_ranges_never_alert),
        cmocka_unit_test(test_threshold_percent_uses_total),
        cmocka_unit_test(test_range_format_each_form),
        cmocka_unit_test(test_range_format_zero_start_prints_end_only),
        cmocka_unit_test(test_range_format_percent_becomes_count_of_total),
        cmocka_unit_test(test_range_format_percent_bound_is_the_count_evaluated),
        cmocka_unit_test(test_range_format_range_without_a_whole_count),
        cmocka_unit_test(test_range_format_cuts_fractions_to_whole_counts),
        cmocka_unit_test(test_range_format_large_numbers_have_no_exponent),
        cmocka_unit_test(test_range_format_truncates_to_buffer),
        cmocka_unit_test(test_range_ignores_comma_locale),
        cmocka_unit_test(test_range_format_round_trips),
        cmocka_unit_test(test_host_limit_ms_and_percent),
        cmocka_unit_test(test_host_limit_rta_defaults_to_ms),
        cmocka_unit_test(test_host_limit_seconds_and_microseconds),
        cmocka_unit_test(test_host_limit_either_part_may_be_empty),
        cmocka_unit_test(test_host_limit_bare_loss_is_percent),
        cmocka_unit_test(test_host_limit_rejects_empty),
        cmocka_unit_test(test_host_limit_rejects_comma_alone),
        cmocka_unit_test(test_host_limit_rejects_missing_comma),
        cmocka_unit_test(test_host_limit_rejects_extra_comma),
        cmocka_unit_test(test_host_limit_named_latency_parts),
        cmocka_unit_test(test_host_limit_rejects_bad_latency_parts),
        cmocka_unit_test(test_host_limit_latency_breach_rules),
        cmocka_unit_test(test_host_limit_rejects_non_number),
        cmocka_unit_test(test_host_limit_rejects_loss_over_100),
        cmocka_unit_test(test_host_limit_rejects_negative_values),
        cmocka_unit_test(test_host_limit_rejects_unknown_unit),
        cmocka_unit_test(test_host_limit_rejects_garbage_after_loss),
        cmocka_unit_test(test_host_limit_rejects_rta_over_one_hour),
        cmocka_unit_test(test_host_limit_rejects_whitespace),
        cmocka_unit_test(test_host_limit_breached_when_limit_reached),
        cmocka_unit_test(test_host_limit_unset_parts_never_breach),
        cmocka_unit_test(test_host_limit_missing_rta_never_breaches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
