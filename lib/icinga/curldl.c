/*
 * curldl.c - load libcurl on demand (see curldl.h).
 */
#include "curldl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* dlsym() returns a data pointer; the copy through memcpy avoids the
 * object/function pointer cast that ISO C leaves undefined. */
static int resolve(void *handle, const char *name, void *fn_slot, size_t size, char *err,
                   size_t errlen)
{
    void *sym = dlsym(handle, name);
    if (!sym) {
        snprintf(err, errlen, "%s has no %s (libcurl too old?)", CURLDL_SONAME, name);
        return -1;
    }
    memcpy(fn_slot, &sym, size);
    return 0;
}

#define RESOLVE(field)                                                                             \
    resolve(dl->handle, "curl_" #field, &dl->field, sizeof(dl->field), err, errlen)

static int resolve_all(struct curldl *dl, char *err, size_t errlen)
{
    return RESOLVE(global_init) || RESOLVE(global_cleanup) || RESOLVE(easy_init) ||
                   RESOLVE(easy_cleanup) || RESOLVE(easy_reset) || RESOLVE(easy_setopt) ||
                   RESOLVE(easy_getinfo) || RESOLVE(easy_perform) || RESOLVE(easy_strerror) ||
                   RESOLVE(slist_append) || RESOLVE(slist_free_all) || RESOLVE(multi_init) ||
                   RESOLVE(multi_cleanup) || RESOLVE(multi_setopt) || RESOLVE(multi_add_handle) ||
                   RESOLVE(multi_remove_handle) || RESOLVE(multi_perform) || RESOLVE(multi_poll) ||
                   RESOLVE(multi_info_read)
               ? -1
               : 0;
}

int curldl_load(struct curldl *dl, char *err, size_t errlen)
{
    memset(dl, 0, sizeof(*dl));
    if (errlen > 0)
        err[0] = '\0';
    dl->handle = dlopen(CURLDL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!dl->handle) {
        const char *why = dlerror();
        snprintf(err, errlen, "cannot load %s for --api (Debian package libcurl4): %s",
                 CURLDL_SONAME, why ? why : "unknown error");
        return -1;
    }
    if (resolve_all(dl, err, errlen) < 0 || dl->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        if (!err[0])
            snprintf(err, errlen, "cannot initialise libcurl");
        dlclose(dl->handle);
        memset(dl, 0, sizeof(*dl));
        return -1;
    }
    return 0;
}

void curldl_unload(struct curldl *dl)
{
    if (!dl->handle)
        return;
    dl->global_cleanup();
    dlclose(dl->handle);
    memset(dl, 0, sizeof(*dl));
}
