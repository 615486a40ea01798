/*
 * icinga_query.c - host objects matching a filter, and the core's states
 * of them, from the Icinga 2 API (see icinga_query.h).  One blocking
 * transfer at a time on the calling thread; the answer goes from libcurl's
 * write callback straight into a result_stream, element by element.
 */
#include "icinga_query.h"

#include "result_stream.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SERVICE_VAR "multiping_service"
/* The start of an error answer is kept for its "status" text. */
#define HEAD_MAX 4096

/* Where the elements of one answer go. */
struct reader {
    const struct icinga_query *q; /* NULL: a service query */
    struct objects *o;
};

/* One transfer: the stream, and the answer's first bytes for an error. */
struct answer {
    const struct icinga_conn *c;
    CURL *h;
    const char *what;      /* "host query" */
    const char *if_absent; /* why the API may have found nothing (HTTP 404), or NULL */
    bool absent_ok;        /* a 404 is an empty answer, not an error */
    struct result_stream rs;
    int stream_failed;
    char stream_err[256];
    size_t head_len;
    char head[HEAD_MAX + 1];
};

/* ---- request bodies --------------------------------------------------------- */

char *icinga_query_body(const struct icinga_query *q)
{
    json_t *body = q->states ? json_pack("{s:s, s:[s,s,s,s,s,s,s]}", "filter", q->filter, "attrs",
                                         "name", "address", "address6", "enable_passive_checks",
                                         "state", "state_type", "last_check")
                             : json_pack("{s:s, s:[s,s,s,s]}", "filter", q->filter, "attrs", "name",
                                         "address", "address6", "enable_passive_checks");
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    return text;
}

char *icinga_query_service_body(const char *filter, const char *service)
{
    char *expr = NULL;
    if (asprintf(&expr, "service.name == %s && (%s)", SERVICE_VAR, filter) < 0)
        return NULL;
    json_t *body = json_pack("{s:s, s:{s:s}, s:[s,s,s,s,s]}", "filter", expr, "filter_vars",
                             SERVICE_VAR, service, "attrs", "host_name", "enable_passive_checks",
                             "state", "state_type", "last_check");
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    free(expr);
    return text;
}

/* ---- what one element says -------------------------------------------------- */

static const char *string_attr(json_t *attrs, const char *key)
{
    const char *s = json_string_value(json_object_get(attrs, key));
    return s ? s : "";
}

/* state, state_type and last_check as Icinga sends them (numbers); an
 * attribute missing or out of range leaves the state unknown. */
static void read_state(json_t *attrs, struct object *item)
{
    json_t *state = json_object_get(attrs, "state");
    json_t *type = json_object_get(attrs, "state_type");
    double s = json_number_value(state);
    double last = json_number_value(json_object_get(attrs, "last_check"));
    item->core_state = -1;
    item->core_hard = false;
    item->core_checked = 0;
    if (!json_is_number(state) || !(s >= 0 && s <= 3) || s != (double)(int)s ||
        !json_is_number(type))
        return;
    item->core_state = (int8_t)s;
    item->core_hard = json_number_value(type) == 1.0;
    if (last >= 1 && last < 4294967296.0)
        item->core_checked = (uint32_t)last;
}

/* An object that says enable_passive_checks = false would be refused by
 * the core (HTTP 403 per object): it is not sent, and named.  A missing
 * attribute (an older core, a stand-in) is taken as enabled. */
static int refuse_if_passive_disabled(struct objects *o, size_t i, json_t *attrs, const char *what,
                                      char *err, size_t errlen)
{
    json_t *passive = json_object_get(attrs, "enable_passive_checks");
    if (!json_is_false(passive) || o->items[i].outcome == OBJECT_REFUSED)
        return 0;
    char reason[96];
    snprintf(reason, sizeof(reason), "passive checks are disabled for the %s in the core", what);
    if (objects_set_outcome(o, i, OBJECT_REFUSED, reason) == 0)
        return 0;
    snprintf(err, errlen, "out of memory");
    return -1;
}

