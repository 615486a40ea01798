/*
 * output_text.c - what every formatter says the same way: the summary, one
 * host's identity and error, and the thresholds as text (see output_text.h).
 * It sits below output.c, output_table.c and output_json.c, and above
 * numfmt.c: data flows one way.
 */
#include "output_text.h"

#include "net/icmp.h"
#include "resolve/resolve_reason.h"

#include <string.h>
#include <sys/socket.h>

/* ---- thresholds as text ------------------------------------------------ */

/* "500ms,80%", "500ms,", ",80%" or "200ms,40%,jitter=40ms,mos=3.5": the
 * form --host-warning accepts. */
static void host_limit_text(const struct host_limit *l, char *buf, size_t len)
{
    char rta[NUM_LEN] = "", loss[NUM_LEN] = "", j[NUM_LEN] = "", mos[NUM_LEN] = "";
    char score[NUM_LEN] = "";
    if (l->has_rta)
        numfmt_fixed(rta, (double)l->rta_us / 1000.0, 3, true);
    if (l->has_loss)
        numfmt_pct(loss, l->loss_pct);
    if (l->has_jitter)
        numfmt_fixed(j, (double)l->jitter_us / 1000.0, 3, true);
    if (l->has_mos)
        numfmt_fixed(mos, l->mos, 2, true);
    if (l->has_score)
        numfmt_fixed(score, l->score, 1, true);
    snprintf(buf, len, "%s%s,%s%s%s%s%s%s%s%s%s%s", rta, l->has_rta ? "ms" : "", loss,
             l->has_loss ? "%" : "", l->has_jitter ? ",jitter=" : "", j, l->has_jitter ? "ms" : "",
             l->has_mos ? ",mos=" : "", mos, l->has_score ? ",score=" : "", score, "");
}

static const char *const limit_part_names[] = {"rta", "loss", "jitter", "mos", "score"};

const char *output_limit_part_name(unsigned bit)
{
    for (unsigned i = 0; i < sizeof(limit_part_names) / sizeof(*limit_part_names); i++)
        if (bit == 1u << i)
            return limit_part_names[i];
    return "?";
}

/* One part's limit as text: "500 ms", "50%", "3.5". */
static const char *limit_part_value(const struct host_limit *l, unsigned bit, char *buf, size_t len)
{
    char n[NUM_LEN];
    if (bit == HOST_LIMIT_RTA || bit == HOST_LIMIT_JITTER) {
        uint64_t us = bit == HOST_LIMIT_RTA ? l->rta_us : l->jitter_us;
        snprintf(buf, len, "%s ms", numfmt_fixed(n, (double)us / 1000.0, 3, true));
    } else if (bit == HOST_LIMIT_LOSS) {
        snprintf(buf, len, "%s%%", numfmt_pct(n, l->loss_pct));
    } else {
        bool mos = bit == HOST_LIMIT_MOS;
        snprintf(buf, len, "%s", numfmt_fixed(n, mos ? l->mos : l->score, mos ? 2 : 1, true));
    }
    return buf;
}

void output_limit_parts_text(const struct host_limit *l, unsigned parts, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned bit = HOST_LIMIT_RTA; bit <= HOST_LIMIT_SCORE && used < len; bit <<= 1) {
        char value[NUM_LEN + 4];
        if (!(parts & bit))
            continue;
        int w =
            snprintf(buf + used, len - used, "%s%s %s", used ? ", " : "",
                     output_limit_part_name(bit), limit_part_value(l, bit, value, sizeof(value)));
        used = w < 0 ? len : used + (size_t)w;
    }
}

/*
 * Perfdata and JSON show thresholds as range_format() gives them for the
 * host total: percent ranges become host counts ("10%" of 60 is "6"), so a
 * reader compares them with the counts without knowing the total.
 */
