/*
 * output.c - the output module's entry points and the plugin format: the
 * status line with perfdata and the long output.  The per-host table is in
 * output_table.c, the JSON document in output_json.c; what they share (the
 * context, the summary and the host texts) is in output_text.c, numbers in
 * numfmt.c.  Formats are described in output.h; main only picks one.
 *
 * Written for 262,144+ hosts: everything streams into the caller's buffered
 * FILE*, nothing is allocated per host, and "worst first" orders are made by
 * scanning the table once per rank in input order (a handful of cheap passes,
 * stable by construction, and no sort array that could fail to allocate).
 *
 * Numbers never go through printf's %f: it follows LC_NUMERIC, and perfdata
 * and JSON need a '.' whatever the locale.  numfmt_fixed() rounds by hand.
 */
#include "output_json.h"
#include "output_labels.h"
#include "output_table.h"
#include "output_text.h"

#include <string.h>

/* ---- status line and perfdata ------------------------------------------ */

static bool perf_needs_quotes(const char *s)
{
    for (; s && *s; s++)
        if (!output_labels_word_char(*s) && *s != '.')
            return true;
    return false;
}

/* Plain labels go bare; anything else is quoted, a ' inside doubled. */
static void perf_label(FILE *out, const char *a, const char *b)
{
    bool quote = perf_needs_quotes(a) || perf_needs_quotes(b);
    if (quote)
        putc('\'', out);
    for (const char *p = a; *p; p++) {
        if (*p == '\'')
            putc('\'', out);
        putc(*p, out);
    }
    if (b)
        fputs(b, out);
    if (quote)
        putc('\'', out);
}

/*
 * " label=valueUOM;warn;crit;min;max": every field present, empty if unset.
 * An unknown value ("U") has no unit and no max: Icinga DB Web 1.0 (Debian
 * 12) draws a pie for every item with min and max, subtracts min from the
 * value, and the service page dies on "U" - "0".
 */
static void perf_item(FILE *out, const char *label, const char *suffix, const char *value,
                      const char *uom, const char *warn, const char *crit, const char *max)
{
    bool unknown = strcmp(value, "U") == 0;
    putc(' ', out);
    perf_label(out, label, suffix);
    putc('=', out);
    fputs(value, out);
    if (!unknown)
        fputs(uom, out);
    fprintf(out, ";%s;%s;0;%s", warn, crit, unknown ? "" : max);
}

/* One host count: min 0, max the host total. */
static void perf_count(const struct output_ctx *c, const char *label, uint32_t count,
                       const char *warn, const char *crit)
{
    char n[NUM_LEN], total[NUM_LEN];
    perf_item(c->out, label, NULL, numfmt_u(n, count), "", warn, crit,
              numfmt_u(total, c->v->hosts));
}

static void perf_counts(const struct output_ctx *c)
{
    const struct verdict *v = c->v;
    const struct threshold_texts *th = &c->th;
    char total[NUM_LEN];
    perf_item(c->out, "hosts", NULL, numfmt_u(total, v->hosts), "", "", "", "");
    perf_count(c, "alive", v->count[CLASS_ALIVE], "", th->min_alive);
    perf_count(c, "partial", v->count[CLASS_PARTIAL], th->partial_warning, th->partial_critical);
    perf_count(c, "dead", v->count[CLASS_DEAD], "", "");
    perf_count(c, "unreachable", v->count[CLASS_UNREACHABLE], "", "");
    perf_count(c, "unresolved", v->count[CLASS_UNRESOLVED], "", "");
    perf_count(c, "down", v->down, th->down_warning, th->down_critical);
}

/* "U" (unknown) when no host replied: 0 would read as a 0 ms round trip. */
static void perf_rta(const struct output_ctx *c, const char *label, double ms)
{
    char n[NUM_LEN];
    perf_item(c->out, label, NULL, c->v->has_rtt ? numfmt_fixed(n, ms, 3, false) : "U", "ms", "",
              "", "");
}

static void perf_rtt_loss(const struct output_ctx *c)
{
    char n[NUM_LEN];
    perf_rta(c, "rta_min", c->v->rta_min_ms);
    perf_rta(c, "rta_avg", c->v->rta_avg_ms);
    perf_rta(c, "rta_max", c->v->rta_max_ms);
    /* "U" when nothing was sent (only unresolved names): no loss to tell. */
    perf_item(c->out, "loss", NULL, c->v->sent ? numfmt_pct(n, c->v->loss_pct) : "U", "%", "", "",
              "100");
}

