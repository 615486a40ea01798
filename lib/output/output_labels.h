/*
 * output_labels.h - the NAME of --perfdata-hosts items (NAME_rta, NAME_pl,
 * ...), one distinct word per target, the same from run to run.
 *
 * NAME is the host's label (output_host_label: its first spelling in input
 * order, or its address) with every byte other than [A-Za-z0-9_-] made '_',
 * so that graphing writers keep it as one word.  Two labels can make the
 * same word ("a_b.c" and "a.b_c" both give a_b_c); a graph series must
 * never mix two hosts, so the first of them in input order keeps the word
 * and each later one gets the first free "WORD_N", N = 2, 3, ...  "Input
 * order" is where the label's own spelling stands on the command line,
 * never which name the resolver answered first, and every target takes
 * its word, printed or not (a host not sent to this run does not hand its
 * word to another), so a word is stable while the host list is.
 *
 * Built once per output_result() call with --perfdata-hosts: an open
 * addressing table of the words and two host-indexed arrays, one
 * allocation each, freed before output_result() returns.
 */
#ifndef MULTIPING_OUTPUT_LABELS_H
#define MULTIPING_OUTPUT_LABELS_H

#include "hosts/hostset.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OUTPUT_LABEL_LEN 340 /* a 320-byte label, "_" and a 10-digit N */

struct output_labels {
    uint32_t *suffix; /* per host index: 0 for the plain word, else N of WORD_N */
};

/* A byte a word keeps: a letter, a digit, '-' or '_'. */
bool output_labels_word_char(char ch);
/* 0, or -1 when out of memory (*out is then empty). */
int output_labels_build(const struct hostset *set, struct output_labels *out);
void output_labels_free(struct output_labels *l);
/* The word of target h, in buf (OUTPUT_LABEL_LEN bytes). */
const char *output_labels_word(const struct output_labels *l, const struct hostset *set,
                               const struct host *h, char *buf, size_t len);

#endif