void output_threshold_texts_fill(const struct verdict_config *cfg, double total,
                                 struct threshold_texts *th)
{
    memset(th, 0, sizeof(*th));
    if (cfg->down.has_warning)
        range_format(&cfg->down.warning, total, th->down_warning, TEXT_LEN);
    if (cfg->down.has_critical)
        range_format(&cfg->down.critical, total, th->down_critical, TEXT_LEN);
    if (cfg->partial.has_warning)
        range_format(&cfg->partial.warning, total, th->partial_warning, TEXT_LEN);
    if (cfg->partial.has_critical)
        range_format(&cfg->partial.critical, total, th->partial_critical, TEXT_LEN);
    if (cfg->has_min_alive)
        range_format(&cfg->min_alive, total, th->min_alive, TEXT_LEN);
    if (cfg->has_host_warning)
        host_limit_text(&cfg->host_warning, th->host_warning, TEXT_LEN);
    if (cfg->has_host_critical)
        host_limit_text(&cfg->host_critical, th->host_critical, TEXT_LEN);
}

/* ---- one host as text -------------------------------------------------- */

/* "ICMP host unreachable (type 3 code 1)"; a pair icmp.c has no name for is
 * already spelled out by icmp_error_describe ("ICMP type 3 code 99"). */
static void host_icmp_text(const struct host *h, const char *from, char *buf, size_t len)
{
    int family = h->error_type == HOST_ERROR_ICMP6 ? AF_INET6 : AF_INET;
    uint8_t type = (uint8_t)((uint32_t)h->error_code >> 8), code = (uint8_t)h->error_code;
    char unnamed[ERROR_LEN];
    const char *text = icmp_error_describe(family, type, code, unnamed, sizeof(unnamed));
    if (text == unnamed)
        snprintf(buf, len, "%s%s", text, from);
    else
        snprintf(buf, len, "ICMP%s %s (type %u code %u)%s", family == AF_INET6 ? "v6" : "", text,
                 type, code, from);
}

static void host_unreachable_text(const struct host *h, char *buf, size_t len)
{
    char from[IPADDR_STRLEN + 8] = "";
    char errbuf[ERROR_LEN];
    if (h->error_from.family != 0) {
        memcpy(from, " from ", 7);
        ipaddr_format(&h->error_from, from + 6, sizeof(from) - 6);
    }
    if (h->error_type == HOST_ERROR_ICMP4 || h->error_type == HOST_ERROR_ICMP6) {
        host_icmp_text(h, from, buf, len);
    } else if (h->error_type == HOST_ERROR_SEND) {
        snprintf(buf, len, "sendto: %s", strerror_r(h->error_code, errbuf, sizeof(errbuf)));
    } else {
        snprintf(buf, len, "unreachable%s", from);
    }
    size_t used = strlen(buf);
    if (h->path_mtu && used < len)
        snprintf(buf + used, len - used, ", path MTU %u", (unsigned)h->path_mtu);
}

/* Shared with the JSON document, so both name an error the same way. */
const char *output_host_error_text(const struct host *h, char *buf, size_t len)
{
    if (h->status == HOST_RESOLVING)
        return "still resolving at timeout";
    if (h->status == HOST_UNRESOLVED)
        return resolve_reason_text(h->error_code);
    if (!(atomic_load_explicit(&h->flags, memory_order_relaxed) & HOST_UNREACHABLE))
        return NULL;
    host_unreachable_text(h, buf, len);
    return buf;
}

const char *output_host_errors_text(const struct host *h, char *buf, size_t len)
{
    char first[ERROR_LEN];
    if (h->status != HOST_READY || !output_host_error_text(h, first, sizeof(first)))
        return NULL;
    uint32_t n = hostset_error_count(h);
    bool differ = atomic_load_explicit(&h->flags, memory_order_relaxed) & HOST_ERRORS_DIFFER;
    snprintf(buf, len, "%u error%s%s: %s", (unsigned)n, n == 1 ? "" : "s",
             differ ? ", the first" : "", first);
    return buf;
}

/* Keeps the `max` smallest offsets, sorted: when full, a smaller one
 * pushes the largest out (the ring is walked in resolving order, so the
 * first spelling may come last). */
static void insert_by_offset(uint32_t *offsets, size_t *n, size_t max, uint32_t off)
{
    size_t at = *n;
    for (size_t i = 0; i < *n; i++) {
        if (offsets[i] == off)
            return;
        if (offsets[i] > off && at == *n)
            at = i;
    }
    if (at == max)
        return;
    if (*n == max)
        (*n)--;
    memmove(offsets + at + 1, offsets + at, (*n - at) * sizeof(*offsets));
    offsets[at] = off;
    (*n)++;
}