static int add_host(void *ctx, json_t *result, char *err, size_t errlen)
{
    const struct reader *r = ctx;
    json_t *attrs = json_object_get(result, "attrs");
    const char *name = json_string_value(json_object_get(attrs, "name"));
    if (!name)
        name = json_string_value(json_object_get(result, "name"));
    if (!json_is_object(attrs) || !name) {
        snprintf(err, errlen, "a host without attrs.name in the answer");
        return -1;
    }
    const char *address = string_attr(attrs, r->q->ipv6 ? "address6" : "address");
    if (objects_add(r->o, name, address[0] ? address : name, err, errlen) < 0)
        return -1;
    if (r->q->states)
        read_state(attrs, &r->o->items[r->o->count - 1]);
    if (r->q->services)
        return 0;
    return refuse_if_passive_disabled(r->o, r->o->count - 1, attrs, "host", err, errlen);
}

static int add_service_state(void *ctx, json_t *result, char *err, size_t errlen)
{
    const struct reader *r = ctx;
    json_t *attrs = json_object_get(result, "attrs");
    const char *host = json_string_value(json_object_get(attrs, "host_name"));
    if (!host) {
        snprintf(err, errlen, "a service without attrs.host_name in the answer");
        return -1;
    }
    int64_t i = objects_find(r->o, host);
    if (i < 0)
        return 0;
    read_state(attrs, &r->o->items[i]);
    return refuse_if_passive_disabled(r->o, (size_t)i, attrs, "service", err, errlen);
}

static int parse_all(result_stream_fn *fn, struct reader *r, const char *json, size_t n, char *err,
                     size_t errlen)
{
    struct result_stream rs;
    char msg[256];
    result_stream_init(&rs, fn, r);
    int rc = result_stream_feed(&rs, json, n, msg, sizeof(msg));
    if (rc == 0)
        rc = result_stream_finish(&rs, msg, sizeof(msg));
    result_stream_free(&rs);
    if (rc < 0)
        snprintf(err, errlen, "Icinga 2 API: %s", msg);
    return rc;
}

int icinga_query_parse(const struct icinga_query *q, const char *json, size_t n, struct objects *o,
                       char *err, size_t errlen)
{
    struct reader r = {q, o};
    return parse_all(add_host, &r, json, n, err, errlen);
}

int icinga_query_parse_services(const char *json, size_t n, struct objects *o, char *err,
                                size_t errlen)
{
    struct reader r = {NULL, o};
    return parse_all(add_service_state, &r, json, n, err, errlen);
}

/* ---- the transfer ----------------------------------------------------------- */

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct answer *a = userdata;
    size_t n = size * nmemb;
    long status = 0;
    size_t take = n < HEAD_MAX - a->head_len ? n : HEAD_MAX - a->head_len;
    memcpy(a->head + a->head_len, ptr, take);
    a->head_len += take;
    a->head[a->head_len] = '\0';
    a->c->curl->easy_getinfo(a->h, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200)
        return n; /* an error answer: only its head is read */
    if (result_stream_feed(&a->rs, ptr, n, a->stream_err, sizeof(a->stream_err)) < 0) {
        a->stream_failed = 1;
        return 0; /* aborts the transfer */
    }
    return n;
}

/* The API's own words on an error: {"error": 401, "status": "..."}. */
static void api_status(const struct answer *a, char *buf, size_t len)
{
    buf[0] = '\0';
    json_t *root = json_loadb(a->head, a->head_len, 0, NULL);
    const char *s = json_string_value(json_object_get(root, "status"));
    if (s)
        snprintf(buf, len, "%s", s);
    json_decref(root);
}

