/*
 * resolve.c - picks the resolver for this run and names the reasons (see
 * resolve.h).
 */
#include "resolve.h"

#include "resolve_ares.h"
#include "resolve_pool.h"

#include <string.h>

int resolve_start(struct resolver *r, struct hostset *set, struct readyq *queue,
                  const struct resolve_config *cfg, char *err, size_t errlen)
{
    memset(r, 0, sizeof(*r));
    nsswitch_read(cfg->nsswitch_path ? cfg->nsswitch_path : "/etc/nsswitch.conf", &r->nss);
    if (r->nss.supported) {
        r->ares = resolve_ares_start(set, queue, cfg, &r->nss, &r->system_errno, err, errlen);
        return r->ares ? 0 : -1;
    }
    unsigned workers = cfg->parallel < RESOLVE_MAX_WORKERS ? cfg->parallel : RESOLVE_MAX_WORKERS;
    r->pool = resolve_pool_start(set, queue, cfg->family, workers ? workers : 1, &r->system_errno,
                                 err, errlen);
    return r->pool ? 0 : -1;
}

bool resolve_stop(struct resolver *r, uint64_t deadline_ns)
{
    if (r->ares) {
        resolve_ares_stop(r->ares);
        r->ares = NULL;
    }
    if (r->pool) {
        if (!resolve_pool_stop(r->pool, deadline_ns))
            return false;
        r->pool = NULL;
    }
    return true;
}
