/*
 * test_output.c - the exact text of every output format: status line and
 * perfdata, long output order and cap, the table's alignment, the JSON
 * document.  Output goes to an open_memstream() buffer and is compared
 * whole, so any stray byte fails a test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "output/output.h"
#include "resolve/resolve_reason.h"

#include <errno.h>
#include <locale.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HOSTS 32

struct fixture {
    struct hostset set;
    struct host hosts[MAX_HOSTS];
    char names[1024];
};

static void fx_init(struct fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->set.hosts = f->hosts;
    f->set.names = f->names;
    f->set.names_cap = sizeof(f->names);
}

static struct host *fx_add(struct fixture *f, const char *address, const char *name)
{
    assert_true(f->set.count < MAX_HOSTS);
    struct host *h = &f->hosts[f->set.count++];
    h->name = HOST_NO_NAME;
    if (address)
        assert_true(ipaddr_parse(address, &h->addr));
    else
        h->status = HOST_RESOLVING;
    if (name) {
        size_t len = strlen(name) + 1;
        assert_true(f->set.names_len + len <= f->set.names_cap);
        memcpy(f->names + f->set.names_len, name, len);
        h->name = (uint32_t)f->set.names_len;
        f->set.names_len += len;
    }
    return h;
}

static void replies(struct host *h, uint16_t sent, uint16_t received, uint32_t min_us,
                    uint32_t max_us, uint64_t sum_us)
{
    h->sent = sent;
    h->received = received;
    h->rtt_min_us = min_us;
    h->rtt_max_us = max_us;
    h->rtt_sum_us = sum_us;
}

/* Every unanswered request drew the same ICMP error. */
static void icmp_error(struct host *h, int type, int code, const char *from)
{
    atomic_store(&h->flags, HOST_UNREACHABLE);
    h->icmp_errors = (uint16_t)(h->sent - h->received);
    h->error_type = h->addr.family == AF_INET6 ? HOST_ERROR_ICMP6 : HOST_ERROR_ICMP4;
    h->error_code = type << 8 | code;
    if (from)
        assert_true(ipaddr_parse(from, &h->error_from));
}

/* The five classes, one host each, in an order that is not worst-first. */
static void fx_five(struct fixture *f)
{
    fx_init(f);
    replies(fx_add(f, "192.0.2.1", "web1"), 2, 2, 100, 300, 400);
    f->set.hosts[0].reply_ttl = 64;
    replies(fx_add(f, "192.0.2.3", "web3"), 2, 0, 0, 0, 0);
    replies(fx_add(f, "192.0.2.7", NULL), 2, 1, 321, 321, 321);
    f->set.hosts[2].reply_ttl = 253;
    struct host *h = fx_add(f, "192.0.2.9", NULL);
    replies(h, 1, 0, 0, 0, 0);
    icmp_error(h, 3, 1, "192.0.2.1");
    h = fx_add(f, NULL, "nosuch.example");
    h->status = HOST_UNRESOLVED;
    h->error_code = RESOLVE_NO_SUCH_NAME;
}

/* Render with the verdict computed from the fixture; caller frees. */
static char *render(const struct fixture *f, const struct verdict_config *cfg,
                    const struct output_options *opt)
{
    struct verdict v;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    verdict_compute(cfg, &f->set, &v);
    assert_int_equal(output_result(out, &f->set, &v, cfg, opt), 0);
    fclose(out);
    return text;
}

/* The first line only (the status line). */
static char *render_first_line(const struct fixture *f, const struct verdict_config *cfg,
                               const struct output_options *opt)
{
    char *text = render(f, cfg, opt);
    char *nl = strchr(text, '\n');
    assert_non_null(nl);
    nl[0] = '\0';
    return text;
}

static const struct output_options plugin_opts = {.format = OUTPUT_PLUGIN, .max_lines = 20};

#define FIVE_PERF                                                                                  \
    "hosts=5;;;0; alive=1;;;0;5 partial=1;;;0;5 dead=1;;;0;5 unreachable=1;;;0;5 "                 \
    "unresolved=1;;;0;5 down=3;;;0;5 rta_min=0.100ms;;;0; rta_avg=0.240ms;;;0; "                   \
    "rta_max=0.321ms;;;0; loss=57.14%;;;0;100"

