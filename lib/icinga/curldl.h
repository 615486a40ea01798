/*
 * curldl.h - libcurl, loaded only when a run talks to the Icinga 2 API.
 *
 * Why not link it: libcurl brings about 30 libraries with it (OpenSSL,
 * GnuTLS, Kerberos, LDAP, ...), and the dynamic loader maps and relocates
 * them all at every start.  Measured on a plain one-host check: 1.25 ms ->
 * 4.75 ms of CPU and 1.7 MB -> 8.3 MB of RSS, paid by every run although
 * only bulk runs with --api use HTTP.  So the plugin does not link
 * libcurl; curldl_load() dlopen()s its SONAME once, before any thread,
 * and the API modules call it through this table, which main owns and
 * hands over inside struct icinga_conn (read-only after the load).
 */
#ifndef MULTIPING_CURLDL_H
#define MULTIPING_CURLDL_H

#include <curl/curl.h>
#include <stddef.h>

#define CURLDL_SONAME "libcurl.so.4"

struct curldl {
    void *handle;
    CURLcode (*global_init)(long flags);
    void (*global_cleanup)(void);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *h);
    void (*easy_reset)(CURL *h);
    CURLcode (*easy_setopt)(CURL *h, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
    CURLcode (*easy_perform)(CURL *h);
    const char *(*easy_strerror)(CURLcode rc);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
    void (*slist_free_all)(struct curl_slist *list);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *m);
    CURLMcode (*multi_setopt)(CURLM *m, CURLMoption option, ...);
    CURLMcode (*multi_add_handle)(CURLM *m, CURL *h);
    CURLMcode (*multi_remove_handle)(CURLM *m, CURL *h);
    CURLMcode (*multi_perform)(CURLM *m, int *running);
    CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd *extra, unsigned extra_count,
                            int timeout_ms, int *numfds);
    CURLMsg *(*multi_info_read)(CURLM *m, int *left);
};

/* dlopen libcurl, resolve every function and run curl_global_init (call
 * before any thread starts).  -1 with a message naming what is missing. */
int curldl_load(struct curldl *dl, char *err, size_t errlen);
/* curl_global_cleanup and dlclose; safe on a table never loaded. */
void curldl_unload(struct curldl *dl);

#endif
