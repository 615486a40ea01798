/*
 * test_prober.c - the --watch liveness owner as the sender and receivers
 * drive it: orders taken from its source, replies and errors handed to its
 * fate rings through the receivers' sink, results put into `pending`.
 * No socket: the tests play the sender and the receiver.
 *
 * The story is packet identity across rounds: a reply counts for the probe
 * it carries (its 64-bit number rebuilt from 16 bits against the host's
 * newest probe), never for a newer one; another generation's cookie, an
 * echo id not ours, or a source that is not the host count for nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clock.h"
#include "daemon/prober.h"
#include "daemon/registry.h"
#include "engine/receiver.h"

#include <sys/socket.h>

#define MS 1000000ull
#define ID 0x4242

/* Linked with -Wl,--wrap=malloc: the next malloc of exactly fail_size
 * bytes made by the code under test fails (0: none). */
static size_t fail_size;
void *__real_malloc(size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_malloc(size_t size)
{
    if (fail_size && size == fail_size) {
        fail_size = 0;
        return NULL;
    }
    return __real_malloc(size);
}

struct fixture {
    struct generation *gen;
    struct generation_registry registry;
    struct pending pending;
    struct prober prober;
    struct icmp_socket sock;
    struct send_params send;
    struct run_context shared;
    struct receiver rx; /* what the ring sink reads of a receiver */
};

static int load_two(void *ctx, struct objects *objects, struct hostset *set, char *err,
                    size_t errlen)
{
    (void)ctx;
    if (objects_add(objects, "web1", "10.77.0.1", err, errlen) < 0 ||
        objects_add(objects, "web2", "10.77.0.2", err, errlen) < 0 ||
        objects_build(objects, AF_INET, set, err, errlen) < 0)
        return -1;
    hostset_seal(set);
    return 0;
}

static int load_three(void *ctx, struct objects *objects, struct hostset *set, char *err,
                      size_t errlen)
{
    (void)ctx;
    if (objects_add(objects, "web1", "10.77.0.1", err, errlen) < 0 ||
        objects_add(objects, "web2", "10.77.0.2", err, errlen) < 0 ||
        objects_add(objects, "web3", "10.77.0.3", err, errlen) < 0 ||
        objects_build(objects, AF_INET, set, err, errlen) < 0)
        return -1;
    hostset_seal(set);
    return 0;
}

static struct verdict_config limits; /* setup_limits: --host-critical jitter=40ms */

static int setup_with(void **state, bool service, const struct verdict_config *verdict)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    char err[256];
    struct generation_source src = {load_two, NULL, AF_INET, 1, 100};
    fx->gen = generation_build(&src, 0, clock_mono_ns() + 1000 * MS, err, sizeof(err));
    assert_non_null(fx->gen);
    uint64_t now = clock_mono_ns();
    struct pending_config pc = {.rate_per_s = 1000,
                                .burst = 100,
                                .skip_unchanged_ns = 600000 * MS,
                                .backoff = {1000 * MS, 30000 * MS}};
    assert_int_equal(registry_init(&fx->registry, fx->gen), 0);
    assert_int_equal(pending_init(&fx->pending, 2, &pc, now), 0);
    struct prober_config cfg = {.live = {.down_after_ns = 600 * MS, .window_probes = 4},
                                .interval_ns = 200 * MS,
                                .service = service,
                                .verdict = verdict};
    assert_int_equal(prober_init(&fx->prober, &cfg, fx->gen, &fx->pending, &fx->registry, now), 0);
    fx->sock = (struct icmp_socket){.fd = -1, .family = AF_INET, .kind = SOCK_KIND_DGRAM};
    fx->send = (struct send_params){.payload_size = ICMP_PAYLOAD_LEN};
    fx->shared = (struct run_context){.ids = {ID, ID}, .send = &fx->send};
    fx->rx = (struct receiver){.shared = &fx->shared, .sock = &fx->sock};
    *state = fx;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, false, NULL);
}

/* --submit-service with --host-critical jitter=40ms */
static int setup_limits(void **state)
{
    char err[256];
    memset(&limits, 0, sizeof(limits));
    limits.has_host_critical = true;
    assert_int_equal(host_limit_parse("jitter=40ms", &limits.host_critical, err, sizeof(err)), 0);
    return setup_with(state, true, &limits);
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    prober_free(&fx->prober);
    pending_destroy(&fx->pending);
    registry_destroy(&fx->registry);
    generation_free(fx->gen);
    free(fx);
    return 0;
}

