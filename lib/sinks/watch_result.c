/*
 * watch_result.c - a --watch result's text and perfdata (see
 * watch_result.h).
 */
#include "watch_result.h"

#include "net/icmp.h"
#include "numfmt.h"
#include "resolve/resolve_reason.h"
#include "state.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char *word_of(const struct pending_result *r, bool service)
{
    static const char *const words[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
    if (!service)
        return r->state == 0 ? "OK" : "CRITICAL";
    return words[r->state <= 3 ? r->state : 3];
}

static void perfdata(const struct liveness_stats *s, struct submit_item *item)
{
    char a[NUMFMT_LEN], b[NUMFMT_LEN];
    if (s->received > 0) {
        snprintf(item->rta, sizeof(item->rta), "rta=%sms;;;0",
                 numfmt_ms(a, liveness_stats_rta_us(s)));
        snprintf(item->jitter, sizeof(item->jitter), "jitter=%sms;;;0",
                 numfmt_ms(b, liveness_stats_jitter_us(s)));
    } else {
        snprintf(item->rta, sizeof(item->rta), "rta=U;;;0");
        item->jitter[0] = '\0';
    }
    if (s->sent > 0)
        snprintf(item->pl, sizeof(item->pl), "pl=%s%%;;;0;100",
                 numfmt_pct(a, liveness_stats_loss_pct(s)));
    else
        item->pl[0] = '\0';
}

/* ", last error: host unreachable from 10.0.0.254" or "". */
static void error_text(const struct pending_result *r, char *buf, size_t len)
{
    buf[0] = '\0';
    if (!r->has_error)
        return;
    char desc[64], from[64] = "";
    const char *what = icmp_error_describe(r->error_v6 ? AF_INET6 : AF_INET, r->error_type,
                                           r->error_code, desc, sizeof(desc));
    if (r->error_from.family) {
        char addr[IPADDR_STRLEN];
        snprintf(from, sizeof(from), " from %s", ipaddr_format(&r->error_from, addr, sizeof(addr)));
    }
    snprintf(buf, len, ", last error: %s%s", what, from);
}

void watch_result_format(const struct pending_result *r, const struct watch_result_context *c,
                         struct submit_item *item)
{
    char addr[IPADDR_STRLEN], rta[NUMFMT_LEN], loss[NUMFMT_LEN], err[160];
    const struct liveness_stats *s = &r->stats;
    memset(item, 0, sizeof(*item));
    item->object = c->object;
    item->exit_status = r->state;
    /* no time stamp here: the sink stamps the moment it sends (submit.h).
     * A change waits for its turn (a reconnect, the rate limit: 84 s for
     * the first 100,000 hosts), and a freshness result the core stored
     * meanwhile must not be newer than ours. */
    ipaddr_format(c->addr, addr, sizeof(addr));
    error_text(r, err, sizeof(err));
    if (r->unresolved)
        snprintf(item->output, sizeof(item->output), "PING %s - %s: name did not resolve: %s",
                 word_of(r, c->service), c->spelling ? c->spelling : "?",
                 resolve_reason_text(r->resolve_reason));
    else if (r->down)
        snprintf(item->output, sizeof(item->output), "PING %s - %s: no reply for %u s%s",
                 word_of(r, c->service), addr, c->down_after_s, err);
    else if (s->received > 0)
        snprintf(item->output, sizeof(item->output), "PING %s - %s: rta %s ms, lost %s%%",
                 word_of(r, c->service), addr, numfmt_ms(rta, liveness_stats_rta_us(s)),
                 numfmt_pct(loss, liveness_stats_loss_pct(s)));
    else
        snprintf(item->output, sizeof(item->output), "PING %s - %s: alive%s",
                 word_of(r, c->service), addr, err);
    perfdata(s, item);
}
