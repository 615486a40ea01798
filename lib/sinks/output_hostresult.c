/*
 * output_hostresult.c - one host's own result for a bulk submission (see
 * output_hostresult.h).  It sits beside the other formatters, on
 * output_text.c (identity, error texts) and numfmt.c (numbers that ignore
 * LC_NUMERIC), so a host and its error read the same here as in the
 * plugin's own long output.
 */
#include "output_hostresult.h"

#include "output/output_text.h"

#include <stdio.h>
#include <string.h>

int hostresult_host_state(const struct host *h)
{
    enum host_class c = verdict_classify(h);
    return c == CLASS_ALIVE || c == CLASS_PARTIAL ? HOSTRESULT_UP : HOSTRESULT_DOWN;
}

enum state hostresult_service_state(const struct verdict_config *cfg, const struct host *h)
{
    if (hostresult_host_state(h) == HOSTRESULT_DOWN)
        return STATE_CRITICAL;
    return verdict_host_state(cfg, h);
}

/* The limit's value as a perfdata threshold, "" when unset. */
static const char *limit_rta(const struct host_limit *l, bool has, char *buf)
{
    buf[0] = '\0';
    return has && l->has_rta ? numfmt_fixed(buf, (double)l->rta_us / 1000.0, 3, true) : buf;
}

static const char *limit_loss(const struct host_limit *l, bool has, char *buf)
{
    buf[0] = '\0';
    return has && l->has_loss ? numfmt_pct(buf, l->loss_pct) : buf;
}

/* check_icmp's labels: rta in ms, pl in percent. */
static void format_perfdata(const struct host *h, const struct verdict_config *cfg,
                            struct submit_item *item)
{
    char v[NUM_LEN], w[NUM_LEN], c[NUM_LEN];
    item->rta[0] = item->pl[0] = item->jitter[0] = '\0';
    item->perfdata = NULL;
    if (h->status != HOST_READY || h->sent == 0)
        return;
    double rta = verdict_host_rta_us(h);
    /* no reply: no rta at all (a 0 would read as a fast host) */
    if (rta >= 0)
        snprintf(item->rta, sizeof(item->rta), "rta=%sms;%s;%s;0;", numfmt_ms(v, rta),
                 limit_rta(&cfg->host_warning, cfg->has_host_warning, w),
                 limit_rta(&cfg->host_critical, cfg->has_host_critical, c));
    snprintf(item->pl, sizeof(item->pl), "pl=%s%%;%s;%s;0;100", numfmt_pct(v, verdict_host_loss(h)),
             limit_loss(&cfg->host_warning, cfg->has_host_warning, w),
             limit_loss(&cfg->host_critical, cfg->has_host_critical, c));
}

/* What was seen, after "IDENT: ". */
static void format_seen(const struct host *h, enum host_class cls, char *buf, size_t len)
{
    char rta[NUM_LEN], loss[NUM_LEN], err[ERROR_LEN];
    const char *error = output_host_error_text(h, err, sizeof(err));
    double rta_us = verdict_host_rta_us(h);
    numfmt_pct(loss, verdict_host_loss(h));
    switch (cls) {
    case CLASS_ALIVE:
        snprintf(buf, len, "rta %s ms, lost %s%%", numfmt_ms(rta, rta_us), loss);
        return;
    case CLASS_PARTIAL:
        snprintf(buf, len, "partial, rta %s ms, lost %s%% (%u of %u replies)",
                 numfmt_ms(rta, rta_us), loss, h->received, h->sent);
        return;
    case CLASS_DEAD:
        snprintf(buf, len, "no reply, lost %s%% (0 of %u replies)", loss, h->sent);
        return;
    case CLASS_UNREACHABLE:
        snprintf(buf, len, "unreachable: %s", error ? error : "no route");
        return;
    default:
        snprintf(buf, len, "name did not resolve: %s", error ? error : "unknown error");
        return;
    }
}

/* The object's own spelling, with the address it was pinged at when that
 * differs ("web1.example (192.0.2.8)"); without one, the host's identity. */
static const char *ident_of(const struct hostset *set, const struct host *h, const char *spelling,
                            char *buf, size_t len)
{
    char addr[IPADDR_STRLEN];
    if (!spelling)
        return output_host_ident(set, h, buf, len);
    if (h->addr.family == 0 || h->status != HOST_READY)
        snprintf(buf, len, "%s", spelling);
    else if (strcmp(ipaddr_format(&h->addr, addr, sizeof(addr)), spelling) == 0)
        snprintf(buf, len, "%s", addr);
    else
        snprintf(buf, len, "%s (%s)", spelling, addr);
    return buf;
}

void hostresult_format(const struct hostset *set, const struct host *h, const char *spelling,
                       const struct verdict_config *cfg, bool service, struct submit_item *item)
{
    char ident[IDENT_LEN], seen[ERROR_LEN + 64];
    enum host_class cls = verdict_classify(h);
    enum state word;
    if (service) {
        word = hostresult_service_state(cfg, h);
        item->exit_status = (int)word;
    } else {
        item->exit_status = hostresult_host_state(h);
        word = item->exit_status == HOSTRESULT_UP ? STATE_OK : STATE_CRITICAL;
    }
    format_seen(h, cls, seen, sizeof(seen));
    snprintf(item->output, sizeof(item->output), "PING %s - %s: %s", state_name(word),
             ident_of(set, h, spelling, ident, sizeof(ident)), seen);
    format_perfdata(h, cfg, item);
}
