/*
 * submit_icinga.c - results to the Icinga 2 API over a few kept-alive
 * connections (see submit_icinga.h).  Everything runs on the calling
 * thread: libcurl's multi handle drives the transfers, so there is no
 * shared state and no lock.
 */
#include "submit_icinga.h"

#include "icinga/icinga_post.h"
#include "resolve/readyq.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
    CURL *h;
    char *body;
    struct icinga_post post; /* body going out once (icinga_post.h) */
    size_t index;            /* of the batch item in flight */
    int attempts;
    bool busy;
    size_t answer_len;
    char answer[ICINGA_SUBMIT_RESPONSE_MAX + 1];
    char errbuf[CURL_ERROR_SIZE];
};

struct icinga_sink {
    struct submit_sink sink;
    const struct icinga_conn *conn;
    CURLM *multi;
    struct curl_slist *headers;
    struct slot slots[ICINGA_SUBMIT_SLOTS];
};

/* What one run of the loop keeps. */
struct run {
    const struct submit_batch *b;
    struct submit_counts *c;
    size_t next;
    int in_flight;
    bool fatal;
};

/* ---- JSON ------------------------------------------------------------------ */

static json_t *perfdata_array(const struct submit_item *item)
{
    json_t *a = json_array();
    if (a && item->rta[0])
        json_array_append_new(a, json_string(item->rta));
    if (a && item->pl[0])
        json_array_append_new(a, json_string(item->pl));
    if (a && item->jitter[0])
        json_array_append_new(a, json_string(item->jitter));
    for (const char *p = item->perfdata; a && p && *p;) {
        size_t n = strcspn(p, " ");
        if (n > 0)
            json_array_append_new(a, json_stringn(p, n));
        p += n + (p[n] == ' ');
    }
    return a;
}

/* The object by name ("host" or "service": "HOST!SERVICE"): Icinga looks
 * it up directly, where a filter would be evaluated on every object. */
static json_t *object_name(const struct submit_item *item, const struct submit_batch *b)
{
    if (!b->service)
        return json_string(item->object);
    char *full = NULL;
    if (asprintf(&full, "%s!%s", item->object, b->service) < 0)
        return NULL;
    json_t *name = json_string(full);
    free(full);
    return name;
}

char *icinga_submit_body(const struct submit_item *item, const struct submit_batch *b)
{
    json_t *body = json_pack(
        "{s:s, s:o, s:i, s:s, s:o, s:s, s:f, s:f, s:I}", "type", b->service ? "Service" : "Host",
        b->service ? "service" : "host", object_name(item, b), "exit_status", item->exit_status,
        "plugin_output", item->output, "performance_data", perfdata_array(item), "check_source",
        b->check_source, "execution_start",
        item->execution_start > 0 ? item->execution_start : b->execution_start, "execution_end",
        item->execution_end > 0 ? item->execution_end : b->execution_end, "ttl",
        (json_int_t)b->ttl_s);
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    return text;
}

int icinga_submit_answer_code(const char *json, size_t n)
{
    json_t *root = json_loadb(json, n, 0, NULL);
    json_t *results = json_object_get(root, "results");
    int code =
        json_is_array(results) ? 200 : (int)json_number_value(json_object_get(root, "error"));
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
    {
        double c = json_number_value(json_object_get(r, "code"));
        if (c != 200.0)
            code = (int)c;
    }
    json_decref(root);
    return code;
}

int icinga_submit_answer_ok(const char *json, size_t n, char *status, size_t len)
{
    json_t *root = json_loadb(json, n, 0, NULL);
    json_t *results = json_object_get(root, "results");
    int ok = json_is_array(results) && json_array_size(results) > 0;
    size_t i;
    json_t *r;
    status[0] = '\0';
    json_array_foreach(results, i, r)
    {
        if (json_number_value(json_object_get(r, "code")) != 200.0) {
            const char *s = json_string_value(json_object_get(r, "status"));
            snprintf(status, len, "%s", s ? s : "no status");
            ok = 0;
        }
    }
    if (!json_is_array(results)) {
        const char *s = json_string_value(json_object_get(root, "status"));
        snprintf(status, len, "%s", s ? s : "unexpected answer");
    }
    json_decref(root);
    return ok;
}