/* Play the sender: the next order, "sent" now. */
static struct probe_order send_next(struct fixture *fx)
{
    struct probe_order o;
    struct probe_source *src = &fx->prober.source;
    assert_true(src->next(src, &o));
    src->sending(src, &o, clock_mono_ns());
    src->sent(src, &o, 0, true);
    return o;
}

/* Play the receiver: a reply carrying what order o carried (or altered). */
static void reply(struct fixture *fx, const struct probe_order *o, uint64_t cookie, uint16_t id,
                  const char *from)
{
    struct icmp_packet p;
    memset(&p, 0, sizeof(p));
    p.kind = ICMP_REPLY;
    p.has_probe = true;
    p.id = id;
    p.seq = o->icmp_seq;
    p.probe = (struct icmp_probe){cookie, o->host, o->packet};
    p.payload_len = p.intact_len = ICMP_PAYLOAD_LEN;
    struct ipaddr addr;
    assert_true(ipaddr_parse(from, &addr));
    struct fate_sink *sink = &fx->prober.rings[0].sink;
    struct arrival at = {clock_mono_ns(), 64};
    sink->reply(sink, &fx->rx, &p, &addr, at);
}

/* Let the prober drain its rings (one more turn of its loop). */
static struct probe_order turn(struct fixture *fx)
{
    return send_next(fx);
}

static uint32_t taken(struct fixture *fx, struct pending_result *out, uint32_t max)
{
    return pending_take(&fx->pending, clock_mono_ns() + 10000 * MS, out, max);
}

static void test_prober_reply_to_newest_probe_makes_host_up(void **state)
{
    struct fixture *fx = *state;
    struct probe_order a = send_next(fx);
    reply(fx, &a, fx->gen->cookie, ID, a.host == 0 ? "10.77.0.1" : "10.77.0.2");
    turn(fx);
    struct pending_result r[4];
    assert_int_equal(taken(fx, r, 4), 1);
    assert_int_equal(r[0].id, a.host);
    assert_int_equal(r[0].kind, PENDING_CHANGE);
    assert_int_equal(r[0].state, 0);
    assert_int_equal(r[0].stats.received, 1);
}

/* The detection timer: a host that stops answering is DOWN once
 * down_after (600 ms) has passed since its last reply, while the other
 * one, still answering, stays UP; later the other one too (the tick's
 * bound on the timers follows both). */
static void test_prober_silent_host_goes_down_by_the_timer(void **state)
{
    struct fixture *fx = *state;
    struct pending_result r[8];
    uint64_t start = clock_mono_ns();
    uint64_t silent_from[2] = {start + 300 * MS, start + 1500 * MS};
    uint64_t last_reply[2] = {0, 0}, down_at[2] = {0, 0};
    while (clock_mono_ns() < start + 3000 * MS && (!down_at[0] || !down_at[1])) {
        struct probe_order o = send_next(fx);
        uint64_t now = clock_mono_ns();
        if (now < silent_from[o.host]) {
            reply(fx, &o, fx->gen->cookie, ID, o.host == 0 ? "10.77.0.1" : "10.77.0.2");
            last_reply[o.host] = now;
        }
        uint32_t n = taken(fx, r, 8);
        for (uint32_t i = 0; i < n; i++) {
            if (r[i].down && !down_at[r[i].id])
                down_at[r[i].id] = now;
            pending_done(&fx->pending, &r[i], PENDING_SUBMITTED, now);
        }
    }
    for (int h = 0; h < 2; h++) {
        assert_true(down_at[h] != 0);
        assert_true(last_reply[h] != 0);
        /* not before the timer ran out; within a tick and a send of it */
        assert_true(down_at[h] >= last_reply[h] + 600 * MS);
        assert_true(down_at[h] <= last_reply[h] + 900 * MS);
    }
    assert_true(down_at[1] > down_at[0] + 600 * MS);
}

/* Nothing counts: another cookie (a past generation or run), another echo
 * id, another source, a packet number never sent. */
