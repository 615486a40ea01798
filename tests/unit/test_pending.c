/* test_pending.c - the bounded, coalescing queue of results: one slot per
 * host, changes first, rate-limited, retried with a bounded backoff, and
 * safe between the producer and the submitting thread (run under TSan). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include "clock.h"
#include "watch/pending.h"

#define S 1000000000ull
#define MS 1000000ull

static const struct pending_config cfg = {
    .rate_per_s = 100,
    .burst = 5,
    .skip_unchanged_ns = 600 * S,
    .backoff = {.base_ns = 500 * MS, .max_ns = 4 * S},
};

static struct pending_result result(uint32_t id, uint8_t kind, uint8_t state, uint64_t sent)
{
    struct pending_result r;
    memset(&r, 0, sizeof(r));
    r.id = id;
    r.kind = kind;
    r.state = state;
    liveness_stats_clear(&r.stats);
    r.stats.sent = sent;
    return r;
}

static void test_pending_backoff_doubles_up_to_its_bound(void **state)
{
    (void)state;
    const struct pending_backoff b = {.base_ns = 500 * MS, .max_ns = 4 * S};
    static const uint64_t want[] = {0, 500 * MS, 1 * S, 2 * S, 4 * S, 4 * S};
    for (uint32_t f = 0; f < 6; f++)
        assert_true(pending_backoff_ns(&b, f) == want[f]);
    assert_true(pending_backoff_ns(&b, UINT32_MAX) == 4 * S);
    const struct pending_backoff none = {.base_ns = 0, .max_ns = 4 * S};
    assert_true(pending_backoff_ns(&none, UINT32_MAX) == 0);
}

/* 10,000 hosts last submitted at once: each renewal comes between 7/10 and
 * 19/20 of skip_unchanged, and they are spread over that span. */
static void test_pending_renewals_never_before_half_and_spread(void **state)
{
    (void)state;
    enum { N = 10000 };
    const uint64_t skip = 600 * S, t0 = 1000 * S;
    static uint8_t used[1000];
    memset(used, 0, sizeof(used));
    for (uint32_t id = 0; id < N; id++) {
        uint64_t due = pending_renewal_due_ns(t0, skip, id);
        assert_true(due >= t0 + skip / 10 * 7);
        assert_true(due < t0 + skip / 20 * 19);
        used[(due - t0 - skip / 10 * 7) / (skip / 4 / 1000)] = 1; /* 1,000 bins */
    }
    for (int b = 0; b < 1000; b++)
        assert_true(used[b]); /* no gap of 1/1,000 of the span without one */
}

static void test_pending_latest_state_wins_and_figures_add_up(void **state)
{
    (void)state;
    struct pending p;
    struct pending_result a = result(3, PENDING_CHANGE, LIVENESS_DOWN, 3), out[4];
    struct pending_result b = result(3, PENDING_CHANGE, LIVENESS_UP, 2);
    assert_int_equal(pending_init(&p, 10, &cfg, 0), 0);
    pending_put(&p, &a, 10);
    pending_put(&p, &b, 20);
    assert_int_equal(pending_take(&p, S, out, 4), 1);
    assert_int_equal(out[0].id, 3);
    assert_int_equal(out[0].state, LIVENESS_UP);
    assert_true(out[0].stats.sent == 5);
    assert_true(out[0].queued_ns == 10); /* the change's age counts from the first */
    assert_true(p.merged == 1);
    pending_destroy(&p);
}

static void test_pending_changes_go_before_renewals(void **state)
{
    (void)state;
    struct pending p;
    struct pending_result out[8], r;
    struct pending_config fast = cfg;
    fast.burst = 8;
    assert_int_equal(pending_init(&p, 10, &fast, 0), 0);
    static const uint8_t kinds[] = {PENDING_RENEWAL, PENDING_CHANGE, PENDING_RENEWAL,
                                    PENDING_CHANGE};
    for (uint32_t i = 0; i < 4; i++) {
        r = result(i + 1, kinds[i], LIVENESS_UP, 1);
        pending_put(&p, &r, i);
    }
    r = result(3, PENDING_CHANGE, LIVENESS_DOWN, 1); /* a renewal turned change */
    pending_put(&p, &r, 50);
    assert_int_equal(pending_take(&p, S, out, 8), 4);
    static const uint32_t order[] = {2, 4, 3, 1};
    for (int i = 0; i < 4; i++)
        assert_int_equal(out[i].id, order[i]);
    assert_int_equal(out[2].kind, PENDING_CHANGE);
    assert_true(out[2].queued_ns == 50);
    assert_true(out[2].stats.sent == 2);
    pending_destroy(&p);
}

