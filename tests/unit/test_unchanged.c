/*
 * test_unchanged.c - the --skip-unchanged decision: only a hard state equal
 * to the new one, with a result younger than the limit, is skipped; and
 * the walk over a finished run picks exactly the objects to submit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hosts/objects.h"
#include "sinks/unchanged.h"
#include "verdict/verdict.h"

#include <string.h>
#include <sys/socket.h>

#define NOW 1800000000.0

static struct object core(int state, bool hard, uint32_t checked)
{
    struct object o = {0, 0, 0, checked, (int8_t)state, hard, OBJECT_PENDING, OBJECTS_NO_REASON};
    return o;
}

static void test_unchanged_same_hard_state_and_fresh_is_skipped(void **state)
{
    (void)state;
    struct object o = core(0, true, (uint32_t)NOW - 30);
    assert_true(unchanged_skip(&o, 0, NOW, 240));
    o = core(2, true, (uint32_t)NOW - 239);
    assert_true(unchanged_skip(&o, 2, NOW, 240));
}

static void test_unchanged_changed_state_is_submitted(void **state)
{
    (void)state;
    struct object o = core(0, true, (uint32_t)NOW - 30);
    assert_false(unchanged_skip(&o, 1, NOW, 240));
    o = core(1, true, (uint32_t)NOW - 30);
    assert_false(unchanged_skip(&o, 0, NOW, 240));
}

static void test_unchanged_result_as_old_as_the_limit_is_renewed(void **state)
{
    (void)state;
    struct object o = core(0, true, (uint32_t)NOW - 240);
    assert_false(unchanged_skip(&o, 0, NOW, 240));
    o = core(0, true, (uint32_t)NOW - 100000);
    assert_false(unchanged_skip(&o, 0, NOW, 240));
}

static void test_unchanged_soft_unknown_or_never_checked_is_submitted(void **state)
{
    (void)state;
    struct object o = core(1, false, (uint32_t)NOW - 30); /* soft: attempts count */
    assert_false(unchanged_skip(&o, 1, NOW, 240));
    o = core(-1, true, (uint32_t)NOW - 30); /* the core did not say */
    assert_false(unchanged_skip(&o, 0, NOW, 240));
    o = core(0, true, 0); /* no check result yet */
    assert_false(unchanged_skip(&o, 0, NOW, 240));
}

static void test_unchanged_result_from_the_future_counts_as_fresh(void **state)
{
    (void)state;
    struct object o = core(0, true, (uint32_t)NOW + 5);
    assert_true(unchanged_skip(&o, 0, NOW, 240));
}

/* Four objects, two hosts (192.0.2.1 alive, 192.0.2.2 dead): the core
 * holds UP for a (fresh), UP for b (fresh, but b is dead now), DOWN for c
 * (fresh), and DOWN for d (stale): a and c are unchanged, b changed
 * and d's result must be renewed. */
static void test_unchanged_pick_keeps_only_what_changed_or_aged(void **state)
{
    (void)state;
    struct objects o;
    struct hostset set;
    struct verdict_config cfg;
    char err[256];
    uint32_t pick[4];
    objects_init(&o);
    hostset_init(&set);
    memset(&cfg, 0, sizeof(cfg));
    assert_int_equal(objects_add(&o, "a", "192.0.2.1", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "b", "192.0.2.2", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "c", "192.0.2.2", err, sizeof(err)), 0);
    assert_int_equal(objects_add(&o, "d", "192.0.2.2", err, sizeof(err)), 0);
    assert_int_equal(objects_build(&o, AF_INET, &set, err, sizeof(err)), 0);
    hostset_seal(&set);
    set.hosts[o.items[0].host].received = 2;
    set.hosts[o.items[0].host].sent = 2;
    set.hosts[o.items[1].host].sent = 2;
    static const struct {
        uint32_t age;
        int8_t state;
    } held[] = {{10, 0}, {10, 0}, {10, 1}, {500, 1}};
    for (size_t i = 0; i < 4; i++) {
        o.items[i].core_checked = (uint32_t)NOW - held[i].age;
        o.items[i].core_state = held[i].state;
        o.items[i].core_hard = true;
    }
    struct submit_source src = {&o, &set, &cfg, false, NULL};
    for (uint32_t i = 0; i < 4; i++)
        pick[i] = i;
    assert_int_equal(unchanged_pick(&src, 4, NOW, 240, pick), 2);
    assert_int_equal(pick[0], 1);
    assert_int_equal(pick[1], 3);
    assert_int_equal(o.items[0].outcome, OBJECT_UNCHANGED);
    assert_int_equal(o.items[2].outcome, OBJECT_UNCHANGED);
    assert_int_equal(o.items[1].outcome, OBJECT_PENDING);
    /* the batch then formats b and d */
    struct submit_item item;
    src.pick = pick;
    submit_source_format(&src, 0, &item);
    assert_string_equal(item.object, "b");
    assert_int_equal(item.exit_status, 1);
    submit_source_format(&src, 1, &item);
    assert_string_equal(item.object, "d");
    objects_free(&o);
    hostset_free(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unchanged_same_hard_state_and_fresh_is_skipped),
        cmocka_unit_test(test_unchanged_changed_state_is_submitted),
        cmocka_unit_test(test_unchanged_result_as_old_as_the_limit_is_renewed),
        cmocka_unit_test(test_unchanged_soft_unknown_or_never_checked_is_submitted),
        cmocka_unit_test(test_unchanged_result_from_the_future_counts_as_fresh),
        cmocka_unit_test(test_unchanged_pick_keeps_only_what_changed_or_aged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