/* ---- transfers ------------------------------------------------------------- */

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct slot *s = userdata;
    size_t n = size * nmemb;
    size_t room = ICINGA_SUBMIT_RESPONSE_MAX - s->answer_len;
    size_t take = n < room ? n : room; /* the rest is not needed: drop it */
    memcpy(s->answer + s->answer_len, ptr, take);
    s->answer_len += take;
    s->answer[s->answer_len] = '\0';
    return n;
}

static int slot_start(struct icinga_sink *k, struct slot *s, struct run *r)
{
    struct submit_item item;
    if (s->attempts == 0 || !s->body) {
        r->b->format(r->b->ctx, s->index, &item);
        free(s->body);
        s->body = icinga_submit_body(&item, r->b);
        if (!s->body)
            return -1;
    }
    k->conn->curl->easy_reset(s->h);
    s->answer_len = 0;
    s->errbuf[0] = '\0';
    CURLcode rc = icinga_conn_setup(k->conn, s->h, "/v1/actions/process-check-result", k->headers,
                                    icinga_conn_remaining_ms(r->b->deadline_ns));
    if (rc == CURLE_OK)
        rc = k->conn->curl->easy_setopt(s->h, CURLOPT_ERRORBUFFER, s->errbuf);
    if (rc == CURLE_OK)
        rc = icinga_post_setup(k->conn, s->h, &s->post, s->body);
    if (rc == CURLE_OK)
        rc = k->conn->curl->easy_setopt(s->h, CURLOPT_WRITEFUNCTION, collect);
    if (rc == CURLE_OK)
        rc = k->conn->curl->easy_setopt(s->h, CURLOPT_WRITEDATA, s);
    if (rc == CURLE_OK)
        rc = k->conn->curl->easy_setopt(s->h, CURLOPT_PRIVATE, s);
    if (rc != CURLE_OK || k->conn->curl->multi_add_handle(k->multi, s->h) != CURLM_OK)
        return -1;
    s->attempts++;
    s->busy = true;
    r->in_flight++;
    return 0;
}

static bool is_fatal_curl(CURLcode rc)
{
    return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
           rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_SSL_CONNECT_ERROR ||
           rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
           rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT;
}

static void note_failure(struct icinga_sink *k, struct slot *s, struct run *r, CURLcode rc,
                         long status)
{
    char msg[256], api[200];
    if (rc != CURLE_OK) {
        icinga_post_error(k->conn, rc, &s->post, s->errbuf, msg, sizeof(msg));
        r->fatal = r->fatal || is_fatal_curl(rc);
    } else if (status == 200) {
        icinga_submit_answer_ok(s->answer, s->answer_len, api, sizeof(api));
        snprintf(msg, sizeof(msg), "%s", api);
    } else {
        icinga_submit_answer_ok(s->answer, s->answer_len, api, sizeof(api));
        icinga_conn_http_error(status, api, msg, sizeof(msg));
        r->fatal = r->fatal || status == 401 || status == 403;
    }
    submit_note_error(r->c, "Icinga 2 API %s: %s", k->conn->url, msg);
}

/* A failed item's fate for callers that retry: an object that does not
 * exist is refused for good; a newer result already there (409) is as
 * good as this one; anything else may go through later. */
static enum submit_outcome answer_outcome(const struct slot *s, CURLcode rc, long status)
{
    if (rc != CURLE_OK)
        return SUBMIT_RETRY;
    int code = status == 200 ? icinga_submit_answer_code(s->answer, s->answer_len) : (int)status;
    if (status == 404 || code == 404)
        return SUBMIT_REFUSED;
    return code == 409 || status == 409 ? SUBMIT_OK : SUBMIT_RETRY;
}

/* A transfer ended: count it, or send it once more. */
static void slot_done(struct icinga_sink *k, struct slot *s, struct run *r, CURLcode rc)
{
    char status_text[200];
    long status = 0;
    k->conn->curl->multi_remove_handle(k->multi, s->h);
    s->busy = false;
    r->in_flight--;
    if (rc == CURLE_OK)
        k->conn->curl->easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &status);
    if (rc == CURLE_OK && status == 200 &&
        icinga_submit_answer_ok(s->answer, s->answer_len, status_text, sizeof(status_text))) {
        r->c->submitted++;
        submit_report(r->b, s->index, SUBMIT_OK);
        return;
    }
    bool retry = icinga_post_fate(rc, status, s->post.body_taken) == ICINGA_POST_RETRY;
    if (retry && s->attempts < 2 && readyq_now_ns() < r->b->deadline_ns && slot_start(k, s, r) == 0)
        return;
    note_failure(k, s, r, rc, status);
    submit_report(r->b, s->index, answer_outcome(s, rc, status));
}

