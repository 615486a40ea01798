/*
 * icinga_conn.h - how every request to the Icinga 2 REST API is made: the
 * base URL, credentials and TLS files, set on a libcurl handle in one
 * place, and a curl or HTTP failure turned into one line for the user.
 *
 * Secrets: the password is handed to libcurl with CURLOPT_PASSWORD, never
 * put in a URL (libcurl's error texts may quote the URL), and a URL that
 * carries user information is refused.  The password buffer belongs to
 * the caller, who wipes it (icinga_conn_wipe) once the run is over.
 * Only https:// and http:// are allowed and redirects are not followed,
 * so credentials go nowhere but the configured API.  For the same reason
 * a proxy from the environment (http_proxy, ALL_PROXY, ...) is ignored:
 * only --api-proxy makes libcurl use one.
 *
 * Trust: without --api-ca, libcurl's default CA bundle and directory (the
 * system store); with it, that file's CAs and nothing else.
 */
#ifndef MULTIPING_ICINGA_CONN_H
#define MULTIPING_ICINGA_CONN_H

#include "curldl.h"

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>

#define ICINGA_PASSWORD_MAX 1024

struct icinga_conn {
    const struct curldl *curl; /* libcurl, loaded by main (curldl.h) */
    const char *url;           /* "https://host:5665", no trailing path */
    const char *user;
    char password[ICINGA_PASSWORD_MAX]; /* "" when unset */
    const char *ca;                     /* --api-ca (only CA trusted), or NULL: system CAs */
    const char *cert;                   /* --api-cert, --api-key: client certificate auth */
    const char *key;
    const char *proxy; /* --api-proxy, or NULL: no proxy, whatever the environment says */
};

/* Refuse a URL with user information or an unknown scheme; 0 or -1. */
int icinga_conn_check_url(const char *url, char *err, size_t errlen);

/* Refuse a proxy URL with user information; 0 or -1. */
int icinga_conn_check_proxy(const char *url, char *err, size_t errlen);

/* Read the password from a file (first line, without its newline); -1
 * with a message that never quotes the file's content. */
int icinga_conn_read_password(struct icinga_conn *c, const char *path, char *err, size_t errlen);
/* Take the password from the environment variable and wipe it there, so it
 * no longer shows in /proc/PID/environ; 1 taken, 0 not set, -1 too long. */
int icinga_conn_password_from_env(struct icinga_conn *c, const char *name, char *err,
                                  size_t errlen);
void icinga_conn_wipe(struct icinga_conn *c);

/*
 * Set up handle h for PATH (e.g. "/v1/actions/process-check-result"):
 * URL, auth, TLS, JSON headers (list owned by the caller, built by
 * icinga_conn_headers), timeouts (timeout_ms for the whole transfer), no
 * signals (threads), no redirects.  Returns a CURLcode.
 */
CURLcode icinga_conn_setup(const struct icinga_conn *c, CURL *h, const char *path,
                           struct curl_slist *headers, long timeout_ms);
/* Accept/Content-Type JSON, plus override when not NULL
 * ("X-HTTP-Method-Override: GET"); NULL when out of memory. */
struct curl_slist *icinga_conn_headers(const struct icinga_conn *c, const char *override);

/* "TLS: certificate verify failed" style text for a failed transfer, from
 * the code and the handle's error buffer; never holds a secret. */
void icinga_conn_curl_error(const struct icinga_conn *c, CURLcode rc, const char *errbuf, char *out,
                            size_t len);

/* What an HTTP status means here, e.g. 401 -> "401 Unauthorized (check
 * --api-user and the password)". */
void icinga_conn_http_error(long status, const char *api_status, char *out, size_t len);

/* Milliseconds from now to deadline_ns (CLOCK_MONOTONIC), at least 1. */
long icinga_conn_remaining_ms(uint64_t deadline_ns);

#endif
