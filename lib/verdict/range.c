/*
 * range.c - Monitoring Plugins ranges, warning/critical thresholds and
 * check_icmp-style per-host limits (see range.h for the syntax).
 *
 * Text is turned into structs here and nowhere else, so every rule about
 * what a user may write lives in this file, and each rejection names the
 * input and the part that is wrong.  Numbers are scanned by hand rather than
 * with strtod() for two reasons: strtod() follows LC_NUMERIC (a ',' locale
 * would stop "1.5" at the '.'), and it accepts forms the guidelines do not
 * (exponents, hex, "inf", "nan").  The same goes for printing: perfdata must
 * always use '.', so range_format() builds the digits itself.
 *
 * Limits: at most 15 digits before the point and 15 after it.  Each part is
 * then an exact integer in a double, so an accepted number is within one
 * unit in the last place of its text; anything longer is reported instead
 * of being silently cut.
 */
#include "range.h"

#include "excerpt.h"

#include <stdio.h>
#include <string.h>

#define MAX_WHOLE_DIGITS 15
#define MAX_FRACTION_DIGITS 15
#define MAX_RTA_US 3600000000.0 /* one hour: far beyond any sane timeout */

/* ---- error messages ---- */

/*
 * A piece of the input for the body of a message: at most MAX_CLIP bytes,
 * "..." when cut, so one absurd argument cannot flood the error line.  As a
 * struct it can be used inline: clip(b, e).text lives to the end of the call.
 */
#define MAX_CLIP 24
struct clip {
    char text[MAX_CLIP + 4];
};

static struct clip clip(const char *begin, const char *end)
{
    struct clip c;
    size_t n = (size_t)(end - begin);
    if (n > MAX_CLIP) {
        memcpy(c.text, begin, MAX_CLIP);
        memcpy(c.text + MAX_CLIP, "...", 4);
    } else {
        memcpy(c.text, begin, n);
        c.text[n] = '\0';
    }
    return c;
}

static struct clip clip_rest(const char *begin)
{
    return clip(begin, begin + strlen(begin));
}

/* Both grammars forbid whitespace; control bytes are refused too, so that
 * no part of the input quoted in a message can break its line. */
static int check_characters(const char *text, char *err, size_t errlen)
{
    for (const char *p = text; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || (c >= '\t' && c <= '\r'))
            return excerpt_error(err, errlen, text, ": ", "whitespace at offset %d is not allowed",
                                 (int)(p - text));
        if (c < 0x20 || c == 0x7f)
            return excerpt_error(err, errlen, text, ": ", "control character at offset %d",
                                 (int)(p - text));
    }
    return 0;
}

/* ---- numbers ---- */

enum scan_status {
    SCAN_OK,
    SCAN_NOT_A_NUMBER, /* no digit where a number must be */
    SCAN_TOO_LARGE,
    SCAN_TOO_PRECISE,
};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool starts_with_nocase(const char *s, const char *prefix)
{
    for (; *prefix != '\0'; s++, prefix++) {
        char c = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
        if (c != *prefix)
            return false;
    }
    return true;
}

static double power_of_ten(int n)
{
    double p = 1.0;
    while (n-- > 0)
        p *= 10.0; /* exact up to 1e22, and n <= 15 here */
    return p;
}

/*
 * Scan [+-]digits[.digits] (".5" and "5." too) at s; *end is set to the
 * first byte not consumed.  Whole and fraction parts are each below 2^53
 * and 10^15 is exact, so only the division and the sum round.
 */
static enum scan_status scan_decimal(const char *s, double *out, const char **end)
{
    const char *p = s;
    bool negative = (*p == '-');
    if (*p == '+' || *p == '-')
        p++;
    uint64_t whole = 0, fraction = 0;
    int whole_digits = 0, fraction_digits = 0;
    bool any_digit = false;
    for (; is_digit(*p); p++, any_digit = true) {
        if (whole_digits > 0 || *p != '0')
            whole_digits++;
        if (whole_digits <= MAX_WHOLE_DIGITS)
            whole = whole * 10 + (uint64_t)(*p - '0');
    }
    if (*p == '.') {
        for (p++; is_digit(*p); p++, any_digit = true) {
            if (++fraction_digits <= MAX_FRACTION_DIGITS)
                fraction = fraction * 10 + (uint64_t)(*p - '0');
        }
    }
    *end = p;
    if (!any_digit)
        return SCAN_NOT_A_NUMBER;
    if (whole_digits > MAX_WHOLE_DIGITS)
        return SCAN_TOO_LARGE;
    if (fraction_digits > MAX_FRACTION_DIGITS)
        return SCAN_TOO_PRECISE;
    double v = (double)whole + (double)fraction / power_of_ten(fraction_digits);
    /* 15 nines and a fraction round up to 1e15, which has 16 digits and
     * could not be written back (range_format) or parsed again. */
    if (!(v < 1e15))
        return SCAN_TOO_LARGE;
    *out = negative ? -v : v;
    return SCAN_OK;
}

