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
    if (id == OPT_SUBMIT_TTL) {
        if (options_parse_uint(id, arg, 1, 86400 * 7, &v, err, errlen) < 0)
            return -1;
        b->submit_ttl_s = (uint32_t)v;
        return 0;
    }
    if (arg[0] == '\0') {
        snprintf(err, errlen, "--%s: empty argument", options_label(id));
        return -1;
    }
    *slot[id - OPT_API] = arg;
    return 0;
}

/* Which bulk options need which: one line saying what is missing. */
int options_check_bulk(const struct options *opt, char *err, size_t errlen)
{
    const struct bulk_options *b = &opt->bulk;
    const char *problem = NULL;
    if (b->submit && !b->api_url && !b->command_file)
        problem = "--submit needs --api URL or --command-file PATH";
    else if (b->from_api && !b->api_url)
        problem = "--from-api needs --api URL";
    else if ((b->submit_service || b->command_file) && !b->submit)
        problem =
            b->command_file ? "--command-file needs --submit" : "--submit-service needs --submit";
    else if (b->api_url && !b->from_api && (!b->submit || b->command_file))
        problem = "--api needs --from-api, or --submit without --command-file";
    else if ((b->api_user || b->api_password_file || b->api_ca || b->api_cert || b->api_key) &&
             !b->api_url)
        problem = "--api-user, --api-password-file, --api-ca, --api-cert and --api-key need --api";
    else if ((b->api_cert != NULL) != (b->api_key != NULL))
        problem = "--api-cert and --api-key go together";
    else if (b->submit_service && strpbrk(b->submit_service, ";\n\r"))
        problem = "--submit-service: a service name may not hold ';' or a line break";
    if (problem)
        snprintf(err, errlen, "%s", problem);
    return problem ? -1 : 0;
}