static void test_prober_foreign_replies_count_for_nothing(void **state)
{
    struct fixture *fx = *state;
    struct probe_order a = send_next(fx);
    const char *addr = a.host == 0 ? "10.77.0.1" : "10.77.0.2";
    const char *other = a.host == 0 ? "10.77.0.2" : "10.77.0.1";
    reply(fx, &a, fx->gen->cookie ^ 1, ID, addr);
    reply(fx, &a, fx->gen->cookie, ID + 1, addr);
    reply(fx, &a, fx->gen->cookie, ID, other);
    struct probe_order never = a;
    never.packet = (uint16_t)(a.packet + 5);
    never.icmp_seq = (uint16_t)(a.icmp_seq + 5);
    reply(fx, &never, fx->gen->cookie, ID, addr);
    turn(fx);
    struct pending_result r[4];
    assert_int_equal(taken(fx, r, 4), 0);
    assert_true(atomic_load(&fx->prober.rings[0].ignored) == 2); /* cookie, id */
    assert_true(atomic_load(&fx->prober.stats.foreign) == 2);    /* source, number */
}

/* A late reply to an older probe proves the host alive but adds no figure
 * and never settles the newest probe: that one is still lost when the next
 * goes out. */
static void test_prober_late_reply_counts_for_its_own_probe_only(void **state)
{
    struct fixture *fx = *state;
    struct probe_order first = send_next(fx), o = first;
    for (int i = 0; i < 6; i++)
        o = send_next(fx); /* both hosts, three probes each */
    uint32_t h = first.host;
    const struct liveness_host *l = &fx->prober.t.live[h];
    assert_true(l->next_seq == 4);
    reply(fx, &first, fx->gen->cookie, ID, h == 0 ? "10.77.0.1" : "10.77.0.2");
    turn(fx);
    assert_int_equal(l->state, LIVENESS_UP);
    assert_true(l->newest_pending); /* probe 3 still awaits its own reply */
    struct pending_result r[4];
    assert_int_equal(taken(fx, r, 4), 1);
    assert_int_equal(r[0].id, h);
    assert_int_equal(r[0].state, 0);
    assert_true(r[0].stats.sent == 3); /* probes 0-2, settled lost by their successors */
    assert_true(r[0].stats.received == 0);
    (void)o;
}

/* The payload holds the low 16 bits of the host's 64-bit probe number:
 * after 70,000 probes a reply to the newest still finds it and settles it,
 * with its round-trip time. */
static void test_prober_probe_number_past_16_bits(void **state)
{
    struct fixture *fx = *state;
    struct liveness_host *l = &fx->prober.t.live[0];
    struct probe_order o;
    do
        o = send_next(fx);
    while (o.host != 0);
    l->next_seq += 70000; /* as if 70,000 more probes had gone */
    o.packet = (uint16_t)(l->next_seq - 1);
    o.icmp_seq = (uint16_t)(0 + (l->next_seq - 1));
    fx->prober.t.sent_ns[0] = clock_mono_ns();
    l->newest_pending = true;
    reply(fx, &o, fx->gen->cookie, ID, "10.77.0.1");
    turn(fx);
    assert_int_equal(l->state, LIVENESS_UP);
    struct pending_result r[4];
    assert_int_equal(taken(fx, r, 4), 1);
    assert_true(r[0].stats.received == 1);
    assert_true(r[0].stats.rtt_max_us < 1000000);
}

/* The core's states as a reload reads them: web1 DOWN by the core's own
 * freshness check (hard, with a result), web2 UP as the daemon put it. */
static int load_two_core_states(void *ctx, struct objects *objects, struct hostset *set, char *err,
                                size_t errlen)
{
    if (load_two(ctx, objects, set, err, errlen) < 0)
        return -1;
    for (size_t i = 0; i < objects->count; i++) {
        objects->items[i].core_state = (int8_t)(i == 0 ? 1 : 0);
        objects->items[i].core_hard = true;
        objects->items[i].core_checked = 1796000000u;
    }
    return 0;
}

/* A reload to the generation `load` builds, handed over as
 * prober_reload does (taken at the prober's next turn). */
static struct generation *reload_to(struct fixture *fx, struct prober_reload *rl,
                                    generation_load_fn *load)
{
    char err[256];
    struct generation_source src = {load, NULL, AF_INET, 1, 100};
    struct generation *g = generation_build(&src, 1, clock_mono_ns() + 1000 * MS, err, sizeof(err));
    assert_non_null(g);
    struct generation_diff diff;
    *rl = (struct prober_reload){.gen = g};
    rl->host_map = calloc(fx->gen->set.count, sizeof(uint32_t));
    rl->object_map = calloc(fx->gen->objects.count, sizeof(uint32_t));
    assert_int_equal(prober_tables_alloc(&rl->tables, g), 0);
    assert_int_equal(generation_map(fx->gen, g, rl->host_map, rl->object_map, &diff), 0);
    fx->prober.incoming = rl;
    return g;
}

