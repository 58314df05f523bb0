/*
 * tests/unit/test_runq.c - the run queue of base/sched.c: priority order,
 * FIFO within a priority, insert_head, remove, peek, and the 64-bit
 * bitmap over the 50 Mach priorities (0..49, GNU Mach's NRQS).
 * Threads here are bare structs: the run queue only reads their priority
 * and links them by run_node.
 */
#include <string.h>
#include <base/sched.h>
#include <base/thread.h>
#include "unit.h"

static struct thread th[8];
static struct runq rq;

static void setup(void)
{
	memset(th, 0, sizeof(th));
	for (int i = 0; i < 8; i++)
		list_node_init(&th[i].run_node);
	runq_init(&rq);
}

static void set_prio(int i, int prio)
{
	th[i].priority = prio;
	th[i].base_priority = prio;
}

START_TEST(test_empty)
{
	ck_assert_uint_eq(rq.bitmap, 0);
	ck_assert_uint_eq(rq.count, 0);
	ck_assert_ptr_null(runq_peek(&rq));
	ck_assert_ptr_null(runq_pop(&rq));
}
END_TEST

START_TEST(test_priority_order)
{
	static const int prio[] = {20, 3, PRIO_IDLE, 0, 12};

	for (int i = 0; i < 5; i++) {
		set_prio(i, prio[i]);
		runq_insert(&rq, &th[i]);
	}
	ck_assert_uint_eq(rq.count, 5);
	ck_assert_uint_eq(rq.bitmap, (1ULL << 20) | (1ULL << 3) |
					     (1ULL << PRIO_IDLE) | 1ULL |
					     (1ULL << 12));
	ck_assert_ptr_eq(runq_peek(&rq), &th[3]);
	ck_assert_uint_eq(rq.count, 5); /* peek does not remove */
	ck_assert_ptr_eq(runq_pop(&rq), &th[3]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[1]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[4]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[0]);
	ck_assert_uint_eq(rq.bitmap, 1ULL << PRIO_IDLE);
	ck_assert_ptr_eq(runq_pop(&rq), &th[2]);
	ck_assert_ptr_null(runq_pop(&rq));
	ck_assert_uint_eq(rq.bitmap, 0);
	ck_assert_uint_eq(rq.count, 0);
	ck_assert(list_node_unlinked(&th[2].run_node));
}
END_TEST

START_TEST(test_fifo_within_priority)
{
	for (int i = 0; i < 4; i++) {
		set_prio(i, 7);
		runq_insert(&rq, &th[i]);
	}
	set_prio(4, 9);
	runq_insert(&rq, &th[4]);
	for (int i = 0; i < 4; i++)
		ck_assert_ptr_eq(runq_pop(&rq), &th[i]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[4]);
}
END_TEST

START_TEST(test_insert_head)
{
	set_prio(0, 5);
	set_prio(1, 5);
	set_prio(2, 5);
	set_prio(3, 4);
	runq_insert(&rq, &th[0]);
	runq_insert(&rq, &th[1]);
	runq_insert_head(&rq, &th[2]);
	ck_assert_ptr_eq(runq_peek(&rq), &th[2]);
	runq_insert_head(&rq, &th[3]); /* higher priority still first */
	ck_assert_ptr_eq(runq_pop(&rq), &th[3]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[2]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[0]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[1]);
}
END_TEST

START_TEST(test_remove_and_bitmap)
{
	set_prio(0, 2);
	set_prio(1, 2);
	set_prio(2, 30);
	for (int i = 0; i < 3; i++)
		runq_insert(&rq, &th[i]);
	runq_remove(&rq, &th[0]);
	ck_assert_uint_eq(rq.bitmap, (1ULL << 2) | (1ULL << 30)); /* th[1] */
	ck_assert_uint_eq(rq.count, 2);
	runq_remove(&rq, &th[1]);
	ck_assert_uint_eq(rq.bitmap, 1ULL << 30);
	ck_assert_ptr_eq(runq_peek(&rq), &th[2]);
	runq_remove(&rq, &th[2]);
	ck_assert_uint_eq(rq.bitmap, 0);
	ck_assert_uint_eq(rq.count, 0);
	ck_assert_ptr_null(runq_peek(&rq));
	/* Re-inserting a removed thread works. */
	runq_insert(&rq, &th[0]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[0]);
}
END_TEST

START_TEST(test_all_priorities)
{
	static struct thread many[NR_PRIORITIES];

	for (int p = NR_PRIORITIES - 1; p >= 0; p--) {
		memset(&many[p], 0, sizeof(many[p]));
		many[p].priority = p;
		runq_insert(&rq, &many[p]);
	}
	ck_assert_int_eq(NR_PRIORITIES, 50);
	ck_assert_int_eq(PRIO_IDLE, 49);
	ck_assert_uint_eq(rq.bitmap, (1ULL << 50) - 1);
	for (int p = 0; p < NR_PRIORITIES; p++)
		ck_assert_int_eq(runq_pop(&rq)->priority, p);
	ck_assert_uint_eq(rq.bitmap, 0);
}
END_TEST

/* The levels above 31 (new with 50 priorities): bits past 32, order. */
START_TEST(test_upper_priorities)
{
	static const int prio[] = {49, 31, 48, 32, 40};

	for (int i = 0; i < 5; i++) {
		set_prio(i, prio[i]);
		runq_insert(&rq, &th[i]);
	}
	ck_assert_uint_eq(rq.bitmap, (1ULL << 49) | (1ULL << 31) |
					     (1ULL << 48) | (1ULL << 32) |
					     (1ULL << 40));
	ck_assert_ptr_eq(runq_pop(&rq), &th[1]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[3]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[4]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[2]);
	ck_assert_uint_eq(rq.bitmap, 1ULL << 49);
	set_prio(5, 49);
	runq_insert_head(&rq, &th[5]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[5]);
	ck_assert_ptr_eq(runq_pop(&rq), &th[0]);
	ck_assert_uint_eq(rq.bitmap, 0);
	ck_assert_uint_eq(rq.count, 0);
}
END_TEST

static Suite *runq_suite(void)
{
	Suite *s = suite_create("runq");
	TCase *tc = tcase_create("runq");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_priority_order);
	tcase_add_test(tc, test_fifo_within_priority);
	tcase_add_test(tc, test_insert_head);
	tcase_add_test(tc, test_remove_and_bitmap);
	tcase_add_test(tc, test_all_priorities);
	tcase_add_test(tc, test_upper_priorities);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(runq_suite());
}
