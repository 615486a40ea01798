/*
 * numfmt.c - numbers as text for perfdata, JSON and tables (see numfmt.h).
 *
 * Numbers never go through printf's %f: it follows LC_NUMERIC, and perfdata
 * and JSON need a '.' whatever the locale.  numfmt_fixed() rounds by hand.
 */
#include "numfmt.h"

static size_t fmt_uint(char *buf, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

const char *numfmt_fixed(char *buf, double v, int decimals, bool trim)
{
    static const uint64_t scale[] = {1, 10, 100, 1000};
    bool negative = v < 0;
    double mag = negative ? -v : v;
    if (!(mag < 1e15)) /* NaN or huge: never from our inputs; stay well-formed */
        mag = 1e15;
    uint64_t q = (uint64_t)(mag * (double)scale[decimals] + 0.5);
    uint64_t frac = q % scale[decimals];
    char *p = buf;
    if (negative && q != 0)
        *p++ = '-';
    p += fmt_uint(p, q / scale[decimals]);
    if (decimals > 0) {
        *p++ = '.';
        for (int i = decimals; i-- > 0; frac /= 10)
            p[i] = (char)('0' + frac % 10);
        p += decimals;
        while (trim && p[-1] == '0')
            p--;
        if (trim && p[-1] == '.')
            p--;
    }
    *p = '\0';
    return buf;
}

const char *numfmt_u(char *buf, uint64_t v)
{
    fmt_uint(buf, v);
    return buf;
}

const char *numfmt_ms(char *buf, double us)
{
    return numfmt_fixed(buf, us / 1000.0, 3, false);
}

const char *numfmt_pct(char *buf, double pct)
{
    return numfmt_fixed(buf, pct, 2, true);
}