/* --submit: how many host results the core confirmed, and how many not. */
static void perf_submit(const struct output_ctx *c)
{
    char n[NUM_LEN], total[NUM_LEN];
    numfmt_u(total, c->opt->submitted + c->opt->submit_failed + c->opt->unchanged);
    perf_item(c->out, "submitted", NULL, numfmt_u(n, c->opt->submitted), "", "", "", total);
    perf_item(c->out, "submit_failed", NULL, numfmt_u(n, c->opt->submit_failed), "", "", "", total);
    if (c->opt->has_unchanged)
        perf_item(c->out, "unchanged", NULL, numfmt_u(n, c->opt->unchanged), "", "", "", total);
}

/* Warning/critical texts of the latency parts: jitter in ms; MOS and score
 * alert at or below the limit, the range "N:" says so to a grapher. */
struct latency_limit_texts {
    char jitter[NUM_LEN + 1], mos[NUM_LEN + 1], score[NUM_LEN + 1];
};

static void latency_limit_texts(bool has, const struct host_limit *l, struct latency_limit_texts *t)
{
    memset(t, 0, sizeof(*t));
    if (has && l->has_jitter)
        numfmt_fixed(t->jitter, (double)l->jitter_us / 1000.0, 3, true);
    if (has && l->has_mos) {
        numfmt_fixed(t->mos, l->mos, 2, true);
        strcat(t->mos, ":");
    }
    if (has && l->has_score) {
        numfmt_fixed(t->score, l->score, 1, true);
        strcat(t->score, ":");
    }
}

/* 'NAME_jitter', 'NAME_mos', 'NAME_score'; "U" below two replies. */
static void perf_host_latency(const struct output_ctx *c, const struct host *h, const char *name,
                              const struct latency_limit_texts *w,
                              const struct latency_limit_texts *k)
{
    struct latency_measures m;
    char n[NUM_LEN];
    verdict_host_latency(h, &m);
    perf_item(c->out, name, "_jitter", m.valid ? numfmt_fixed(n, m.jitter_ms, 3, false) : "U", "ms",
              w->jitter, k->jitter, "");
    perf_item(c->out, name, "_mos", m.valid ? numfmt_fixed(n, m.mos, 2, false) : "U", "", w->mos,
              k->mos, "5");
    perf_item(c->out, name, "_score", m.valid ? numfmt_fixed(n, m.score, 1, false) : "U", "",
              w->score, k->score, "100");
}

/* --perfdata-hosts: NAME_rta, NAME_pl and the latency measures for every
 * host pinged (NAME from output_labels.h). */
static void perf_hosts(const struct output_ctx *c)
{
    const struct verdict_config *cfg = c->cfg;
    char rta_w[NUM_LEN] = "", rta_c[NUM_LEN] = "", pl_w[NUM_LEN] = "", pl_c[NUM_LEN] = "";
    if (cfg->has_host_warning && cfg->host_warning.has_rta)
        numfmt_fixed(rta_w, (double)cfg->host_warning.rta_us / 1000.0, 3, true);
    if (cfg->has_host_critical && cfg->host_critical.has_rta)
        numfmt_fixed(rta_c, (double)cfg->host_critical.rta_us / 1000.0, 3, true);
    if (cfg->has_host_warning && cfg->host_warning.has_loss)
        numfmt_pct(pl_w, cfg->host_warning.loss_pct);
    if (cfg->has_host_critical && cfg->host_critical.has_loss)
        numfmt_pct(pl_c, cfg->host_critical.loss_pct);
    struct latency_limit_texts lw, lc;
    latency_limit_texts(cfg->has_host_warning, &cfg->host_warning, &lw);
    latency_limit_texts(cfg->has_host_critical, &cfg->host_critical, &lc);
    for (uint32_t i = 0; i < c->set->count; i++) {
        const struct host *h = &c->set->hosts[i];
        char key[OUTPUT_LABEL_LEN], n[NUM_LEN];
        if (h->status != HOST_READY || h->sent == 0)
            continue;
        const char *name = output_labels_word(c->labels, c->set, h, key, sizeof(key));
        double rta = verdict_host_rta_us(h);
        perf_item(c->out, name, "_rta", rta < 0 ? "U" : numfmt_ms(n, rta), "ms", rta_w, rta_c, "");
        perf_item(c->out, name, "_pl", numfmt_pct(n, verdict_host_loss(h)), "%", pl_w, pl_c, "100");
        perf_host_latency(c, h, name, &lw, &lc);
    }
}

