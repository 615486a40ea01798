/*
 * output_icmp.c - check_icmp's status line and perfdata (format in
 * output_icmp.h).  Numbers always use '.', whatever the locale (2.4 follows
 * LC_NUMERIC and prints "0,040ms" under a German locale, which no perfdata
 * parser reads).
 */
#include "output_icmp.h"

#include "numfmt.h"
#include "resolve/resolve_reason.h"

#include <netinet/icmp6.h>
#include <netinet/ip_icmp.h>
#include <stdbool.h>
#include <string.h>

#define ICMP_NAME "check_icmp"

struct icmp_out {
    FILE *out;
    const struct hostset *set;
    const struct icmp_config *cfg;
    unsigned modes;
    enum state run;
    bool prefix; /* several hosts: perfdata labels carry the host */
};

/* ---- the cause of a silent host, in check_icmp's words ------------------ */

static const char *unreach4_text(unsigned code)
{
    static const char *const text[] = {
        "Net unreachable",
        "Host unreachable",
        "Protocol unreachable (firewall?)",
        "Port unreachable (firewall?)",
        "Fragmentation needed",
        "Source route failed",
        "Unknown network",
        "Unknown host",
        "Source host isolated",
        "Network denied (firewall?)",
        "Host denied (firewall?)",
        "Bad TOS for network (firewall?)",
        "Bad TOS for host (firewall?)",
        "Prohibited by filter (firewall)",
        "Host precedence violation",
        "Precedence cutoff",
    };
    return code < sizeof(text) / sizeof(text[0]) ? text[code] : "Invalid code";
}

static const char *icmp4_error_text(unsigned type, unsigned code)
{
    switch (type) {
    case ICMP_DEST_UNREACH:
        return unreach4_text(code);
    case ICMP_TIME_EXCEEDED:
        return code == 0 ? "Time to live exceeded in transit" : "Fragment reassembly time exceeded";
    case ICMP_SOURCE_QUENCH:
        return "Transmitting too fast";
    case ICMP_REDIRECT:
        return "Redirect (change route)";
    case ICMP_PARAMETERPROB:
        return "Bad IP header (required option absent)";
    }
    return "unreachable";
}

/* ICMPv6 errors mapped onto the nearest IPv4 wording. */
static const char *icmp6_error_text(unsigned type, unsigned code)
{
    if (type == ICMP6_DST_UNREACH) {
        switch (code) {
        case ICMP6_DST_UNREACH_NOROUTE:
            return "Net unreachable";
        case ICMP6_DST_UNREACH_ADMIN:
            return "Prohibited by filter (firewall)";
        case ICMP6_DST_UNREACH_ADDR:
            return "Host unreachable";
        case ICMP6_DST_UNREACH_NOPORT:
            return "Port unreachable (firewall?)";
        }
        return "unreachable";
    }
    if (type == ICMP6_TIME_EXCEEDED)
        return code == 0 ? "Time to live exceeded in transit" : "Fragment reassembly time exceeded";
    if (type == ICMP6_PACKET_TOO_BIG)
        return "Fragmentation needed";
    return type == ICMP6_PARAM_PROB ? "Bad IP header (required option absent)" : "unreachable";
}

/* "Host unreachable @ 192.0.2.254. " for an ICMP error, "" otherwise (a send
 * error is not something check_icmp ever names). */
static void cause_text(const struct host *h, char *buf, size_t len)
{
    char from[IPADDR_STRLEN];
    buf[0] = '\0';
    if (!(atomic_load_explicit(&h->flags, memory_order_relaxed) & HOST_UNREACHABLE) ||
        (h->error_type != HOST_ERROR_ICMP4 && h->error_type != HOST_ERROR_ICMP6))
        return;
    unsigned type = (unsigned)h->error_code >> 8, code = (unsigned)h->error_code & 0xff;
    const char *what = h->error_type == HOST_ERROR_ICMP4 ? icmp4_error_text(type, code)
                                                         : icmp6_error_text(type, code);
    const struct ipaddr *who = h->error_from.family ? &h->error_from : &h->addr;
    snprintf(buf, len, "%s @ %s. ", what, ipaddr_format(who, from, sizeof(from)));
}