/* 1,000 changes queued, taken every millisecond for a second at 100/s
 * with a burst of 5: about 100 go, never more than 5 at once. */
static void test_pending_take_is_rate_limited_without_bursts(void **state)
{
    (void)state;
    struct pending p;
    struct pending_result out[64], r;
    uint32_t total = 0, most = 0;
    assert_int_equal(pending_init(&p, 1000, &cfg, 0), 0);
    for (uint32_t i = 0; i < 1000; i++) {
        r = result(i, PENDING_CHANGE, LIVENESS_DOWN, 1);
        pending_put(&p, &r, 0);
    }
    assert_int_equal(pending_take(&p, 10 * S, out, 64), 5); /* idle a long time: 5 */
    for (uint64_t t = 10 * S + MS; t <= 11 * S; t += MS) {
        uint32_t n = pending_take(&p, t, out, 64);
        total += n;
        most = n > most ? n : most;
    }
    assert_true(total >= 99 && total <= 101);
    assert_int_equal(most, 1);
    pending_destroy(&p);
}

static void test_pending_failure_backs_off_then_retries_the_same(void **state)
{
    (void)state;
    struct pending p;
    struct pending_result out[8], r;
    assert_int_equal(pending_init(&p, 10, &cfg, 0), 0);
    for (uint32_t i = 0; i < 3; i++) {
        r = result(i, PENDING_CHANGE, LIVENESS_DOWN, 1);
        pending_put(&p, &r, i);
    }
    uint64_t t = 10 * S;
    assert_int_equal(pending_take(&p, t, out, 8), 3);
    for (int i = 0; i < 3; i++)
        pending_done(&p, &out[i], PENDING_RETRY, t);
    assert_int_equal(p.failures, 1); /* one batch, one step of backoff */
    assert_int_equal(pending_take(&p, t + 500 * MS - 1, out, 8), 0);
    assert_int_equal(pending_take(&p, t + 500 * MS, out, 8), 3);
    for (uint32_t i = 0; i < 3; i++)
        assert_int_equal(out[i].id, i); /* in their first order */
    pending_done(&p, &out[0], PENDING_RETRY, t + S);
    assert_int_equal(p.failures, 2);
    assert_int_equal(pending_take(&p, t + 2 * S - 1, out + 3, 1), 0);
    pending_done(&p, &out[1], PENDING_SUBMITTED, t + S + 1);
    pending_done(&p, &out[2], PENDING_REFUSED, t + S + 2);
    assert_int_equal(p.failures, 0); /* a success ends the backoff */
    assert_int_equal(pending_take(&p, t + S + 3, out, 8), 1);
    assert_int_equal(out[0].id, 0); /* the refused one is not retried */
    assert_true(p.failed == 5 && p.submitted == 1);
    assert_true(p.slots[1].last_submitted_ns == t + S + 1);
    assert_true(p.slots[2].last_submitted_ns == t + S + 2); /* refused: renewed, not retried */
    assert_false(pending_renewal_wanted(&p, 2, t + S + 3, NULL));
    pending_destroy(&p);
}

/* The core came back (the heartbeat got through): what waits in a long
 * backoff goes at once, not when the backoff would have ended. */
