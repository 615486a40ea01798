/*
 * output.c - owns every byte the plugin prints about a finished run: the
 * status line and perfdata, the long output, the per-host table and the JSON
 * document (formats in output.h).  Main only picks the format.
 *
 * Written for 262,144+ hosts: everything streams into the caller's buffered
 * FILE*, nothing is allocated per host, and "worst first" orders are made by
 * scanning the table once per rank in input order (a handful of cheap passes,
 * stable by construction, and no sort array that could fail to allocate).
 *
 * Numbers never go through printf's %f: it follows LC_NUMERIC, and perfdata
 * and JSON need a '.' whatever the locale.  fmt_fixed() rounds by hand.
 */
#include "output.h"

#include <netdb.h>
#include <string.h>
#include <sys/socket.h>

#define NUM_LEN 32    /* any number we format, with sign, point and NUL */
#define TEXT_LEN 64   /* a threshold or host limit as text */
#define IDENT_LEN 320 /* "name (address)": a 253-byte name plus an address */
#define ERROR_LEN 160 /* one host's error text */

struct threshold_texts {
    char down_warning[TEXT_LEN], down_critical[TEXT_LEN];
    char partial_warning[TEXT_LEN], partial_critical[TEXT_LEN];
    char min_alive[TEXT_LEN];
    char host_warning[TEXT_LEN], host_critical[TEXT_LEN];
};

/* What every printer needs; built once per output_result() call. */
struct output_ctx {
    FILE *out;
    const struct hostset *set;
    const struct verdict *v;
    const struct verdict_config *cfg;
    const struct output_options *opt;
    struct threshold_texts th; /* "" where the option is not set */
};

/* ---- numbers ---------------------------------------------------------- */