static void test_plugin_output_whole(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    fx_five(&f);
    char *text = render(&f, &cfg, &plugin_opts);
    assert_string_equal(text, "MULTIPING WARNING - 5 hosts: 1 alive, 1 partial, 1 dead, "
                              "1 unreachable, 1 unresolved | " FIVE_PERF "\n"
                              "DEAD: web3 (192.0.2.3): 0/2 replies\n"
                              "UNREACHABLE: 192.0.2.9: 0/1 replies, 1 error: ICMP host "
                              "unreachable (type 3 code 1) from 192.0.2.1\n"
                              "UNRESOLVED: nosuch.example: no such name (NXDOMAIN)\n"
                              "PARTIAL: 192.0.2.7: 1/2 replies, 50% loss, rta 0.321 ms\n");
    free(text);
}

static void test_all_alive_has_no_long_output(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", NULL), 1, 1, 1500, 1500, 1500);
    char *text = render(&f, &cfg, &plugin_opts);
    assert_string_equal(text, "MULTIPING OK - 1 host: 1 alive, 0 partial, 0 dead, "
                              "0 unreachable, 0 unresolved | hosts=1;;;0; alive=1;;;0;1 "
                              "partial=0;;;0;1 dead=0;;;0;1 unreachable=0;;;0;1 "
                              "unresolved=0;;;0;1 down=0;;;0;1 rta_min=1.500ms;;;0; "
                              "rta_avg=1.500ms;;;0; rta_max=1.500ms;;;0; loss=0%;;;0;100\n");
    free(text);
}

static void test_perfdata_no_reply_is_U(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", NULL), 2, 0, 0, 0, 0);
    char *text = render_first_line(&f, &cfg, &plugin_opts);
    assert_non_null(strstr(text, " rta_min=U;;;0; rta_avg=U;;;0; rta_max=U;;;0; "
                                 "loss=100%;;;0;100"));
    assert_non_null(strstr(text, "MULTIPING CRITICAL - "));
    free(text);
}

/* Nothing sent (only an unresolved name): no loss to report, "U" in
 * perfdata and null in JSON, as the host's own loss_pct. */
static void test_loss_unknown_when_nothing_was_sent(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    fx_init(&f);
    struct host *h = fx_add(&f, NULL, "nosuch.example");
    h->status = HOST_UNRESOLVED;
    h->error_code = RESOLVE_NO_SUCH_NAME;
    char *text = render_first_line(&f, &cfg, &plugin_opts);
    assert_non_null(strstr(text, " rta_max=U;;;0; loss=U;;;0;"));
    assert_null(strstr(text, "loss=0"));
    free(text);
    struct output_options json = {.format = OUTPUT_JSON};
    text = render(&f, &cfg, &json);
    assert_non_null(strstr(text, "\"rtt_ms\":null,\"loss_pct\":null,\"thresholds\""));
    free(text);
}

static void test_perfdata_thresholds_in_warn_crit_fields(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    cfg.down.has_warning = true;
    cfg.down.warning = (struct range){.end = 10, .percent = true}; /* 10% of 5 */
    cfg.down.has_critical = true;
    cfg.down.critical = (struct range){.end = 3};
    cfg.partial.has_warning = true;
    cfg.partial.warning = (struct range){.end = 1};
    cfg.partial.has_critical = true;
    cfg.partial.critical = (struct range){.end = 2};
    cfg.has_min_alive = true;
    cfg.min_alive = (struct range){.start = 4, .end_infinite = true};
    fx_five(&f);
    char *text = render_first_line(&f, &cfg, &plugin_opts);
    assert_non_null(strstr(text, " | hosts=5;;;0; alive=1;;4:;0;5 partial=1;1;2;0;5 "));
    assert_non_null(strstr(text, " down=3;0;3;0;5 "));      /* 10% of 5 is 0.5: 1 alerts */
    assert_non_null(strstr(text, "MULTIPING CRITICAL - ")); /* min-alive */
    free(text);
}

static void test_perfdata_hosts_labels_one_word(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    opt.perfdata_hosts = true;
    cfg.has_host_warning = true;
    cfg.host_warning =
        (struct host_limit){.has_rta = true, .rta_us = 200000, .has_loss = true, .loss_pct = 40};
    cfg.has_host_critical = true;
    cfg.host_critical = (struct host_limit){.has_rta = true, .rta_us = 500500};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", "o'brien"), 2, 2, 100, 300, 400);
    replies(fx_add(&f, "2001:db8::1", NULL), 2, 0, 0, 0, 0);
    fx_add(&f, NULL, "pending.example"); /* never pinged: no per-host perfdata */
    char *text = render_first_line(&f, &cfg, &opt);
    const char *tail = strstr(text, " loss=");
    assert_non_null(tail);
    assert_string_equal(tail, " loss=50%;;;0;100"
                              " o_brien_rta=0.200ms;200;500.5;0; o_brien_pl=0%;40;;0;100"
                              " o_brien_jitter=0.000ms;;;0; o_brien_mos=4.40;;;0;5"
                              " o_brien_score=92.9;;;0;100"
                              " 2001_db8__1_rta=U;200;500.5;0; 2001_db8__1_pl=100%;40;;0;100"
                              " 2001_db8__1_jitter=U;;;0; 2001_db8__1_mos=U;;;0;"
                              " 2001_db8__1_score=U;;;0;");
    free(text);
}

