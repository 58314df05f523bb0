/*
 * tests/unit/test_pc_sample.c - base/pc_sample.c: enable/disable codes and
 * flavors, the ring and its seqno (in order, newer than the caller's,
 * overflow keeping the newest with the loss told by the seqno, a capped
 * reply read in two calls), the clock hook (user mode only, thread and
 * task buffers, id and sampletype), freeing (counts back to baseline),
 * allocation failure. These are the buffers of task_enable_pc_sampling,
 * task_disable_pc_sampling, task_get_sampled_pcs, thread_enable_pc_sampling,
 * thread_disable_pc_sampling and thread_get_sampled_pcs (mach4.defs).
 */
#include <stdlib.h>
#include <base/arch.h>
#include <base/kmem.h>
#include <base/pc_sample.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/vm_page.h>
#include "unit.h"

static void boot(void)
{
	UNIT_BOOT_MEMORY();
}

static unsigned long live0;

static void baseline(void)
{
	live0 = kmem_live_objects();
}

/* The pc of sample number s (from 1) in these tests. */
static uintptr_t pc_of(unsigned int s)
{
	return 0x400000 + 4 * (uintptr_t)s;
}

static void record_n(struct pc_sample *ps, unsigned int from, unsigned int n)
{
	for (unsigned int s = from; s < from + n; s++)
		pc_sample_record(ps, 7, pc_of(s), SAMPLED_PC_PERIODIC);
}

static sampled_pc_t out[PC_SAMPLE_MAX];

START_TEST(test_codes)
{
	struct pc_sample *ps = NULL;
	sampled_pc_seqno_t seqno = 0;
	unsigned int n = 99;

	baseline();
	/* Off: disable and get fail, nothing changes. */
	ck_assert_int_eq(pc_sample_disable(&ps, &n), KERN_FAILURE);
	ck_assert_uint_eq(n, 99);
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, PC_SAMPLE_MAX, &n),
			 KERN_FAILURE);
	/* Unknown bits and the fault flavors are refused. */
	ck_assert_int_eq(pc_sample_enable(&ps, 0x2), KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(pc_sample_enable(&ps, SAMPLED_PC_VM_ZFILL_FAULTS),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		pc_sample_enable(&ps, SAMPLED_PC_PERIODIC |
					      SAMPLED_PC_VM_FAULTS_ANY),
		KERN_INVALID_ARGUMENT);
	ck_assert_ptr_null(ps);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	/* Periodic; twice fails and keeps the first buffer. */
	ck_assert_int_eq(pc_sample_enable(&ps, SAMPLED_PC_PERIODIC),
			 KERN_SUCCESS);
	ck_assert_ptr_nonnull(ps);
	struct pc_sample *first = ps;
	ck_assert_int_eq(pc_sample_enable(&ps, SAMPLED_PC_PERIODIC),
			 KERN_FAILURE);
	ck_assert_ptr_eq(ps, first);
	/* A fresh buffer is empty at seqno 0. */
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, PC_SAMPLE_MAX, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(seqno, 0);
	record_n(ps, 1, 3);
	ck_assert_int_eq(pc_sample_disable(&ps, &n), KERN_SUCCESS);
	ck_assert_uint_eq(n, 3);
	ck_assert_ptr_null(ps);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	/* 0 means periodic (the default). */
	ck_assert_int_eq(pc_sample_enable(&ps, 0), KERN_SUCCESS);
	record_n(ps, 1, 2);
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, PC_SAMPLE_MAX, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(n, 2);
	pc_sample_free(&ps);
	ck_assert_ptr_null(ps);
	pc_sample_free(&ps); /* nothing to free */
	ck_assert_uint_eq(kmem_live_objects(), live0);
}
END_TEST

START_TEST(test_ring_seqno)
{
	struct pc_sample *ps = NULL;
	sampled_pc_seqno_t seqno = 0;
	unsigned int n;

	ck_assert_int_eq(pc_sample_enable(&ps, SAMPLED_PC_PERIODIC),
			 KERN_SUCCESS);
	record_n(ps, 1, 10);
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, PC_SAMPLE_MAX, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(n, 10);
	ck_assert_uint_eq(seqno, 10);
	for (unsigned int i = 0; i < n; i++) {
		ck_assert_uint_eq(out[i].pc, pc_of(i + 1));
		ck_assert_uint_eq(out[i].id, 7);
		ck_assert_uint_eq(out[i].sampletype, SAMPLED_PC_PERIODIC);
	}
	/* Nothing newer. */
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, PC_SAMPLE_MAX, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(seqno, 10);
	/* Only those newer than the caller's seqno. */
	seqno = 4;
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, PC_SAMPLE_MAX, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(n, 6);
	ck_assert_uint_eq(out[0].pc, pc_of(5));
	ck_assert_uint_eq(out[5].pc, pc_of(10));
	ck_assert_uint_eq(seqno, 10);
	/* A seqno ahead of the buffer's counts as wrapped: all retained. */
	seqno = 1000;
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, PC_SAMPLE_MAX, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(n, 10);
	ck_assert_uint_eq(seqno, 10);
	pc_sample_free(&ps);
}
END_TEST