/*
 * A number for the bound or field called `what` at s, with a precise error
 * for each way it can go wrong.  Trailing text is the caller's to judge,
 * except an exponent, which is always a mistake worth naming.
 */
static int parse_number(const char *text, const char *s, const char *what, double *out,
                        const char **end, char *err, size_t errlen)
{
    switch (scan_decimal(s, out, end)) {
    case SCAN_OK:
        break;
    case SCAN_NOT_A_NUMBER: {
        const char *word = (*s == '+' || *s == '-') ? s + 1 : s;
        if (starts_with_nocase(word, "inf") || starts_with_nocase(word, "nan"))
            return excerpt_error(err, errlen, text, ": ",
                                 "%s: infinity and NaN are not numbers here; write '~' for an "
                                 "unbounded start or leave the end empty",
                                 what);
        if (*word == '\0' || *word == ':' || *word == ',' || *word == '%')
            return excerpt_error(err, errlen, text, ": ", "%s: a number is missing", what);
        return excerpt_error(err, errlen, text, ": ", "%s: expected a number at '%s'", what,
                             clip_rest(s).text);
    }
    case SCAN_TOO_LARGE:
        return excerpt_error(err, errlen, text, ": ",
                             "%s: '%s' is too large (at most %d digits before '.')", what,
                             clip(s, *end).text, MAX_WHOLE_DIGITS);
    case SCAN_TOO_PRECISE:
        return excerpt_error(err, errlen, text, ": ", "%s: '%s' has more than %d decimals", what,
                             clip(s, *end).text, MAX_FRACTION_DIGITS);
    }
    if (**end == 'e' || **end == 'E')
        return excerpt_error(err, errlen, text, ": ",
                             "%s: exponents are not supported, write the number out", what);
    return 0;
}

/* ---- ranges ---- */

/* One side of a range as written: "~", a number, a percentage, or nothing. */
struct bound {
    bool present;
    bool infinite;
    bool percent;
    double value;
    const char *begin; /* the bound's text, for messages */
    int length;
};

/* Parse the bound in [s, e); e is the ':' or the terminating NUL. */
static int parse_bound(const char *text, const char *s, const char *e, const char *what,
                       struct bound *b, char *err, size_t errlen)
{
    memset(b, 0, sizeof(*b));
    b->begin = s;
    b->length = (int)(e - s);
    if (s == e)
        return 0;
    b->present = true;
    if (*s == '~') {
        if (s + 1 != e)
            return excerpt_error(err, errlen, text, ": ", "unexpected '%s' after '~'",
                                 clip(s + 1, e).text);
        b->infinite = true;
        return 0;
    }
    const char *p;
    if (parse_number(text, s, what, &b->value, &p, err, errlen) < 0)
        return -1;
    if (*p == '%') {
        b->percent = true;
        p++;
    }
    if (p != e)
        return excerpt_error(err, errlen, text, ": ", "unexpected '%s' after %s %.*s",
                             clip(p, e).text, what, (int)(p - s), s);
    if (b->percent && (b->value < 0 || b->value > 100))
        return excerpt_error(err, errlen, text, ": ", "%s %.*s is outside 0%%..100%%", what,
                             b->length, s);
    return 0;
}

/* Reject text that cannot be a range whatever its bounds say. */
static int check_shape(const char *text, char *err, size_t errlen)
{
    if (text[0] == '\0')
        return excerpt_error(err, errlen, text, ": ", "empty range");
    if (check_characters(text, err, errlen) < 0)
        return -1;
    const char *at = strchr(text + 1, '@');
    if (at != NULL)
        return excerpt_error(err, errlen, text, ": ", "'@' may appear only once, at the start");
    const char *colon = strchr(text, ':');
    if (colon != NULL && strchr(colon + 1, ':') != NULL)
        return excerpt_error(err, errlen, text, ": ", "more than one ':'");
    return 0;
}

