/* test_schedule.c - every host once per interval, spread evenly, on a fake clock. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "watch/schedule.h"

#define S 1000000000ull /* one second in ns */
#define MS 1000000ull

static void test_schedule_phase_is_the_bit_reversed_fraction(void **state)
{
    (void)state;
    static const uint64_t want[] = {0, 512, 256, 768, 128, 640, 384, 896};
    for (uint32_t k = 0; k < 8; k++)
        assert_int_equal(schedule_phase_ns(1024, k), want[k]);
    assert_true(schedule_phase_ns(5 * S, UINT32_MAX) < 5 * S);
}

/* What a fake-clock run saw. */
struct run_stats {
    uint64_t sends, min_gap, max_gap, max_per_ms, bad_period;
};

/* The sender on time: the clock jumps to each due time and pops all due
 * hosts; checks every host's sends are exactly one interval apart. */
static void run_on_time(struct schedule *s, uint64_t until_ns, uint64_t *last_sent,
                        struct run_stats *r)
{
    struct schedule_send out;
    uint64_t prev = UINT64_MAX, bucket = UINT64_MAX, in_bucket = 0;
    memset(r, 0, sizeof(*r));
    r->min_gap = UINT64_MAX;
    for (uint64_t now = schedule_next_ns(s); now < until_ns; now = schedule_next_ns(s)) {
        while (schedule_pop(s, now, &out)) {
            if (prev != UINT64_MAX) {
                r->min_gap = now - prev < r->min_gap ? now - prev : r->min_gap;
                r->max_gap = now - prev > r->max_gap ? now - prev : r->max_gap;
            }
            in_bucket = now / MS == bucket ? in_bucket + 1 : 1;
            bucket = now / MS;
            r->max_per_ms = in_bucket > r->max_per_ms ? in_bucket : r->max_per_ms;
            if (last_sent[out.id] != UINT64_MAX && now - last_sent[out.id] != s->interval_ns)
                r->bad_period++;
            last_sent[out.id] = now;
            prev = now;
            r->sends++;
        }
    }
}

/* The scale: 100,000 hosts at 5 s, added at once.  Three intervals:
 * 300,000 sends, each host every 5 s exactly, gaps of 38 or 76 us (the
 * average is 50 us), at most 25 in any millisecond (20 on average). */
static void test_schedule_100000_hosts_at_5s_even_and_never_late(void **state)
{
    (void)state;
    const uint32_t n = 100000;
    struct schedule s;
    struct run_stats r;
    uint64_t *last = malloc(n * sizeof(*last));
    assert_non_null(last);
    memset(last, 0xff, n * sizeof(*last));
    assert_int_equal(schedule_init(&s, n, 5 * S, 0), 0);
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(schedule_add(&s, i, 0), 0);
    run_on_time(&s, 15 * S, last, &r);
    printf("# %u hosts at 5 s: %llu sends, gaps %llu..%llu ns, at most %llu in 1 ms\n", n,
           (unsigned long long)r.sends, (unsigned long long)r.min_gap,
           (unsigned long long)r.max_gap, (unsigned long long)r.max_per_ms);
    assert_true(r.sends == 3ull * n);
    assert_true(r.bad_period == 0);
    assert_true(r.min_gap >= (5 * S >> 17) - 1);
    assert_true(r.max_gap <= (5 * S >> 16) + 1);
    assert_true(r.max_per_ms <= 25);
    assert_true(s.late == 0 && s.skipped == 0);
    for (uint32_t i = 0; i < n; i++)
        assert_true(last[i] >= 10 * S && last[i] < 15 * S);
    schedule_free(&s);
    free(last);
}

/* A sender that can send only half of what is needed (one per 200 us for
 * 10,000 hosts at 1 s): the lateness is counted, and no host starves. */
static void test_schedule_overload_is_counted_and_starves_no_host(void **state)
{
    (void)state;
    const uint32_t n = 10000;
    struct schedule s;
    struct schedule_send out;
    uint64_t *last = calloc(n, sizeof(*last));
    uint64_t max_wait = 0, sends = 0;
    assert_non_null(last);
    assert_int_equal(schedule_init(&s, n, S, 0), 0);
    for (uint32_t i = 0; i < n; i++)
        assert_int_equal(schedule_add(&s, i, 0), 0);
    for (uint64_t now = 0; now < 20 * S; now += 200000) {
        if (!schedule_pop(&s, now, &out))
            continue;
        max_wait = now - last[out.id] > max_wait ? now - last[out.id] : max_wait;
        last[out.id] = now;
        sends++;
    }
    printf("# overloaded: %llu sends, %llu late, %llu intervals skipped, longest wait %llu ms\n",
           (unsigned long long)sends, (unsigned long long)s.late, (unsigned long long)s.skipped,
           (unsigned long long)(max_wait / MS));
    assert_true(s.late > 0);
    assert_true(s.skipped > 0);
    assert_true(max_wait <= 3 * S);
    for (uint32_t i = 0; i < n; i++)
        assert_true(last[i] >= 17 * S);
    schedule_free(&s);
    free(last);
}

