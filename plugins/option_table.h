/*
 * option_table.h - the native option table (option_table.c) and the option
 * groups that apply its options: options.c (the core options and the
 * getopt loop), options_send.c (how requests leave: -S, -I, --mark,
 * --tos/--dscp, --ttl, -b, --dont-fragment) and options_bulk.c (--api ...
 * --command-file).  The groups call down into option_table.c, never into
 * each other except options.c calling each group's apply and check.
 */
#ifndef MULTIPING_OPTION_TABLE_H
#define MULTIPING_OPTION_TABLE_H

#include "options.h"

#include <stddef.h>
#include <stdint.h>

enum option_id {
    OPT_HOST = 'H',
    OPT_FILE = 'f',
    OPT_IPV4 = '4',
    OPT_IPV6 = '6',
    OPT_PACKETS = 'n',
    OPT_INTERVAL = 'i',
    OPT_RATE = 'r',
    OPT_WARNING = 'w',
    OPT_CRITICAL = 'c',
    OPT_MIN_ALIVE = 'm',
    OPT_TIMEOUT = 't',
    OPT_VERBOSE = 'v',
    OPT_HELP = 'h',
    OPT_VERSION = 'V',
    OPT_SOURCE = 'S',
    OPT_INTERFACE = 'I',
    OPT_SIZE = 'b',
    OPT_ALL_ADDRESSES = 'A',
    OPT_LONG_ONLY = 256,
    OPT_MAX_HOSTS,
    OPT_PACKET_TIMEOUT,
    OPT_PARTIAL_WARNING,
    OPT_PARTIAL_CRITICAL,
    OPT_HOST_WARNING,
    OPT_HOST_CRITICAL,
    OPT_PERFDATA_HOSTS,
    OPT_MAX_LINES,
    OPT_FORMAT,
    OPT_SOCKET,
    OPT_EXTRA_OPTS,
    OPT_MARK,
    OPT_TOS,
    OPT_DSCP,
    OPT_TTL,
    OPT_DONT_FRAGMENT,
    OPT_API,
    OPT_API_USER,
    OPT_API_PASSWORD_FILE,
    OPT_API_CA,
    OPT_API_CERT,
    OPT_API_KEY,
    OPT_API_PROXY,
    OPT_FROM_API,
    OPT_SUBMIT,
    OPT_SUBMIT_SERVICE,
    OPT_SUBMIT_TTL,
    OPT_COMMAND_FILE,
    OPT_SKIP_UNCHANGED,
    OPT_DNS_PARALLEL,
    OPT_WATCH, /* the --watch group (options_watch.c) from here on */
    OPT_WATCH_INTERVAL,
    OPT_DOWN_AFTER,
    OPT_RELOAD,
    OPT_HEARTBEAT,
};

/* The table's size is known to the compiler only in option_table.c; getopt's
 * arrays are sized from this bound, which option_table.c asserts. */
#define OPTION_TABLE_MAX 64

/* getopt_long's arrays from the table: longs needs OPTION_TABLE_MAX + 1
 * entries, shorts 2 * OPTION_TABLE_MAX + 2 characters. */
struct option;
void option_table_getopt(struct option *longs, char *shorts);

/* The option's long name, for messages ("--ttl: ..."). */
const char *options_label(int id);
/* A whole number from min to max, or -1 with "--NAME: 'TEXT' is not ...". */
int options_parse_uint(int id, const char *text, uint64_t min, uint64_t max, uint64_t *out,
                       char *err, size_t errlen);

/* options_send.c: one send option into opt->send; then what only the
 * whole command line can tell (size per family, source vs -4/-6), which
 * may drop a file's source of a family the command line left out. */
int options_apply_send(int id, const char *arg, struct options *opt, char *err, size_t errlen);
int options_check_send(struct options *opt, char *err, size_t errlen);

/* options_bulk.c: one bulk option into opt->bulk; then which of them need
 * which. */
int options_apply_bulk(int id, const char *arg, struct options *opt, char *err, size_t errlen);
int options_check_bulk(const struct options *opt, char *err, size_t errlen);

/* options_watch.c: one --watch option into opt->watch; then the watch
 * rules (watch_config.h) and what --watch changes in the bulk options (a
 * --command-file is the sink without --submit; --skip-unchanged gets a
 * default).  Called before options_check_bulk. */
int options_apply_watch(int id, const char *arg, struct options *opt, char *err, size_t errlen);
int options_finish_watch(struct options *opt, char *err, size_t errlen);

#endif