static int check_bounds(const char *text, const struct bound *lo, const struct bound *hi, char *err,
                        size_t errlen)
{
    if (hi->infinite)
        return excerpt_error(err, errlen, text, ": ",
                             "'~' (minus infinity) can only be the start; leave the end empty for "
                             "plus infinity");
    bool lo_number = lo->present && !lo->infinite;
    if (lo_number && hi->present && lo->percent != hi->percent)
        return excerpt_error(
            err, errlen, text, ": ",
            "mixes a percentage and a count; put '%%' on both bounds or on neither");
    if (lo_number && hi->present && lo->value > hi->value)
        return excerpt_error(err, errlen, text, ": ", "start %.*s is greater than end %.*s",
                             lo->length, lo->begin, hi->length, hi->begin);
    return 0;
}

int range_parse(const char *text, struct range *out, char *err, size_t errlen)
{
    if (text == NULL)
        text = "";
    if (check_shape(text, err, errlen) < 0)
        return -1;
    const char *body = text + (text[0] == '@');
    if (body[0] == '\0')
        return excerpt_error(err, errlen, text, ": ", "nothing after '@'");
    const char *colon = strchr(body, ':');
    struct bound lo, hi;
    if (colon == NULL) {
        memset(&lo, 0, sizeof(lo)); /* "10" means 0:10 */
        if (parse_bound(text, body, body + strlen(body), "end", &hi, err, errlen) < 0)
            return -1;
    } else {
        if (colon == body && colon[1] == '\0')
            return excerpt_error(err, errlen, text, ": ", "no bounds around ':'");
        if (colon == body)
            return excerpt_error(err, errlen, text, ": ",
                                 "start is missing before ':'; write 0, or '~' for minus infinity");
        const char *end_text = colon + 1;
        if (parse_bound(text, body, colon, "start", &lo, err, errlen) < 0)
            return -1;
        if (parse_bound(text, end_text, end_text + strlen(end_text), "end", &hi, err, errlen) < 0)
            return -1;
    }
    if (check_bounds(text, &lo, &hi, err, errlen) < 0)
        return -1;
    struct range r = {
        .start = lo.infinite ? 0 : lo.value,
        .end = hi.present ? hi.value : 0,
        .start_infinite = lo.infinite,
        .end_infinite = !hi.present,
        .inside = text[0] == '@',
        .percent = lo.percent || hi.percent,
    };
    *out = r;
    return 0;
}

bool range_alerts(const struct range *r, double value)
{
    bool above_start = r->start_infinite || value >= r->start;
    bool below_end = r->end_infinite || value <= r->end;
    if (r->inside)
        return above_start && below_end;
    /* Written as "outside" rather than !(inside) so that NaN never alerts. */
    return (!r->start_infinite && value < r->start) || (!r->end_infinite && value > r->end);
}

/* What a range compares for a count: the count, or its percentage of
 * total (0 when total is 0). */
static double count_value(const struct range *r, double count, double total)
{
    if (!r->percent)
        return count;
    return total == 0 ? 0 : 100.0 * count / total;
}

bool range_alerts_count(const struct range *r, double count, double total)
{
    return range_alerts(r, count_value(r, count, total));
}

/* ---- formatting ---- */

/* Appends to a caller's buffer, truncating; the buffer is always terminated. */
struct text_out {
    char *buf;
    size_t len;
    size_t used;
};

static void put(struct text_out *o, const char *s)
{
    for (; *s != '\0' && o->used + 1 < o->len; s++)
        o->buf[o->used++] = *s;
    o->buf[o->used] = '\0';
}

/* A whole number: "%.0f" prints no decimal point, so the locale cannot
 * reach it, and no exponent, whatever the size. */
static void put_count(struct text_out *o, double v)
{
    char digits[400];
    snprintf(digits, sizeof(digits), "%.0f", v == 0 ? 0.0 : v);
    put(o, digits);
}

/*
 * The smallest whole count whose value reaches x (first = true), or the
 * largest whose value stays within x: found with count_value() itself, so
 * the bound printed is the bound evaluated, to the last bit of the double.
 * The estimate is off by at most one step; past 2^52 steps no longer
 * exist and the estimate is the answer.  A total of 0 leaves one count, 0.
 */
static double count_bound(const struct range *r, double x, double total, bool first)
{
    if (r->percent && total == 0)
        return first ? (0 >= x ? 0 : 1) : (0 <= x ? 0 : -1);
    double c = r->percent ? x * total / 100.0 : x;
    if (!(c > -0x1p52 && c < 0x1p52))
        return c;
    c = (double)(int64_t)c; /* toward zero; the loops below finish the job */
    if (first) {
        while (count_value(r, c - 1, total) >= x)
            c--;
        while (count_value(r, c, total) < x)
            c++;
    } else {
        while (count_value(r, c + 1, total) <= x)
            c++;
        while (count_value(r, c, total) > x)
            c--;
    }
    return c;
}