static size_t fmt_uint(char *buf, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

/* v with `decimals` (0..3) digits after the point; trim drops trailing zeros
 * and a bare point ("12.50" -> "12.5", "100.00" -> "100"). */
static const char *fmt_fixed(char *buf, double v, int decimals, bool trim)
{
    static const uint64_t scale[] = {1, 10, 100, 1000};
    bool negative = v < 0;
    double mag = negative ? -v : v;
    if (!(mag < 1e15)) /* NaN or huge: never from our inputs; stay well-formed */
        mag = 1e15;
    uint64_t q = (uint64_t)(mag * (double)scale[decimals] + 0.5);
    uint64_t frac = q % scale[decimals];
    char *p = buf;
    if (negative && q != 0)
        *p++ = '-';
    p += fmt_uint(p, q / scale[decimals]);
    if (decimals > 0) {
        *p++ = '.';
        for (int i = decimals; i-- > 0; frac /= 10)
            p[i] = (char)('0' + frac % 10);
        p += decimals;
        while (trim && p[-1] == '0')
            p--;
        if (trim && p[-1] == '.')
            p--;
    }
    *p = '\0';
    return buf;
}

static const char *fmt_u(char *buf, uint64_t v)
{
    fmt_uint(buf, v);
    return buf;
}

static const char *fmt_ms(char *buf, double us)
{
    return fmt_fixed(buf, us / 1000.0, 3, false);
}

static const char *fmt_pct(char *buf, double pct)
{
    return fmt_fixed(buf, pct, 2, true);
}

/* ---- thresholds as text ------------------------------------------------ */

/* "500ms,80%", "500ms," or ",80%": the form --host-warning accepts. */
static void host_limit_text(const struct host_limit *l, char *buf, size_t len)
{
    char rta[NUM_LEN] = "", loss[NUM_LEN] = "";
    if (l->has_rta)
        fmt_fixed(rta, (double)l->rta_us / 1000.0, 3, true);
    if (l->has_loss)
        fmt_pct(loss, l->loss_pct);
    snprintf(buf, len, "%s%s,%s%s", rta, l->has_rta ? "ms" : "", loss, l->has_loss ? "%" : "");
}

/*
 * Perfdata and JSON show thresholds as range_format() gives them for the
 * host total: percent ranges become host counts ("10%" of 60 is "6"), so a
 * reader compares them with the counts without knowing the total.
 */
static void threshold_texts_fill(const struct verdict_config *cfg, double total,
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

struct icmp_text {
    uint8_t type, code;
    const char *text;
};

/* Our own short table: icmp.c is not linked into the output path. */
static const struct icmp_text icmp4_texts[] = {
    {3, 0, "net unreachable"},
    {3, 1, "host unreachable"},
    {3, 2, "protocol unreachable"},
    {3, 3, "port unreachable"},
    {3, 4, "fragmentation needed"},
    {3, 5, "source route failed"},
    {3, 6, "destination network unknown"},
    {3, 7, "destination host unknown"},
    {3, 9, "network administratively prohibited"},
    {3, 10, "host administratively prohibited"},
    {3, 13, "communication administratively prohibited"},
    {11, 0, "time to live exceeded"},
    {11, 1, "fragment reassembly time exceeded"},
    {12, 0, "parameter problem"},
};

static const struct icmp_text icmp6_texts[] = {
    {1, 0, "no route to destination"},
    {1, 1, "communication administratively prohibited"},
    {1, 2, "beyond scope of source address"},
    {1, 3, "address unreachable"},
    {1, 4, "port unreachable"},
    {1, 5, "source address failed policy"},
    {1, 6, "reject route to destination"},
    {3, 0, "hop limit exceeded"},
    {3, 1, "fragment reassembly time exceeded"},
};

static const char *icmp_text_lookup(bool v6, unsigned type, unsigned code)
{
    const struct icmp_text *t = v6 ? icmp6_texts : icmp4_texts;
    size_t n = v6 ? sizeof(icmp6_texts) / sizeof(*t) : sizeof(icmp4_texts) / sizeof(*t);
    for (size_t i = 0; i < n; i++)
        if (t[i].type == type && t[i].code == code)
            return t[i].text;
    return "error";
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
        bool v6 = h->error_type == HOST_ERROR_ICMP6;
        unsigned type = ((uint32_t)h->error_code >> 8) & 0xff, code = h->error_code & 0xff;
        snprintf(buf, len, "ICMP%s %s (type %u code %u)%s", v6 ? "v6" : "",
                 icmp_text_lookup(v6, type, code), type, code, from);
    } else if (h->error_type == HOST_ERROR_SEND) {
        snprintf(buf, len, "sendto: %s", strerror_r(h->error_code, errbuf, sizeof(errbuf)));
    } else {
        snprintf(buf, len, "unreachable%s", from);
    }
}

/* The host's error as text, or NULL when it has none. */
static const char *host_error_text(const struct host *h, char *buf, size_t len)
{
    if (h->status == HOST_RESOLVING)
        return "still resolving at timeout";
    if (h->status == HOST_UNRESOLVED)
        return gai_strerror(h->error_code);
    if (!(atomic_load_explicit(&h->flags, memory_order_relaxed) & HOST_UNREACHABLE))
        return NULL;
    host_unreachable_text(h, buf, len);
    return buf;
}

/* "web3 (192.0.2.3)", "192.0.2.3", or "slow.example" before it resolved. */
static const char *host_ident(const struct hostset *set, const struct host *h, char *buf,
                              size_t len)
{
    char addr[IPADDR_STRLEN];
    const char *name = hostset_name(set, h);
    if (h->addr.family == 0)
        snprintf(buf, len, "%s", name ? name : "?");
    else if (name)
        snprintf(buf, len, "%s (%s)", name, ipaddr_format(&h->addr, addr, sizeof(addr)));
    else
        ipaddr_format(&h->addr, buf, len);
    return buf;
}

/* ---- status line and perfdata ------------------------------------------ */

/* Plain labels go bare; anything else is quoted, a ' inside doubled. */
static void perf_label(FILE *out, const char *a, const char *b)
{
    bool quote = b != NULL;
    for (const char *p = a; *p && !quote; p++)
        quote = !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-');
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

/* " label=valueUOM;warn;crit;min;max": every field present, empty if unset. */
static void perf_item(FILE *out, const char *label, const char *suffix, const char *value,
                      const char *uom, const char *warn, const char *crit, const char *max)
{
    putc(' ', out);
    perf_label(out, label, suffix);
    putc('=', out);
    fputs(value, out);
    if (strcmp(value, "U") != 0)
        fputs(uom, out);
    fprintf(out, ";%s;%s;0;%s", warn, crit, max);
}

static void perf_counts(const struct output_ctx *c)
{
    const struct verdict *v = c->v;
    char n[NUM_LEN], total[NUM_LEN];
    fmt_u(total, v->hosts);
    perf_item(c->out, "hosts", NULL, total, "", "", "", "");
    perf_item(c->out, "alive", NULL, fmt_u(n, v->count[CLASS_ALIVE]), "", "", c->th.min_alive,
              total);
    perf_item(c->out, "partial", NULL, fmt_u(n, v->count[CLASS_PARTIAL]), "", c->th.partial_warning,
              c->th.partial_critical, total);
    perf_item(c->out, "dead", NULL, fmt_u(n, v->count[CLASS_DEAD]), "", "", "", total);
    perf_item(c->out, "unreachable", NULL, fmt_u(n, v->count[CLASS_UNREACHABLE]), "", "", "",
              total);
    perf_item(c->out, "unresolved", NULL, fmt_u(n, v->count[CLASS_UNRESOLVED]), "", "", "", total);
    perf_item(c->out, "down", NULL, fmt_u(n, v->down), "", c->th.down_warning, c->th.down_critical,
              total);
}

static void perf_rtt_loss(const struct output_ctx *c)
{
    const struct verdict *v = c->v;
    char n[NUM_LEN];
    perf_item(c->out, "rta_min", NULL, v->has_rtt ? fmt_fixed(n, v->rta_min_ms, 3, false) : "U",
              "ms", "", "", "");
    perf_item(c->out, "rta_avg", NULL, v->has_rtt ? fmt_fixed(n, v->rta_avg_ms, 3, false) : "U",
              "ms", "", "", "");
    perf_item(c->out, "rta_max", NULL, v->has_rtt ? fmt_fixed(n, v->rta_max_ms, 3, false) : "U",
              "ms", "", "", "");
    perf_item(c->out, "loss", NULL, fmt_pct(n, v->loss_pct), "%", "", "", "100");
}

/* --perfdata-hosts: 'NAME rta' and 'NAME pl' for every host pinged. */
static void perf_hosts(const struct output_ctx *c)
{
    const struct verdict_config *cfg = c->cfg;
    char rta_w[NUM_LEN] = "", rta_c[NUM_LEN] = "", pl_w[NUM_LEN] = "", pl_c[NUM_LEN] = "";
    if (cfg->has_host_warning && cfg->host_warning.has_rta)
        fmt_fixed(rta_w, (double)cfg->host_warning.rta_us / 1000.0, 3, true);
    if (cfg->has_host_critical && cfg->host_critical.has_rta)
        fmt_fixed(rta_c, (double)cfg->host_critical.rta_us / 1000.0, 3, true);
    if (cfg->has_host_warning && cfg->host_warning.has_loss)
        fmt_pct(pl_w, cfg->host_warning.loss_pct);
    if (cfg->has_host_critical && cfg->host_critical.has_loss)
        fmt_pct(pl_c, cfg->host_critical.loss_pct);
    for (uint32_t i = 0; i < c->set->count; i++) {
        const struct host *h = &c->set->hosts[i];
        char label[IPADDR_STRLEN], n[NUM_LEN];
        if (h->status != HOST_READY || h->sent == 0)
            continue;
        const char *name = hostset_label(c->set, h, label, sizeof(label));
        double rta = verdict_host_rta_us(h);
        perf_item(c->out, name, " rta", rta < 0 ? "U" : fmt_ms(n, rta), "ms", rta_w, rta_c, "");
        perf_item(c->out, name, " pl", fmt_pct(n, verdict_host_loss(h)), "%", pl_w, pl_c, "100");
    }
}

/* "MULTIPING WARNING - 60 hosts: 40 alive, ..." without the note. */
static void summary_format(const struct output_ctx *c, char *buf, size_t len)
{
    const struct verdict *v = c->v;
    int n = snprintf(buf, len,
                     "MULTIPING %s - %u hosts: %u alive, %u partial, %u dead, %u unreachable, "
                     "%u unresolved",
                     state_name(v->state), v->hosts, v->count[CLASS_ALIVE], v->count[CLASS_PARTIAL],
                     v->count[CLASS_DEAD], v->count[CLASS_UNREACHABLE], v->count[CLASS_UNRESOLVED]);
    if (n < 0 || (size_t)n >= len)
        return;
    if (c->cfg->has_host_warning || c->cfg->has_host_critical)
        snprintf(buf + n, len - (size_t)n, "; %u over host critical, %u over host warning",
                 v->over_host_critical, v->over_host_warning);
}

static void status_line(const struct output_ctx *c)
{
    char summary[256];
    summary_format(c, summary, sizeof(summary));
    fputs(summary, c->out);
    if (c->opt->note)
        fprintf(c->out, "; %s", c->opt->note);
    fputs(" |", c->out);
    perf_counts(c);
    perf_rtt_loss(c);
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

static void problem_over_limit(const struct output_ctx *c, const struct host *h, const char *ident,
                               bool critical)
{
    const struct host_limit *l = critical ? &c->cfg->host_critical : &c->cfg->host_warning;
    char rta[NUM_LEN], loss[NUM_LEN], lrta[NUM_LEN], lloss[NUM_LEN];
    fprintf(c->out, "OVER %s: %s: rta %s ms, %s%% loss (limit ", critical ? "CRITICAL" : "WARNING",
            ident, fmt_ms(rta, verdict_host_rta_us(h)), fmt_pct(loss, verdict_host_loss(h)));
    if (l->has_rta)
        fprintf(c->out, "%s ms%s", fmt_fixed(lrta, (double)l->rta_us / 1000.0, 3, true),
                l->has_loss ? ", " : "");
    if (l->has_loss)
        fprintf(c->out, "%s%%", fmt_pct(lloss, l->loss_pct));
    fputs(")\n", c->out);
}

static void problem_line(const struct output_ctx *c, const struct host *h, enum problem p)
{
    char ident[IDENT_LEN], err[ERROR_LEN], loss[NUM_LEN], rta[NUM_LEN];
    FILE *out = c->out;
    host_ident(c->set, h, ident, sizeof(ident));
    const char *error = host_error_text(h, err, sizeof(err));
    switch (p) {
    case PROBLEM_DEAD:
        fprintf(out, "DEAD: %s: %u/%u replies\n", ident, h->received, h->sent);
        break;
    case PROBLEM_UNREACHABLE:
        fprintf(out, "UNREACHABLE: %s: %s, %u/%u replies\n", ident, error ? error : "unreachable",
                h->received, h->sent);
        break;
    case PROBLEM_UNRESOLVED:
        fprintf(out, "UNRESOLVED: %s: %s\n", ident, error ? error : "not resolved");
        break;
    case PROBLEM_PARTIAL:
        fprintf(out, "PARTIAL: %s: %u/%u replies, %s%% loss, rta %s ms\n", ident, h->received,
                h->sent, fmt_pct(loss, verdict_host_loss(h)), fmt_ms(rta, verdict_host_rta_us(h)));
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
            if (problem_of(c->cfg, h) != (enum problem)p)
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

/* ---- per-host table ---------------------------------------------------- */

enum column {
    COL_ADDRESS,
    COL_NAME,
    COL_SENT,
    COL_RECV,
    COL_LOSS,
    COL_MIN,
    COL_AVG,
    COL_MAX,
    COL_CLASS,
    COL_COUNT
};

static const char *const column_title[COL_COUNT] = {
    "address", "name", "sent", "recv", "loss", "min_ms", "avg_ms", "max_ms", "class",
};
/* Text columns read best left-aligned, numbers right-aligned. */
static const bool column_left[COL_COUNT] = {
    [COL_ADDRESS] = true, [COL_NAME] = true, [COL_CLASS] = true};

struct table_row {
    const char *cell[COL_COUNT];
    char address[IPADDR_STRLEN];
    char num[COL_MAX - COL_SENT + 1][NUM_LEN]; /* cells COL_SENT..COL_MAX */
};

static void table_row_fill(const struct hostset *set, const struct host *h, struct table_row *r)
{
    double rta = verdict_host_rta_us(h);
    const char *name = hostset_name(set, h);
    r->cell[COL_ADDRESS] =
        h->addr.family ? ipaddr_format(&h->addr, r->address, sizeof(r->address)) : "-";
    r->cell[COL_NAME] = name ? name : "-";
    r->cell[COL_SENT] = fmt_u(r->num[0], h->sent);
    r->cell[COL_RECV] = fmt_u(r->num[1], h->received);
    r->cell[COL_LOSS] = "-"; /* nothing sent: no loss to speak of */
    if (h->sent > 0) {
        fmt_pct(r->num[2], verdict_host_loss(h));
        strcat(r->num[2], "%");
        r->cell[COL_LOSS] = r->num[2];
    }
    r->cell[COL_MIN] = rta < 0 ? "-" : fmt_ms(r->num[3], h->rtt_min_us);
    r->cell[COL_AVG] = rta < 0 ? "-" : fmt_ms(r->num[4], rta);
    r->cell[COL_MAX] = rta < 0 ? "-" : fmt_ms(r->num[5], h->rtt_max_us);
    r->cell[COL_CLASS] = verdict_class_name(verdict_classify(h));
}

static void table_pad(FILE *out, size_t n)
{
    static const char spaces[] = "                                ";
    for (; n > sizeof(spaces) - 1; n -= sizeof(spaces) - 1)
        fwrite(spaces, 1, sizeof(spaces) - 1, out);
    fwrite(spaces, 1, n, out);
}

/* Two spaces between columns; the last one unpadded (no trailing blanks). */
static void table_print_row(FILE *out, const char *const *cell, const size_t *width)
{
    for (int col = 0; col < COL_COUNT; col++) {
        size_t len = strlen(cell[col]);
        size_t pad = width[col] - len;
        if (col > 0)
            fputs("  ", out);
        if (!column_left[col])
            table_pad(out, pad);
        fputs(cell[col], out);
        if (column_left[col] && col < COL_COUNT - 1)
            table_pad(out, pad);
    }
    putc('\n', out);
}

/* Worst class first: dead, unreachable, unresolved, partial, alive. */
static int table_rank(enum host_class c)
{
    static const int rank[CLASS_COUNT] = {[CLASS_DEAD] = 0,
                                          [CLASS_UNREACHABLE] = 1,
                                          [CLASS_UNRESOLVED] = 2,
                                          [CLASS_PARTIAL] = 3,
                                          [CLASS_ALIVE] = 4};
    return rank[c];
}

static void table_widths(const struct hostset *set, size_t *width)
{
    struct table_row row;
    for (int col = 0; col < COL_COUNT; col++)
        width[col] = strlen(column_title[col]);
    for (uint32_t i = 0; i < set->count; i++) {
        table_row_fill(set, &set->hosts[i], &row);
        for (int col = 0; col < COL_COUNT; col++) {
            size_t len = strlen(row.cell[col]);
            if (len > width[col])
                width[col] = len;
        }
    }
}

static void table(const struct output_ctx *c)
{
    size_t width[COL_COUNT];
    struct table_row row;
    table_widths(c->set, width);
    table_print_row(c->out, column_title, width);
    for (int rank = 0; rank < CLASS_COUNT; rank++) {
        for (uint32_t i = 0; i < c->set->count; i++) {
            const struct host *h = &c->set->hosts[i];
            if (table_rank(verdict_classify(h)) != rank)
                continue;
            table_row_fill(c->set, h, &row);
            table_print_row(c->out, row.cell, width);
        }
    }
}

/* ---- JSON -------------------------------------------------------------- */

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
    fprintf(out, "{\"min\":%s,\"avg\":%s,\"max\":%s}", fmt_fixed(a, min_ms, 3, false),
            fmt_fixed(b, avg_ms, 3, false), fmt_fixed(d, max_ms, 3, false));
}

static void json_head(const struct output_ctx *c)
{
    const struct verdict *v = c->v;
    char summary[256], loss[NUM_LEN];
    summary_format(c, summary, sizeof(summary));
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
    fprintf(c->out, ",\"loss_pct\":%s,", fmt_pct(loss, v->loss_pct));
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
    fputs(",\"name\":", out);
    json_string(out, hostset_name(c->set, h));
    /* loss_pct is null when nothing was sent: there is no loss to report. */
    fprintf(out, ",\"class\":\"%s\",\"sent\":%u,\"received\":%u,\"loss_pct\":%s,\"rtt_ms\":",
            verdict_class_name(verdict_classify(h)), h->sent, h->received,
            h->sent ? fmt_pct(n, verdict_host_loss(h)) : "null");
    json_rtt(out, rta >= 0, h->rtt_min_us / 1000.0, rta / 1000.0, h->rtt_max_us / 1000.0);
    fprintf(out, ",\"over_limit\":%s,\"error\":", over[verdict_host_state(c->cfg, h)]);
    json_string(out, host_error_text(h, err, sizeof(err)));
    putc('}', out);
}

static void json_document(const struct output_ctx *c)
{
    json_head(c);
    json_thresholds(c);
    fputs("\"targets\":[", c->out);
    for (uint32_t i = 0; i < c->set->count; i++) {
        if (i > 0)
            putc(',', c->out);
        json_target(c, &c->set->hosts[i]);
    }
    fputs("]}\n", c->out);
}

/* ---- entry points ------------------------------------------------------ */

int output_result(FILE *out, const struct hostset *set, const struct verdict *v,
                  const struct verdict_config *cfg, const struct output_options *opt)
{
    struct output_ctx c = {.out = out, .set = set, .v = v, .cfg = cfg, .opt = opt};
    threshold_texts_fill(cfg, v->hosts, &c.th);
    /* One lock for the whole document instead of one per call: after the
     * engine's threads ran, stdio locks on every putc. */
    flockfile(out);
    switch (opt->format) {
    case OUTPUT_JSON:
        json_document(&c);
        break;
    case OUTPUT_TABLE:
        status_line(&c);
        table(&c);
        break;
    case OUTPUT_PLUGIN:
    default:
        status_line(&c);
        long_output(&c);
        if (opt->verbose >= 1)
            table(&c);
        break;
    }
    funlockfile(out);
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

void output_failure(FILE *out, enum state state, const char *message)
{
    fprintf(out, "MULTIPING %s - %s\n", state_name(state), message);
    fflush(out);
}