START_TEST(test_overflow)
{
	enum { LOST = 100, TOTAL = PC_SAMPLE_MAX + LOST, CAP = 300 };
	struct pc_sample *ps = NULL;
	sampled_pc_seqno_t seqno = 0;
	unsigned int n;

	ck_assert_int_eq(pc_sample_enable(&ps, SAMPLED_PC_PERIODIC),
			 KERN_SUCCESS);
	record_n(ps, 1, TOTAL);
	/* The newest PC_SAMPLE_MAX are kept; the seqno tells the loss. */
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, PC_SAMPLE_MAX, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(n, PC_SAMPLE_MAX);
	ck_assert_uint_eq(seqno, TOTAL);
	ck_assert_uint_eq(seqno - 0 - n, LOST);
	for (unsigned int i = 0; i < n; i++)
		ck_assert_uint_eq(out[i].pc, pc_of(LOST + 1 + i));
	/* A capped reply gives the oldest retained first, then the rest. */
	seqno = 0;
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, CAP, &n), KERN_SUCCESS);
	ck_assert_uint_eq(n, CAP);
	ck_assert_uint_eq(seqno, LOST + CAP);
	ck_assert_uint_eq(out[0].pc, pc_of(LOST + 1));
	ck_assert_uint_eq(out[CAP - 1].pc, pc_of(LOST + CAP));
	ck_assert_int_eq(pc_sample_get(ps, &seqno, out, CAP, &n), KERN_SUCCESS);
	ck_assert_uint_eq(n, PC_SAMPLE_MAX - CAP);
	ck_assert_uint_eq(seqno, TOTAL);
	ck_assert_uint_eq(out[0].pc, pc_of(LOST + CAP + 1));
	ck_assert_uint_eq(out[n - 1].pc, pc_of(TOTAL));
	/* The disable count is every sample taken, lost ones too. */
	ck_assert_int_eq(pc_sample_disable(&ps, &n), KERN_SUCCESS);
	ck_assert_uint_eq(n, TOTAL);
}
END_TEST

START_TEST(test_tick)
{
	struct task *task = hosted_task_new("sampled");
	struct thread *t = calloc(1, sizeof(*t));
	struct thread *other = calloc(1, sizeof(*other));
	sampled_pc_seqno_t seqno = 0;
	unsigned int n;

	baseline();
	t->task = task;
	t->serial = 41;
	other->task = task;
	other->serial = 42;
	/* Nothing samples: no buffer, nothing recorded, no crash. */
	hosted_set_intr_user_pc(true, 0x1234);
	pc_sample_tick(t);
	ck_assert_int_eq(pc_sample_enable(&t->pc_sample, SAMPLED_PC_PERIODIC),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		pc_sample_enable(&task->pc_sample, SAMPLED_PC_PERIODIC),
		KERN_SUCCESS);
	/* A tick in the kernel records nothing. */
	hosted_set_intr_user_pc(false, 0);
	pc_sample_tick(t);
	ck_assert_int_eq(
		pc_sample_get(t->pc_sample, &seqno, out, PC_SAMPLE_MAX, &n),
		KERN_SUCCESS);
	ck_assert_uint_eq(n, 0);
	/* In user mode: t's own buffer and its task's. */
	hosted_set_intr_user_pc(true, 0x1000);
	pc_sample_tick(t);
	hosted_set_intr_user_pc(true, 0x2000);
	pc_sample_tick(other); /* the task's only */
	ck_assert_int_eq(
		pc_sample_get(t->pc_sample, &seqno, out, PC_SAMPLE_MAX, &n),
		KERN_SUCCESS);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(out[0].pc, 0x1000);
	ck_assert_uint_eq(out[0].id, 41);
	ck_assert_uint_eq(out[0].sampletype, SAMPLED_PC_PERIODIC);
	seqno = 0;
	ck_assert_int_eq(
		pc_sample_get(task->pc_sample, &seqno, out, PC_SAMPLE_MAX, &n),
		KERN_SUCCESS);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(out[0].pc, 0x1000);
	ck_assert_uint_eq(out[0].id, 41);
	ck_assert_uint_eq(out[1].pc, 0x2000);
	ck_assert_uint_eq(out[1].id, 42);
	ck_assert_uint_ne(out[0].id, out[1].id);
	/* The destroy paths' free call returns the counts. */
	pc_sample_free(&t->pc_sample);
	pc_sample_free(&task->pc_sample);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	hosted_set_intr_user_pc(false, 0);
	free(t);
	free(other);
	task_unref(task);
}
END_TEST

START_TEST(test_alloc_failure)
{
	struct pc_sample *ps = NULL;

	baseline();
	kmem_cache_find("kalloc.32")->fail_next = 1;
	ck_assert_int_eq(pc_sample_enable(&ps, SAMPLED_PC_PERIODIC),
			 KERN_RESOURCE_SHORTAGE);
	ck_assert_ptr_null(ps);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	/* The ring's pages. */
	vm_page_fail_next = 1000;
	kern_return_t kr = pc_sample_enable(&ps, SAMPLED_PC_PERIODIC);
	vm_page_fail_next = 0;
	ck_assert_int_eq(kr, KERN_RESOURCE_SHORTAGE);
	ck_assert_ptr_null(ps);
	ck_assert_uint_eq(kmem_live_objects(), live0);
}
END_TEST

static Suite *pc_sample_suite(void)
{
	Suite *s = suite_create("pc_sample");
	TCase *tc = tcase_create("buffers");

	tcase_add_unchecked_fixture(tc, boot, NULL);
	tcase_add_test(tc, test_codes);
	tcase_add_test(tc, test_ring_seqno);
	tcase_add_test(tc, test_overflow);
	tcase_add_test(tc, test_tick);
	tcase_add_test(tc, test_alloc_failure);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(pc_sample_suite());
}
