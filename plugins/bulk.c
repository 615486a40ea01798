/*
 * bulk.c - main's part of bulk host checks (see bulk.h): choosing the
 * sink, feeding it, and keeping the API password only as long as needed.
 */
#include "bulk.h"

#include "icinga/icinga_query.h"
#include "sinks/submit_cmdfile.h"
#include "sinks/submit_icinga.h"
#include "sinks/unchanged.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PASSWORD_ENV "ICINGA2_API_PASSWORD"

void bulk_init(struct bulk *b, const struct options *opt)
{
    memset(b, 0, sizeof(*b));
    b->active = opt->bulk.submit || opt->bulk.from_api;
    objects_init(&b->objects);
}

int bulk_load_curl(struct bulk *b, const struct options *opt, char *err, size_t errlen)
{
    return opt->bulk.api_url ? curldl_load(&b->curl, err, errlen) : 0;
}

int bulk_connect(struct bulk *b, const struct options *opt, char *err, size_t errlen)
{
    const struct bulk_options *o = &opt->bulk;
    if (!o->api_url)
        return 0;
    if (icinga_conn_check_url(o->api_url, err, errlen) < 0 ||
        (o->api_proxy && icinga_conn_check_proxy(o->api_proxy, err, errlen) < 0))
        return -1;
    b->conn.curl = &b->curl;
    b->conn.url = o->api_url;
    b->conn.user = o->api_user;
    b->conn.ca = o->api_ca;
    b->conn.cert = o->api_cert;
    b->conn.key = o->api_key;
    b->conn.proxy = o->api_proxy;
    int from_env = icinga_conn_password_from_env(&b->conn, PASSWORD_ENV, err, errlen);
    if (from_env < 0)
        return -1;
    if (o->api_password_file)
        return icinga_conn_read_password(&b->conn, o->api_password_file, err, errlen);
    if (o->api_user && from_env == 0) {
        snprintf(err, errlen, "--api-user needs a password: --api-password-file FILE or %s",
                 PASSWORD_ENV);
        return -1;
    }
    return 0;
}

/* -H "a,b" in bulk mode: each word an object named after itself. */
static int add_arg_objects(struct objects *o, const char *arg, char *err, size_t errlen)
{
    char *copy = strdup(arg), *save = NULL;
    int rc = copy ? 0 : -1;
    for (char *w = copy ? strtok_r(copy, ", \t", &save) : NULL; w && rc == 0;
         w = strtok_r(NULL, ", \t", &save))
        rc = objects_add(o, w, w, err, errlen);
    free(copy);
    if (!copy)
        snprintf(err, errlen, "out of memory");
    return rc;
}