/* ---- status text --------------------------------------------------------- */

/*
 * A target's name as check_icmp prints it: its first spelling on the
 * command line.  2.4 resolves in that order and drops a later IPv4 address
 * it already has, so the first spelling is what it prints; here the ring's
 * target is the name the resolver answered first, so the ring is searched
 * for the lowest host index (input order) instead.
 */
static const char *icmp_label(const struct hostset *set, const struct host *h, char *buf,
                              size_t len)
{
    const struct host *first = h;
    for (const struct host *a = hostset_next_spelling(set, h); a && a != h;
         a = hostset_next_spelling(set, a))
        if (a < first)
            first = a;
    return hostset_label(set, first, buf, len);
}

/* The threshold shown next to a value: the one of the run's state. */
static const struct icmp_limits *shown_limits(const struct icmp_out *o)
{
    return o->run == STATE_WARNING ? &o->cfg->warn : &o->cfg->crit;
}

/* Whether a mode's value is shown: always in an OK run, else when that
 * mode is what put the host in the run's state. */
static bool shown(const struct icmp_out *o, enum state mode_state)
{
    return o->run == STATE_OK || mode_state == o->run;
}

static void text_delay_modes(const struct icmp_out *o, const struct icmp_host_result *r)
{
    const struct icmp_limits *l = shown_limits(o);
    char v[NUMFMT_LEN], t[NUMFMT_LEN];
    if ((o->modes & ICMP_MODE_RTA) && shown(o, r->rta)) {
        fprintf(o->out, " rta %sms", numfmt_ms(v, r->rta_us));
        if (o->run != STATE_OK)
            fprintf(o->out, " > %sms", numfmt_ms(t, (double)l->rta_us));
    }
    if ((o->modes & ICMP_MODE_PL) && shown(o, r->pl_state)) {
        fprintf(o->out, " lost %u%%", r->pl);
        if (o->run != STATE_OK)
            fprintf(o->out, " > %u%%", l->pl);
    }
    if ((o->modes & ICMP_MODE_JITTER) && shown(o, r->jitter)) {
        fprintf(o->out, " jitter %sms", numfmt_fixed(v, r->lat.jitter_ms, 3, false));
        if (o->run != STATE_OK)
            fprintf(o->out, " > %sms", numfmt_fixed(t, l->jitter_ms, 3, false));
    }
}

static void text_quality_modes(const struct icmp_out *o, const struct icmp_host_result *r)
{
    const struct icmp_limits *l = shown_limits(o);
    char v[NUMFMT_LEN], t[NUMFMT_LEN];
    if ((o->modes & ICMP_MODE_MOS) && shown(o, r->mos)) {
        fprintf(o->out, " MOS %s", numfmt_fixed(v, r->lat.mos, 1, false));
        if (o->run != STATE_OK)
            fprintf(o->out, " < %s", numfmt_fixed(t, l->mos, 1, false));
    }
    if ((o->modes & ICMP_MODE_SCORE) && shown(o, r->score)) {
        fprintf(o->out, " Score %u", (unsigned)r->lat.score);
        if (o->run != STATE_OK)
            fprintf(o->out, " < %u", (unsigned)l->score);
    }
    if (o->modes & ICMP_MODE_ORDER) {
        if (o->run == STATE_OK)
            fputs(" Packets in order", o->out);
        else if (o->run == STATE_CRITICAL && r->order == STATE_CRITICAL)
            fputs(" Packets out of order", o->out);
    }
}

