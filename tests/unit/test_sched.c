/*
 * tests/unit/test_sched.c - the scheduler with real (coroutine) threads:
 * priority preemption at sched_preempt_point, round robin by quantum with
 * clock ticks, yield, suspend/resume (READY, WAITING, self), priority
 * change, the low priorities 31..49, policies (POLICY_FIXEDPRI quantum,
 * back to timesharing, the ms to ticks rounding), exit and reaping, task
 * membership, user threads and termination.
 *
 * The test runs as thread "boot" at PRIO_KERNEL (4). Threads record into
 * a log; the boot thread asserts.
 */
#include <limits.h>
#include <string.h>
#include <base/clock.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/sched.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <base/vm_page.h>
#include "unit.h"

#define MS	    1000000ULL
#define MS_PER_TICK (1000 / CLOCK_HZ)

static char log_buf[128];
static int log_len;
static struct waitq done_wq, park_wq;
static int finished;
static unsigned long threads0, live0;

static void boot(void)
{
	UNIT_BOOT_THREADS();
	hosted_clock_set_ns(1000 * MS);
}

static void setup(void)
{
	memset(log_buf, 0, sizeof(log_buf));
	log_len = 0;
	finished = 0;
	waitq_init(&done_wq);
	waitq_init(&park_wq);
	threads0 = thread_count();
	live0 = kmem_live_objects();
}

static void teardown(void)
{
	ck_assert_uint_eq(thread_count(), threads0);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(sched_ready_count(), 0);
	ck_assert_int_eq(current_thread()->priority, PRIO_KERNEL);
}

static void log_char(char c)
{
	if (log_len < (int)sizeof(log_buf) - 1)
		log_buf[log_len++] = c;
}

static void preempt(void)
{
	spl_t s = splhigh();

	sched_preempt_point();
	splx(s);
}

/* Block the boot thread until a thread calls done(). */
static void wait_done(void)
{
	spl_t s = splhigh();

	ck_assert_int_eq(waitq_wait(&done_wq, WAITQ_FOREVER), WAIT_AWAKENED);
	splx(s);
}

static void done(void)
{
	spl_t s = splhigh();

	waitq_wakeup_one(&done_wq, WAIT_AWAKENED);
	splx(s);
}

/* Let lower-priority threads run for ms of fake time. */
static void sleep_ms(uint64_t ms)
{
	spl_t s = splhigh();

	waitq_wait(&park_wq, deadline_after_ms(ms));
	splx(s);
}

static struct thread *spawn(void (*fn)(void *), void *arg, int prio,
			    bool suspended)
{
	struct thread *t =
		thread_create(NULL, "test", fn, arg, prio, suspended);

	ck_assert_ptr_nonnull(t);
	return t;
}

static void log_once(void *arg)
{
	log_char(*(const char *)arg);
}

START_TEST(test_priority_preemption)
{
	struct thread *lo, *hi;

	lo = spawn(log_once, "L", 8, false);
	hi = spawn(log_once, "H", 2, false);
	ck_assert_int_eq(lo->state, THREAD_READY);
	ck_assert_int_eq(hi->state, THREAD_READY);
	ck_assert_uint_eq(sched_ready_count(), 2);
	/* No preemption before a preemption point. */
	ck_assert_str_eq(log_buf, "");
	ck_assert(sched_resched_pending());
	preempt();
	ck_assert_str_eq(log_buf, "H");
	/* Yielding does not let a lower priority run. */
	{
		spl_t s = splhigh();

		sched_yield_cpu();
		splx(s);
	}
	ck_assert_str_eq(log_buf, "H");
	ck_assert_int_eq(lo->state, THREAD_READY);
	sleep_ms(10); /* boot blocks: now the low one runs */
	ck_assert_str_eq(log_buf, "HL");
}
END_TEST

/* Run 15 ticks of "work", logging before each tick. */
static void ticker(void *arg)
{
	for (int i = 0; i < 3 * THREAD_QUANTUM; i++) {
		log_char(*(const char *)arg);
		hosted_tick();
	}
	if (++finished == 2)
		done();
}

START_TEST(test_round_robin_quantum)
{
	spawn(ticker, "A", 6, false);
	spawn(ticker, "B", 6, false);
	wait_done();
	ck_assert_str_eq(log_buf, "AAAAABBBBBAAAAABBBBBAAAAABBBBB");
}
END_TEST

static void ticks3(void *arg)
{
	for (int i = 0; i < 3; i++) {
		log_char('x');
		hosted_tick();
	}
}

