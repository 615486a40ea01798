/*
 * submit_icinga.c - results to the Icinga 2 API over a few kept-alive
 * connections (see submit_icinga.h).  Everything runs on the calling
 * thread: libcurl's multi handle drives the transfers, so there is no
 * shared state and no lock.
 */
#include "submit_icinga.h"
#include "clock.h"

#include "icinga/icinga_post.h"

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

char *icinga_submit_body(const struct submit_item *item, const struct submit_batch *b, double now)
{
    json_t *body = json_pack(
        "{s:s, s:o, s:i, s:s, s:o, s:s, s:f, s:f, s:I}", "type", b->service ? "Service" : "Host",
        b->service ? "service" : "host", object_name(item, b), "exit_status", item->exit_status,
        "plugin_output", item->output, "performance_data", perfdata_array(item), "check_source",
        b->check_source, "execution_start", now, "execution_end", now, "ttl", (json_int_t)b->ttl_s);
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    return text;
}

/* The answer's result for the object: Icinga answers one "results" entry
 * per object the request named, {"code": 200, "status": "..."}. */
static enum icinga_answer classify_result(json_t *result, char *reason, size_t len)
{
    double code = json_number_value(json_object_get(result, "code"));
    const char *text = json_string_value(json_object_get(result, "status"));
    if (code == 200.0)
        return ICINGA_ANSWER_OK;
    /* not icinga_conn_http_error: a 403 here is about the object (e.g.
     * its passive checks are disabled), not the ApiUser's permissions */
    snprintf(reason, len, "HTTP %.0f for the object: %s", code, text ? text : "no status");
    return code == 409.0 ? ICINGA_ANSWER_SUPERSEDED : ICINGA_ANSWER_OBJECT;
}

enum icinga_answer icinga_submit_classify(long status, const char *json, size_t n, char *reason,
                                          size_t len)
{
    json_t *root = json_loadb(json, n, 0, NULL);
    json_t *results = json_object_get(root, "results");
    const char *text = json_string_value(json_object_get(root, "status"));
    enum icinga_answer kind;
    reason[0] = '\0';
    if (json_is_array(results) && json_array_size(results) > 0) {
        kind = classify_result(json_array_get(results, 0), reason, len);
    } else if (status == 401 || status == 403) {
        /* no result for the object: the request itself was refused */
        icinga_conn_http_error(status, text ? text : "", reason, len);
        kind = ICINGA_ANSWER_REQUEST;
    } else if (status == 404) {
        snprintf(reason, len, "HTTP 404: no such object (deleted since the host query?)");
        kind = ICINGA_ANSWER_OBJECT;
    } else {
        if (status == 200)
            snprintf(reason, len, "HTTP 200 without a result for the object: %s",
                     text ? text : "unexpected answer");
        else
            icinga_conn_http_error(status, text ? text : "", reason, len);
        kind = ICINGA_ANSWER_OBJECT;
    }
    json_decref(root);
    return kind;
}