static int add_sources(struct objects *objects, const struct options *opt, char *err, size_t errlen)
{
    for (size_t i = 0; i < opt->source_count; i++) {
        const struct host_source *s = &opt->sources[i];
        int rc = s->kind == SOURCE_FILE  ? objects_add_file(objects, s->text, err, errlen)
                 : s->kind == SOURCE_ARG ? add_arg_objects(objects, s->text, err, errlen)
                                         : objects_add(objects, s->text, s->text, err, errlen);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* --from-api: the host objects, and with --skip-unchanged what the core
 * holds for each (the hosts' states, or those of their --submit-service). */
static int query_api(struct bulk *b, const struct options *opt, uint64_t deadline_ns,
                     struct objects *objects, char *err, size_t errlen)
{
    const struct bulk_options *o = &opt->bulk;
    struct icinga_query q = {o->from_api, opt->family == AF_INET6,
                             o->skip_unchanged_s > 0 && !o->submit_service,
                             o->submit_service != NULL};
    if (icinga_query_hosts(&b->conn, &q, deadline_ns, objects, err, errlen) < 0)
        return -1;
    /* the services' states (--skip-unchanged needs them) and which take
     * no passive result (worth knowing, not worth failing over) */
    if (o->submit_service)
        return icinga_query_services(&b->conn, o->from_api, o->submit_service,
                                     o->skip_unchanged_s == 0, deadline_ns, objects, err, errlen);
    return 0;
}

int bulk_load(struct bulk *b, const struct options *opt, uint64_t deadline_ns, struct hostset *set,
              char *err, size_t errlen)
{
    return bulk_load_objects(b, opt, deadline_ns, &b->objects, set, err, errlen);
}

int bulk_load_objects(struct bulk *b, const struct options *opt, uint64_t deadline_ns,
                      struct objects *objects, struct hostset *set, char *err, size_t errlen)
{
    const struct bulk_options *o = &opt->bulk;
    hostset_init(set);
    if (o->from_api && query_api(b, opt, deadline_ns, objects, err, errlen) < 0)
        return -1;
    if (add_sources(objects, opt, err, errlen) < 0)
        return -1;
    if (objects->count == 0) {
        snprintf(err, errlen, "%s",
                 o->from_api ? "--from-api: no host object matches the filter" : "no hosts given");
        return -1;
    }
    if (objects->count > opt->max_hosts) {
        snprintf(err, errlen, "%zu objects, more than --max-hosts %llu", objects->count,
                 (unsigned long long)opt->max_hosts);
        return -1;
    }
    if (objects_build(objects, opt->family, set, err, errlen) < 0)
        return -1;
    if (set->count == 0) {
        snprintf(err, errlen, "every object was refused; object '%s': %s", objects_name(objects, 0),
                 objects_reason(objects, 0));
        return -1;
    }
    hostset_seal(set);
    return 0;
}

struct submit_sink *bulk_open_sink(struct bulk *b, const struct options *opt, char *err,
                                   size_t errlen)
{
    if (opt->bulk.command_file)
        return submit_cmdfile_open(opt->bulk.command_file, err, errlen);
    return submit_icinga_new(&b->conn, err, errlen);
}

/* The objects that can take a result (refused ones cannot), and of them
 * those --skip-unchanged leaves to submit; the count, or -1. */
static int64_t pick_objects(struct submit_source *src, const struct options *opt, uint32_t *pick)
{
    size_t n = 0;
    for (size_t i = 0; i < src->objects->count; i++) {
        if (src->objects->items[i].outcome != OBJECT_REFUSED)
            pick[n++] = (uint32_t)i;
    }
    src->pick = pick;
    if (opt->bulk.skip_unchanged_s > 0)
        n = unchanged_pick(src, n, submit_wall_clock(), opt->bulk.skip_unchanged_s, pick);
    return (int64_t)n;
}

int bulk_submit(struct bulk *b, const struct options *opt, const struct hostset *set,
                uint64_t deadline_ns, char *err, size_t errlen)
{
    char node[256] = "";
    if (gethostname(node, sizeof(node) - 1) != 0)
        snprintf(node, sizeof(node), "check_multiping");
    struct submit_source src = {&b->objects, set, &opt->verdict, opt->bulk.submit_service != NULL,
                                NULL};
    uint32_t *pick = malloc((b->objects.count ? b->objects.count : 1) * sizeof(*pick));
    if (!pick) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    size_t count = (size_t)pick_objects(&src, opt, pick);
    struct submit_batch batch = {
        .count = count,
        .format = submit_source_format,
        .ctx = &src,
        .service = opt->bulk.submit_service,
        .check_source = node,
        .ttl_s = opt->bulk.submit_ttl_s,
        .deadline_ns = deadline_ns,
        .outcome = submit_source_outcome,
        .outcome_ctx = &src,
    };
    struct submit_sink *sink = count > 0 ? bulk_open_sink(b, opt, err, errlen) : NULL;
    if (sink) {
        sink->send(sink, &batch, &b->counts);
        sink->free(sink);
    }
    free(pick);
    b->counts.unchanged = objects_count_outcome(&b->objects, OBJECT_UNCHANGED);
    b->refused = objects_count_outcome(&b->objects, OBJECT_REFUSED);
    b->counts.failed += b->refused;
    return sink || count == 0 ? 0 : -1;
}

int bulk_describe(struct bulk *b)
{
    submit_report_free(&b->report);
    return submit_report_build(&b->objects, BULK_NAMED_MAX, &b->report);
}

bool bulk_failed(const struct bulk *b)
{
    return b->counts.failed > 0 || objects_count_outcome(&b->objects, OBJECT_REFUSED) > 0;
}

void bulk_note(const struct bulk *b, const struct options *opt, char *buf, size_t len)
{
    char unchanged[48] = "", why[96] = "", superseded[96] = "";
    size_t refused = objects_count_outcome(&b->objects, OBJECT_REFUSED);
    if (!opt->bulk.submit) {
        snprintf(buf, len, "%zu objects refused (not pinged)", refused);
        return;
    }
    if (opt->bulk.skip_unchanged_s > 0)
        snprintf(unchanged, sizeof(unchanged), ", %zu unchanged", b->counts.unchanged);
    if (refused > 0 && b->counts.held > 0)
        snprintf(why, sizeof(why), " (%zu refused, %zu held back: not finished at -t)", refused,
                 b->counts.held);
    else if (refused > 0 || b->counts.held > 0)
        snprintf(why, sizeof(why),
                 refused ? " (%zu refused)" : " (%zu held back: not finished at -t)",
                 refused ? refused : b->counts.held);
    if (b->counts.superseded > 0)
        snprintf(superseded, sizeof(superseded),
                 "; %zu of them superseded (the core holds newer results)", b->counts.superseded);
    snprintf(buf, len, "%zu results submitted%s, %zu failed%s%s%s%s", b->counts.submitted,
             unchanged, b->counts.failed, why, b->counts.error[0] ? ": " : "", b->counts.error,
             superseded);
}

void bulk_free(struct bulk *b)
{
    submit_report_free(&b->report);
    icinga_conn_wipe(&b->conn);
    objects_free(&b->objects);
    curldl_unload(&b->curl);
}