/* Graphite keeps a label's dots as path levels: per-host labels have none,
 * nor spaces or colons, whatever the host was called. */
static void test_perfdata_hosts_labels_survive_graphite(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    opt.perfdata_hosts = true;
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.4", NULL), 1, 1, 1000, 1000, 1000);
    replies(fx_add(&f, "198.51.100.7", "www.example.com"), 1, 0, 0, 0, 0);
    replies(fx_add(&f, "2001:db8::a:1", "my host/1"), 1, 1, 2000, 2000, 2000);
    char *text = render_first_line(&f, &cfg, &opt);
    assert_non_null(strstr(text, " 192_0_2_4_rta=1.000ms;;;0; 192_0_2_4_pl=0%;;;0;100 "));
    assert_non_null(strstr(text, " www_example_com_rta=U;;;0; www_example_com_pl=100%;;;0;100 "));
    assert_non_null(strstr(text, " my_host_1_rta=2.000ms;;;0; my_host_1_pl=0%;;;0;100 "));
    const char *perf = strchr(text, '|');
    assert_non_null(perf);
    assert_null(strchr(perf, '\''));
    assert_null(strchr(perf, ':'));
    free(text);
}

/* The status line with --perfdata-hosts and no thresholds; caller frees. */
static char *render_host_perfdata(const struct fixture *f)
{
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    opt.perfdata_hosts = true;
    return render_first_line(f, &cfg, &opt);
}

/* Host `alias` resolved to target's address after it: it joins the ring
 * as hostset.c's place() links it. */
static void fx_ring(struct fixture *f, uint32_t target, uint32_t alias)
{
    struct host *t = &f->hosts[target], *a = &f->hosts[alias];
    a->status = HOST_ALIAS;
    a->addr = t->addr;
    a->alias = t->alias ? t->alias : target + 1;
    t->alias = alias + 1;
}

/* Three names of one address: whichever answered first is the target and
 * the others joined in any order, the label is the first spelling given,
 * in perfdata as in JSON. */