static void status_line(const struct output_ctx *c)
{
    char summary[SUMMARY_LEN];
    output_summary_format(c, summary, sizeof(summary));
    fputs(summary, c->out);
    if (c->opt->note)
        fprintf(c->out, "; %s", c->opt->note);
    fputs(" |", c->out);
    perf_counts(c);
    perf_rtt_loss(c);
    if (c->opt->has_submit)
        perf_submit(c);
    if (c->opt->perfdata_hosts)
        perf_hosts(c);
    putc('\n', c->out);
}

/* ---- long output ------------------------------------------------------- */

/* Long output order: worst first; PROBLEM_NONE hosts are not listed. */
enum problem {
    PROBLEM_DEAD,
    PROBLEM_UNREACHABLE,
    PROBLEM_UNRESOLVED,
    PROBLEM_PARTIAL,
    PROBLEM_OVER_CRITICAL,
    PROBLEM_OVER_WARNING,
    PROBLEM_NONE,
};

static enum problem problem_of(const struct verdict_config *cfg, const struct host *h)
{
    static const enum problem by_class[CLASS_COUNT] = {
        [CLASS_ALIVE] = PROBLEM_NONE,
        [CLASS_PARTIAL] = PROBLEM_PARTIAL,
        [CLASS_DEAD] = PROBLEM_DEAD,
        [CLASS_UNREACHABLE] = PROBLEM_UNREACHABLE,
        [CLASS_UNRESOLVED] = PROBLEM_UNRESOLVED,
    };
    enum problem p = by_class[verdict_classify(h)];
    if (p != PROBLEM_NONE)
        return p;
    enum state s = verdict_host_state(cfg, h);
    if (s == STATE_CRITICAL)
        return PROBLEM_OVER_CRITICAL;
    return s == STATE_WARNING ? PROBLEM_OVER_WARNING : PROBLEM_NONE;
}

/* The latency parts of an OVER line: ", jitter=.. mos=.. score=.." as
 * measured, next to the limit parts that are set. */
static void problem_over_latency(const struct output_ctx *c, const struct host *h,
                                 const struct host_limit *l)
{
    struct latency_measures m;
    char v[NUM_LEN], lim[NUM_LEN];
    verdict_host_latency(h, &m);
    if (l->has_jitter)
        fprintf(c->out, "%sjitter %s ms (measured %s ms)", l->has_rta || l->has_loss ? ", " : "",
                numfmt_fixed(lim, (double)l->jitter_us / 1000.0, 3, true),
                numfmt_fixed(v, m.jitter_ms, 3, false));
    if (l->has_mos)
        fprintf(c->out, "%sMOS %s (measured %s)",
                l->has_rta || l->has_loss || l->has_jitter ? ", " : "",
                numfmt_fixed(lim, l->mos, 2, true), numfmt_fixed(v, m.mos, 2, false));
    if (l->has_score)
        fprintf(c->out, "%sscore %s (measured %s)",
                l->has_rta || l->has_loss || l->has_jitter || l->has_mos ? ", " : "",
                numfmt_fixed(lim, l->score, 1, true), numfmt_fixed(v, m.score, 1, false));
}

static void problem_over_limit(const struct output_ctx *c, const struct host *h, const char *ident,
                               bool critical)
{
    const struct host_limit *l = critical ? &c->cfg->host_critical : &c->cfg->host_warning;
    char rta[NUM_LEN], loss[NUM_LEN], lrta[NUM_LEN], lloss[NUM_LEN];
    fprintf(c->out, "OVER %s: %s: rta %s ms, %s%% loss (limit ", critical ? "CRITICAL" : "WARNING",
            ident, numfmt_ms(rta, verdict_host_rta_us(h)), numfmt_pct(loss, verdict_host_loss(h)));
    if (l->has_rta)
        fprintf(c->out, "%s ms%s", numfmt_fixed(lrta, (double)l->rta_us / 1000.0, 3, true),
                l->has_loss ? ", " : "");
    if (l->has_loss)
        fprintf(c->out, "%s%%", numfmt_pct(lloss, l->loss_pct));
    if (l->has_jitter || l->has_mos || l->has_score)
        problem_over_latency(c, h, l);
    fputs(")\n", c->out);
}

/* " (over host critical: loss 50%)": which limit a partial host crossed
 * (issue 21), or nothing.  A partial host is listed as partial, so
 * without this the line would not say why the run is CRITICAL. */