static void text_host(const struct icmp_out *o, const struct host *h,
                      const struct icmp_host_result *r)
{
    char label[IPADDR_STRLEN], cause[96];
    const char *name = icmp_label(o->set, h, label, sizeof(label));
    if (!r->answered) {
        cause_text(h, cause, sizeof(cause));
        fprintf(o->out, "%s: %srta nan, lost 100%%", name, cause);
        return;
    }
    fputs(name, o->out);
    text_delay_modes(o, r);
    text_quality_modes(o, r);
}

/* ---- perfdata ------------------------------------------------------------ */

static void perf_delay(const struct icmp_out *o, const char *p, const struct icmp_host_result *r,
                       const struct host *h)
{
    const struct icmp_config *c = o->cfg;
    char v[NUMFMT_LEN], w[NUMFMT_LEN], k[NUMFMT_LEN], mx[NUMFMT_LEN], mn[NUMFMT_LEN];
    if ((o->modes & ICMP_MODE_RTA) && r->answered)
        fprintf(o->out, "%srta=%sms;%s;%s;0; %srtmax=%sms;;;; %srtmin=%sms;;;; ", p,
                numfmt_ms(v, r->rta_us), numfmt_ms(w, (double)c->warn.rta_us),
                numfmt_ms(k, (double)c->crit.rta_us), p, numfmt_ms(mx, h->rtt_max_us), p,
                numfmt_ms(mn, h->rtt_min_us));
    else if (o->modes & ICMP_MODE_RTA)
        fprintf(o->out, "%srta=U;;;; %srtmax=U;;;; %srtmin=U;;;; ", p, p, p);
    if (o->modes & ICMP_MODE_PL)
        fprintf(o->out, "%spl=%u%%;%u;%u;0;100 ", p, r->pl, c->warn.pl, c->crit.pl);
    if ((o->modes & ICMP_MODE_JITTER) && r->answered)
        fprintf(o->out, "%sjitter_avg=%sms;%s;%s;0; %sjitter_max=%sms;;;; %sjitter_min=%sms;;;; ",
                p, numfmt_fixed(v, r->lat.jitter_ms, 3, false),
                numfmt_fixed(w, c->warn.jitter_ms, 3, false),
                numfmt_fixed(k, c->crit.jitter_ms, 3, false), p,
                numfmt_fixed(mx, r->lat.jitter_max_ms, 3, false), p,
                numfmt_fixed(mn, r->lat.jitter_min_ms, 3, false));
    else if (o->modes & ICMP_MODE_JITTER)
        fprintf(o->out, "%sjitter_avg=U;;;; %sjitter_max=U;;;; %sjitter_min=U;;;; ", p, p, p);
}

static void perf_quality(const struct icmp_out *o, const char *p, const struct icmp_host_result *r)
{
    const struct icmp_config *c = o->cfg;
    char v[NUMFMT_LEN], w[NUMFMT_LEN], k[NUMFMT_LEN];
    if ((o->modes & ICMP_MODE_MOS) && r->answered)
        fprintf(o->out, "%smos=%s;%s;%s;0;5 ", p, numfmt_fixed(v, r->lat.mos, 1, false),
                numfmt_fixed(w, c->warn.mos, 1, false), numfmt_fixed(k, c->crit.mos, 1, false));
    else if (o->modes & ICMP_MODE_MOS)
        fprintf(o->out, "%smos=U;;;; ", p);
    if ((o->modes & ICMP_MODE_SCORE) && r->answered)
        fprintf(o->out, "%sscore=%u;%u;%u;0;100 ", p, (unsigned)r->lat.score,
                (unsigned)c->warn.score, (unsigned)c->crit.score);
    else if (o->modes & ICMP_MODE_SCORE)
        fprintf(o->out, "%sscore=U;;;; ", p);
}