static CURLcode perform(struct answer *a, const char *path, const char *body, uint64_t deadline_ns,
                        char *errbuf)
{
    const struct icinga_conn *c = a->c;
    struct curl_slist *headers = icinga_conn_headers(c, "X-HTTP-Method-Override: GET");
    CURLcode rc =
        headers ? icinga_conn_setup(c, a->h, path, headers, icinga_conn_remaining_ms(deadline_ns))
                : CURLE_OUT_OF_MEMORY;
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(a->h, CURLOPT_ERRORBUFFER, errbuf);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(a->h, CURLOPT_POSTFIELDS, body);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(a->h, CURLOPT_WRITEFUNCTION, on_data);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(a->h, CURLOPT_WRITEDATA, a);
    if (rc == CURLE_OK)
        rc = c->curl->easy_perform(a->h);
    c->curl->slist_free_all(headers);
    return rc;
}

static int transfer(struct answer *a, const char *path, const char *body, uint64_t deadline_ns,
                    char *err, size_t errlen)
{
    const struct icinga_conn *c = a->c;
    char errbuf[CURL_ERROR_SIZE] = "", msg[256], status_text[160], absent[200] = "";
    long status = 0;
    CURLcode rc = perform(a, path, body, deadline_ns, errbuf);
    c->curl->easy_getinfo(a->h, CURLINFO_RESPONSE_CODE, &status);
    if (status == 404 && a->absent_ok)
        return 0;
    if (status != 0 && status != 200) {
        api_status(a, status_text, sizeof(status_text));
        icinga_conn_http_error(status, status_text, msg, sizeof(msg));
        if (status == 404 && a->if_absent)
            snprintf(absent, sizeof(absent), " (%s)", a->if_absent);
    } else if (a->stream_failed) {
        snprintf(msg, sizeof(msg), "%s", a->stream_err);
    } else if (rc != CURLE_OK) {
        icinga_conn_curl_error(c, rc, errbuf, msg, sizeof(msg));
    } else if (result_stream_finish(&a->rs, msg, sizeof(msg)) == 0) {
        return 0;
    }
    snprintf(err, errlen, "Icinga 2 API %s: %s failed: %s%s", c->url, a->what, msg, absent);
    return -1;
}

/* One request.  what, if_absent and absent_ok are as in struct answer. */
struct request {
    const char *what;
    const char *path;
    char *body; /* freed here */
    const char *if_absent;
    bool absent_ok;
};

static int query(const struct icinga_conn *c, struct request *q, result_stream_fn *fn,
                 struct reader *r, uint64_t deadline_ns, char *err, size_t errlen)
{
    struct answer *a = calloc(1, sizeof(*a));
    int rc = -1;
    if (a && q->body && (a->h = c->curl->easy_init())) {
        a->c = c;
        a->what = q->what;
        a->if_absent = q->if_absent;
        a->absent_ok = q->absent_ok;
        result_stream_init(&a->rs, fn, r);
        rc = transfer(a, q->path, q->body, deadline_ns, err, errlen);
        result_stream_free(&a->rs);
        c->curl->easy_cleanup(a->h);
    } else {
        snprintf(err, errlen, "out of memory");
    }
    free(a);
    free(q->body);
    return rc;
}

int icinga_query_hosts(const struct icinga_conn *c, const struct icinga_query *q,
                       uint64_t deadline_ns, struct objects *o, char *err, size_t errlen)
{
    struct reader r = {q, o};
    struct request req = {"host query", "/v1/objects/hosts", icinga_query_body(q), NULL, false};
    return query(c, &req, add_host, &r, deadline_ns, err, errlen);
}

int icinga_query_services(const struct icinga_conn *c, const char *filter, const char *service,
                          bool optional, uint64_t deadline_ns, struct objects *o, char *err,
                          size_t errlen)
{
    struct reader r = {NULL, o};
    char absent[160];
    snprintf(absent, sizeof(absent),
             "no service '%.60s' on the filter's hosts, or the ApiUser lacks objects/query/Service",
             service);
    struct request req = {"service query", "/v1/objects/services",
                          icinga_query_service_body(filter, service), absent, optional};
    if (objects_index_names(o) < 0) {
        free(req.body);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return query(c, &req, add_service_state, &r, deadline_ns, err, errlen);
}
