/*
 * options_layers.c - --extra-opts and the command line as two layers of
 * options (see options.h), for both personalities.
 *
 * The command line is read three times, always by getopt_long over the
 * personality's own table, so that every spelling getopt accepts (an
 * abbreviation, "--extra-opts=x" or "--extra-opts" alone) means the same in
 * each reading:
 *   1. options_scan(): only its -t and its --extra-opts arguments, before
 *      any file is opened, so that main can hold -t while they are read;
 *   2. the files' options, as an argument vector of their own (a bare key
 *      of an option that needs a value cannot take a command-line word);
 *   3. the command line itself, which replaces what the files set.
 * Each getopt_long run starts from optind = 0 on its own copy: it permutes
 * the vector it reads.
 */
#include "options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static char **copy_vector(int argc, char **argv)
{
    char **copy = calloc((size_t)argc + 1, sizeof(*copy));
    if (copy)
        memcpy(copy, argv, (size_t)argc * sizeof(*copy));
    return copy;
}

int options_scan(int argc, char **argv, const struct option *longs, const char *shorts,
                 int extra_id, struct options *opt, const char **timeout_text)
{
    *timeout_text = NULL;
    opt->argv = copy_vector(argc, argv);
    opt->argc = argc;
    opt->extra_specs = calloc((size_t)argc + 1, sizeof(*opt->extra_specs));
    char **scan = copy_vector(argc, argv);
    if (!opt->argv || !opt->extra_specs || !scan) {
        free(scan);
        return -1;
    }
    opterr = 0;
    optind = 0; /* GNU getopt: also reset its internal state */
    int id;
    while ((id = getopt_long(argc, scan, shorts, longs, NULL)) != -1) {
        if (id == extra_id)
            opt->extra_specs[opt->extra_spec_count++] = optarg;
        else if (id == 't') /* -t in both personalities */
            *timeout_text = optarg;
    }
    free(scan);
    return 0;
}

int options_extra_opts_in_layer(const struct options *opt, char *err, size_t errlen)
{
    if (opt->origin.current == LAYER_COMMAND_LINE)
        return 0;
    snprintf(err, errlen, "--extra-opts may not appear inside an extra-opts file");
    return -1;
}

/* An error in the files' layer says so: the user looks for it there. */
static void say_from_file(char *err, size_t errlen)
{
    static const char prefix[] = "in --extra-opts: ";
    size_t n = strlen(err), p = sizeof(prefix) - 1;
    if (errlen <= p)
        return;
    if (n + p >= errlen)
        n = errlen - p - 1;
    memmove(err + p, err, n);
    memcpy(err, prefix, p);
    err[n + p] = '\0';
}

enum options_result options_apply_layers(struct options *opt, const char *section,
                                         options_apply_layer_fn *apply, void *ctx, FILE *out,
                                         char *err, size_t errlen)
{
    for (size_t i = 0; i < opt->extra_spec_count; i++) {
        if (extraopts_load(&opt->extra, opt->extra_specs[i], section, err, errlen) < 0)
            return OPTIONS_ERROR;
    }
    if (opt->extra.count > 0) {
        char **file_argv = calloc(opt->extra.count + 2, sizeof(*file_argv));
        if (!file_argv) {
            snprintf(err, errlen, "out of memory");
            return OPTIONS_ERROR;
        }
        file_argv[0] = opt->argv[0];
        memcpy(file_argv + 1, opt->extra.args, opt->extra.count * sizeof(*file_argv));
        opt->origin.current = LAYER_FILE;
        enum options_result rc = apply(ctx, (int)opt->extra.count + 1, file_argv, out, err, errlen);
        free(file_argv); /* the words themselves stay in opt->extra */
        if (rc == OPTIONS_ERROR)
            say_from_file(err, errlen);
        if (rc != OPTIONS_RUN)
            return rc;
    }
    opt->origin.current = LAYER_COMMAND_LINE;
    return apply(ctx, opt->argc, opt->argv, out, err, errlen);
}
