/*
 * perfdata_cases.c - the cases of the perfdata property test (issue 21):
 * for many thresholds (counts, percentages, '@' ranges, ':' forms) on the
 * down, partial and alive counts, every host total in a list and every
 * count from 0 to that total, the plugin's state and the perfdata item
 * that carries the thresholds, as output_result() prints them.
 *
 *   perfdata_cases | perl tests/unit/perfdata_property.pl
 *
 * One line per case: "STATE<TAB>ITEM<TAB>WHAT", STATE the plugin's exit
 * code.  perfdata_property.pl reads ITEM with Monitoring::Plugin and
 * requires its status to be STATE: a printed range that a reader judges
 * otherwise than the plugin did is a failure.  Not a cmocka test: the
 * oracle is Perl, and this program only prints.
 */
#include "output/output.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TOTAL 100

static const char *const ranges[] = {
    "0",          "1",         "2",         "3",        "5",        "2.5",      "2.999",
    "1:",         "2:",        "1.5:",      "0:",       "~:1",      "~:0",      "1:3",
    "@1:2",       "@2",        "@0",        "@1:",      "@~:1",     "@0.5:2.5", "@2.2:2.8",
    "2.2:2.8",    "-1:1",      "0%",        "10%",      "25%",      "33%",      "33.33%",
    "33.334%",    "50%",       "66.66%",    "66.67%",   "75%",      "99.9%",    "100%",
    "10%:",       "50%:",      "66.66%:",   "33.334%:", "~:50%",    "~:33.33%", "@33.334%:100%",
    "@25%:75%",   "@50%",      "@34%:66%",  "34%:66%",  "@66.66%:", "20%:80%",  "@0%:0%",
    "0.1%:99.9%", "@~:66.66%", "12.5%:25%",
};
#define NRANGES (sizeof(ranges) / sizeof(ranges[0]))

static const uint32_t totals[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 33, 60, 97, 100};

enum kind { KIND_DOWN, KIND_PARTIAL, KIND_ALIVE };
static const char *const kind_label[] = {"down", "partial", "alive"};

struct host_table {
    struct hostset set;
    struct host hosts[MAX_TOTAL];
};

/* total hosts, `count` of them down, partial or alive (the kind judged);
 * the others are alive, or dead for KIND_ALIVE. */
static void fill(struct host_table *t, enum kind kind, uint32_t total, uint32_t count)
{
    memset(t, 0, sizeof(*t));
    t->set.hosts = t->hosts;
    t->set.count = total;
    for (uint32_t i = 0; i < total; i++) {
        struct host *h = &t->hosts[i];
        bool marked = i < count;
        h->name = HOST_NO_NAME;
        h->sent = 2;
        if (kind == KIND_DOWN)
            h->received = marked ? 0 : 2;
        else if (kind == KIND_PARTIAL)
            h->received = marked ? 1 : 2;
        else
            h->received = marked ? 2 : 0;
        h->rtt_min_us = h->rtt_max_us = 1000;
        h->rtt_sum_us = 1000 * (uint64_t)h->received;
    }
}

static bool parse(const char *text, struct range *r)
{
    char err[256];
    if (range_parse(text, r, err, sizeof(err)) == 0)
        return true;
    fprintf(stderr, "perfdata_cases: %s\n", err);
    return false;
}

/* The plugin's state and its item for one case; false on an error. */
static bool one_case(const struct verdict_config *cfg, enum kind kind, uint32_t total,
                     uint32_t count, const char *what)
{
    struct host_table t;
    struct output_options opt = {.format = OUTPUT_PLUGIN};
    struct verdict v;
    char *text = NULL, key[16];
    size_t len = 0;
    fill(&t, kind, total, count);
    verdict_compute(cfg, &t.set, &v);
    FILE *out = open_memstream(&text, &len);
    if (!out || output_result(out, &t.set, &v, cfg, &opt) < 0)
        return false;
    fclose(out);
    snprintf(key, sizeof(key), " %s=", kind_label[kind]);
    const char *item = strstr(text, key);
    if (!item) {
        free(text);
        return false;
    }
    item++;
    printf("%d\t%.*s\t%s of %u hosts, %s\n", (int)v.state, (int)strcspn(item, " \n"), item,
           kind_label[kind], (unsigned)total, what);
    free(text);
    return true;
}

static bool every_count(const struct verdict_config *cfg, enum kind kind, const char *what)
{
    for (size_t k = 0; k < sizeof(totals) / sizeof(totals[0]); k++)
        for (uint32_t c = 0; c <= totals[k]; c++)
            if (!one_case(cfg, kind, totals[k], c, what))
                return false;
    return true;
}

/* -w/-c (or --partial-*) as warning alone, critical alone, and paired
 * with the range three places on in the list. */
static bool threshold_cases(enum kind kind, const char *w, const char *c)
{
    struct verdict_config cfg = {0};
    struct threshold *th = kind == KIND_DOWN ? &cfg.down : &cfg.partial;
    char what[96];
    if ((w && !parse(w, &th->warning)) || (c && !parse(c, &th->critical)))
        return false;
    th->has_warning = w != NULL;
    th->has_critical = c != NULL;
    snprintf(what, sizeof(what), "warning %s, critical %s", w ? w : "-", c ? c : "-");
    return every_count(&cfg, kind, what);
}

static bool min_alive_cases(const char *text)
{
    struct verdict_config cfg = {.has_min_alive = true};
    char what[64];
    if (!parse(text, &cfg.min_alive))
        return false;
    snprintf(what, sizeof(what), "--min-alive %s", text);
    return every_count(&cfg, KIND_ALIVE, what);
}

int main(void)
{
    for (size_t i = 0; i < NRANGES; i++) {
        const char *r = ranges[i], *other = ranges[(i + 3) % NRANGES];
        if (!threshold_cases(KIND_DOWN, r, NULL) || !threshold_cases(KIND_DOWN, NULL, r) ||
            !threshold_cases(KIND_DOWN, r, other) || !threshold_cases(KIND_PARTIAL, r, other) ||
            !min_alive_cases(r))
            return 1;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