const char *range_format(const struct range *r, double total, char *buf, size_t len)
{
    if (buf == NULL || len == 0)
        return buf;
    struct text_out o = {buf, len, 0};
    buf[0] = '\0';
    double start = r->start_infinite ? 0 : count_bound(r, r->start, total, true);
    double end = r->end_infinite ? 0 : count_bound(r, r->end, total, false);
    if (!r->start_infinite && !r->end_infinite && start > end) {
        /* No whole count lies in the range: "@34%:66%" of 3 never alerts,
         * "34%:66%" of 3 always does (for counts 0..total). */
        put(&o, r->inside ? "0:" : "@0:");
        put_count(&o, total);
        return buf;
    }
    if (r->inside)
        put(&o, "@");
    if (r->start_infinite) {
        put(&o, "~:");
    } else if (start != 0 || r->end_infinite) {
        put_count(&o, start);
        put(&o, ":");
    }
    if (!r->end_infinite)
        put_count(&o, end);
    return buf;
}

enum state threshold_eval(const struct threshold *t, double count, double total)
{
    if (t->has_critical && range_alerts_count(&t->critical, count, total))
        return STATE_CRITICAL;
    if (t->has_warning && range_alerts_count(&t->warning, count, total))
        return STATE_WARNING;
    return STATE_OK;
}

/* ---- per-host limits ---- */

static int parse_rta(const char *text, const char *s, const char *e, uint64_t *rta_us, char *err,
                     size_t errlen)
{
    static const struct {
        const char *name;
        double us;
    } units[] = {{"", 1000.0}, {"us", 1.0}, {"ms", 1000.0}, {"s", 1000000.0}};
    double value = 0;
    const char *p = s;
    if (parse_number(text, s, "RTA", &value, &p, err, errlen) < 0)
        return -1;
    if (value < 0)
        return excerpt_error(err, errlen, text, ": ", "RTA %s is negative", clip(s, e).text);
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        size_t n = strlen(units[i].name);
        if ((size_t)(e - p) != n || strncmp(p, units[i].name, n) != 0)
            continue;
        double us = value * units[i].us;
        if (us > MAX_RTA_US)
            return excerpt_error(err, errlen, text, ": ", "RTA %s is over the limit of one hour",
                                 clip(s, e).text);
        *rta_us = (uint64_t)(us + 0.5);
        return 0;
    }
    return excerpt_error(err, errlen, text, ": ", "unknown RTA unit '%s' (use us, ms or s)",
                         clip(p, e).text);
}

/* The loss in [s, e), '%' optional. */
static int parse_loss(const char *text, const char *s, const char *e, double *loss_pct, char *err,
                      size_t errlen)
{
    const char *p;
    if (parse_number(text, s, "loss", loss_pct, &p, err, errlen) < 0)
        return -1;
    const char *number_end = p;
    if (p < e && *p == '%')
        p++;
    if (p != e)
        return excerpt_error(err, errlen, text, ": ", "unexpected '%s' after loss %.*s",
                             clip(p, e).text, (int)(p - s), s);
    if (*loss_pct < 0 || *loss_pct > 100)
        return excerpt_error(err, errlen, text, ": ", "loss %.*s%% is outside 0%%..100%%",
                             (int)(number_end - s), s);
    return 0;
}

/* A plain number in [s, e) for the keyed part `key`, within [min, max]. */
static int parse_plain(const char *text, const char *key, const char *s, const char *e, double max,
                       double *out, char *err, size_t errlen)
{
    const char *p;
    if (parse_number(text, s, key, out, &p, err, errlen) < 0)
        return -1;
    if (p != e)
        return excerpt_error(err, errlen, text, ": ", "unexpected '%s' after %s %.*s",
                             clip(p, e).text, key, (int)(p - s), s);
    if (*out < 0 || *out > max)
        return excerpt_error(err, errlen, text, ": ", "%s %.*s is outside 0..%g", key, (int)(e - s),
                             s, max);
    return 0;
}