/*
 * Which spelling is the target's own does not depend on which name the
 * resolver answered first (the target of a ring is the name that resolved
 * first, the ring's order is resolving order): names are sorted by their
 * offset in the name arena, which grows with input order, so the first
 * spelling given comes first and labels stay the same from run to run.
 */
size_t output_host_spellings(const struct hostset *set, const struct host *h, const char **out,
                             size_t max)
{
    uint32_t offsets[OUTPUT_SPELLINGS_MAX];
    size_t n = 0;
    if (max > OUTPUT_SPELLINGS_MAX)
        max = OUTPUT_SPELLINGS_MAX;
    for (const struct host *a = hostset_next_spelling(set, h); a && a != h;
         a = hostset_next_spelling(set, a)) {
        if (a->name != HOST_NO_NAME)
            insert_by_offset(offsets, &n, max, a->name);
    }
    if (h->name != HOST_NO_NAME)
        insert_by_offset(offsets, &n, max, h->name);
    for (size_t i = 0; i < n; i++)
        out[i] = set->names + offsets[i];
    return n;
}

const char *output_host_names(const struct hostset *set, const struct host *h, char *buf,
                              size_t len)
{
    const char *names[OUTPUT_SPELLINGS_MAX];
    size_t n = output_host_spellings(set, h, names, OUTPUT_SPELLINGS_MAX), used = 0;
    if (n == 0 || len == 0)
        return NULL;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < len; i++) {
        int w = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]);
        used = w < 0 ? len : used + (size_t)w;
    }
    return buf;
}

/* "web3 (192.0.2.3)", "192.0.2.3", "slow.example" before it resolved, or
 * every spelling: "web3, www (192.0.2.3)". */
const char *output_host_ident(const struct hostset *set, const struct host *h, char *buf,
                              size_t len)
{
    char addr[IPADDR_STRLEN], names[IDENT_LEN];
    const char *name = output_host_names(set, h, names, sizeof(names));
    if (h->addr.family == 0)
        snprintf(buf, len, "%s", name ? name : "?");
    else if (name)
        snprintf(buf, len, "%s (%s)", name, ipaddr_format(&h->addr, addr, sizeof(addr)));
    else
        ipaddr_format(&h->addr, buf, len);
    return buf;
}

const char *output_host_label(const struct hostset *set, const struct host *h, char *buf,
                              size_t len)
{
    char addr[IPADDR_STRLEN];
    const char *names[OUTPUT_SPELLINGS_MAX];
    /* A literal keeps its address as label; a name its first spelling. */
    if (h->name == HOST_NO_NAME || output_host_spellings(set, h, names, 1) == 0)
        return hostset_label(set, h, buf, len);
    if (!set->all_addresses || !h->addr.family)
        return names[0];
    snprintf(buf, len, "%s (%s)", names[0], ipaddr_format(&h->addr, addr, sizeof(addr)));
    return buf;
}

/* "MULTIPING WARNING - 60 hosts: 40 alive, ..." without the note. */
void output_summary_format(const struct output_ctx *c, char *buf, size_t len)
{
    const struct verdict *v = c->v;
    int n = snprintf(buf, len,
                     "MULTIPING %s - %u host%s: %u alive, %u partial, %u dead, %u unreachable, "
                     "%u unresolved",
                     state_name(v->state), v->hosts, v->hosts == 1 ? "" : "s",
                     v->count[CLASS_ALIVE], v->count[CLASS_PARTIAL], v->count[CLASS_DEAD],
                     v->count[CLASS_UNREACHABLE], v->count[CLASS_UNRESOLVED]);
    if (n < 0 || (size_t)n >= len)
        return;
    if (c->cfg->has_host_warning || c->cfg->has_host_critical)
        snprintf(buf + n, len - (size_t)n, "; %u over host critical, %u over host warning",
                 v->over_host_critical, v->over_host_warning);
}
