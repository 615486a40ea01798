/*
 * output_labels.c - distinct, stable words for --perfdata-hosts (the rule
 * is in output_labels.h).
 *
 * Two passes over the targets in the input order of their labels: the
 * first gives every word to its first owner, the second finds WORD_N for
 * the later owners of a word taken.  Two passes, so that a host whose own
 * word is "x_2" keeps it even when an earlier pair of hosts both made "x".
 * The table holds host indices only; a word is made again from its host
 * when compared (cheap next to printing it), so memory stays at 16 bytes
 * a target whatever the names' lengths.
 */
#include "output_labels.h"

#include "output_text.h"

#include <stdlib.h>
#include <string.h>

#define SUFFIX_PENDING UINT32_MAX

struct word_table {
    const struct hostset *set;
    uint32_t *suffix;
    uint32_t *slots; /* host index + 1; 0 is empty */
    size_t mask;
};

bool output_labels_word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
}

static void word_of(const struct hostset *set, const struct host *h, uint32_t suffix, char *buf,
                    size_t len)
{
    char label[IDENT_LEN];
    const char *name = output_host_label(set, h, label, sizeof(label));
    size_t i = 0;
    for (; name[i] && i + 1 < len; i++)
        buf[i] = output_labels_word_char(name[i]) ? name[i] : '_';
    buf[i] = '\0';
    if (suffix != 0 && suffix != SUFFIX_PENDING)
        snprintf(buf + i, len - i, "_%u", (unsigned)suffix);
}

const char *output_labels_word(const struct output_labels *l, const struct hostset *set,
                               const struct host *h, char *buf, size_t len)
{
    word_of(set, h, l->suffix ? l->suffix[h - set->hosts] : 0, buf, len);
    return buf;
}

/* FNV-1a: words are short, and only their spread matters here. */
static size_t word_hash(const char *s)
{
    uint64_t x = 1469598103934665603ULL;
    for (; *s; s++)
        x = (x ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)(x ^ (x >> 32));
}

/* The slot holding `word`, or the empty slot where it would go. */
static size_t word_slot(const struct word_table *t, const char *word)
{
    char other[OUTPUT_LABEL_LEN];
    for (size_t i = word_hash(word) & t->mask;; i = (i + 1) & t->mask) {
        uint32_t at = t->slots[i];
        if (at == 0)
            return i;
        word_of(t->set, &t->set->hosts[at - 1], t->suffix[at - 1], other, sizeof(other));
        if (strcmp(other, word) == 0)
            return i;
    }
}

/* Give host i its word with `suffix` if free; false when taken. */
static bool word_take(struct word_table *t, uint32_t i, uint32_t suffix)
{
    char word[OUTPUT_LABEL_LEN];
    word_of(t->set, &t->set->hosts[i], suffix, word, sizeof(word));
    size_t slot = word_slot(t, word);
    if (t->slots[slot] != 0)
        return false;
    t->suffix[i] = suffix;
    t->slots[slot] = i + 1;
    return true;
}

/*
 * Where target h's label stands in the input: a literal's own index; for a
 * name, the lowest index of a spelling carrying the label's name (the
 * smallest name offset in the ring, as output_host_label picks it).
 */
static uint32_t label_position(const struct hostset *set, const struct host *h)
{
    const struct host *best = h;
    if (h->name == HOST_NO_NAME)
        return (uint32_t)(h - set->hosts);
    for (const struct host *a = hostset_next_spelling(set, h); a && a != h;
         a = hostset_next_spelling(set, a)) {
        if (a->name == HOST_NO_NAME)
            continue;
        if (a->name < best->name || (a->name == best->name && a < best))
            best = a;
    }
    return (uint32_t)(best - set->hosts);
}

/* order[k]: 1 + the k-th target by label position (0 where none). */
static void order_targets(const struct hostset *set, uint32_t *order)
{
    memset(order, 0, set->count * sizeof(*order));
    for (uint32_t i = 0; i < set->count; i++)
        if (hostset_is_target(&set->hosts[i]))
            order[label_position(set, &set->hosts[i])] = i + 1;
}

static void assign_words(struct word_table *t, const uint32_t *order, uint32_t count)
{
    for (uint32_t k = 0; k < count; k++)
        if (order[k] && !word_take(t, order[k] - 1, 0))
            t->suffix[order[k] - 1] = SUFFIX_PENDING;
    for (uint32_t k = 0; k < count; k++) {
        if (!order[k] || t->suffix[order[k] - 1] != SUFFIX_PENDING)
            continue;
        for (uint32_t n = 2; !word_take(t, order[k] - 1, n); n++)
            ;
    }
}

int output_labels_build(const struct hostset *set, struct output_labels *out)
{
    size_t slots = 16;
    while (slots < 2 * (size_t)set->count)
        slots *= 2;
    struct word_table t = {set, calloc(set->count + 1, sizeof(uint32_t)),
                           calloc(slots, sizeof(uint32_t)), slots - 1};
    uint32_t *order = malloc((set->count + 1) * sizeof(uint32_t));
    out->suffix = NULL;
    if (!t.suffix || !t.slots || !order) {
        free(t.suffix);
        free(t.slots);
        free(order);
        return -1;
    }
    order_targets(set, order);
    assign_words(&t, order, set->count);
    free(order);
    free(t.slots);
    out->suffix = t.suffix;
    return 0;
}

void output_labels_free(struct output_labels *l)
{
    free(l->suffix);
    l->suffix = NULL;
}