static void test_pending_target_back_ends_the_backoff(void **state)
{
    (void)state;
    struct pending p;
    struct pending_result out[8], r;
    assert_int_equal(pending_init(&p, 10, &cfg, 0), 0);
    r = result(4, PENDING_CHANGE, LIVENESS_DOWN, 1);
    pending_put(&p, &r, 0);
    uint64_t t = 10 * S;
    for (int round = 0; round < 4; round++) { /* 0.5, 1, 2, 4 s of backoff */
        assert_int_equal(pending_take(&p, t, out, 8), 1);
        pending_done(&p, &out[0], PENDING_RETRY, t);
        t += pending_backoff_ns(&cfg.backoff, p.failures);
    }
    t -= 4 * S; /* the last backoff has not run out */
    assert_int_equal(pending_take(&p, t, out, 8), 0);
    pending_target_back(&p);
    assert_int_equal(p.failures, 0);
    assert_int_equal(pending_take(&p, t, out, 8), 1);
    assert_int_equal(out[0].id, 4);
    pending_destroy(&p);
}

/* A host's result fails while a newer one was queued: they merge, the
 * newer state wins, and the host is never twice in flight. */
static void test_pending_failed_result_merges_under_the_newer(void **state)
{
    (void)state;
    struct pending p;
    struct pending_result out[4], r = result(5, PENDING_CHANGE, LIVENESS_DOWN, 3);
    assert_int_equal(pending_init(&p, 10, &cfg, 0), 0);
    pending_put(&p, &r, 100);
    assert_int_equal(pending_take(&p, S, out, 4), 1);
    r = result(5, PENDING_RENEWAL, LIVENESS_UP, 1);
    pending_put(&p, &r, S + 1);
    assert_int_equal(pending_take(&p, 2 * S, out + 1, 3), 0); /* host 5 is in flight */
    pending_done(&p, &out[0], PENDING_RETRY, 2 * S);
    assert_int_equal(pending_take(&p, 3 * S, out, 4), 1);
    assert_int_equal(out[0].state, LIVENESS_UP);
    assert_int_equal(out[0].kind, PENDING_CHANGE);
    assert_true(out[0].stats.sent == 4);
    assert_true(out[0].queued_ns == 100);
    pending_destroy(&p);
}

static void test_pending_oldest_unsent_change_age(void **state)
{
    (void)state;
    struct pending p;
    struct pending_counters c;
    struct pending_result out[4], r = result(1, PENDING_CHANGE, LIVENESS_DOWN, 1);
    assert_int_equal(pending_init(&p, 4, &cfg, 0), 0);
    pending_counters(&p, 5 * S, &c);
    assert_true(c.oldest_change_age_ns == 0);
    pending_put(&p, &r, 10 * S);
    r = result(2, PENDING_RENEWAL, LIVENESS_UP, 1);
    pending_put(&p, &r, 11 * S);
    assert_int_equal(pending_take(&p, 20 * S, out, 1), 1);
    pending_counters(&p, 30 * S, &c);
    assert_true(c.oldest_change_age_ns == 20 * S); /* in flight is not sent */
    assert_true(c.changes == 0 && c.renewals == 1 && c.in_flight == 1);
    pending_done(&p, &out[0], PENDING_SUBMITTED, 31 * S);
    pending_counters(&p, 32 * S, &c);
    assert_true(c.oldest_change_age_ns == 0);
    pending_destroy(&p);
}

static void test_pending_renewal_wanted_from_seven_tenths_of_skip(void **state)
{
    (void)state;
    struct pending p;
    assert_int_equal(pending_init(&p, 4, &cfg, 0), 0);
    pending_seed(&p, 0, 1000 * S); /* slot 0's fraction is 0: due at 7/10 */
    uint64_t again = 1;
    assert_false(pending_renewal_wanted(&p, 0, 1420 * S - 1, &again));
    assert_true(again == 1420 * S); /* asking before then is sure to hear no */
    assert_true(pending_renewal_wanted(&p, 0, 1420 * S, &again));
    assert_true(again == 0);
    struct pending_result r = result(0, PENDING_RENEWAL, LIVENESS_UP, 60);
    pending_put(&p, &r, 1420 * S);
    assert_false(pending_renewal_wanted(&p, 0, 1421 * S, &again)); /* already queued */
    assert_true(again == 0);
    assert_false(pending_renewal_wanted(&p, 9, 1421 * S, NULL)); /* no such host */
    pending_destroy(&p);
}