static void test_perfdata_hosts_label_is_first_spelling_whatever_resolved_first(void **state)
{
    (void)state;
    static const uint32_t orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                          {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    opt.perfdata_hosts = true;
    struct output_options json = {.format = OUTPUT_JSON};
    for (size_t k = 0; k < 6; k++) {
        struct fixture f;
        fx_init(&f);
        fx_add(&f, NULL, "seven");
        fx_add(&f, NULL, "seven-b");
        fx_add(&f, NULL, "seven-c");
        struct host *t = &f.hosts[orders[k][0]];
        assert_true(ipaddr_parse("192.0.2.7", &t->addr));
        t->status = HOST_READY;
        replies(t, 1, 1, 1000, 1000, 1000);
        fx_ring(&f, orders[k][0], orders[k][1]);
        fx_ring(&f, orders[k][0], orders[k][2]);
        char *text = render_first_line(&f, &cfg, &opt);
        if (!strstr(text, " seven_rta=1.000ms;;;0; seven_pl=0%;;;0;100 "))
            fail_msg("order %u %u %u: %s", orders[k][0], orders[k][1], orders[k][2], text);
        free(text);
        text = render(&f, &cfg, &json);
        assert_non_null(
            strstr(text, "\"name\":\"seven\",\"aliases\":[\"seven-b\",\"seven-c\"],\"class\""));
        free(text);
    }
}

/* a_b.c and a.b_c make the same word: the first in input order keeps it,
 * the next takes the first free WORD_N (a_b_c_2 is a host's own word). */
static void test_perfdata_hosts_words_never_collide(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", "a_b.c"), 1, 1, 1000, 1000, 1000);
    replies(fx_add(&f, "192.0.2.2", "a.b_c"), 1, 1, 2000, 2000, 2000);
    replies(fx_add(&f, "192.0.2.3", "a_b_c_2"), 1, 1, 3000, 3000, 3000);
    replies(fx_add(&f, "192.0.2.4", "a:b:c"), 1, 1, 4000, 4000, 4000);
    char *text = render_host_perfdata(&f);
    assert_non_null(strstr(text, " a_b_c_rta=1.000ms;;;0; "));
    assert_non_null(strstr(text, " a_b_c_3_rta=2.000ms;;;0; "));
    assert_non_null(strstr(text, " a_b_c_2_rta=3.000ms;;;0; "));
    assert_non_null(strstr(text, " a_b_c_4_rta=4.000ms;;;0; "));
    free(text);
}

/* Who keeps a word is decided by where the label's spelling stands in the
 * input, not by which spelling of a target resolved first: a_b.c (given
 * first) is a spelling of the target zzz.example answered for. */
static void test_perfdata_hosts_collision_order_is_input_order(void **state)
{
    (void)state;
    struct fixture f;
    fx_init(&f);
    fx_add(&f, NULL, "a_b.c");
    replies(fx_add(&f, "192.0.2.2", "a.b_c"), 1, 1, 2000, 2000, 2000);
    replies(fx_add(&f, "192.0.2.1", "zzz.example"), 1, 1, 1000, 1000, 1000);
    fx_ring(&f, 2, 0);
    char *text = render_host_perfdata(&f);
    assert_non_null(strstr(text, " a_b_c_2_rta=2.000ms;;;0; "));
    assert_non_null(strstr(text, " a_b_c_rta=1.000ms;;;0; "));
    free(text);
}

static void test_status_line_counts_hosts_over_limits(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    cfg.has_host_critical = true;
    cfg.host_critical = (struct host_limit){.has_rta = true, .rta_us = 200};
    fx_five(&f); /* web1 (avg 200 us) and the partial host (321 us) */
    char *text = render_first_line(&f, &cfg, &plugin_opts);
    assert_non_null(strstr(text, "MULTIPING CRITICAL - 5 hosts: 1 alive, 1 partial, 1 dead, "
                                 "1 unreachable, 1 unresolved; 2 over host critical, "
                                 "0 over host warning | hosts=5;"));
    free(text);
}

static void test_status_line_note_before_perfdata(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    opt.note = "timeout after 10 s";
    fx_five(&f);
    char *text = render_first_line(&f, &cfg, &opt);
    assert_non_null(strstr(text, "1 unresolved; timeout after 10 s | hosts=5;"));
    free(text);
}

/* ---- long output ---- */

static void test_long_output_worst_first_input_order_within(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    cfg.has_host_warning = true;
    cfg.host_warning = (struct host_limit){.has_loss = true, .loss_pct = 10};
    cfg.has_host_critical = true;
    cfg.host_critical =
        (struct host_limit){.has_rta = true, .rta_us = 500000, .has_loss = true, .loss_pct = 80};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.8", NULL), 1, 1, 612000, 612000, 612000);
    replies(fx_add(&f, "192.0.2.2", NULL), 2, 0, 0, 0, 0);
    replies(fx_add(&f, "192.0.2.5", NULL), 1, 1, 1000, 1000, 1000);
    replies(fx_add(&f, "192.0.2.1", NULL), 2, 0, 0, 0, 0);
    struct host *h = fx_add(&f, NULL, "slow.example");
    (void)h;
    replies(fx_add(&f, "192.0.2.6", NULL), 10, 9, 1000, 1000, 9000);
    char *text = render(&f, &cfg, &plugin_opts);
    const char *body = strchr(text, '\n') + 1;
    assert_string_equal(body, "DEAD: 192.0.2.2: 0/2 replies\n"
                              "DEAD: 192.0.2.1: 0/2 replies\n"
                              "UNRESOLVED: slow.example: still resolving at timeout\n"
                              "PARTIAL: 192.0.2.6: 9/10 replies, 10% loss, rta 1.000 ms "
                              "(over host warning: loss 10%)\n"
                              "OVER CRITICAL: 192.0.2.8: rta 612.000 ms, 0% loss "
                              "(limit 500 ms, 80%)\n");
    free(text);
}

static void test_long_output_over_warning_line(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    cfg.has_host_warning = true;
    cfg.host_warning = (struct host_limit){.has_rta = true, .rta_us = 250};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", "web1"), 2, 2, 200, 400, 600);
    char *text = render(&f, &cfg, &plugin_opts);
    assert_string_equal(strchr(text, '\n') + 1,
                        "OVER WARNING: web1 (192.0.2.1): rta 0.300 ms, 0% loss (limit 0.25 ms)\n");
    free(text);
}

/* issue 21: -n 4 --host-critical ,50% with B answering 2 of 4: the run is
 * CRITICAL and B's line, listed as partial, names the limit it reached;
 * JSON names the part. */
static void test_partial_line_names_the_limit_crossed(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    cfg.has_host_critical = true;
    cfg.host_critical = (struct host_limit){.has_loss = true, .loss_pct = 50};
    cfg.has_host_warning = true;
    cfg.host_warning =
        (struct host_limit){.has_rta = true, .rta_us = 1000, .has_mos = true, .mos = 4.5};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", "A"), 4, 4, 100, 100, 400);
    replies(fx_add(&f, "192.0.2.2", "B"), 4, 2, 100, 100, 200);
    replies(fx_add(&f, "192.0.2.3", "C"), 4, 3, 2000, 2000, 6000);
    latency_add_reply(&f.hosts[2].latency, 0, 0, 2000);
    latency_add_reply(&f.hosts[2].latency, 1, 1, 2000);
    char *text = render(&f, &cfg, &plugin_opts);
    assert_non_null(strstr(text, "MULTIPING CRITICAL - 3 hosts: 1 alive, 2 partial,"));
    assert_non_null(strstr(text, "\nPARTIAL: B (192.0.2.2): 2/4 replies, 50% loss, rta 0.100 ms "
                                 "(over host critical: loss 50%)\n"));
    assert_non_null(strstr(text, "\nPARTIAL: C (192.0.2.3): 3/4 replies, 25% loss, rta 2.000 ms "
                                 "(over host warning: rta 1 ms, mos 4.5)\n"));
    free(text);
    struct output_options json = {.format = OUTPUT_JSON};
    text = render(&f, &cfg, &json);
    assert_non_null(strstr(text, "\"over_limit\":\"critical\",\"over_limit_parts\":[\"loss\"],"));
    assert_non_null(
        strstr(text, "\"over_limit\":\"warning\",\"over_limit_parts\":[\"rta\",\"mos\"],"));
    free(text);
}

static void test_long_output_capped_at_max_lines(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    opt.max_lines = 2;
    fx_five(&f);
    char *text = render(&f, &cfg, &opt);
    assert_string_equal(strchr(text, '\n') + 1,
                        "DEAD: web3 (192.0.2.3): 0/2 replies\n"
                        "UNREACHABLE: 192.0.2.9: 0/1 replies, 1 error: ICMP host "
                        "unreachable (type 3 code 1) from 192.0.2.1\n"
                        "... and 2 more problem hosts\n");
    free(text);
}

static void test_long_output_max_lines_zero_lists_nothing(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    opt.max_lines = 0;
    fx_five(&f);
    char *text = render(&f, &cfg, &opt);
    assert_string_equal(strchr(text, '\n') + 1, "");
    free(text);
}

static void test_unreachable_send_error_text(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    fx_init(&f);
    struct host *h = fx_add(&f, "192.0.2.9", NULL);
    replies(h, 1, 0, 0, 0, 0);
    atomic_store(&h->flags, HOST_UNREACHABLE);
    h->error_type = HOST_ERROR_SEND;
    h->error_code = EHOSTUNREACH;
    h->send_errors = 1;
    char *text = render(&f, &cfg, &plugin_opts);
    assert_string_equal(strchr(text, '\n') + 1,
                        "UNREACHABLE: 192.0.2.9: 0/1 replies, 1 error: sendto: No route to host\n");
    free(text);
}

static void test_unreachable_icmp6_text_without_sender(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    fx_init(&f);
    struct host *h = fx_add(&f, "2001:db8::9", "v6host");
    replies(h, 2, 0, 0, 0, 0);
    icmp_error(h, 1, 3, NULL);
    char *text = render(&f, &cfg, &plugin_opts);
    assert_string_equal(strchr(text, '\n') + 1,
                        "UNREACHABLE: v6host (2001:db8::9): 0/2 replies, 2 errors: ICMPv6 "
                        "address unreachable (type 1 code 3)\n");
    free(text);
}

/* Errors of several kinds or routers: the count, and which one is named. */
static void test_unreachable_counts_errors_that_differ(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    fx_init(&f);
    struct host *h = fx_add(&f, "192.0.2.9", NULL);
    replies(h, 4, 0, 0, 0, 0);
    icmp_error(h, 3, 1, "192.0.2.254");
    h->icmp_errors = 3;
    h->send_errors = 1;
    atomic_fetch_or(&h->flags, HOST_ERRORS_DIFFER);
    char *text = render(&f, &cfg, &opt);
    assert_string_equal(strchr(text, '\n') + 1,
                        "UNREACHABLE: 192.0.2.9: 0/4 replies, 4 errors, the first: ICMP host "
                        "unreachable (type 3 code 1) from 192.0.2.254\n");
    free(text);
    opt.format = OUTPUT_JSON;
    text = render(&f, &cfg, &opt);
    assert_non_null(strstr(text, "\"error\":\"ICMP host unreachable (type 3 code 1) from "
                                 "192.0.2.254\",\"errors\":4,\"errors_differ\":true,"));
    free(text);
}

/* ---- table ---- */

#define FIVE_TABLE                                                                                 \
    "address    name            sent  recv  loss  min_ms  avg_ms  max_ms  jitter_ms   mos  score " \
    " "                                                                                            \
    "ttl  class\n"                                                                                 \
    "192.0.2.3  web3               2     0  100%       -       -       -          -     -      - " \
    " "                                                                                            \
    "  -  dead\n"                                                                                  \
    "192.0.2.9  -                  1     0  100%       -       -       -          -     -      - " \
    " "                                                                                            \
    "  -  unreachable\n"                                                                           \
    "-          nosuch.example     0     0     -       -       -       -          -     -      - " \
    " "                                                                                            \
    "  -  unresolved\n"                                                                            \
    "192.0.2.7  -                  2     1   50%   0.321   0.321   0.321          -     -      - " \
    " "                                                                                            \
    "253  partial\n"                                                                               \
    "192.0.2.1  web1               2     2    0%   0.100   0.200   0.300      0.000  4.40   92.9 " \
    " "                                                                                            \
    " 64  alive\n"

static void test_table_format_aligned_worst_first(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = {.format = OUTPUT_TABLE, .max_lines = 20};
    fx_five(&f);
    char *text = render(&f, &cfg, &opt);
    assert_string_equal(strchr(text, '\n') + 1, FIVE_TABLE);
    assert_memory_equal(text, "MULTIPING WARNING - 5 hosts:", 28);
    free(text);
}

static void test_verbose_appends_table_to_long_output(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    opt.verbose = 1;
    opt.max_lines = 1;
    fx_five(&f);
    char *text = render(&f, &cfg, &opt);
    assert_string_equal(strchr(text, '\n') + 1, "DEAD: web3 (192.0.2.3): 0/2 replies\n"
                                                "... and 3 more problem hosts\n" FIVE_TABLE);
    free(text);
}

/* ---- JSON ---- */

/* --submit: the counts as perfdata after loss, and as JSON keys. */
static void test_submit_counts_in_perfdata_and_json(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = plugin_opts;
    opt.has_submit = true;
    opt.submitted = 3;
    opt.submit_failed = 2;
    opt.note = "3 results submitted, 2 failed: x";
    fx_five(&f);
    char *text = render_first_line(&f, &cfg, &opt);
    assert_non_null(strstr(text, "unresolved; 3 results submitted, 2 failed: x | "));
    assert_non_null(strstr(text, "loss=57.14%;;;0;100 submitted=3;;;0;5 submit_failed=2;;;0;5"));
    free(text);
    opt.format = OUTPUT_JSON;
    text = render(&f, &cfg, &opt);
    assert_non_null(strstr(text, "\"loss_pct\":57.14,\"submitted\":3,\"submit_failed\":2,"));
    free(text);
}

static void test_json_document_exact(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    cfg.down.has_critical = true;
    cfg.down.critical = (struct range){.end = 50, .percent = true};
    cfg.has_host_warning = true;
    cfg.host_warning = (struct host_limit){.has_rta = true, .rta_us = 200000};
    struct output_options opt = {.format = OUTPUT_JSON};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", "web1"), 2, 2, 100, 300, 400);
    struct host *h = fx_add(&f, NULL, "nosuch.example");
    h->status = HOST_UNRESOLVED;
    h->error_code = RESOLVE_NO_SUCH_NAME;
    char *text = render(&f, &cfg, &opt);
    assert_string_equal(
        text,
        "{\"plugin\":\"check_multiping\",\"state\":\"OK\",\"exit_code\":0,"
        "\"summary\":\"MULTIPING OK - 2 hosts: 1 alive, 0 partial, 0 dead, 0 unreachable, "
        "1 unresolved; 0 over host critical, 0 over host warning\",\"hosts\":2,"
        "\"counts\":{\"alive\":1,\"partial\":0,\"dead\":0,\"unreachable\":0,\"unresolved\":1,"
        "\"down\":1,\"over_host_critical\":0,\"over_host_warning\":0},"
        "\"rtt_ms\":{\"min\":0.100,\"avg\":0.200,\"max\":0.300},\"loss_pct\":0,"
        "\"thresholds\":{\"warning\":null,\"critical\":\"1\",\"partial_warning\":null,"
        "\"partial_critical\":null,\"min_alive\":null,\"host_warning\":\"200ms,\","
        "\"host_critical\":null},"
        "\"targets\":["
        "{\"address\":\"192.0.2.1\",\"name\":\"web1\",\"aliases\":[],\"class\":\"alive\",\"sent\":"
        "2,"
        "\"received\":2,\"loss_pct\":0,\"rtt_ms\":{\"min\":0.100,\"avg\":0.200,\"max\":0.300},"
        "\"jitter_ms\":0.000,\"mos\":4.40,\"score\":92.9,\"in_order\":true,"
        "\"over_limit\":null,\"over_limit_parts\":[],\"error\":null,\"errors\":0,\"errors_differ\":"
        "false,"
        "\"reply_ttl\":null,\"path_mtu\":null,"
        "\"answered_elsewhere\":false,\"resolve_error\":null},"
        "{\"address\":null,\"name\":\"nosuch.example\",\"aliases\":[],\"class\":\"unresolved\","
        "\"sent\":0,"
        "\"received\":0,\"loss_pct\":null,\"rtt_ms\":null,\"jitter_ms\":null,\"mos\":null,"
        "\"score\":null,\"in_order\":null,\"over_limit\":null,\"over_limit_parts\":[],"
        "\"error\":\"no such name (NXDOMAIN)\",\"errors\":0,\"errors_differ\":false,"
        "\"reply_ttl\":null,\"path_mtu\":null,"
        "\"answered_elsewhere\":false,\"resolve_error\":\"nxdomain\"}]}\n");
    free(text);
}

static void test_json_no_reply_rtt_is_null(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = {.format = OUTPUT_JSON};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", NULL), 2, 0, 0, 0, 0);
    char *text = render(&f, &cfg, &opt);
    assert_non_null(strstr(text, "\"rtt_ms\":null,\"loss_pct\":100,"));
    assert_non_null(strstr(text, "\"loss_pct\":100,\"rtt_ms\":null,\"jitter_ms\":null,"
                                 "\"mos\":null,\"score\":null,\"in_order\":null,"
                                 "\"over_limit\":null,\"over_limit_parts\":[],"
                                 "\"error\":null,"));
    free(text);
}

static void test_network_facts_in_json_and_long_output(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = {.format = OUTPUT_JSON};
    fx_init(&f);
    struct host *h = fx_add(&f, "192.0.2.1", NULL);
    replies(h, 2, 2, 100, 300, 400);
    h->reply_ttl = 61;
    h = fx_add(&f, "192.0.2.2", NULL);
    replies(h, 2, 0, 0, 0, 0);
    atomic_store(&h->flags, HOST_ANSWERED_ELSEWHERE);
    h = fx_add(&f, "192.0.2.3", NULL);
    replies(h, 1, 0, 0, 0, 0);
    atomic_store(&h->flags, HOST_UNREACHABLE);
    h->error_type = HOST_ERROR_SEND;
    h->error_code = EMSGSIZE;
    h->path_mtu = 1400;
    h->send_errors = 1;
    char *text = render(&f, &cfg, &opt);
    assert_non_null(
        strstr(text, "\"reply_ttl\":61,\"path_mtu\":null,\"answered_elsewhere\":false"));
    assert_non_null(
        strstr(text, "\"reply_ttl\":null,\"path_mtu\":null,\"answered_elsewhere\":true"));
    assert_non_null(strstr(text, "\"error\":\"sendto: Message too long, path MTU 1400\","
                                 "\"errors\":1,\"errors_differ\":false,"
                                 "\"reply_ttl\":null,\"path_mtu\":1400"));
    free(text);
    opt = plugin_opts;
    text = render(&f, &cfg, &opt);
    assert_non_null(strstr(text, "DEAD: 192.0.2.2: 0/2 replies (answers came from elsewhere)\n"));
    assert_non_null(
        strstr(text, "UNREACHABLE: 192.0.2.3: 0/1 replies, 1 error: sendto: Message too long, path "
                     "MTU 1400\n"));
    free(text);
}

static void test_json_escapes_strings(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct output_options opt = {.format = OUTPUT_JSON, .note = "a\"b\\c\nd\x01"};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", NULL), 1, 1, 1, 1, 1);
    char *text = render(&f, &cfg, &opt);
    assert_non_null(strstr(text, "0 unresolved; a\\\"b\\\\c\\u000ad\\u0001\",\"hosts\":1,"));
    free(text);
}

static void test_json_marks_hosts_over_limit(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    cfg.has_host_critical = true;
    cfg.host_critical = (struct host_limit){.has_loss = true, .loss_pct = 50};
    struct output_options opt = {.format = OUTPUT_JSON};
    fx_init(&f);
    replies(fx_add(&f, "192.0.2.1", NULL), 2, 1, 1, 1, 1);
    char *text = render(&f, &cfg, &opt);
    assert_non_null(strstr(text, "\"over_limit\":\"critical\""));
    assert_non_null(strstr(text, "\"state\":\"CRITICAL\",\"exit_code\":2,"));
    free(text);
}

/* ---- numbers, errors, failure line ---- */

static void test_numbers_use_point_in_any_locale(void **state)
{
    (void)state;
    static const char *const locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"};
    const char *found = NULL;
    for (size_t i = 0; i < sizeof(locales) / sizeof(*locales) && !found; i++)
        found = setlocale(LC_NUMERIC, locales[i]);
    if (!found)
        skip(); /* no comma-decimal locale installed here */
    struct fixture f;
    struct verdict_config cfg = {0};
    fx_five(&f);
    char *text = render_first_line(&f, &cfg, &plugin_opts);
    setlocale(LC_NUMERIC, "C");
    assert_non_null(strstr(text, FIVE_PERF));
    free(text);
}

static void test_write_error_returns_minus_one(void **state)
{
    (void)state;
    struct fixture f;
    struct verdict_config cfg = {0};
    struct verdict v;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    fx_five(&f);
    verdict_compute(&cfg, &f.set, &v);
    assert_int_equal(output_result(full, &f.set, &v, &cfg, &plugin_opts), -1);
    fclose(full);
}

static void test_failure_line(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    output_failure(out, STATE_UNKNOWN, "cannot open ICMP socket: Permission denied");
    fclose(out);
    assert_string_equal(text, "MULTIPING UNKNOWN - cannot open ICMP socket: Permission denied\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plugin_output_whole),
        cmocka_unit_test(test_all_alive_has_no_long_output),
        cmocka_unit_test(test_perfdata_no_reply_is_U),
        cmocka_unit_test(test_loss_unknown_when_nothing_was_sent),
        cmocka_unit_test(test_perfdata_thresholds_in_warn_crit_fields),
        cmocka_unit_test(test_perfdata_hosts_labels_one_word),
        cmocka_unit_test(test_perfdata_hosts_labels_survive_graphite),
        cmocka_unit_test(test_perfdata_hosts_label_is_first_spelling_whatever_resolved_first),
        cmocka_unit_test(test_perfdata_hosts_words_never_collide),
        cmocka_unit_test(test_perfdata_hosts_collision_order_is_input_order),
        cmocka_unit_test(test_status_line_counts_hosts_over_limits),
        cmocka_unit_test(test_status_line_note_before_perfdata),
        cmocka_unit_test(test_long_output_worst_first_input_order_within),
        cmocka_unit_test(test_long_output_over_warning_line),
        cmocka_unit_test(test_partial_line_names_the_limit_crossed),
        cmocka_unit_test(test_long_output_capped_at_max_lines),
        cmocka_unit_test(test_long_output_max_lines_zero_lists_nothing),
        cmocka_unit_test(test_unreachable_send_error_text),
        cmocka_unit_test(test_unreachable_icmp6_text_without_sender),
        cmocka_unit_test(test_unreachable_counts_errors_that_differ),
        cmocka_unit_test(test_table_format_aligned_worst_first),
        cmocka_unit_test(test_verbose_appends_table_to_long_output),
        cmocka_unit_test(test_json_document_exact),
        cmocka_unit_test(test_submit_counts_in_perfdata_and_json),
        cmocka_unit_test(test_json_no_reply_rtt_is_null),
        cmocka_unit_test(test_network_facts_in_json_and_long_output),
        cmocka_unit_test(test_json_escapes_strings),
        cmocka_unit_test(test_json_marks_hosts_over_limit),
        cmocka_unit_test(test_numbers_use_point_in_any_locale),
        cmocka_unit_test(test_write_error_returns_minus_one),
        cmocka_unit_test(test_failure_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