static void problem_crossed(const struct output_ctx *c, const struct host *h)
{
    char parts[TEXT_LEN];
    bool critical = true;
    unsigned crossed = verdict_host_limit_parts(c->cfg, h, true);
    if (!crossed) {
        critical = false;
        crossed = verdict_host_limit_parts(c->cfg, h, false);
    }
    if (!crossed)
        return;
    output_limit_parts_text(critical ? &c->cfg->host_critical : &c->cfg->host_warning, crossed,
                            parts, sizeof(parts));
    fprintf(c->out, " (over host %s: %s)", critical ? "critical" : "warning", parts);
}

static void problem_line(const struct output_ctx *c, const struct host *h, enum problem p)
{
    char ident[IDENT_LEN], err[ERROR_LEN], loss[NUM_LEN], rta[NUM_LEN];
    FILE *out = c->out;
    output_host_ident(c->set, h, ident, sizeof(ident));
    const char *error = output_host_error_text(h, err, sizeof(err));
    switch (p) {
    case PROBLEM_DEAD:
        fprintf(out, "DEAD: %s: %u/%u replies%s\n", ident, h->received, h->sent,
                atomic_load_explicit(&h->flags, memory_order_relaxed) & HOST_ANSWERED_ELSEWHERE
                    ? " (answers came from elsewhere)"
                    : "");
        break;
    case PROBLEM_UNREACHABLE:
        fprintf(out, "UNREACHABLE: %s: %u/%u replies, %s\n", ident, h->received, h->sent,
                output_host_errors_text(h, err, sizeof(err)));
        break;
    case PROBLEM_UNRESOLVED:
        fprintf(out, "UNRESOLVED: %s: %s\n", ident, error ? error : "not resolved");
        break;
    case PROBLEM_PARTIAL:
        fprintf(out, "PARTIAL: %s: %u/%u replies, %s%% loss, rta %s ms", ident, h->received,
                h->sent, numfmt_pct(loss, verdict_host_loss(h)),
                numfmt_ms(rta, verdict_host_rta_us(h)));
        if (output_host_errors_text(h, err, sizeof(err)))
            fprintf(out, ", %s", err);
        problem_crossed(c, h);
        putc('\n', out);
        break;
    case PROBLEM_OVER_CRITICAL:
    case PROBLEM_OVER_WARNING:
        problem_over_limit(c, h, ident, p == PROBLEM_OVER_CRITICAL);
        break;
    case PROBLEM_NONE:
        break;
    }
}

static void long_output(const struct output_ctx *c)
{
    uint64_t printed = 0, more = 0;
    if (c->opt->max_lines == 0)
        return;
    for (int p = PROBLEM_DEAD; p < PROBLEM_NONE; p++) {
        for (uint32_t i = 0; i < c->set->count; i++) {
            const struct host *h = &c->set->hosts[i];
            if (!hostset_is_target(h) || problem_of(c->cfg, h) != (enum problem)p)
                continue;
            if (printed < c->opt->max_lines) {
                problem_line(c, h, (enum problem)p);
                printed++;
            } else {
                more++;
            }
        }
    }
    if (more > 0)
        fprintf(c->out, "... and %llu more problem hosts\n", (unsigned long long)more);
}

/* ---- entry points ------------------------------------------------------ */

int output_result(FILE *out, const struct hostset *set, const struct verdict *v,
                  const struct verdict_config *cfg, const struct output_options *opt)
{
    struct output_labels labels = {0};
    struct output_ctx c = {
        .out = out, .set = set, .v = v, .cfg = cfg, .opt = opt, .labels = &labels};
    if (opt->perfdata_hosts && opt->format != OUTPUT_JSON &&
        output_labels_build(set, &labels) < 0) {
        output_failure(out, STATE_UNKNOWN, "out of memory for the --perfdata-hosts labels");
        return -1;
    }
    output_threshold_texts_fill(cfg, v->hosts, &c.th);
    /* One lock for the whole document instead of one per call: after the
     * engine's threads ran, stdio locks on every putc. */
    flockfile(out);
    switch (opt->format) {
    case OUTPUT_JSON:
        output_json_print(&c);
        break;
    case OUTPUT_TABLE:
        status_line(&c);
        if (opt->bulk_text)
            fputs(opt->bulk_text, out);
        output_table_print(&c);
        break;
    case OUTPUT_PLUGIN:
    default:
        status_line(&c);
        if (opt->bulk_text)
            fputs(opt->bulk_text, out);
        long_output(&c);
        if (opt->verbose >= 1)
            output_table_print(&c);
        break;
    }
    funlockfile(out);
    output_labels_free(&labels);
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

void output_failure(FILE *out, enum state state, const char *message)
{
    fprintf(out, "MULTIPING %s - %s\n", state_name(state), message);
    fflush(out);
}
