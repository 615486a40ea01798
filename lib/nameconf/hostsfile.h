/*
 * hostsfile.h - /etc/hosts, read once into a sorted table, for the c-ares
 * resolver's "files" source.
 *
 * Why our own: c-ares 1.18 re-reads the file for every name (10,000 names
 * = 10,000 opens) and returns one family per call; we need every address
 * of a name, both families, in one lookup.  Meaning follows glibc's files
 * source: "ADDRESS NAME [ALIAS...]" per line, '#' starts a comment, names
 * match without regard to case, every line naming the name contributes
 * (file order within a family).  Under `ip netns exec` /etc/hosts is
 * /etc/netns/NS/hosts (bind-mounted), so reading /etc/hosts suffices.
 *
 * The parser is pure (text in, table out) and fuzzed (tests/fuzz).
 */
#ifndef MULTIPING_HOSTSFILE_H
#define MULTIPING_HOSTSFILE_H

#include "ipaddr.h"

#include <stddef.h>
#include <stdint.h>

struct hostsfile_entry {
    uint32_t name;  /* offset of the lower-cased name in hostsfile.names */
    uint32_t order; /* position in the file, to keep file order per name */
    struct ipaddr addr;
};

struct hostsfile {
    char *names; /* NUL-terminated lower-cased names */
    size_t names_len;
    struct hostsfile_entry *entries; /* sorted by (name, order) */
    size_t count;
};

/* Parse text (len bytes).  0, or -1 when out of memory.  hf is valid
 * (possibly empty) either way and must be freed. */
int hostsfile_parse(struct hostsfile *hf, const char *text, size_t len);

/* Read and parse path.  0 (a missing file is an empty table), or -1 with
 * errno set (no descriptor left, out of memory...). */
int hostsfile_read(struct hostsfile *hf, const char *path);

/* The addresses of name for family (AF_UNSPEC: IPv4 ones first, then
 * IPv6), at most max; returns how many. */
size_t hostsfile_lookup(const struct hostsfile *hf, const char *name, int family,
                        struct ipaddr *out, size_t max);

void hostsfile_free(struct hostsfile *hf);

#endif
