/*
 * range.h - Monitoring Plugins ranges and thresholds, and check_icmp-style
 * per-host limits.  Pure functions: text is parsed once into structs at the
 * edge, and evaluation never sees text again.
 *
 * Range syntax (Monitoring Plugins Development Guidelines, "Threshold and
 * ranges"):  [@]start:end, where
 *     "10"     alert if < 0 or > 10      (start defaults to 0)
 *     "10:"    alert if < 10             (end is +infinity)
 *     "~:10"   alert if > 10             (start is -infinity)
 *     "10:20"  alert if < 10 or > 20
 *     "@10:20" alert if >= 10 and <= 20  (inside the range)
 * This project adds a percent form: any bound may carry a '%' suffix and then
 * all numeric bounds must ("10%", "5%:50%"); such a range is evaluated on
 * 100 * value / total instead of the value.
 */
#ifndef MULTIPING_RANGE_H
#define MULTIPING_RANGE_H

#include "hosts/latency.h"
#include "state.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct range {
    double start;
    double end;
    bool start_infinite; /* "~" */
    bool end_infinite;   /* nothing after ':' */
    bool inside;         /* leading '@': alert inside [start, end] */
    bool percent;        /* bounds are percentages of a total */
};

/*
 * Parse text into *out.  On error returns -1 and writes a one-line message
 * to err (e.g. "'10:5': start 10 is greater than end 5"); never reads past
 * the terminating NUL.  Whitespace is not allowed.  Numbers are decimal,
 * optionally signed, optionally with a fraction; no exponents, no inf/nan.
 * (Added:) at most 15 digits before and 15 after the point, so nothing is
 * silently cut and the double is within an ulp of the text; ".5" and "5."
 * are accepted as strtod() would.  An empty start (":10") is rejected with
 * a hint to write 0 or '~', although Monitoring Plugins read it as 0.
 */
int range_parse(const char *text, struct range *out, char *err, size_t errlen);

/* true if value (already a percentage when r->percent) raises the alert. */
bool range_alerts(const struct range *r, double value);

/* Evaluate a count against r; a percent range compares 100*count/total
 * (a total of 0 makes the percentage 0). */
bool range_alerts_count(const struct range *r, double count, double total);

/*
 * The range as perfdata warn/crit text for a count out of total: whole
 * counts that alert for exactly the counts range_alerts_count() alerts
 * for, so a reader of the perfdata reaches the plugin's verdict.  Percent
 * bounds become counts of total: "10%" with total 60 gives "6",
 * "@5%:10%" gives "@3:6", "66.66%" of 3 gives "1" (2 is 66.67%, over);
 * fractions are cut to the whole counts they admit ("2.5" gives "2").  A
 * range no whole count lies in is "0:TOTAL" with '@' (it never alerts)
 * and "@0:TOTAL" without (it always does).  Returns buf.
 */
const char *range_format(const struct range *r, double total, char *buf, size_t len);

/* A warning/critical pair; either may be absent. */
struct threshold {
    bool has_warning;
    bool has_critical;
    struct range warning;
    struct range critical;
};

/* CRITICAL if the critical range alerts, else WARNING if warning does, else OK. */
enum state threshold_eval(const struct threshold *t, double count, double total);

/*
 * A per-host limit: comma-separated parts, the first two positional in
 * check_icmp's form "RTA,LOSS%" (round-trip average with an optional unit
 * us, ms, s, default ms; packet loss 0..100, '%' optional), then named
 * parts for the latency measures of latency.h:
 *     jitter=TIME   jitter at or above TIME (units as RTA)
 *     mos=N         MOS at or below N (0..5)
 *     score=N       score at or below N (0..100)
 * e.g. "200ms,40%", "0.5s,80%", "200ms,40%,jitter=40ms,mos=3.5,score=80",
 * ",,mos=3". rta= and loss= (or pl=) may be named too, in any position.
 * A positional part may be empty ("200ms," or ",40%") to leave it unset.
 */
struct host_limit {
    bool has_rta;
    bool has_loss;
    bool has_jitter;
    bool has_mos;
    bool has_score;
    uint64_t rta_us;
    double loss_pct;
    uint64_t jitter_us;
    double mos;
    double score;
};

/*
 * (Added by range.c's author.)  Without a named part the ',' is required,
 * so "200ms" alone is an error that suggests "200ms,".  Units are
 * case-sensitive; times are rounded to whole microseconds and may not
 * exceed one hour.  Numbers follow range_parse's rules (at most 15 digits
 * before and after the point).
 */
int host_limit_parse(const char *text, struct host_limit *out, char *err, size_t errlen);

/* The parts of a limit a host crossed, as a set of HOST_LIMIT_* bits:
 * RTA and loss from rta_us and loss_pct, jitter, MOS and score from m
 * (NULL, or not valid: none of those three).  Crossing is reaching:
 * rta_us >= limit, loss_pct >= limit, jitter >= limit, MOS and score <=
 * limit, as check_icmp compares; a negative or NaN rta_us (no reply) never
 * crosses.  The verdict asks whether any part was crossed, the output
 * names the parts. */
#define HOST_LIMIT_RTA 1u
#define HOST_LIMIT_LOSS 2u
#define HOST_LIMIT_JITTER 4u
#define HOST_LIMIT_MOS 8u
#define HOST_LIMIT_SCORE 16u
unsigned host_limit_crossed(const struct host_limit *l, double rta_us, double loss_pct,
                            const struct latency_measures *m);

#endif
