/*
 * options.h - the command line, parsed once into a struct.
 *
 * One table (option_table.c) is the single source of truth for every
 * option: getopt_long's array, --help and the checks in tests/ (man page,
 * contrib definitions) are all derived from it.
 *
 * Options come in two layers (options_layers.c): those of --extra-opts
 * files are applied first, as defaults, then the command line's.  A
 * command-line value replaces the file's value of its option, and of its
 * family where two options set one thing (--tos/--dscp, -S per address
 * family, -4/-6); two values of one family in one layer still conflict.
 */
#ifndef MULTIPING_OPTIONS_H
#define MULTIPING_OPTIONS_H

#include "extraopts.h"
#include "output/output.h"
#include "net/send_params.h"
#include "net/sock.h"
#include "state.h"
#include "verdict/verdict.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where a host came from, kept in command-line order; host files are read
 * only after privileges are dropped, so they are remembered, not opened. */
enum host_source_kind { SOURCE_ARG, SOURCE_POSITIONAL, SOURCE_FILE };

struct host_source {
    enum host_source_kind kind;
    const char *text; /* points into argv */
    unsigned argno;   /* for -H: its position among the -H options */
};

#define OPTIONS_DEFAULT_PACKETS 2
#define OPTIONS_DEFAULT_INTERVAL_MS 200
#define OPTIONS_DEFAULT_PACKET_TIMEOUT_MS 1000
#define OPTIONS_DEFAULT_RATE_PPS 100000
#define OPTIONS_DEFAULT_TIMEOUT_S 10
#define OPTIONS_DEFAULT_MAX_HOSTS 1048576
#define OPTIONS_DEFAULT_MAX_LINES 50
#define OPTIONS_MAX_PACKETS 100
#define OPTIONS_MAX_TIMEOUT_S 3600
#define OPTIONS_DEFAULT_DNS_PARALLEL 500
#define OPTIONS_MAX_DNS_PARALLEL 65535

/*
 * Bulk host checks (issue 11): where targets come from and where each
 * host's own result goes.  Paths and names point into argv; the password
 * is never an option (a file read after privileges are dropped, or
 * ICINGA2_API_PASSWORD).
 */
#define OPTIONS_DEFAULT_SUBMIT_TTL_S 300
struct bulk_options {
    const char *api_url;  /* --api */
    const char *api_user; /* --api-user */
    const char *api_password_file;
    const char *api_ca;
    const char *api_cert;
    const char *api_key;
    const char *api_proxy;      /* --api-proxy URL, or NULL: no proxy */
    const char *from_api;       /* --from-api FILTER */
    bool submit;                /* --submit */
    const char *submit_service; /* --submit-service NAME, or NULL for host results */
    const char *command_file;   /* --command-file PATH */
    uint32_t submit_ttl_s;      /* --submit-ttl */
    uint32_t skip_unchanged_s;  /* --skip-unchanged SECONDS, 0: submit every result */
};

/* --watch (issue 19): the daemon's own options; the host source and the
 * sink are the bulk options. */
#define OPTIONS_DEFAULT_WATCH_INTERVAL_MS 5000
#define OPTIONS_DEFAULT_DOWN_AFTER_S 15
#define OPTIONS_DEFAULT_RELOAD_S 300
struct watch_options {
    bool enabled;          /* --watch */
    uint32_t interval_ms;  /* --watch-interval (seconds, may be fractional) */
    uint32_t down_after_s; /* --down-after */
    uint32_t reload_s;     /* --reload, 0: only on SIGHUP */
    const char *heartbeat; /* --heartbeat HOST!SERVICE, or NULL */
    bool given[5];         /* which of them the command line set */
};

/* Which layer set a value that a later one may replace (see the top). */
enum options_layer { LAYER_NONE, LAYER_FILE, LAYER_COMMAND_LINE };
struct options_origin {
    enum options_layer current;   /* the layer being applied */
    enum options_layer tos;       /* --tos or --dscp */
    enum options_layer family;    /* -4 or -6 */
    enum options_layer source[2]; /* -S, IPv4 and IPv6 */
};

