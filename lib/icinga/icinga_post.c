/*
 * icinga_post.c - a POST that reaches Icinga at most once (see
 * icinga_post.h).
 */
#include "icinga_post.h"

#include <stdio.h>
#include <string.h>

static size_t post_read(char *buffer, size_t size, size_t nitems, void *userdata)
{
    struct icinga_post *p = userdata;
    size_t room = size * nitems;
    size_t left = p->len - p->offset;
    size_t n = left < room ? left : room;
    memcpy(buffer, p->body + p->offset, n);
    p->offset += n;
    p->body_taken = p->body_taken || n > 0;
    return n;
}

/* Asked only to rewind a body already (partly) sent, for libcurl's own
 * resend on a fresh connection: refused, the first copy may be processed. */
static int post_seek(void *userdata, curl_off_t offset, int origin)
{
    struct icinga_post *p = userdata;
    if (offset == 0 && origin == SEEK_SET && !p->body_taken)
        return CURL_SEEKFUNC_OK;
    p->rewind_refused = true;
    return CURL_SEEKFUNC_FAIL;
}

CURLcode icinga_post_setup(const struct icinga_conn *c, CURL *h, struct icinga_post *p,
                           const char *body)
{
    *p = (struct icinga_post){.body = body, .len = strlen(body)};
    CURLcode rc = c->curl->easy_setopt(h, CURLOPT_POST, 1L);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)p->len);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_READFUNCTION, post_read);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_READDATA, p);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_SEEKFUNCTION, post_seek);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_SEEKDATA, p);
    return rc;
}

enum icinga_post_fate icinga_post_fate(CURLcode rc, long status, bool body_taken)
{
    if (rc == CURLE_OK)
        return status == 503 ? ICINGA_POST_RETRY : ICINGA_POST_ANSWERED;
    if (body_taken)
        return ICINGA_POST_UNKNOWN;
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
        return ICINGA_POST_RETRY;
    default:
        return ICINGA_POST_NOT_SENT;
    }
}

void icinga_post_error(const struct icinga_conn *c, CURLcode rc, const struct icinga_post *p,
                       const char *errbuf, char *out, size_t len)
{
    char what[256];
    if (p->rewind_refused)
        snprintf(what, sizeof(what), "the connection closed after the request was sent");
    else
        icinga_conn_curl_error(c, rc, errbuf, what, sizeof(what));
    if (icinga_post_fate(rc, 0, p->body_taken) == ICINGA_POST_UNKNOWN)
        snprintf(out, len, "%s: outcome unknown (Icinga may have stored the result; not resent)",
                 what);
    else
        snprintf(out, len, "%s", what);
}