/* A thread preempted with quantum left resumes before its equals. */
START_TEST(test_preempted_keeps_place)
{
	spawn(ticks3, NULL, 6, false);
	spawn(log_once, "y", 6, false);
	sleep_ms(15); /* x runs; the 2nd tick wakes boot, which preempts x */
	log_char('B');
	sleep_ms(100);
	ck_assert_str_eq(log_buf, "xxBxy");
}
END_TEST

static void yielder(void *arg)
{
	for (int i = 0; i < 3; i++) {
		spl_t s = splhigh();

		log_char(*(const char *)arg);
		sched_yield_cpu();
		splx(s);
	}
}

START_TEST(test_yield_round_robin)
{
	spawn(yielder, "a", 2, false);
	spawn(yielder, "b", 2, false);
	spawn(yielder, "c", 3, false); /* lower: after a and b are gone */
	preempt();
	ck_assert_str_eq(log_buf, "abababccc");
}
END_TEST

/* Wait on park_wq forever, logging before and after. */
static void parker(void *arg)
{
	spl_t s = splhigh();

	log_char('w');
	waitq_wait(&park_wq, WAITQ_FOREVER);
	log_char('r');
	splx(s);
}

START_TEST(test_suspend_resume)
{
	struct thread *t = spawn(parker, NULL, 2, true);
	spl_t s;

	ck_assert_int_eq(t->state, THREAD_SUSPENDED);
	ck_assert_int_eq(t->suspend_count, 1);
	preempt();
	ck_assert_str_eq(log_buf, ""); /* suspended: did not run */
	ck_assert(thread_resume(t));
	ck_assert(!thread_resume(t)); /* count was already 0 */
	ck_assert_int_eq(t->state, THREAD_READY);
	preempt();
	ck_assert_str_eq(log_buf, "w");
	ck_assert_int_eq(t->state, THREAD_WAITING);
	/* Suspended while waiting: stays waiting; woken: SUSPENDED. */
	thread_suspend(t);
	thread_suspend(t);
	ck_assert_int_eq(t->state, THREAD_WAITING);
	s = splhigh();
	ck_assert_ptr_eq(waitq_wakeup_one(&park_wq, WAIT_AWAKENED), t);
	splx(s);
	ck_assert_int_eq(t->state, THREAD_SUSPENDED);
	ck_assert_uint_eq(sched_ready_count(), 0);
	preempt();
	ck_assert_str_eq(log_buf, "w");
	ck_assert(thread_resume(t));
	ck_assert_int_eq(t->state, THREAD_SUSPENDED); /* count 2 -> 1 */
	ck_assert(thread_resume(t));
	ck_assert_int_eq(t->state, THREAD_READY);
	preempt();
	ck_assert_str_eq(log_buf, "wr");
}
END_TEST

START_TEST(test_suspend_ready_thread)
{
	struct thread *t = spawn(log_once, "x", 8, false);

	ck_assert_uint_eq(sched_ready_count(), 1);
	thread_suspend(t);
	ck_assert_int_eq(t->state, THREAD_SUSPENDED);
	ck_assert_uint_eq(sched_ready_count(), 0);
	sleep_ms(20);
	ck_assert_str_eq(log_buf, "");
	ck_assert(thread_resume(t));
	ck_assert_int_eq(t->state, THREAD_READY);
	sleep_ms(10);
	ck_assert_str_eq(log_buf, "x");
}
END_TEST

static void self_suspender(void *arg)
{
	spl_t s;

	log_char('1');
	thread_suspend(current_thread());
	log_char('2'); /* still running: suspension waits for a point */
	s = splhigh();
	sched_preempt_point();
	splx(s);
	log_char('3');
}

START_TEST(test_suspend_self)
{
	struct thread *t = spawn(self_suspender, NULL, 2, false);

	preempt();
	ck_assert_str_eq(log_buf, "12");
	ck_assert_int_eq(t->state, THREAD_SUSPENDED);
	ck_assert(thread_resume(t));
	preempt();
	ck_assert_str_eq(log_buf, "123");
}
END_TEST

START_TEST(test_set_priority)
{
	struct thread *t = spawn(log_once, "p", 9, false);

	preempt();
	ck_assert_str_eq(log_buf, "");
	sched_set_priority(t, 1);
	ck_assert_int_eq(t->priority, 1);
	ck_assert(sched_resched_pending());
	preempt();
	ck_assert_str_eq(log_buf, "p");
	/* Lowering the running thread below a READY one preempts it. */
	spawn(log_once, "q", 6, false);
	sched_set_priority(current_thread(), 7);
	preempt();
	ck_assert_str_eq(log_buf, "pq");
	sched_set_priority(current_thread(), PRIO_KERNEL);
}
END_TEST

