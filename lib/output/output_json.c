/*
 * output_json.c - the JSON document (--format=json): the verdict, its
 * counts and thresholds, then one object per host in input order.
 *
 * Written straight to the stream with no JSON library and no tree in
 * memory, so 262,144 targets cost no allocation.  Every key is always
 * present; a value that does not apply (unset threshold, no reply, no
 * error) is null rather than absent, so consumers need no existence checks.
 * Numbers come from the numfmt_* helpers: '.' whatever the locale.
 */
#include "output_json.h"

#include "resolve/resolve_reason.h"

static void json_chars(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            putc(ch, out);
    }
}

/* A JSON string, or null for NULL or "" (an unset threshold). */
static void json_string(FILE *out, const char *s)
{
    if (!s || !*s) {
        fputs("null", out);
        return;
    }
    putc('"', out);
    json_chars(out, s);
    putc('"', out);
}

static void json_rtt(FILE *out, bool has, double min_ms, double avg_ms, double max_ms)
{
    char a[NUM_LEN], b[NUM_LEN], d[NUM_LEN];
    if (!has) {
        fputs("null", out);
        return;
    }
    fprintf(out, "{\"min\":%s,\"avg\":%s,\"max\":%s}", numfmt_fixed(a, min_ms, 3, false),
            numfmt_fixed(b, avg_ms, 3, false), numfmt_fixed(d, max_ms, 3, false));
}

static void json_head(const struct output_ctx *c)
{
    const struct verdict *v = c->v;
    char summary[SUMMARY_LEN], loss[NUM_LEN];
    output_summary_format(c, summary, sizeof(summary));
    fprintf(c->out, "{\"plugin\":\"check_multiping\",\"state\":\"%s\",\"exit_code\":%d,",
            state_name(v->state), (int)v->state);
    fputs("\"summary\":\"", c->out);
    json_chars(c->out, summary);
    if (c->opt->note) {
        fputs("; ", c->out);
        json_chars(c->out, c->opt->note);
    }
    fprintf(c->out,
            "\",\"hosts\":%u,\"counts\":{\"alive\":%u,\"partial\":%u,\"dead\":%u,"
            "\"unreachable\":%u,\"unresolved\":%u,\"down\":%u,\"over_host_critical\":%u,"
            "\"over_host_warning\":%u},\"rtt_ms\":",
            v->hosts, v->count[CLASS_ALIVE], v->count[CLASS_PARTIAL], v->count[CLASS_DEAD],
            v->count[CLASS_UNREACHABLE], v->count[CLASS_UNRESOLVED], v->down, v->over_host_critical,
            v->over_host_warning);
    json_rtt(c->out, v->has_rtt, v->rta_min_ms, v->rta_avg_ms, v->rta_max_ms);
    fprintf(c->out, ",\"loss_pct\":%s,", v->sent ? numfmt_pct(loss, v->loss_pct) : "null");
    if (c->opt->has_submit)
        fprintf(c->out, "\"submitted\":%llu,\"submit_failed\":%llu,",
                (unsigned long long)c->opt->submitted, (unsigned long long)c->opt->submit_failed);
    if (c->opt->has_submit && c->opt->has_unchanged)
        fprintf(c->out, "\"unchanged\":%llu,", (unsigned long long)c->opt->unchanged);
    if (c->opt->bulk_json)
        fprintf(c->out, "\"objects_not_submitted\":%s,", c->opt->bulk_json);
}

static void json_thresholds(const struct output_ctx *c)
{
    static const char *const keys[] = {"warning",          "critical",  "partial_warning",
                                       "partial_critical", "min_alive", "host_warning",
                                       "host_critical"};
    const char *texts[] = {c->th.down_warning,     c->th.down_critical, c->th.partial_warning,
                           c->th.partial_critical, c->th.min_alive,     c->th.host_warning,
                           c->th.host_critical};
    fputs("\"thresholds\":{", c->out);
    for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
        fprintf(c->out, "%s\"%s\":", i ? "," : "", keys[i]);
        json_string(c->out, texts[i]);
    }
    fputs("},", c->out);
}

/* jitter_ms, mos, score: null below two replies (latency.h); in_order
 * only once something was received. */
static void json_latency(FILE *out, const struct host *h)
{
    struct latency_measures m;
    char j[NUM_LEN], mos[NUM_LEN], score[NUM_LEN];
    verdict_host_latency(h, &m);
    fprintf(out, ",\"jitter_ms\":%s,\"mos\":%s,\"score\":%s,\"in_order\":%s",
            m.valid ? numfmt_fixed(j, m.jitter_ms, 3, false) : "null",
            m.valid ? numfmt_fixed(mos, m.mos, 2, false) : "null",
            m.valid ? numfmt_fixed(score, m.score, 1, false) : "null",
            h->received == 0 ? "null" : (m.in_order ? "true" : "false"));
}