/* One "key=value" part in [s, e): rta, loss, jitter, mos or score. */
static int parse_keyed(const char *text, const char *s, const char *e, struct host_limit *l,
                       char *err, size_t errlen)
{
    const char *eq = memchr(s, '=', (size_t)(e - s));
    size_t klen = (size_t)(eq - s);
    const char *v = eq + 1;
#define KEY_IS(name) (klen == sizeof(name) - 1 && strncmp(s, name, klen) == 0)
    if (KEY_IS("rta")) {
        l->has_rta = true;
        return parse_rta(text, v, e, &l->rta_us, err, errlen);
    }
    if (KEY_IS("loss") || KEY_IS("pl")) {
        l->has_loss = true;
        return parse_loss(text, v, e, &l->loss_pct, err, errlen);
    }
    if (KEY_IS("jitter")) {
        l->has_jitter = true;
        return parse_rta(text, v, e, &l->jitter_us, err, errlen);
    }
    if (KEY_IS("mos")) {
        l->has_mos = true;
        return parse_plain(text, "mos", v, e, 5, &l->mos, err, errlen);
    }
    if (KEY_IS("score")) {
        l->has_score = true;
        return parse_plain(text, "score", v, e, 100, &l->score, err, errlen);
    }
#undef KEY_IS
    return excerpt_error(err, errlen, text, ": ",
                         "unknown limit '%s' (use rta, loss, jitter, mos or score)",
                         clip(s, eq).text);
}

/* Part number `index` of the comma-separated list, in [s, e). */
static int parse_limit_part(const char *text, unsigned index, const char *s, const char *e,
                            struct host_limit *l, char *err, size_t errlen)
{
    if (memchr(s, '=', (size_t)(e - s)) != NULL)
        return parse_keyed(text, s, e, l, err, errlen);
    if (s == e)
        return 0; /* an empty positional part leaves it unset */
    if (index == 0) {
        l->has_rta = true;
        return parse_rta(text, s, e, &l->rta_us, err, errlen);
    }
    if (index == 1) {
        l->has_loss = true;
        return parse_loss(text, s, e, &l->loss_pct, err, errlen);
    }
    return excerpt_error(err, errlen, text, ": ",
                         "'%s': only the first two parts (RTA, loss) may go without a name; "
                         "write jitter=, mos= or score=",
                         clip(s, e).text);
}

int host_limit_parse(const char *text, struct host_limit *out, char *err, size_t errlen)
{
    if (text == NULL || text[0] == '\0')
        return excerpt_error(err, errlen, text ? text : "", ": ",
                             "empty limit; expected RTA,LOSS%% as in 200ms,40%%");
    if (check_characters(text, err, errlen) < 0)
        return -1;
    bool keyed = strchr(text, '=') != NULL;
    if (!keyed && strchr(text, ',') == NULL && strchr(text, '%') != NULL)
        return excerpt_error(err, errlen, text, ": ",
                             "expected RTA,LOSS%% as in 200ms,40%% (write ',%s' to set loss alone)",
                             clip_rest(text).text);
    if (!keyed && strchr(text, ',') == NULL)
        return excerpt_error(err, errlen, text, ": ",
                             "expected RTA,LOSS%% as in 200ms,40%% (write '%s,' to set RTA alone)",
                             clip_rest(text).text);
    struct host_limit l = {0};
    const char *s = text;
    for (unsigned index = 0;; index++) {
        const char *e = strchr(s, ',');
        if (e == NULL)
            e = s + strlen(s);
        if (parse_limit_part(text, index, s, e, &l, err, errlen) < 0)
            return -1;
        if (*e == '\0')
            break;
        s = e + 1;
    }
    if (!l.has_rta && !l.has_loss && !l.has_jitter && !l.has_mos && !l.has_score)
        return excerpt_error(err, errlen, text, ": ",
                             "neither RTA nor loss given (as in 200ms,40%%)");
    *out = l;
    return 0;
}

unsigned host_limit_crossed(const struct host_limit *l, double rta_us, double loss_pct,
                            const struct latency_measures *m)
{
    /* Reaching is crossing, as check_icmp compares ("<=" for MOS and
     * score); a NaN or negative (no reply) RTA never crosses. */
    unsigned parts = 0;
    if (l->has_rta && rta_us >= (double)l->rta_us)
        parts |= HOST_LIMIT_RTA;
    if (l->has_loss && loss_pct >= l->loss_pct)
        parts |= HOST_LIMIT_LOSS;
    if (!m || !m->valid)
        return parts;
    if (l->has_jitter && m->jitter_ms * 1000.0 >= (double)l->jitter_us)
        parts |= HOST_LIMIT_JITTER;
    if (l->has_mos && m->mos <= l->mos)
        parts |= HOST_LIMIT_MOS;
    if (l->has_score && m->score <= l->score)
        parts |= HOST_LIMIT_SCORE;
    return parts;
}
