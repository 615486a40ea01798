/*
 * nsswitch.h - which sources the "hosts:" line of /etc/nsswitch.conf names,
 * and whether our own resolver can serve them.
 *
 * getaddrinfo() follows that line; the c-ares resolver (resolve_ares.c) can
 * stand in for it only when the line names nothing but "files" and "dns",
 * each at most once, with no [STATUS=action] criteria.  Anything else (ldap,
 * mdns4_minimal, resolve, myhostname, wins, an action we would have to
 * emulate, or no hosts: line at all) sends names to the getaddrinfo pool,
 * which honours it by definition.  Pure and fuzzable: text in, struct out.
 */
#ifndef MULTIPING_NSSWITCH_H
#define MULTIPING_NSSWITCH_H

#include <stdbool.h>
#include <stddef.h>

enum nsswitch_source { NSSWITCH_FILES = 1, NSSWITCH_DNS = 2 };

#define NSSWITCH_REASON_LEN 96

struct nsswitch_hosts {
    bool supported; /* only files/dns: c-ares can serve it */
    unsigned count; /* sources in order, when supported */
    enum nsswitch_source order[2];
    char reason[NSSWITCH_REASON_LEN]; /* why not supported, e.g. "source 'mdns4_minimal'" */
};

/* Parse the text of an nsswitch.conf (len bytes, need not end in NUL). */
void nsswitch_parse(const char *text, size_t len, struct nsswitch_hosts *out);

/* Read and parse the file at path (unsupported when it cannot be read). */
void nsswitch_read(const char *path, struct nsswitch_hosts *out);

#endif