static void fill_slots(struct icinga_sink *k, struct run *r)
{
    for (int i = 0; i < ICINGA_SUBMIT_SLOTS; i++) {
        struct slot *s = &k->slots[i];
        if (s->busy || r->fatal || r->next >= r->b->count)
            continue;
        s->index = r->next++;
        s->attempts = 0;
        if (slot_start(k, s, r) < 0) {
            submit_note_error(r->c, "Icinga 2 API: cannot set up a request (out of memory?)");
            submit_report(r->b, s->index, SUBMIT_RETRY);
            r->fatal = true;
        }
    }
}

static void reap(struct icinga_sink *k, struct run *r)
{
    CURLMsg *m;
    int left;
    while ((m = k->conn->curl->multi_info_read(k->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        struct slot *s = NULL;
        CURLcode rc = m->data.result;
        k->conn->curl->easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
        if (s)
            slot_done(k, s, r, rc);
    }
}

static void abandon_in_flight(struct icinga_sink *k, struct run *r)
{
    for (int i = 0; i < ICINGA_SUBMIT_SLOTS; i++) {
        if (!k->slots[i].busy)
            continue;
        k->conn->curl->multi_remove_handle(k->multi, k->slots[i].h);
        k->slots[i].busy = false;
        r->in_flight--;
        submit_report(r->b, k->slots[i].index, SUBMIT_RETRY);
    }
    for (; r->next < r->b->count; r->next++)
        submit_report(r->b, r->next, SUBMIT_RETRY); /* never started */
}

static void icinga_send(struct submit_sink *sink, const struct submit_batch *b,
                        struct submit_counts *c)
{
    struct icinga_sink *k = (struct icinga_sink *)sink;
    struct run r = {b, c, 0, 0, false};
    memset(c, 0, sizeof(*c));
    for (;;) {
        fill_slots(k, &r);
        if (r.in_flight == 0)
            break;
        if (readyq_now_ns() >= b->deadline_ns) {
            submit_note_error(c, "Icinga 2 API %s: timed out with %zu of %zu results unconfirmed",
                              k->conn->url, b->count - c->submitted, b->count);
            break;
        }
        int running;
        k->conn->curl->multi_perform(k->multi, &running);
        reap(k, &r);
        long wait = icinga_conn_remaining_ms(b->deadline_ns);
        if (r.in_flight > 0)
            k->conn->curl->multi_poll(k->multi, NULL, 0, wait > 200 ? 200 : (int)wait, NULL);
    }
    abandon_in_flight(k, &r);
    c->failed = b->count - c->submitted;
    if (c->failed > 0 && c->error[0] == '\0')
        submit_note_error(c, "Icinga 2 API %s: %zu results not sent", k->conn->url, c->failed);
}

static void icinga_free(struct submit_sink *sink)
{
    struct icinga_sink *k = (struct icinga_sink *)sink;
    for (int i = 0; i < ICINGA_SUBMIT_SLOTS; i++) {
        if (k->slots[i].h)
            k->conn->curl->easy_cleanup(k->slots[i].h);
        free(k->slots[i].body);
    }
    if (k->multi)
        k->conn->curl->multi_cleanup(k->multi);
    k->conn->curl->slist_free_all(k->headers);
    free(k);
}

struct submit_sink *submit_icinga_new(const struct icinga_conn *conn, char *err, size_t errlen)
{
    struct icinga_sink *k = calloc(1, sizeof(*k));
    bool ok = k != NULL;
    if (ok) {
        k->sink.name = "Icinga 2 API";
        k->sink.send = icinga_send;
        k->sink.free = icinga_free;
        k->conn = conn;
        k->multi = k->conn->curl->multi_init();
        k->headers = icinga_conn_headers(conn, NULL);
        ok = k->multi && k->headers;
    }
    for (int i = 0; ok && i < ICINGA_SUBMIT_SLOTS; i++)
        ok = (k->slots[i].h = k->conn->curl->easy_init()) != NULL;
    if (ok)
        ok = k->conn->curl->multi_setopt(k->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                                         (long)ICINGA_SUBMIT_SLOTS) == CURLM_OK;
    if (!ok) {
        if (k)
            icinga_free(&k->sink);
        snprintf(err, errlen, "out of memory setting up the Icinga 2 API client");
        return NULL;
    }
    return &k->sink;
}
