/*
 * hostlist.h - where hosts come from: -H arguments (comma-separated lists),
 * positional arguments and host files (-f FILE, "-" for stdin), turned into
 * a filled struct hostset.
 *
 * Two passes, so that an absurd expansion is refused before anything is
 * allocated: hostlist_add_* parse and remember every token and add up the
 * addresses they denote; hostlist_build() checks the total against max_hosts
 * and only then expands blocks into the host table.
 *
 * Host files: one host per line; '#' starts a comment to the end of the line;
 * blank lines are ignored; leading and trailing white space (including a CR
 * before the LF) is trimmed.  Every error names its source and line:
 *   "hosts.txt:17: '192.0.2.300' is not a valid IPv4 address"
 *   "-H argument 2: empty host name in '192.0.2.1,,192.0.2.3'"
 */
#ifndef MULTIPING_HOSTLIST_H
#define MULTIPING_HOSTLIST_H

#include "hostset.h"
#include "hostspec.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct hostlist_entry {
    struct hostspec spec;
    uint32_t name; /* offset of the name in hostlist.names (HOSTSPEC_NAME only) */
};

struct hostlist {
    int family; /* AF_UNSPEC, AF_INET or AF_INET6 */
    struct hostlist_entry *entries;
    size_t count;
    size_t capacity;
    char *names;
    size_t names_len;
    size_t names_cap;
    uint64_t total; /* addresses denoted, saturating */
};

void hostlist_init(struct hostlist *list, int family);
void hostlist_free(struct hostlist *list);

/* One -H argument (may be "a,b,c"); argno counts from 1 for messages. */
int hostlist_add_arg(struct hostlist *list, const char *arg, unsigned argno, char *err,
                     size_t errlen);
/* One positional argument (a single host, no comma splitting). */
int hostlist_add_positional(struct hostlist *list, const char *arg, char *err, size_t errlen);
/* Read a host file; path "-" reads stdin.  Errors name path:line. */
int hostlist_add_file(struct hostlist *list, const char *path, char *err, size_t errlen);
/* Same, from an open stream; label is used in messages. */
int hostlist_add_stream(struct hostlist *list, FILE *in, const char *label, char *err,
                        size_t errlen);

/*
 * Fill set (initialised, empty) from every entry in order, dropping
 * duplicates.  Fails with a message when list->total exceeds max_hosts
 * ("192.0.2.0/8 and the rest expand to 16777214 hosts, more than
 * --max-hosts 1048576"), when the list is empty, or when out of memory.
 */
int hostlist_build(const struct hostlist *list, uint64_t max_hosts, struct hostset *set, char *err,
                   size_t errlen);

#endif
