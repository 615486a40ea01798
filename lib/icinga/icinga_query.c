/*
 * icinga_query.c - host objects matching a filter, from the Icinga 2 API
 * (see icinga_query.h).  One blocking transfer on the calling thread.
 */
#include "icinga_query.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct answer {
    char *data;
    size_t len;
    size_t cap;
    int too_big;
};

char *icinga_query_body(const char *filter)
{
    json_t *body =
        json_pack("{s:s, s:[s,s,s]}", "filter", filter, "attrs", "name", "address", "address6");
    if (!body)
        return NULL;
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    return text;
}

static const char *string_attr(json_t *attrs, const char *key)
{
    const char *s = json_string_value(json_object_get(attrs, key));
    return s ? s : "";
}

static int add_result(json_t *result, int ipv6, struct objects *o, char *err, size_t errlen)
{
    json_t *attrs = json_object_get(result, "attrs");
    const char *name = json_string_value(json_object_get(attrs, "name"));
    if (!name)
        name = json_string_value(json_object_get(result, "name"));
    if (!json_is_object(attrs) || !name) {
        snprintf(err, errlen, "Icinga 2 API: a host without attrs.name in the answer");
        return -1;
    }
    const char *address = string_attr(attrs, ipv6 ? "address6" : "address");
    char msg[512];
    if (objects_add(o, name, address[0] ? address : name, msg, sizeof(msg)) < 0) {
        snprintf(err, errlen, "Icinga 2 API: %s", msg);
        return -1;
    }
    return 0;
}

int icinga_query_parse(const char *json, size_t n, int ipv6, struct objects *o, char *err,
                       size_t errlen)
{
    json_error_t jerr;
    json_t *root = json_loadb(json, n, 0, &jerr);
    if (!root) {
        snprintf(err, errlen, "Icinga 2 API: the answer is not JSON: %s (line %d)", jerr.text,
                 jerr.line);
        return -1;
    }
    json_t *results = json_object_get(root, "results");
    int rc = 0;
    if (!json_is_array(results)) {
        snprintf(err, errlen, "Icinga 2 API: the answer has no \"results\" array");
        rc = -1;
    }
    size_t i;
    json_t *item;
    json_array_foreach(results, i, item)
    {
        if (rc == 0)
            rc = add_result(item, ipv6, o, err, errlen);
    }
    json_decref(root);
    return rc;
}

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct answer *a = userdata;
    size_t n = size * nmemb;
    if (a->len + n + 1 > ICINGA_QUERY_MAX_BYTES) {
        a->too_big = 1;
        return 0; /* aborts the transfer */
    }
    if (a->len + n + 1 > a->cap) {
        size_t want = a->cap ? a->cap : 65536;
        while (want < a->len + n + 1)
            want *= 2;
        char *grown = realloc(a->data, want);
        if (!grown)
            return 0;
        a->data = grown;
        a->cap = want;
    }
    memcpy(a->data + a->len, ptr, n);
    a->len += n;
    a->data[a->len] = '\0';
    return n;
}

/* The API's own words on an error: {"error": 401, "status": "..."}. */
static void api_status(const struct answer *a, char *buf, size_t len)
{
    buf[0] = '\0';
    json_t *root = a->data ? json_loadb(a->data, a->len, 0, NULL) : NULL;
    const char *s = json_string_value(json_object_get(root, "status"));
    if (s)
        snprintf(buf, len, "%s", s);
    json_decref(root);
}

static int transfer(const struct icinga_conn *c, CURL *h, const char *body, uint64_t deadline_ns,
                    struct answer *a, char *err, size_t errlen)
{
    char errbuf[CURL_ERROR_SIZE] = "", msg[256], status_text[160];
    struct curl_slist *headers = icinga_conn_headers(c, "X-HTTP-Method-Override: GET");
    CURLcode rc = headers ? icinga_conn_setup(c, h, "/v1/objects/hosts", headers,
                                              icinga_conn_remaining_ms(deadline_ns))
                          : CURLE_OUT_OF_MEMORY;
    if (rc == CURLE_OK)
        c->curl->easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    if (rc == CURLE_OK)
        c->curl->easy_setopt(h, CURLOPT_POSTFIELDS, body);
    if (rc == CURLE_OK)
        c->curl->easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    if (rc == CURLE_OK)
        c->curl->easy_setopt(h, CURLOPT_WRITEDATA, a);
    if (rc == CURLE_OK)
        rc = c->curl->easy_perform(h);
    c->curl->slist_free_all(headers);
    if (a->too_big) {
        snprintf(err, errlen, "Icinga 2 API: the host list is larger than %u MB",
                 ICINGA_QUERY_MAX_BYTES >> 20);
        return -1;
    }
    if (rc != CURLE_OK) {
        icinga_conn_curl_error(c, rc, errbuf, msg, sizeof(msg));
        snprintf(err, errlen, "Icinga 2 API %s: host query failed: %s", c->url, msg);
        return -1;
    }
    long status = 0;
    c->curl->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        api_status(a, status_text, sizeof(status_text));
        icinga_conn_http_error(status, status_text, msg, sizeof(msg));
        snprintf(err, errlen, "Icinga 2 API %s: host query failed: %s", c->url, msg);
        return -1;
    }
    return 0;
}

int icinga_query_hosts(const struct icinga_conn *c, const char *filter, int ipv6,
                       uint64_t deadline_ns, struct objects *o, char *err, size_t errlen)
{
    struct answer a = {NULL, 0, 0, 0};
    char *body = icinga_query_body(filter);
    CURL *h = body ? c->curl->easy_init() : NULL;
    int rc = -1;
    if (!h)
        snprintf(err, errlen, "out of memory");
    else if (transfer(c, h, body, deadline_ns, &a, err, errlen) == 0)
        rc = icinga_query_parse(a.data ? a.data : "", a.len, ipv6, o, err, errlen);
    if (h)
        c->curl->easy_cleanup(h);
    free(body);
    free(a.data);
    return rc;
}
