/*
 * tests/unit/test_waitq.c - base/waitq.c and base/clock.c with real
 * (coroutine) threads and the fake clock: timeouts in deadline order,
 * wakeup before the deadline, a deadline already past, FIFO wakeup,
 * wakeup_all, interruption, and the idle thread advancing time.
 *
 * The test runs as thread "boot" (PRIO_KERNEL). Waiters run at priority 2,
 * so they run as soon as boot reaches a preemption point; they record what
 * happened and the boot thread asserts on it.
 */
#include <base/clock.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/sched.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <base/vm_page.h>
#include "unit.h"

#define MS	    1000000ULL
#define WAITER_PRIO 2

struct waiter {
	struct waitq *wq;
	uint64_t deadline;
	bool rewait; /* wait again, forever, after the first wake */
	struct thread *self;
	enum wait_result result;
	enum wait_result result2;
	int order; /* 1, 2, ... in wake order; 0: still waiting */
	uint64_t woke_at;
};

static struct waitq wq;
static int seq;
static unsigned long threads0, live0;

static void boot(void)
{
	UNIT_BOOT_THREADS();
	hosted_clock_set_ns(1000 * MS);
}

static void setup(void)
{
	waitq_init(&wq);
	seq = 0;
	threads0 = thread_count();
	live0 = kmem_live_objects();
}

/* Every test ends with its threads gone and their memory back. */
static void teardown(void)
{
	ck_assert(waitq_empty(&wq));
	ck_assert_uint_eq(thread_count(), threads0);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(sched_ready_count(), 0);
}

static void waiter_main(void *arg)
{
	struct waiter *w = arg;
	spl_t s = splhigh();

	w->self = current_thread();
	w->result = waitq_wait(w->wq, w->deadline);
	w->order = ++seq;
	w->woke_at = arch_clock_ns();
	if (w->rewait)
		w->result2 = waitq_wait(w->wq, WAITQ_FOREVER);
	splx(s);
}

static void start_waiter(struct waiter *w, uint64_t deadline)
{
	*w = (struct waiter){.wq = &wq, .deadline = deadline, .order = 0};
	ck_assert_ptr_nonnull(thread_create(NULL, "waiter", waiter_main, w,
					    WAITER_PRIO, false));
}

/* A preemption point in the boot thread: higher-priority threads run. */
static void preempt(void)
{
	spl_t s = splhigh();

	sched_preempt_point();
	splx(s);
}

START_TEST(test_past_deadline)
{
	uint64_t now = arch_clock_ns();
	spl_t s = splhigh();

	ck_assert_int_eq(waitq_wait(&wq, now), WAIT_TIMED_OUT);
	ck_assert_int_eq(waitq_wait(&wq, now - 1), WAIT_TIMED_OUT);
	ck_assert_int_eq(waitq_wait(&wq, 0), WAIT_TIMED_OUT);
	splx(s);
	ck_assert(waitq_empty(&wq));
	ck_assert_uint_eq(arch_clock_ns(), now); /* it did not block */
	ck_assert_int_eq(current_thread()->state, THREAD_RUNNING);
}
END_TEST

START_TEST(test_timeouts_in_deadline_order)
{
	uint64_t t0 = arch_clock_ns();
	struct waiter a, b, c, d;

	start_waiter(&a, t0 + 30 * MS);
	start_waiter(&b, t0 + 10 * MS);
	start_waiter(&c, t0 + 20 * MS);
	start_waiter(&d, t0 + 20 * MS); /* same deadline as c, after it */
	preempt();
	ck_assert_int_eq(a.self->state, THREAD_WAITING);
	ck_assert_int_eq(a.order + b.order + c.order + d.order, 0);
	hosted_tick();
	ck_assert_int_eq(b.order, 1);
	ck_assert_int_eq(b.result, WAIT_TIMED_OUT);
	ck_assert_int_eq(a.order + c.order + d.order, 0);
	hosted_tick();
	ck_assert_int_eq(c.order, 2);
	ck_assert_int_eq(d.order, 3);
	ck_assert_int_eq(a.order, 0);
	hosted_tick();
	ck_assert_int_eq(a.order, 4);
	ck_assert_int_eq(a.result, WAIT_TIMED_OUT);
	ck_assert_uint_ge(a.woke_at, a.deadline);
	ck_assert_uint_ge(c.woke_at, c.deadline);
}
END_TEST

START_TEST(test_wakeup_before_deadline)
{
	uint64_t t0 = arch_clock_ns();
	struct waiter w;
	spl_t s;

	start_waiter(&w, t0 + 50 * MS);
	w.rewait = true;
	preempt();
	s = splhigh();
	ck_assert_ptr_eq(waitq_wakeup_one(&wq, WAIT_AWAKENED), w.self);
	splx(s);
	preempt();
	ck_assert_int_eq(w.result, WAIT_AWAKENED);
	ck_assert_uint_eq(w.woke_at, t0);
	/* Its old deadline passes: nothing happens to the new wait. */
	for (int i = 0; i < 8; i++)
		hosted_tick();
	ck_assert_int_eq(w.self->state, THREAD_WAITING);
	s = splhigh();
	ck_assert_uint_eq(waitq_wakeup_all(&wq, WAIT_AWAKENED), 1);
	splx(s);
	preempt();
	ck_assert_int_eq(w.result2, WAIT_AWAKENED);
}
END_TEST

