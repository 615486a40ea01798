/*
 * icinga_conn.c - libcurl handle setup, secrets and error texts for the
 * Icinga 2 API (see icinga_conn.h).
 */
#include "icinga_conn.h"
#include "clock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* User information in the URL's authority: a password on the command
 * line, and in libcurl's error texts. */
static bool has_userinfo(const char *url)
{
    const char *scheme_end = strstr(url, "://");
    const char *rest = scheme_end ? scheme_end + 3 : url;
    return memchr(rest, '@', strcspn(rest, "/?#")) != NULL;
}

int icinga_conn_check_url(const char *url, char *err, size_t errlen)
{
    const char *rest = NULL;
    if (strncmp(url, "https://", 8) == 0)
        rest = url + 8;
    else if (strncmp(url, "http://", 7) == 0)
        rest = url + 7;
    if (!rest || *rest == '\0') {
        snprintf(err, errlen, "--api: the URL must start with https:// (or http://)");
        return -1;
    }
    if (has_userinfo(url)) {
        /* the text is not quoted: it holds a password */
        snprintf(err, errlen,
                 "--api: credentials do not belong in the URL; use --api-user and "
                 "--api-password-file");
        return -1;
    }
    return 0;
}

int icinga_conn_check_proxy(const char *url, char *err, size_t errlen)
{
    if (!has_userinfo(url))
        return 0;
    snprintf(err, errlen, "--api-proxy: credentials do not belong in the URL");
    return -1;
}

static int take_password(struct icinga_conn *c, const char *text, size_t n, char *err,
                         size_t errlen, const char *where)
{
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
        n--;
    if (n >= sizeof(c->password)) {
        snprintf(err, errlen, "%s: the password is longer than %zu bytes", where,
                 sizeof(c->password) - 1);
        return -1;
    }
    if (memchr(text, '\0', n)) {
        /* libcurl would send it cut at the NUL: a wrong password */
        snprintf(err, errlen, "%s: the password holds a NUL byte", where);
        return -1;
    }
    memcpy(c->password, text, n);
    c->password[n] = '\0';
    return 0;
}

int icinga_conn_read_password(struct icinga_conn *c, const char *path, char *err, size_t errlen)
{
    char buf[ICINGA_PASSWORD_MAX + 2];
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        snprintf(err, errlen, "--api-password-file %s: %s", path, strerror(errno));
        return -1;
    }
    ssize_t n = read(fd, buf, sizeof(buf));
    int e = errno;
    close(fd);
    if (n < 0) {
        snprintf(err, errlen, "--api-password-file %s: %s", path, strerror(e));
        return -1;
    }
    /* read() does not terminate the buffer: look for the line end in
     * what was read, never past it */
    const char *newline = memchr(buf, '\n', (size_t)n);
    size_t len = newline ? (size_t)(newline - buf) : (size_t)n;
    int rc;
    if (!newline && (size_t)n == sizeof(buf)) {
        /* the line goes on past the buffer: cutting it would take a
         * wrong password (even where only carriage returns were cut) */
        snprintf(err, errlen, "%s: the password is longer than %d bytes", path,
                 ICINGA_PASSWORD_MAX - 1);
        rc = -1;
    } else {
        rc = take_password(c, buf, len, err, errlen, path);
    }
    explicit_bzero(buf, sizeof(buf));
    return rc;
}

int icinga_conn_password_from_env(struct icinga_conn *c, const char *name, char *err, size_t errlen)
{
    char *value = getenv(name);
    if (!value)
        return 0;
    size_t n = strlen(value);
    int rc = take_password(c, value, n, err, errlen, name);
    /* The original environment block is what /proc/PID/environ shows. */
    explicit_bzero(value, n);
    unsetenv(name);
    return rc < 0 ? -1 : 1;
}

void icinga_conn_wipe(struct icinga_conn *c)
{
    explicit_bzero(c->password, sizeof(c->password));
}

struct curl_slist *icinga_conn_headers(const struct icinga_conn *c, const char *override)
{
    struct curl_slist *list = c->curl->slist_append(NULL, "Accept: application/json");
    struct curl_slist *more =
        list ? c->curl->slist_append(list, "Content-Type: application/json") : NULL;
    if (more && override)
        more = c->curl->slist_append(more, override);
    if (!more)
        c->curl->slist_free_all(list);
    return more;
}

