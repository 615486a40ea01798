/*
 * options_bulk.c - the bulk-submission options (--api ... --command-file)
 * into struct bulk_options, and the rules saying which of them need which.
 * Nothing here reads a secret: --api-password-file is a path, opened by
 * the bulk module after privileges are dropped.
 */
#include "option_table.h"

#include <stdio.h>
#include <string.h>

int options_apply_bulk(int id, const char *arg, struct options *opt, char *err, size_t errlen)
{
    struct bulk_options *b = &opt->bulk;
    const char **slot[] = {
        [OPT_API - OPT_API] = &b->api_url,
        [OPT_API_USER - OPT_API] = &b->api_user,
        [OPT_API_PASSWORD_FILE - OPT_API] = &b->api_password_file,
        [OPT_API_CA - OPT_API] = &b->api_ca,
        [OPT_API_CERT - OPT_API] = &b->api_cert,
        [OPT_API_KEY - OPT_API] = &b->api_key,
        [OPT_API_PROXY - OPT_API] = &b->api_proxy,
        [OPT_FROM_API - OPT_API] = &b->from_api,
        [OPT_SUBMIT - OPT_API] = NULL,
        [OPT_SUBMIT_SERVICE - OPT_API] = &b->submit_service,
        [OPT_SUBMIT_TTL - OPT_API] = NULL,
        [OPT_COMMAND_FILE - OPT_API] = &b->command_file,
    };
    uint64_t v;
    if (id == OPT_SUBMIT) {
        b->submit = true;
        return 0;
    }
    if (id == OPT_SUBMIT_TTL || id == OPT_SKIP_UNCHANGED) {
        if (options_parse_uint(id, arg, 1, 86400 * 7, &v, err, errlen) < 0)
            return -1;
        *(id == OPT_SUBMIT_TTL ? &b->submit_ttl_s : &b->skip_unchanged_s) = (uint32_t)v;
        return 0;
    }
    if (arg[0] == '\0') {
        snprintf(err, errlen, "--%s: empty argument", options_label(id));
        return -1;
    }
    *slot[id - OPT_API] = arg;
    return 0;
}

/* --skip-unchanged needs the core's states (only the API tells them) and a
 * result renewed before its ttl runs out.  A result skipped at a run's
 * start can be SECONDS old; the next run starts up to one check interval
 * later (the bulk service's, at most SECONDS for skipping to save
 * anything) and submits up to -t after its start: SECONDS + interval + -t
 * must stay within the ttl, so 2 x SECONDS + -t <= ttl. */
static int check_skip_unchanged(const struct options *opt, char *err, size_t errlen)
{
    const struct bulk_options *b = &opt->bulk;
    uint64_t need = 2u * (uint64_t)b->skip_unchanged_s + opt->timeout_s;
    if (b->skip_unchanged_s == 0 || opt->watch.enabled) /* --watch: watch_config's rules */
        return 0;
    if (!b->from_api)
        snprintf(err, errlen,
                 "--skip-unchanged needs --from-api: only the Icinga 2 API tells the core's "
                 "current states (a -f or -H list does not)");
    else if (!b->submit)
        snprintf(err, errlen, "--skip-unchanged needs --submit");
    else if (need > b->submit_ttl_s)
        snprintf(err, errlen,
                 "--skip-unchanged %u leaves too small a margin: 2 x %u + -t %u = %llu s is more "
                 "than --submit-ttl %u (a host skipped that long, renewed by the next run only "
                 "after one check interval and -t, would go stale)",
                 b->skip_unchanged_s, b->skip_unchanged_s, opt->timeout_s, (unsigned long long)need,
                 b->submit_ttl_s);
    else
        return 0;
    return -1;
}

/* Which bulk options need which: one line saying what is missing. */
int options_check_bulk(const struct options *opt, char *err, size_t errlen)
{
    const struct bulk_options *b = &opt->bulk;
    const char *problem = NULL;
    if (check_skip_unchanged(opt, err, errlen) < 0)
        return -1;
    if (b->submit && !b->api_url && !b->command_file)
        problem = "--submit needs --api URL or --command-file PATH";
    else if (b->from_api && !b->api_url)
        problem = "--from-api needs --api URL";
    else if ((b->submit_service || b->command_file) && !b->submit)
        problem =
            b->command_file ? "--command-file needs --submit" : "--submit-service needs --submit";
    else if (b->api_url && !b->from_api && (!b->submit || b->command_file))
        problem = "--api needs --from-api, or --submit without --command-file";
    else if ((b->api_user || b->api_password_file || b->api_ca || b->api_cert || b->api_key ||
              b->api_proxy) &&
             !b->api_url)
        problem = "--api-user, --api-password-file, --api-ca, --api-cert, --api-key and "
                  "--api-proxy need --api";
    else if ((b->api_cert != NULL) != (b->api_key != NULL))
        problem = "--api-cert and --api-key go together";
    else if (b->submit_service && strpbrk(b->submit_service, ";\n\r"))
        problem = "--submit-service: a service name may not hold ';' or a line break";
    if (problem)
        snprintf(err, errlen, "%s", problem);
    return problem ? -1 : 0;
}