START_TEST(test_fifo_wakeup)
{
	struct waiter w[3];
	spl_t s;

	for (int i = 0; i < 3; i++)
		start_waiter(&w[i], WAITQ_FOREVER);
	preempt();
	s = splhigh();
	for (int i = 0; i < 3; i++)
		ck_assert_ptr_eq(waitq_wakeup_one(&wq, WAIT_AWAKENED),
				 w[i].self);
	ck_assert_ptr_null(waitq_wakeup_one(&wq, WAIT_AWAKENED));
	ck_assert_uint_eq(sched_ready_count(), 3);
	splx(s);
	preempt();
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(w[i].order, i + 1);
		ck_assert_int_eq(w[i].result, WAIT_AWAKENED);
	}
}
END_TEST

START_TEST(test_wakeup_all)
{
	struct waiter w[4];
	spl_t s;

	for (int i = 0; i < 4; i++)
		start_waiter(&w[i], i == 2 ? arch_clock_ns() + 10 * MS
					   : WAITQ_FOREVER);
	preempt();
	s = splhigh();
	ck_assert_uint_eq(waitq_wakeup_all(&wq, WAIT_AWAKENED), 4);
	ck_assert_uint_eq(waitq_wakeup_all(&wq, WAIT_AWAKENED), 0);
	splx(s);
	preempt();
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(w[i].order, i + 1);
		ck_assert_int_eq(w[i].result, WAIT_AWAKENED);
	}
	hosted_tick(); /* w[2]'s deadline: already off the clock's list */
	hosted_tick();
}
END_TEST

START_TEST(test_interrupt)
{
	struct waiter w, v;
	spl_t s;

	start_waiter(&w, WAITQ_FOREVER);
	start_waiter(&v, arch_clock_ns() + 20 * MS);
	preempt();
	s = splhigh();
	ck_assert(waitq_wakeup_thread(w.self, WAIT_INTERRUPTED));
	ck_assert(!waitq_wakeup_thread(w.self, WAIT_AWAKENED)); /* READY */
	ck_assert(!waitq_wakeup_thread(current_thread(), WAIT_AWAKENED));
	ck_assert(waitq_wakeup_thread(v.self, WAIT_INTERRUPTED));
	splx(s);
	preempt();
	ck_assert_int_eq(w.result, WAIT_INTERRUPTED);
	ck_assert_int_eq(v.result, WAIT_INTERRUPTED);
	for (int i = 0; i < 3; i++)
		hosted_tick();
}
END_TEST

/* The boot thread itself times out: only idle runs meanwhile, and it
 * advances the clock a tick at a time. */
START_TEST(test_idle_advances_time)
{
	uint64_t deadline = arch_clock_ns() + 35 * MS;
	uint64_t ticks0 = clock_ticks();
	enum wait_result r;
	spl_t s = splhigh();

	r = waitq_wait(&wq, deadline);
	splx(s);
	ck_assert_int_eq(r, WAIT_TIMED_OUT);
	ck_assert_uint_ge(arch_clock_ns(), deadline);
	ck_assert_uint_lt(arch_clock_ns(), deadline + HOSTED_TICK_NS);
	ck_assert_uint_eq(clock_ticks() - ticks0, 4);
}
END_TEST

START_TEST(test_deadline_after_ms)
{
	uint64_t now = arch_clock_ns();

	ck_assert_uint_eq(deadline_after_ms(0), now);
	ck_assert_uint_eq(deadline_after_ms(5), now + 5 * MS);
	ck_assert_uint_eq(deadline_after_ms(UINT64_MAX / 2), WAITQ_FOREVER);
	ck_assert_uint_eq(deadline_after_ms(UINT64_MAX), WAITQ_FOREVER);
}
END_TEST

static Suite *waitq_suite(void)
{
	Suite *s = suite_create("waitq");
	TCase *tc = tcase_create("waitq");

	tcase_add_unchecked_fixture(tc, boot, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_past_deadline);
	tcase_add_test(tc, test_timeouts_in_deadline_order);
	tcase_add_test(tc, test_wakeup_before_deadline);
	tcase_add_test(tc, test_fifo_wakeup);
	tcase_add_test(tc, test_wakeup_all);
	tcase_add_test(tc, test_interrupt);
	tcase_add_test(tc, test_idle_advances_time);
	tcase_add_test(tc, test_deadline_after_ms);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(waitq_suite());
}
