/*
 * resolvconf.h - the parts of resolv.conf(5) c-ares 1.18 does not read as
 * glibc does.
 *
 * c-ares reads the name servers and search list itself, but its "options"
 * parser knows BIND's retrans:/retry:, not glibc's timeout:/attempts:, and
 * its defaults (5 s x 4 tries) differ from glibc's (5 s x 2 attempts).  So
 * the options line (and RES_OPTIONS, applied after it, as glibc does) is
 * read here and handed to c-ares explicitly, with glibc's limits
 * (timeout <= 30, attempts <= 5, ndots <= 15).  The number of nameserver
 * lines is counted too: none means "no name server configured", and the
 * time budget of a name depends on it.  Pure parser, fuzzed.
 */
#ifndef MULTIPING_RESOLVCONF_H
#define MULTIPING_RESOLVCONF_H

#include <stdbool.h>
#include <stddef.h>

#define RESOLVCONF_DEFAULT_TIMEOUT_S 5
#define RESOLVCONF_DEFAULT_ATTEMPTS 2
#define RESOLVCONF_MAX_TIMEOUT_S 30
#define RESOLVCONF_MAX_ATTEMPTS 5
#define RESOLVCONF_MAX_NDOTS 15

struct resolvconf {
    unsigned nameservers; /* nameserver lines (glibc uses the first 3) */
    unsigned timeout_s;
    unsigned attempts;
    int ndots; /* -1: not given */
    bool rotate;
};

/* Parse a resolv.conf text (len bytes, need not end in NUL) over defaults. */
void resolvconf_parse(const char *text, size_t len, struct resolvconf *out);

/* Apply one options value ("timeout:1 attempts:2 rotate"), as RES_OPTIONS. */
void resolvconf_options(const char *text, size_t len, struct resolvconf *out);

/* Read path (a missing file leaves the defaults), then RES_OPTIONS from env
 * (NULL: none). */
void resolvconf_read(const char *path, const char *res_options, struct resolvconf *out);

#endif