struct options {
    struct host_source *sources;
    size_t source_count;
    int family; /* AF_UNSPEC, AF_INET, AF_INET6 */
    uint64_t max_hosts;
    uint16_t packets;
    uint32_t interval_ms;
    uint32_t packet_timeout_ms;
    uint32_t rate_pps;
    unsigned dns_parallel; /* --dns-parallel: names resolving at once */
    enum sock_mode socket_mode;
    struct send_params send; /* how requests leave (source, device, TOS, TTL, size...) */
    bool all_addresses;      /* -A: every address of a name is a host of its own */
    uint32_t timeout_s;
    enum state timeout_state;
    struct verdict_config verdict;
    struct output_options output;
    struct bulk_options bulk;
    struct watch_options watch;
    struct options_origin origin;
    struct extraopts extra;   /* options read by --extra-opts */
    const char **extra_specs; /* the command line's --extra-opts arguments (NULL: none) */
    size_t extra_spec_count;
    char **argv; /* the command line, copied: getopt_long permutes it */
    int argc;
    unsigned h_count; /* -H options seen so far, both layers */
};

enum options_result {
    OPTIONS_RUN = 0,  /* go ahead */
    OPTIONS_EXIT = 1, /* --help or --version printed: exit UNKNOWN */
    OPTIONS_ERROR = -1,
};

/* Parse argv (reading --extra-opts files: call with privileges suspended).
 * On error, err says what and where in one line.  It is options_begin()
 * and options_finish() in one. */
enum options_result options_parse(int argc, char **argv, struct options *opt, FILE *out, char *err,
                                  size_t errlen);
/* The two steps, so that main can hold the command line's -t while the
 * files are read: options_begin() sets the defaults and reads from the
 * command line only its -t (into opt->timeout_s when valid) and which
 * --extra-opts files to read; options_finish() reads them and applies
 * both layers.  Only running out of memory makes options_begin() fail. */
enum options_result options_begin(int argc, char **argv, struct options *opt, char *err,
                                  size_t errlen);
enum options_result options_finish(struct options *opt, FILE *out, char *err, size_t errlen);
void options_free(struct options *opt);

/* Shared with the check_icmp personality (icmp_options.c), which fills the
 * same struct from its own option table. */
void options_set_defaults(struct options *opt);
/* Append one host source; -1 when out of memory. */
int options_add_source(struct options *opt, enum host_source_kind kind, const char *text,
                       unsigned argno);

/*
 * options_layers.c, for both personalities.  options_scan() copies the
 * command line into opt->argv and, with getopt_long over the personality's
 * table (so that an abbreviation such as --extra=core counts as getopt
 * will read it), collects its --extra-opts arguments (option extra_id) and
 * returns the text of its last -t (or NULL); -1 when out of memory.
 */
struct option;
int options_scan(int argc, char **argv, const struct option *longs, const char *shorts,
                 int extra_id, struct options *opt, const char **timeout_text);

/* One layer's argument vector applied by a personality's getopt loop
 * (argv[0] is the program name); returns an options_result. */
typedef enum options_result options_apply_layer_fn(void *ctx, int argc, char **argv, FILE *out,
                                                   char *err, size_t errlen);
/* Read the --extra-opts files (default section `section`), then apply
 * their options and the command line's, in that order, each layer with
 * opt->origin.current set. */
enum options_result options_apply_layers(struct options *opt, const char *section,
                                         options_apply_layer_fn *apply, void *ctx, FILE *out,
                                         char *err, size_t errlen);
/* What a layer may say about --extra-opts: nothing on the command line
 * (options_scan has read it), an error inside a file. */
int options_extra_opts_in_layer(const struct options *opt, char *err, size_t errlen);

/* Print --help (generated from the option table); the --rate text quotes
 * the bandwidth of requests of payload_size bytes. */
void options_print_help(FILE *out, uint32_t payload_size);

#endif