/* "name" and "aliases": a named target's first spelling, then every other
 * name that ended at its address (a literal's names are all aliases). */
static void json_names(const struct output_ctx *c, const struct host *h)
{
    const char *names[OUTPUT_SPELLINGS_MAX];
    size_t n = output_host_spellings(c->set, h, names, OUTPUT_SPELLINGS_MAX);
    size_t first = h->name != HOST_NO_NAME && n > 0 ? 1 : 0;
    fputs(",\"name\":", c->out);
    json_string(c->out, first ? names[0] : NULL);
    fputs(",\"aliases\":[", c->out);
    for (size_t i = first; i < n; i++) {
        fputs(i > first ? "," : "", c->out);
        json_string(c->out, names[i]);
    }
    putc(']', c->out);
}

/* "over_limit_parts": the parts of the limit in over_limit that the host
 * crossed, ["rta", "loss", ...], or [] when it is over none. */
static void json_limit_parts(const struct output_ctx *c, const struct host *h, enum state limit)
{
    unsigned parts = limit == STATE_CRITICAL  ? verdict_host_limit_parts(c->cfg, h, true)
                     : limit == STATE_WARNING ? verdict_host_limit_parts(c->cfg, h, false)
                                              : 0;
    fputs(",\"over_limit_parts\":[", c->out);
    for (unsigned bit = HOST_LIMIT_RTA, n = 0; bit <= HOST_LIMIT_SCORE; bit <<= 1)
        if (parts & bit)
            fprintf(c->out, "%s\"%s\"", n++ ? "," : "", output_limit_part_name(bit));
    putc(']', c->out);
}

/* What the network told beyond counts: the last reply's TTL / hop limit,
 * the MTU that refused a request, valid replies from another address. */
static void json_network_facts(FILE *out, const struct host *h)
{
    char n[NUM_LEN];
    fprintf(out, ",\"reply_ttl\":%s", h->reply_ttl ? numfmt_u(n, h->reply_ttl) : "null");
    fprintf(out, ",\"path_mtu\":%s", h->path_mtu ? numfmt_u(n, h->path_mtu) : "null");
    bool elsewhere =
        atomic_load_explicit(&h->flags, memory_order_relaxed) & HOST_ANSWERED_ELSEWHERE;
    fprintf(out, ",\"answered_elsewhere\":%s", elsewhere ? "true" : "false");
}

static void json_target(const struct output_ctx *c, const struct host *h)
{
    static const char *const over[] = {[STATE_OK] = "null",
                                       [STATE_WARNING] = "\"warning\"",
                                       [STATE_CRITICAL] = "\"critical\"",
                                       [STATE_UNKNOWN] = "null"};
    char addr[IPADDR_STRLEN], err[ERROR_LEN], n[NUM_LEN];
    FILE *out = c->out;
    double rta = verdict_host_rta_us(h);
    fputs("{\"address\":", out);
    json_string(out, h->addr.family ? ipaddr_format(&h->addr, addr, sizeof(addr)) : NULL);
    json_names(c, h);
    /* loss_pct is null when nothing was sent: there is no loss to report. */
    fprintf(out, ",\"class\":\"%s\",\"sent\":%u,\"received\":%u,\"loss_pct\":%s,\"rtt_ms\":",
            verdict_class_name(verdict_classify(h)), h->sent, h->received,
            h->sent ? numfmt_pct(n, verdict_host_loss(h)) : "null");
    json_rtt(out, rta >= 0, h->rtt_min_us / 1000.0, rta / 1000.0, h->rtt_max_us / 1000.0);
    json_latency(out, h);
    enum state limit = verdict_host_state(c->cfg, h);
    fprintf(out, ",\"over_limit\":%s", over[limit]);
    json_limit_parts(c, h, limit);
    fputs(",\"error\":", out);
    json_string(out, output_host_error_text(h, err, sizeof(err)));
    /* error is the first one; errors counts them all (ping's "+N errors") */
    fprintf(out, ",\"errors\":%u,\"errors_differ\":%s", (unsigned)hostset_error_count(h),
            atomic_load_explicit(&h->flags, memory_order_relaxed) & HOST_ERRORS_DIFFER ? "true"
                                                                                       : "false");
    json_network_facts(out, h);
    fputs(",\"resolve_error\":", out);
    json_string(out, h->status == HOST_UNRESOLVED  ? resolve_reason_key(h->error_code)
                     : h->status == HOST_RESOLVING ? "still_resolving"
                                                   : NULL);
    putc('}', out);
}

void output_json_print(const struct output_ctx *c)
{
    json_head(c);
    json_thresholds(c);
    fputs("\"targets\":[", c->out);
    bool first = true;
    for (uint32_t i = 0; i < c->set->count; i++) {
        if (!hostset_is_target(&c->set->hosts[i]))
            continue;
        if (!first)
            putc(',', c->out);
        json_target(c, &c->set->hosts[i]);
        first = false;
    }
    fputs("]}\n", c->out);
}