/* Late, but by less than an interval: the host keeps its phase. */
static void test_schedule_slightly_late_send_keeps_the_phase(void **state)
{
    (void)state;
    struct schedule s;
    struct schedule_send out;
    assert_int_equal(schedule_init(&s, 2, 1024, 0), 0);
    assert_int_equal(schedule_add(&s, 1, 0), 0); /* slot 0, phase 0 */
    assert_int_equal(schedule_add(&s, 0, 0), 0); /* slot 1, phase 512 */
    assert_true(schedule_pop(&s, 700, &out));
    assert_int_equal(out.id, 1);
    assert_int_equal(out.late_ns, 700);
    assert_true(schedule_pop(&s, 700, &out));
    assert_int_equal(out.id, 0);
    assert_false(schedule_pop(&s, 700, &out));
    assert_int_equal(schedule_next_ns(&s), 1024);
    assert_true(s.late == 0);
    schedule_free(&s);
}

/* Record each scheduled host's due time by id. */
static void dues(const struct schedule *s, uint64_t *due)
{
    for (uint32_t i = 0; i < s->count; i++)
        due[s->heap[i].id] = s->heap[i].due_ns;
}

/* A reload of 1,000 hosts drops ids 100..199 and adds 100 new ones: the
 * kept hosts' sends do not move, and the new ones fill the holes. */
static void test_schedule_reload_keeps_the_others_phase(void **state)
{
    (void)state;
    enum { N = 1000 };
    struct schedule s;
    struct run_stats r;
    uint32_t map[N];
    uint64_t before[N], after[N], last[N];
    memset(last, 0xff, sizeof(last));
    assert_int_equal(schedule_init(&s, N, S, 0), 0);
    for (uint32_t i = 0; i < N; i++)
        schedule_add(&s, i, 0);
    run_on_time(&s, S, last, &r);
    dues(&s, before);
    for (uint32_t i = 0; i < N; i++)
        map[i] = i < 100 ? i : i < 200 ? SCHEDULE_NONE : i - 100;
    assert_int_equal(schedule_remap(&s, map, N), 0);
    assert_int_equal(s.count, 900);
    dues(&s, after);
    for (uint32_t i = 0; i < N; i++)
        if (map[i] != SCHEDULE_NONE)
            assert_true(after[map[i]] == before[i]);
    for (uint32_t i = 900; i < N; i++)
        assert_int_equal(schedule_add(&s, i, S + 1), 0);
    assert_int_equal(s.next_slot, N); /* the freed slots were reused */
    memset(last, 0xff, sizeof(last));
    run_on_time(&s, 4 * S, last, &r);
    assert_true(r.sends == 3 * N);
    assert_true(r.bad_period == 0);
    assert_true(r.min_gap >= (S >> 10) - 1 && r.max_gap <= (S >> 9) + 1);
    schedule_free(&s);
}

static void test_schedule_refuses_bad_ids(void **state)
{
    (void)state;
    struct schedule s;
    uint32_t dup[3] = {0, 0, 1};
    assert_int_equal(schedule_init(&s, 3, S, 0), 0);
    assert_int_equal(schedule_add(&s, 3, 0), -1);
    assert_int_equal(schedule_add(&s, 0, 0), 0);
    assert_int_equal(schedule_add(&s, 0, 0), -1);
    assert_int_equal(schedule_remove(&s, 1), -1);
    assert_int_equal(schedule_add(&s, 1, 0), 0);
    assert_int_equal(schedule_remap(&s, dup, 3), -1); /* two hosts on new id 0 */
    assert_int_equal(s.count, 2);
    assert_int_equal(schedule_remove(&s, 0), 0);
    assert_int_equal(schedule_remove(&s, 0), -1);
    assert_int_equal(schedule_add(&s, 2, 0), 0);
    assert_int_equal(s.heap[s.pos[2]].slot, 0); /* the lowest free slot */
    schedule_free(&s);
}

/* Random adds, removes, pops at random times and remaps on 3,000 ids (some
 * keeping every host, some half, some none): after each step every id's
 * pos points at its entry and no other id has one, and popping everything
 * due by the end comes out in (due, slot) order. */
static void check_positions(const struct schedule *s)
{
    uint32_t listed = 0;
    for (uint32_t i = 0; i < s->count; i++)
        assert_int_equal(s->pos[s->heap[i].id], i);
    for (uint32_t id = 0; id < s->capacity; id++)
        listed += s->pos[id] != SCHEDULE_NONE;
    assert_int_equal(listed, s->count); /* an id not in the heap is SCHEDULE_NONE */
}