static void perfdata(const struct icmp_out *o)
{
    /* -O alone has no perfdata, and then no '|' either. */
    if (!(o->modes & ~(unsigned)ICMP_MODE_ORDER))
        return;
    putc('|', o->out);
    for (uint32_t i = 0; i < o->set->count; i++) {
        const struct host *h = &o->set->hosts[i];
        struct icmp_host_result r;
        char label[IPADDR_STRLEN];
        if (!hostset_is_target(h))
            continue;
        verdict_icmp_host(o->cfg, h, &r);
        const char *p = o->prefix ? icmp_label(o->set, h, label, sizeof(label)) : "";
        perf_delay(o, p, &r, h);
        perf_quality(o, p, &r);
    }
}

/* -v: one line per host after the status line, every figure we have. */
static void verbose_lines(const struct icmp_out *o)
{
    for (uint32_t i = 0; i < o->set->count; i++) {
        const struct host *h = &o->set->hosts[i];
        struct icmp_host_result r;
        char label[IPADDR_STRLEN], a[IPADDR_STRLEN], v[5][NUMFMT_LEN];
        if (!hostset_is_target(h))
            continue;
        verdict_icmp_host(o->cfg, h, &r);
        fprintf(o->out,
                "%s (%s): %s, sent %u, received %u, lost %u%%, rta %sms, rtmin %sms, "
                "rtmax %sms, jitter %sms, MOS %s, Score %u, packets %s\n",
                icmp_label(o->set, h, label, sizeof(label)), ipaddr_format(&h->addr, a, sizeof(a)),
                state_name(r.state), h->sent, h->received, r.pl, numfmt_ms(v[0], r.rta_us),
                numfmt_ms(v[1], r.answered ? h->rtt_min_us : 0),
                numfmt_ms(v[2], r.answered ? h->rtt_max_us : 0),
                numfmt_fixed(v[3], r.lat.jitter_ms, 3, false),
                numfmt_fixed(v[4], r.lat.mos, 1, false), (unsigned)r.lat.score,
                r.lat.in_order ? "in order" : "out of order");
    }
}

/* ---- entry points -------------------------------------------------------- */

static bool unresolved_line(FILE *out, const struct hostset *set)
{
    for (uint32_t i = 0; i < set->count; i++) {
        const struct host *h = &set->hosts[i];
        if (h->status != HOST_UNRESOLVED && h->status != HOST_RESOLVING)
            continue; /* an address, or another spelling of one */
        const char *why = h->status == HOST_UNRESOLVED ? resolve_reason_text(h->error_code)
                                                       : "still resolving at the timeout";
        fprintf(out, "%s: Failed to resolve %s: %s\n", ICMP_NAME, hostset_name(set, h), why);
        return true;
    }
    return false;
}

/* Hosts reported: a name that ended at another target's address is that
 * target (issue 8's dedupe), so it neither prints nor prefixes labels. */
static uint32_t target_count(const struct hostset *set)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < set->count; i++)
        n += hostset_is_target(&set->hosts[i]);
    return n;
}

enum state output_icmp_result(FILE *out, const struct hostset *set, const struct icmp_config *cfg)
{
    if (unresolved_line(out, set))
        return STATE_UNKNOWN;
    struct icmp_out o = {
        out, set, cfg, verdict_icmp_modes(cfg), verdict_icmp_run(cfg, set), target_count(set) > 1};
    fprintf(out, "%s - ", state_name(o.run));
    bool first = true;
    for (uint32_t i = 0; i < set->count; i++) {
        struct icmp_host_result r;
        if (!hostset_is_target(&set->hosts[i]))
            continue;
        verdict_icmp_host(cfg, &set->hosts[i], &r);
        if (!first)
            fputs(" :: ", out);
        first = false;
        text_host(&o, &set->hosts[i], &r);
    }
    perfdata(&o);
    putc('\n', out);
    if (cfg->verbose > 0)
        verbose_lines(&o);
    return o.run;
}

void output_icmp_failure(FILE *out, const char *message)
{
    fprintf(out, "%s: %s\n", ICMP_NAME, message);
    fflush(out);
}