/* --api-ca pins: CURLOPT_CAINFO alone replaces the default bundle file
 * but leaves libcurl's default CA directory (/etc/ssl/certs on Debian)
 * trusted, so any CA of the system store would still be accepted.  A NULL
 * CURLOPT_CAPATH removes that directory; with a CA file set, libcurl then
 * loads nothing else (no OpenSSL default paths either). */
static CURLcode setup_tls(const struct icinga_conn *c, CURL *h)
{
    CURLcode rc = CURLE_OK;
    if (c->ca)
        rc = c->curl->easy_setopt(h, CURLOPT_CAINFO, c->ca);
    if (rc == CURLE_OK && c->ca)
        rc = c->curl->easy_setopt(h, CURLOPT_CAPATH, (char *)NULL);
    if (rc == CURLE_OK && c->cert)
        rc = c->curl->easy_setopt(h, CURLOPT_SSLCERT, c->cert);
    if (rc == CURLE_OK && c->key)
        rc = c->curl->easy_setopt(h, CURLOPT_SSLKEY, c->key);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    return rc;
}

/* libcurl follows http_proxy, https_proxy and ALL_PROXY from the
 * environment; a client that sends a password uses a proxy only when
 * --api-proxy names one ("" as NOPROXY: no NO_PROXY host bypasses it). */
static CURLcode setup_proxy(const struct icinga_conn *c, CURL *h)
{
    if (!c->proxy)
        return c->curl->easy_setopt(h, CURLOPT_NOPROXY, "*");
    CURLcode rc = c->curl->easy_setopt(h, CURLOPT_PROXY, c->proxy);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_NOPROXY, "");
    return rc;
}

static CURLcode setup_auth(const struct icinga_conn *c, CURL *h)
{
    if (!c->user)
        return CURLE_OK;
    CURLcode rc = c->curl->easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_USERNAME, c->user);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_PASSWORD, c->password);
    return rc;
}

CURLcode icinga_conn_setup(const struct icinga_conn *c, CURL *h, const char *path,
                           struct curl_slist *headers, long timeout_ms)
{
    char url[2048];
    size_t base = strlen(c->url);
    while (base > 0 && c->url[base - 1] == '/')
        base--;
    if (snprintf(url, sizeof(url), "%.*s%s", (int)base, c->url, path) >= (int)sizeof(url))
        return CURLE_URL_MALFORMAT;
    CURLcode rc = c->curl->easy_setopt(h, CURLOPT_URL, url);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    if (rc == CURLE_OK)
        rc = c->curl->easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    if (rc == CURLE_OK)
        rc = setup_tls(c, h);
    if (rc == CURLE_OK)
        rc = setup_proxy(c, h);
    if (rc == CURLE_OK)
        rc = setup_auth(c, h);
    return rc;
}

void icinga_conn_curl_error(const struct icinga_conn *c, CURLcode rc, const char *errbuf, char *out,
                            size_t len)
{
    const char *what = errbuf && errbuf[0] ? errbuf : c->curl->easy_strerror(rc);
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CONNECT_ERROR:
        snprintf(out, len, "TLS: %s (check --api-ca, --api-cert, --api-key)", what);
        return;
    case CURLE_OPERATION_TIMEDOUT:
        snprintf(out, len, "timed out: %s", what);
        return;
    default:
        snprintf(out, len, "%s", what);
    }
}

void icinga_conn_http_error(long status, const char *api_status, char *out, size_t len)
{
    const char *hint = "";
    if (status == 401)
        hint = "Unauthorized (check --api-user and the password)";
    else if (status == 403)
        hint = "Forbidden (the ApiUser lacks a permission)";
    else if (status == 404)
        hint = "no such object";
    else if (status == 503)
        hint = "Service Unavailable";
    snprintf(out, len, "HTTP %ld %s%s%s", status, hint, api_status && api_status[0] ? ": " : "",
             api_status ? api_status : "");
}

long icinga_conn_remaining_ms(uint64_t deadline_ns)
{
    uint64_t now = clock_mono_ns();
    if (now >= deadline_ns)
        return 1;
    return (long)((deadline_ns - now + 999999) / 1000000);
}