/* The levels GNU Mach has beyond 31 run, in order, before idle. */
START_TEST(test_low_priorities_run)
{
	spawn(log_once, "c", PRIO_IDLE, false);
	spawn(log_once, "b", PRIO_IDLE - 1, false);
	spawn(log_once, "a", 31, false);
	ck_assert(!sched_thread_is_idle(current_thread()));
	sleep_ms(10);
	ck_assert_str_eq(log_buf, "abc");
}
END_TEST

/* thread_policy's quantum: ms rounded up to ticks, at least one. */
START_TEST(test_quantum_ms_to_ticks)
{
	ck_assert_uint_eq(sched_ms_to_ticks(1), 1);
	ck_assert_uint_eq(sched_ms_to_ticks(MS_PER_TICK), 1);
	ck_assert_uint_eq(sched_ms_to_ticks(MS_PER_TICK + 1), 2);
	ck_assert_uint_eq(sched_ms_to_ticks(2 * MS_PER_TICK), 2);
	ck_assert_uint_eq(sched_ms_to_ticks(0), 1);
	ck_assert_uint_eq(sched_ms_to_ticks(-5), 1);
	ck_assert_uint_eq(sched_ms_to_ticks(INT_MAX),
			  (INT_MAX - 1) / MS_PER_TICK + 1);
	ck_assert_int_eq(sched_ticks_to_ms(2), 2 * MS_PER_TICK);
	ck_assert_int_eq(sched_ticks_to_ms(UINT_MAX), INT_MAX);
}
END_TEST

/* A policy change keeps the priority; the quantum left is cut to the new
 * length, and a fresh quantum has the new length. */
START_TEST(test_policy_keeps_priority)
{
	struct thread *t = spawn(log_once, "f", 9, true);

	ck_assert_int_eq(t->policy, POLICY_TIMESHARE);
	ck_assert_uint_eq(t->quantum_ticks, THREAD_QUANTUM);
	sched_set_policy(t, POLICY_FIXEDPRI, 2);
	ck_assert_int_eq(t->policy, POLICY_FIXEDPRI);
	ck_assert_uint_eq(t->quantum_ticks, 2);
	ck_assert_uint_eq(t->quantum, 2);
	ck_assert_int_eq(t->priority, 9);
	ck_assert_int_eq(t->base_priority, 9);
	sched_set_policy(t, POLICY_TIMESHARE, 1); /* the 1 is ignored */
	ck_assert_int_eq(t->policy, POLICY_TIMESHARE);
	ck_assert_uint_eq(t->quantum_ticks, THREAD_QUANTUM);
	ck_assert_uint_eq(t->quantum, 2); /* shorter: kept */
	ck_assert_int_eq(t->priority, 9);
	ck_assert(thread_resume(t));
	ck_assert_uint_eq(t->quantum, THREAD_QUANTUM);
	sleep_ms(10);
	ck_assert_str_eq(log_buf, "f");
}
END_TEST

/* A POLICY_FIXEDPRI thread of 2 ticks against a timesharing one (5):
 * turns of 2 and 5 ticks, and the priority does not move. */
START_TEST(test_fixedpri_quantum)
{
	struct thread *a = spawn(ticker, "A", 6, true);

	sched_set_policy(a, POLICY_FIXEDPRI, sched_ms_to_ticks(15));
	ck_assert_uint_eq(a->quantum_ticks, 2);
	ck_assert(thread_resume(a));
	spawn(ticker, "B", 6, false);
	wait_done();
	ck_assert_str_eq(log_buf, "AABBBBBAABBBBBAABBBBBAAAAAAAAA");
}
END_TEST

START_TEST(test_exit_and_reap)
{
	struct thread *kept;

	for (int i = 0; i < 10; i++)
		spawn(log_once, "e", 2, false);
	kept = thread_ref(spawn(log_once, "k", 2, false));
	ck_assert_uint_eq(thread_count(), threads0 + 11);
	ck_assert_uint_eq(thread_refs(kept), 2);
	preempt();
	ck_assert_str_eq(log_buf, "eeeeeeeeeek");
	/* All reaped; our reference keeps the dead struct alone. */
	ck_assert_uint_eq(thread_count(), threads0 + 1);
	ck_assert_int_eq(kept->state, THREAD_DEAD);
	ck_assert_ptr_null(kept->kstack);
	ck_assert_uint_eq(thread_refs(kept), 1);
	thread_unref(kept);
	ck_assert_uint_eq(thread_count(), threads0);
}
END_TEST

