/*
 * output_text.h - private to the output module (output.c, output_table.c,
 * output_json.c); nothing outside lib/output*.c includes it.  It holds what
 * the printers share so each host and each error is spelled one way
 * whatever the format: the context built once per output_result() call,
 * the summary and the per-host texts.  Defined in output_text.c; numbers
 * come from numfmt.h.
 */
#ifndef MULTIPING_OUTPUT_TEXT_H
#define MULTIPING_OUTPUT_TEXT_H

#include "numfmt.h"
#include "output.h"

#include <stddef.h>
#include <stdint.h>

#define NUM_LEN NUMFMT_LEN
#define TEXT_LEN 128  /* a threshold or host limit as text */
#define IDENT_LEN 320 /* "name (address)": a 253-byte name plus an address */
#define ERROR_LEN 160 /* one host's error text */
#define SUMMARY_LEN 256

struct threshold_texts {
    char down_warning[TEXT_LEN], down_critical[TEXT_LEN];
    char partial_warning[TEXT_LEN], partial_critical[TEXT_LEN];
    char min_alive[TEXT_LEN];
    char host_warning[TEXT_LEN], host_critical[TEXT_LEN];
};

struct output_labels; /* output_labels.h: --perfdata-hosts words */

/* What every printer needs; built once per output_result() call. */
struct output_ctx {
    FILE *out;
    const struct hostset *set;
    const struct verdict *v;
    const struct verdict_config *cfg;
    const struct output_options *opt;
    struct threshold_texts th; /* "" where the option is not set */
    const struct output_labels *labels;
};

/* Thresholds as perfdata/JSON show them (percent ranges as host counts). */
void output_threshold_texts_fill(const struct verdict_config *cfg, double total,
                                 struct threshold_texts *th);

/* "rta", "loss", "jitter", "mos" or "score" for one HOST_LIMIT_* bit. */
const char *output_limit_part_name(unsigned bit);
/* "loss 50%", "rta 500 ms, mos 3.5": the parts of l in `parts` (HOST_LIMIT_*
 * bits) with their limits. */
void output_limit_parts_text(const struct host_limit *l, unsigned parts, char *buf, size_t len);

/* "MULTIPING WARNING - 60 hosts: 40 alive, ..." without the note. */
void output_summary_format(const struct output_ctx *c, char *buf, size_t len);

/* The host's error as text, or NULL when it has none. */
const char *output_host_error_text(const struct host *h, char *buf, size_t len);
/* How many errors came and the first one: "4 errors: ICMP host unreachable
 * (type 3 code 1) from 192.0.2.254", or "3 errors, the first: ..." when
 * they were not all alike; NULL when the host has none. */
const char *output_host_errors_text(const struct host *h, char *buf, size_t len);

/* "web3 (192.0.2.3)", "192.0.2.3", "slow.example" before it resolved, or
 * every spelling of a deduplicated target: "web3, www (192.0.2.3)". */
const char *output_host_ident(const struct hostset *set, const struct host *h, char *buf,
                              size_t len);
/* Every name a deduplicated target is known by (its own and its aliases'),
 * in input order, at most max (<= OUTPUT_SPELLINGS_MAX); returns how many. */
#define OUTPUT_SPELLINGS_MAX 32
size_t output_host_spellings(const struct hostset *set, const struct host *h, const char **out,
                             size_t max);
/* Those names ", "-separated, or NULL when it has none (a literal nobody
 * named). */
const char *output_host_names(const struct hostset *set, const struct host *h, char *buf,
                              size_t len);
/* Per-host perfdata label: the name, or with -A "NAME (ADDR)" (one name may
 * be several hosts), or the address. */
const char *output_host_label(const struct hostset *set, const struct host *h, char *buf,
                              size_t len);

#endif
