/*
 * icinga_post.h - a POST that reaches Icinga at most once.
 *
 * POST /v1/actions/process-check-result is not idempotent: each copy that
 * arrives is one more check result, one more state change and one more
 * notification.  So a request is sent again only when it cannot have
 * reached Icinga (icinga_post_fate says which); an empty reply or a
 * broken connection after the request went out is an unknown outcome,
 * counted as a failure and never sent again.
 *
 * libcurl resends on its own too: when a kept-alive connection dies with
 * nothing received, it retries the request on a fresh one, rewinding the
 * body if any of it was sent (with CURLOPT_POSTFIELDS, 12 results whose
 * connections closed unanswered on their second request arrived as 23
 * POSTs at test_icinga's stub).  The body is therefore handed over through
 * a read callback whose seek callback refuses that rewind: the transfer
 * ends in CURLE_SEND_FAIL_REWIND, an unknown outcome like an empty reply,
 * and the result is not sent twice.  A request whose body had not left yet
 * may still be retried by libcurl, which is harmless.
 */
#ifndef MULTIPING_ICINGA_POST_H
#define MULTIPING_ICINGA_POST_H

#include "icinga_conn.h"

#include <stdbool.h>
#include <stddef.h>

/* One request's body; lives as long as the transfer (the caller's slot). */
struct icinga_post {
    const char *body;
    size_t len;
    size_t offset;       /* handed to libcurl so far */
    bool body_taken;     /* libcurl read some of it: it may have been sent */
    bool rewind_refused; /* libcurl wanted to resend it: refused */
};

/* What a finished transfer tells about the request. */
enum icinga_post_fate {
    ICINGA_POST_ANSWERED, /* an HTTP answer (not 503): its status says how it went */
    ICINGA_POST_RETRY,    /* not processed, and sending it again may help */
    ICINGA_POST_NOT_SENT, /* not processed; sending it again would not help */
    ICINGA_POST_UNKNOWN,  /* may have been processed: never sent again */
};

/* Set up h to POST body (NUL-terminated, owned by the caller and kept
 * until the transfer ends) through p; a CURLcode. */
CURLcode icinga_post_setup(const struct icinga_conn *c, CURL *h, struct icinga_post *p,
                           const char *body);

/*
 * The fate of a transfer that ended with rc and, when rc is CURLE_OK, HTTP
 * status; body_taken from its struct icinga_post.  Retried: a 503 (the
 * server did not take the request), a refused connection, and a reset or
 * an empty reply before libcurl had read any of the body (the request
 * never arrived whole).  Not sent: any other failure before the body was
 * read (TLS, name lookup, a timeout while connecting).  Once the body may
 * have left, every failure is unknown.  Pure.
 */
enum icinga_post_fate icinga_post_fate(CURLcode rc, long status, bool body_taken);

/* icinga_conn_curl_error's text for a failed transfer, saying when the
 * outcome is unknown (the result may have been stored; not sent again). */
void icinga_post_error(const struct icinga_conn *c, CURLcode rc, const struct icinga_post *p,
                       const char *errbuf, char *out, size_t len);

#endif
