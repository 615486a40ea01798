/*
 * output_table.c - the aligned per-host table (--format=table, and -v in
 * plugin format): one row per host, worst class first, columns padded to
 * their widest cell.
 *
 * Two passes over the host table and no per-host allocation: the first
 * measures every column, the second prints, once per class rank in input
 * order (stable by construction, no sort array that could fail to allocate
 * at 262,144 hosts).  Rows are formatted into a stack buffer both times.
 */
#include "output_table.h"

#include <string.h>

enum column {
    COL_ADDRESS,
    COL_NAME,
    COL_SENT,
    COL_RECV,
    COL_LOSS,
    COL_MIN,
    COL_AVG,
    COL_MAX,
    COL_JITTER,
    COL_MOS,
    COL_SCORE,
    COL_TTL, /* of the last reply: hops away, or a host that answers for another */
    COL_CLASS,
    COL_COUNT
};

static const char *const column_title[COL_COUNT] = {
    "address", "name",      "sent", "recv",  "loss", "min_ms", "avg_ms",
    "max_ms",  "jitter_ms", "mos",  "score", "ttl",  "class",
};
/* Text columns read best left-aligned, numbers right-aligned. */
static const bool column_left[COL_COUNT] = {
    [COL_ADDRESS] = true, [COL_NAME] = true, [COL_CLASS] = true};

struct table_row {
    const char *cell[COL_COUNT];
    char address[IPADDR_STRLEN];
    char names[IDENT_LEN];
    char num[COL_TTL - COL_SENT + 1][NUM_LEN]; /* cells COL_SENT..COL_TTL */
};

static void table_row_fill(const struct hostset *set, const struct host *h, struct table_row *r)
{
    double rta = verdict_host_rta_us(h);
    const char *name = output_host_names(set, h, r->names, sizeof(r->names));
    r->cell[COL_ADDRESS] =
        h->addr.family ? ipaddr_format(&h->addr, r->address, sizeof(r->address)) : "-";
    r->cell[COL_NAME] = name ? name : "-";
    r->cell[COL_SENT] = numfmt_u(r->num[0], h->sent);
    r->cell[COL_RECV] = numfmt_u(r->num[1], h->received);
    r->cell[COL_LOSS] = "-"; /* nothing sent: no loss to speak of */
    if (h->sent > 0) {
        numfmt_pct(r->num[2], verdict_host_loss(h));
        strcat(r->num[2], "%");
        r->cell[COL_LOSS] = r->num[2];
    }
    r->cell[COL_MIN] = rta < 0 ? "-" : numfmt_ms(r->num[3], h->rtt_min_us);
    r->cell[COL_AVG] = rta < 0 ? "-" : numfmt_ms(r->num[4], rta);
    r->cell[COL_MAX] = rta < 0 ? "-" : numfmt_ms(r->num[5], h->rtt_max_us);
    struct latency_measures m;
    verdict_host_latency(h, &m);
    r->cell[COL_JITTER] = m.valid ? numfmt_fixed(r->num[6], m.jitter_ms, 3, false) : "-";
    r->cell[COL_MOS] = m.valid ? numfmt_fixed(r->num[7], m.mos, 2, false) : "-";
    r->cell[COL_SCORE] = m.valid ? numfmt_fixed(r->num[8], m.score, 1, false) : "-";
    r->cell[COL_TTL] = h->reply_ttl ? numfmt_u(r->num[9], h->reply_ttl) : "-";
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
        if (!hostset_is_target(&set->hosts[i]))
            continue;
        table_row_fill(set, &set->hosts[i], &row);
        for (int col = 0; col < COL_COUNT; col++) {
            size_t len = strlen(row.cell[col]);
            if (len > width[col])
                width[col] = len;
        }
    }
}

void output_table_print(const struct output_ctx *c)
{
    size_t width[COL_COUNT];
    struct table_row row;
    table_widths(c->set, width);
    table_print_row(c->out, column_title, width);
    for (int rank = 0; rank < CLASS_COUNT; rank++) {
        for (uint32_t i = 0; i < c->set->count; i++) {
            const struct host *h = &c->set->hosts[i];
            if (!hostset_is_target(h) || table_rank(verdict_classify(h)) != rank)
                continue;
            table_row_fill(c->set, h, &row);
            table_print_row(c->out, row.cell, width);
        }
    }
}
