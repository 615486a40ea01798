/*
 * numfmt.h - locale-independent number formatting, below every output
 * formatter (plugin text, table, JSON, and the check_icmp personality).
 *
 * Every formatter writes into a caller-supplied buffer of NUMFMT_LEN bytes
 * and returns it, so a whole row can be formatted on the stack with no
 * allocation per host.
 */
#ifndef MULTIPING_NUMFMT_H
#define MULTIPING_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NUMFMT_LEN 32 /* any number we format, with sign, point and NUL */

/* v with `decimals` (0..3) digits after a '.', whatever LC_NUMERIC says;
 * trim drops trailing zeros and a bare point ("12.50" -> "12.5"). */
const char *numfmt_fixed(char *buf, double v, int decimals, bool trim);
const char *numfmt_u(char *buf, uint64_t v);
const char *numfmt_ms(char *buf, double us); /* microseconds in, "0.321" out */
const char *numfmt_pct(char *buf, double pct);

#endif