/* After the swap: the reload's leftovers and the old generation freed, g
 * the fixture's (freed by teardown). */
static void reload_done(struct fixture *fx, struct prober_reload *rl, struct generation *g)
{
    prober_tables_free(&rl->tables);
    free(rl->host_map);
    free(rl->object_map);
    generation_free(fx->gen);
    fx->gen = g;
}

/* Both hosts UP (put and taken); then a reload whose query says web1 is
 * DOWN in the core: web1 is put again at its next send, web2 is not. */
static void test_prober_reload_puts_again_what_the_core_holds_otherwise(void **state)
{
    struct fixture *fx = *state;
    for (int i = 0; i < 2; i++) {
        struct probe_order o = send_next(fx);
        reply(fx, &o, fx->gen->cookie, ID, o.host == 0 ? "10.77.0.1" : "10.77.0.2");
    }
    turn(fx);
    struct pending_result r[4];
    assert_int_equal(taken(fx, r, 4), 2);
    for (int i = 0; i < 2; i++)
        pending_done(&fx->pending, &r[i], PENDING_SUBMITTED, clock_mono_ns());
    struct prober_reload rl;
    struct generation *g = reload_to(fx, &rl, load_two_core_states);
    for (int i = 0; i < 4; i++)
        send_next(fx);
    assert_true(fx->prober.swapped);
    assert_int_equal(rl.core_differs, 1); /* what the reload's log line says */
    uint32_t n = taken(fx, r, 4);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].id, 0);
    assert_int_equal(r[0].kind, PENDING_CHANGE);
    assert_int_equal(r[0].state, 0);
    reload_done(fx, &rl, g);
}

/* A reload whose schedule cannot get the memory to order its new hosts
 * still takes them, one by one: the swap is done by then, and a reload
 * reported as failed would have daemon.c free the generation the prober
 * runs on (found by a review: web3 was never probed, then a use after
 * free under ASan). */
static void test_prober_reload_without_memory_for_the_order(void **state)
{
    struct fixture *fx = *state;
    struct prober_reload rl;
    struct generation *g = reload_to(fx, &rl, load_three);
    fail_size = 3 * sizeof(uint32_t); /* schedule_generation's list of the 3 hosts */
    send_next(fx);
    assert_int_equal(fail_size, 0); /* the failure did happen */
    assert_true(fx->prober.swapped);
    assert_false(fx->prober.failed_swap);
    assert_true(fx->prober.gen == g);
    uint32_t web3 = 0;
    for (int i = 0; i < 6; i++)
        web3 += send_next(fx).host == 2;
    assert_true(web3 >= 1);
    reload_done(fx, &rl, g);
}

/* With --submit-service, the window's jitter is judged as in one-shot
 * runs: web answering at 1 ms and 61 ms in turn (jitter 60 ms) is CRITICAL
 * under jitter=40ms, its steady neighbour OK. */
static void test_prober_service_judges_the_window_jitter(void **state)
{
    struct fixture *fx = *state;
    int8_t last[2] = {-1, -1};
    for (int i = 0; i < 8; i++) {
        struct probe_order o = send_next(fx);
        if (o.host == 0 && i % 4 >= 2)
            clock_sleep_until_ns(clock_mono_ns() + 60 * MS);
        reply(fx, &o, fx->gen->cookie, ID, o.host == 0 ? "10.77.0.1" : "10.77.0.2");
    }
    turn(fx);
    struct pending_result r[8];
    uint32_t n = taken(fx, r, 8);
    for (uint32_t k = 0; k < n; k++)
        last[r[k].id] = (int8_t)r[k].state;
    assert_int_equal(last[0], 2);
    assert_int_equal(last[1], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_prober_reply_to_newest_probe_makes_host_up, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_prober_silent_host_goes_down_by_the_timer, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_prober_foreign_replies_count_for_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_prober_late_reply_counts_for_its_own_probe_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_prober_probe_number_past_16_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prober_reload_puts_again_what_the_core_holds_otherwise,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_prober_reload_without_memory_for_the_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_prober_service_judges_the_window_jitter, setup_limits,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