static void test_schedule_heap_order_holds_under_random_changes(void **state)
{
    (void)state;
    enum { N = 3000 };
    struct schedule s;
    static uint32_t map[N];
    struct schedule_send out;
    uint64_t now = 0;
    srand(7);
    assert_int_equal(schedule_init(&s, N, S, 0), 0);
    for (int step = 0; step < 20000; step++) {
        uint32_t id = (uint32_t)rand() % N;
        int op = rand() % 10;
        if (op < 4)
            (void)schedule_add(&s, id, now);
        else if (op < 6)
            (void)schedule_remove(&s, id);
        else if (op < 9) {
            now += (uint64_t)(rand() % 1000) * 1000;
            while (schedule_pop(&s, now, &out))
                assert_true(out.due_ns <= now);
        } else if (step % 50 == 9) {
            /* reversed (every id moves), every other one dropped, or all
             * dropped (nothing kept: heap[0] is then a stale entry) */
            int kind = step / 50 % 3;
            for (uint32_t i = 0; i < N; i++)
                map[i] = kind == 2 || (kind == 1 && i % 2) ? SCHEDULE_NONE : N - 1 - i;
            assert_int_equal(schedule_remap(&s, map, N), 0);
        }
        check_positions(&s);
    }
    uint64_t last_due = 0;
    uint32_t last_slot = 0, n = s.count;
    for (uint32_t k = 0; k < n; k++) {
        uint64_t due = s.heap[0].due_ns;
        uint32_t slot = s.heap[0].slot;
        assert_true(schedule_pop(&s, UINT64_MAX / 2, &out));
        assert_true(k == 0 || due > last_due || (due == last_due && slot > last_slot));
        last_due = due;
        last_slot = slot;
    }
    schedule_free(&s);
}

static void test_schedule_capacity_check_says_what_fits(void **state)
{
    (void)state;
    char msg[256];
    assert_true(schedule_capacity_check(100000, 5 * S, 25000, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "20000 sends/s of 25000 (80%)"));
    assert_false(schedule_capacity_check(100000, 5 * S, 20000, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "raise --rate to 22223, or the interval to 6 s"));
    assert_non_null(strstr(msg, "at most 90000 hosts"));
}

/* Hosts added at once go out in the order given, one interval after
 * another, on the same even phases as one by one (slots 0 .. n-1); after
 * a removal the next one added takes the hole, the rest come after it in
 * order.  A bad list changes nothing. */
static void test_schedule_add_ordered_sends_in_the_given_order(void **state)
{
    (void)state;
    enum { N = 1000 };
    struct schedule s;
    uint32_t ids[N];
    uint8_t phase_seen[N] = {0};
    assert_int_equal(schedule_init(&s, N + 2, S, 0), 0);
    for (uint32_t i = 0; i < N; i++)
        ids[i] = i;
    assert_int_equal(schedule_add_ordered(&s, ids, N, 0), 0);
    struct schedule_send out;
    for (uint32_t round = 0; round < 3; round++) {
        for (uint32_t i = 0; i < N; i++) {
            assert_true(schedule_pop(&s, schedule_next_ns(&s), &out));
            assert_int_equal(out.id, i);
            uint64_t phase = out.due_ns - round * S;
            if (round == 0) {
                uint32_t k = 0;
                while (k < N && schedule_phase_ns(S, k) != phase)
                    k++;
                assert_true(k < N); /* a phase of slots 0 .. N-1 */
                assert_int_equal(phase_seen[k]++, 0);
            }
        }
    }
    /* a hole, then three more: the first takes the hole's phase */
    uint64_t hole_due = 0;
    for (uint32_t i = 0; i < N; i++) {
        assert_true(schedule_pop(&s, schedule_next_ns(&s), &out));
        if (out.id == 500)
            hole_due = out.due_ns + S; /* where it would have gone next */
    }
    assert_int_equal(schedule_remove(&s, 500), 0);
    uint32_t more[3] = {N + 1, 500, N};
    assert_int_equal(schedule_add_ordered(&s, more, 3, 4 * S), 0);
    assert_int_equal(s.heap[s.pos[N + 1]].due_ns, hole_due);
    assert_true(s.heap[s.pos[500]].due_ns < s.heap[s.pos[N]].due_ns);
    /* out of range, already scheduled, given twice: refused, nothing changed */
    assert_int_equal(schedule_remove(&s, 7), 0);
    uint32_t bad[][2] = {{7, N + 2}, {7, 8}, {7, 7}};
    for (int b = 0; b < 3; b++) {
        assert_int_equal(schedule_add_ordered(&s, bad[b], 2, 5 * S), -1);
        assert_int_equal(s.count, N + 1);
        assert_int_equal(s.pos[7], SCHEDULE_NONE);
    }
    schedule_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule_phase_is_the_bit_reversed_fraction),
        cmocka_unit_test(test_schedule_100000_hosts_at_5s_even_and_never_late),
        cmocka_unit_test(test_schedule_overload_is_counted_and_starves_no_host),
        cmocka_unit_test(test_schedule_slightly_late_send_keeps_the_phase),
        cmocka_unit_test(test_schedule_reload_keeps_the_others_phase),
        cmocka_unit_test(test_schedule_refuses_bad_ids),
        cmocka_unit_test(test_schedule_heap_order_holds_under_random_changes),
        cmocka_unit_test(test_schedule_add_ordered_sends_in_the_given_order),
        cmocka_unit_test(test_schedule_capacity_check_says_what_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