/* 2,000 hosts last submitted at the same moment, a producer sweeping them
 * once a second and a consumer taking every 10 ms, for two skip periods:
 * no renewal before 7/10 of skip_unchanged, none after it, and at most
 * 5 results (the burst) in any 10 ms. */
static void test_pending_renewals_reach_the_core_evenly(void **state)
{
    (void)state;
    enum { N = 2000 };
    const uint64_t skip = 600 * S;
    struct pending p;
    struct pending_result out[16];
    static uint64_t last[N];
    uint64_t sent = 0, most = 0, shortest = UINT64_MAX, longest = 0;
    assert_int_equal(pending_init(&p, N, &cfg, 0), 0);
    for (uint32_t i = 0; i < N; i++) {
        pending_seed(&p, i, 10 * S);
        last[i] = 10 * S;
    }
    for (uint64_t t = 11 * S; t < 10 * S + 2 * skip; t += 10 * MS) {
        for (uint32_t i = 0; t % S == 0 && i < N; i++) {
            struct pending_result r = result(i, PENDING_RENEWAL, LIVENESS_UP, 1);
            if (pending_renewal_wanted(&p, i, t, NULL))
                pending_put(&p, &r, t);
        }
        uint32_t n = pending_take(&p, t, out, 16);
        most = n > most ? n : most;
        for (uint32_t k = 0; k < n; k++) {
            uint64_t age = t - last[out[k].id];
            shortest = age < shortest ? age : shortest;
            longest = age > longest ? age : longest;
            last[out[k].id] = t;
            pending_done(&p, &out[k], PENDING_SUBMITTED, t);
        }
        sent += n;
    }
    printf("# %llu renewals of %u hosts, every %llu..%llu s, at most %llu at once\n",
           (unsigned long long)sent, N, (unsigned long long)(shortest / S),
           (unsigned long long)(longest / S), (unsigned long long)most);
    assert_true(sent >= 2 * N);
    assert_true(shortest >= skip / 10 * 7);
    assert_true(longest < skip);
    assert_true(most <= 5);
    pending_destroy(&p);
}

/* A reload renumbers hosts: queued results follow, removed ones go, and a
 * result in flight across the reload comes back under its new id. */
static void test_pending_remap_follows_the_hosts(void **state)
{
    (void)state;
    struct pending p;
    struct pending_result out[4], r;
    uint32_t map[10];
    assert_int_equal(pending_init(&p, 10, &cfg, 0), 0);
    static const uint32_t ids[] = {5, 2, 7};
    for (int i = 0; i < 3; i++) {
        r = result(ids[i], PENDING_CHANGE, LIVENESS_DOWN, 1);
        pending_put(&p, &r, (uint64_t)i);
    }
    assert_int_equal(pending_take(&p, S, out, 1), 1); /* host 5 in flight */
    pending_seed(&p, 7, 42);
    for (uint32_t i = 0; i < 10; i++)
        map[i] = i == 2 ? PENDING_NONE : i == 5 ? 1 : i == 7 ? 3 : PENDING_NONE;
    assert_int_equal(pending_remap(&p, map, 4), 0);
    assert_true(p.slots[3].last_submitted_ns == 42);
    pending_done(&p, &out[0], PENDING_RETRY, S + 1);
    assert_int_equal(pending_take(&p, 10 * S, out, 4), 2);
    assert_int_equal(out[0].id, 1); /* host 5, queued first, now id 1 */
    assert_int_equal(out[1].id, 3);
    struct pending_result old = out[1];
    for (uint32_t i = 0; i < 4; i++)
        map[i] = i;
    assert_int_equal(pending_remap(&p, map, 4), 0);
    assert_int_equal(pending_remap(&p, map, 4), 0);
    pending_done(&p, &old, PENDING_RETRY, 11 * S); /* two reloads ago */
    assert_true(p.stale == 1);
    pending_destroy(&p);
}

/* Two threads: a producer puts 200,000 results for 1,000 hosts while the
 * consumer takes them, failing one in seven.  Afterwards each host's last
 * submitted state is its last put state, and the probes of every result
 * put were submitted exactly once (merged, never lost). */
