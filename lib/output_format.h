/*
 * output_format.h - private to the output module (output.c, output_table.c,
 * output_json.c); nothing outside lib/output*.c includes it.  It holds what
 * the three printers share so each number and each host error is spelled
 * one way whatever the format: the context built once per output_result()
 * call, the locale-independent number formatters and the per-host texts.
 *
 * The helpers are defined in output.c.  Every formatter writes into a
 * caller-supplied buffer (NUM_LEN for numbers) and returns it, so a whole
 * row can be formatted on the stack with no allocation per host.
 */
#ifndef MULTIPING_OUTPUT_FORMAT_H
#define MULTIPING_OUTPUT_FORMAT_H

#include "output.h"

#include <stddef.h>
#include <stdint.h>

#define NUM_LEN 32    /* any number we format, with sign, point and NUL */
#define TEXT_LEN 64   /* a threshold or host limit as text */
#define IDENT_LEN 320 /* "name (address)": a 253-byte name plus an address */
#define ERROR_LEN 160 /* one host's error text */
#define SUMMARY_LEN 256

struct threshold_texts {
    char down_warning[TEXT_LEN], down_critical[TEXT_LEN];
    char partial_warning[TEXT_LEN], partial_critical[TEXT_LEN];
    char min_alive[TEXT_LEN];
    char host_warning[TEXT_LEN], host_critical[TEXT_LEN];
};

/* What every printer needs; built once per output_result() call. */
struct output_ctx {
    FILE *out;
    const struct hostset *set;
    const struct verdict *v;
    const struct verdict_config *cfg;
    const struct output_options *opt;
    struct threshold_texts th; /* "" where the option is not set */
};

/* v with `decimals` (0..3) digits after a '.', whatever LC_NUMERIC says;
 * trim drops trailing zeros and a bare point ("12.50" -> "12.5"). */
const char *output_fmt_fixed(char *buf, double v, int decimals, bool trim);
const char *output_fmt_u(char *buf, uint64_t v);
const char *output_fmt_ms(char *buf, double us); /* microseconds in, "0.321" out */
const char *output_fmt_pct(char *buf, double pct);

/* "MULTIPING WARNING - 60 hosts: 40 alive, ..." without the note. */
void output_summary_format(const struct output_ctx *c, char *buf, size_t len);

/* The host's error as text, or NULL when it has none. */
const char *output_host_error_text(const struct host *h, char *buf, size_t len);

/* The per-host table, worst class first (output_table.c). */
void output_table_print(const struct output_ctx *c);

/* The whole JSON document (output_json.c). */
void output_json_print(const struct output_ctx *c);

#endif