long icinga_submit_object_code(long status, const char *json, size_t n)
{
    json_t *root = json_loadb(json, n, 0, NULL);
    json_t *results = json_object_get(root, "results");
    long code = status;
    if (json_is_array(results) && json_array_size(results) > 0)
        code = (long)json_number_value(json_object_get(json_array_get(results, 0), "code"));
    json_decref(root);
    return code;
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

#define HELD_REASON "not sent: its host was not finished when -t ran out"

/* Start item s->index on slot s: 0 started, 1 settled without sending
 * (held back, or no body could be made for it), -1 no transfer could be
 * set up (out of memory: every further one would fail too). */
static int slot_start(struct icinga_sink *k, struct slot *s, struct run *r)
{
    struct submit_item item;
    if (s->attempts == 0 || !s->body) {
        r->b->format(r->b->ctx, s->index, &item);
        if (item.unfinished) {
            submit_record(r->b, r->c, s->index, SUBMIT_HELD, HELD_REASON);
            return 1;
        }
        free(s->body);
        s->body = icinga_submit_body(&item, r->b, submit_wall_clock());
        if (!s->body) {
            submit_record(r->b, r->c, s->index, SUBMIT_FAILED,
                          "cannot make the request body (a text that is not UTF-8?)");
            return 1;
        }
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

/* A transfer that got no HTTP answer, or one after its retries. */
static void note_failure(struct icinga_sink *k, struct slot *s, struct run *r, CURLcode rc,
                         long status)
{
    char msg[256];
    if (rc != CURLE_OK) {
        icinga_post_error(k->conn, rc, &s->post, s->errbuf, msg, sizeof(msg));
        r->fatal = r->fatal || is_fatal_curl(rc);
    } else if (icinga_submit_classify(status, s->answer, s->answer_len, msg, sizeof(msg)) ==
               ICINGA_ANSWER_REQUEST) {
        r->fatal = true;
    }
    submit_note_error(r->c, "Icinga 2 API %s: %s", k->conn->url, msg);
    submit_record(r->b, r->c, s->index, SUBMIT_FAILED, msg);
}

/* An HTTP answer: the object's result, or the whole request refused. */
static void note_answer(struct icinga_sink *k, struct slot *s, struct run *r, long status)
{
    char msg[256];
    switch (icinga_submit_classify(status, s->answer, s->answer_len, msg, sizeof(msg))) {
    case ICINGA_ANSWER_OK:
        submit_record(r->b, r->c, s->index, SUBMIT_OK, "");
        return;
    case ICINGA_ANSWER_SUPERSEDED:
        submit_record(r->b, r->c, s->index, SUBMIT_SUPERSEDED, msg);
        return;
    case ICINGA_ANSWER_REQUEST:
        r->fatal = true;
        break;
    case ICINGA_ANSWER_OBJECT: {
        /* 4xx: the object answered for itself (no such object, passive
         * checks disabled, a bad request), and would again */
        long code = icinga_submit_object_code(status, s->answer, s->answer_len);
        submit_note_error(r->c, "Icinga 2 API %s: %s", k->conn->url, msg);
        submit_record(r->b, r->c, s->index,
                      code >= 400 && code < 500 ? SUBMIT_REFUSED : SUBMIT_FAILED, msg);
        return;
    }
    }
    submit_note_error(r->c, "Icinga 2 API %s: %s", k->conn->url, msg);
    submit_record(r->b, r->c, s->index, SUBMIT_FAILED, msg);
}

/* A transfer ended: count it, or send it once more. */
static void slot_done(struct icinga_sink *k, struct slot *s, struct run *r, CURLcode rc)
{
    long status = 0;
    k->conn->curl->multi_remove_handle(k->multi, s->h);
    s->busy = false;
    r->in_flight--;
    if (rc == CURLE_OK)
        k->conn->curl->easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &status);
    if (rc == CURLE_OK && status != 503) {
        note_answer(k, s, r, status);
        return;
    }
    bool retry = icinga_post_fate(rc, status, s->post.body_taken) == ICINGA_POST_RETRY;
    if (retry && s->attempts < 2 && clock_mono_ns() < r->b->deadline_ns && slot_start(k, s, r) == 0)
        return;
    note_failure(k, s, r, rc, status);
}

static void fill_slots(struct icinga_sink *k, struct run *r)
{
    for (int i = 0; i < ICINGA_SUBMIT_SLOTS; i++) {
        struct slot *s = &k->slots[i];
        int rc = 1;
        while (rc == 1 && !s->busy && !r->fatal && r->next < r->b->count) {
            s->index = r->next++;
            s->attempts = 0;
            rc = slot_start(k, s, r);
        }
        if (rc < 0) {
            submit_note_error(r->c, "Icinga 2 API: cannot set up a request (out of memory?)");
            submit_record(r->b, r->c, s->index, SUBMIT_FAILED, "cannot set up a request");
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

/* What the deadline or a whole-request failure left: every item still
 * in flight or not sent gets its reason (held back, if its host was not
 * finished: it would not have been sent anyway). */
static void abandon_rest(struct icinga_sink *k, struct run *r)
{
    char reason[SUBMIT_ERROR_LEN + 32];
    struct submit_item item;
    for (int i = 0; i < ICINGA_SUBMIT_SLOTS; i++) {
        if (!k->slots[i].busy)
            continue;
        k->conn->curl->multi_remove_handle(k->multi, k->slots[i].h);
        k->slots[i].busy = false;
        r->in_flight--;
        submit_record(r->b, r->c, k->slots[i].index, SUBMIT_FAILED,
                      "no answer before the deadline (-t)");
    }
    snprintf(reason, sizeof(reason), "not sent: %s",
             r->fatal && r->c->error[0] ? r->c->error : "the deadline (-t) came first");
    for (; r->next < r->b->count; r->next++) {
        r->b->format(r->b->ctx, r->next, &item);
        submit_record(r->b, r->c, r->next, item.unfinished ? SUBMIT_HELD : SUBMIT_FAILED,
                      item.unfinished ? HELD_REASON : reason);
    }
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
        if (clock_mono_ns() >= b->deadline_ns) {
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
    abandon_rest(k, &r);
    if (c->failed > c->held && c->error[0] == '\0')
        submit_note_error(c, "Icinga 2 API %s: %zu results not sent", k->conn->url,
                          c->failed - c->held);
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