enum { HOSTS = 1000, PUTS = 200000 };

struct two_threads {
    struct pending p;
    _Atomic int producing;
    uint64_t put_sent[HOSTS], got_sent[HOSTS];
    uint8_t last_put[HOSTS], last_got[HOSTS];
};

static void *producer(void *arg)
{
    struct two_threads *t = arg;
    uint32_t x = 12345;
    for (uint32_t i = 0; i < PUTS; i++) {
        x = x * 1103515245u + 12345u;
        uint32_t id = (x >> 8) % HOSTS;
        uint8_t st = (x >> 20) & 1 ? LIVENESS_UP : LIVENESS_DOWN;
        struct pending_result r =
            result(id, (x >> 21) & 1 ? PENDING_CHANGE : PENDING_RENEWAL, st, 1 + (x >> 28));
        pending_put(&t->p, &r, clock_mono_ns());
        t->put_sent[id] += r.stats.sent;
        t->last_put[id] = st;
    }
    t->producing = 0;
    pending_wake(&t->p);
    return NULL;
}

static void *consumer(void *arg)
{
    struct two_threads *t = arg;
    struct pending_result out[32];
    struct pending_counters c;
    uint32_t n, k = 0;
    for (;;) {
        int still = t->producing;
        while ((n = pending_take(&t->p, clock_mono_ns(), out, 32)) > 0)
            for (uint32_t i = 0; i < n; i++) {
                bool fail = ++k % 7 == 0;
                if (!fail) {
                    t->got_sent[out[i].id] += out[i].stats.sent;
                    t->last_got[out[i].id] = out[i].state;
                }
                pending_done(&t->p, &out[i], fail ? PENDING_RETRY : PENDING_SUBMITTED,
                             clock_mono_ns());
            }
        pending_counters(&t->p, clock_mono_ns(), &c);
        if (!still && c.changes + c.renewals + c.in_flight == 0)
            return NULL;
        pending_wait(&t->p, clock_mono_ns() + 10 * MS);
    }
}

static void test_pending_two_threads_lose_nothing(void **state)
{
    (void)state;
    struct two_threads *t = calloc(1, sizeof(*t));
    const struct pending_config quick = {.rate_per_s = 1e9,
                                         .burst = 64,
                                         .skip_unchanged_ns = S,
                                         .backoff = {.base_ns = 1000, .max_ns = 100000}};
    pthread_t a, b;
    assert_non_null(t);
    assert_int_equal(pending_init(&t->p, HOSTS, &quick, clock_mono_ns()), 0);
    t->producing = 1;
    assert_int_equal(pthread_create(&b, NULL, consumer, t), 0);
    assert_int_equal(pthread_create(&a, NULL, producer, t), 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    for (uint32_t i = 0; i < HOSTS; i++) {
        assert_true(t->got_sent[i] == t->put_sent[i]);
        assert_int_equal(t->last_got[i], t->last_put[i]);
    }
    assert_true(t->p.failed > 0 && t->p.merged > 0);
    pending_destroy(&t->p);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pending_backoff_doubles_up_to_its_bound),
        cmocka_unit_test(test_pending_renewals_never_before_half_and_spread),
        cmocka_unit_test(test_pending_latest_state_wins_and_figures_add_up),
        cmocka_unit_test(test_pending_changes_go_before_renewals),
        cmocka_unit_test(test_pending_take_is_rate_limited_without_bursts),
        cmocka_unit_test(test_pending_failure_backs_off_then_retries_the_same),
        cmocka_unit_test(test_pending_target_back_ends_the_backoff),
        cmocka_unit_test(test_pending_failed_result_merges_under_the_newer),
        cmocka_unit_test(test_pending_oldest_unsent_change_age),
        cmocka_unit_test(test_pending_renewal_wanted_from_seven_tenths_of_skip),
        cmocka_unit_test(test_pending_renewals_reach_the_core_evenly),
        cmocka_unit_test(test_pending_remap_follows_the_hosts),
        cmocka_unit_test(test_pending_two_threads_lose_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