START_TEST(test_task_membership)
{
	struct task *task = hosted_task_new("t");
	unsigned long destroyed = hosted_tasks_destroyed;
	struct thread *t;

	t = thread_create(task, "member", log_once, "m", 2, false);
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_eq(t->task, task);
	ck_assert_uint_eq(task->nr_threads, 1);
	ck_assert_uint_eq(task_refs(task), 2);
	ck_assert_ptr_eq(list_first(&task->threads), &t->task_node);
	preempt();
	ck_assert_str_eq(log_buf, "m");
	ck_assert_uint_eq(task->nr_threads, 0);
	ck_assert(list_empty(&task->threads));
	ck_assert_uint_eq(task_refs(task), 1);
	task_unref(task);
	ck_assert_uint_eq(hosted_tasks_destroyed, destroyed + 1);
}
END_TEST

static uintptr_t user_sp_seen;
static struct task *user_task_seen;
static bool user_intr_on;

/* A "user program" (hosted arch_user_enter calls pc as a function). */
static void user_main(uintptr_t sp)
{
	user_sp_seen = sp;
	user_task_seen = current_thread()->task;
	user_intr_on = arch_intr_enabled();
	log_char('u');
	hosted_user_trap_return(); /* a system call returns */
	log_char('U');
	done();
}

START_TEST(test_user_thread)
{
	struct task *task = hosted_task_new("user");
	struct thread *t;

	t = thread_create_user(task, (uintptr_t)user_main, 0x7ff000);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->state, THREAD_SUSPENDED);
	ck_assert_int_eq(t->suspend_count, 1);
	ck_assert_int_eq(t->priority, PRIO_USER);
	ck_assert_str_eq(t->name, "user");
	ck_assert_uint_eq(task->nr_threads, 1);
	ck_assert(thread_resume(t));
	wait_done();
	ck_assert_str_eq(log_buf, "uU");
	ck_assert_uint_eq(user_sp_seen, 0x7ff000);
	ck_assert_ptr_eq(user_task_seen, task);
	ck_assert(user_intr_on);
	sleep_ms(10); /* let it return from user_main and exit */
	ck_assert_uint_eq(task->nr_threads, 0);
	task_unref(task);
}
END_TEST

/* A user program that makes a blocking "system call" forever. */
static void user_blocker(uintptr_t sp)
{
	for (;;) {
		spl_t s = splhigh();

		log_char('b');
		waitq_wait(&park_wq, WAITQ_FOREVER);
		splx(s);
		hosted_user_trap_return();
	}
}

static void user_never(uintptr_t sp)
{
	log_char('!');
}

START_TEST(test_terminate)
{
	struct task *task = hosted_task_new("victim");
	struct thread *blocked, *never;

	blocked = thread_create_user(task, (uintptr_t)user_blocker, 0);
	never = thread_create_user(task, (uintptr_t)user_never, 0);
	ck_assert(thread_resume(blocked));
	sleep_ms(10);
	ck_assert_str_eq(log_buf, "b");
	ck_assert_int_eq(blocked->state, THREAD_WAITING);
	ck_assert_int_eq(never->state, THREAD_SUSPENDED);
	ck_assert_uint_eq(task->nr_threads, 2);
	thread_terminate(blocked);
	thread_terminate(never);
	ck_assert_int_eq(blocked->state, THREAD_READY);
	ck_assert_int_eq(never->state, THREAD_READY);
	sleep_ms(10);
	ck_assert_str_eq(log_buf, "b"); /* neither ran user code again */
	ck_assert_uint_eq(task->nr_threads, 0);
	ck_assert(waitq_empty(&park_wq));
	task_unref(task);
}
END_TEST

static Suite *sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("sched");

	tcase_add_unchecked_fixture(tc, boot, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_priority_preemption);
	tcase_add_test(tc, test_round_robin_quantum);
	tcase_add_test(tc, test_preempted_keeps_place);
	tcase_add_test(tc, test_yield_round_robin);
	tcase_add_test(tc, test_suspend_resume);
	tcase_add_test(tc, test_suspend_ready_thread);
	tcase_add_test(tc, test_suspend_self);
	tcase_add_test(tc, test_set_priority);
	tcase_add_test(tc, test_low_priorities_run);
	tcase_add_test(tc, test_quantum_ms_to_ticks);
	tcase_add_test(tc, test_policy_keeps_priority);
	tcase_add_test(tc, test_fixedpri_quantum);
	tcase_add_test(tc, test_exit_and_reap);
	tcase_add_test(tc, test_task_membership);
	tcase_add_test(tc, test_user_thread);
	tcase_add_test(tc, test_terminate);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(sched_suite());
}
