/*
 * bootstrap/tests/task/task-gsync.c - gsync_wait / gsync_wake /
 * gsync_requeue (gnumach.defs 4204-4206) between two threads.
 *
 * Checks: argument errors (misaligned, unmapped: KERN_INVALID_ADDRESS;
 * value differs: KERN_INVALID_ARGUMENT, also for the high half of a quad),
 * a timed wait that times out, a wait ended by a wake from another thread
 * (private and shared keys, with GSYNC_MUTATE storing the new value), and
 * a requeue: the waiter moved to a second word is not woken by a wake of
 * the first, and is by a wake of the second.
 *
 * Only the main thread makes RPCs that wait for a reply (libmach keeps one
 * reply port per task); the helper only sends gsync_wake and
 * gsync_requeue, which are one-way.
 */
#include <mach/gnumach.h>
#include <mach/mach_interface.h>

#include "mach_test_util.h"

#define GSYNC_SHARED	0x01
#define GSYNC_QUAD	0x02
#define GSYNC_TIMED	0x04
#define GSYNC_BROADCAST 0x08
#define GSYNC_MUTATE	0x10

/* What the helper does next, set by main before it blocks. */
enum step { STEP_NONE, STEP_WAKE, STEP_WAKE_SHARED, STEP_REQUEUE };

static volatile enum step step;
static volatile int step_taken;
static volatile unsigned int word __attribute__((aligned(8)));
static volatile unsigned int word2 __attribute__((aligned(8)));
static volatile unsigned long long quad __attribute__((aligned(8)));

static mach_port_t main_thread;

/* Let main reach its wait: until it blocks in the kernel. */
static void let_main_block(void)
{
	wait_thread_waiting(main_thread, "main");
}

static void helper(void)
{
	mach_port_t self = mach_task_self();

	for (;;) {
		while (step == STEP_NONE)
			swtch();
		let_main_block();
		switch (step) {
		case STEP_WAKE:
			gsync_wake(self, (vm_address_t)&word, 1, GSYNC_MUTATE);
			break;
		case STEP_WAKE_SHARED:
			gsync_wake(self, (vm_address_t)&word, 2,
				   GSYNC_MUTATE | GSYNC_SHARED |
					   GSYNC_BROADCAST);
			break;
		case STEP_REQUEUE:
			gsync_requeue(self, (vm_address_t)&word,
				      (vm_address_t)&word2, FALSE, 0);
			/* Main now waits on word2: this wakes nobody. */
			gsync_wake(self, (vm_address_t)&word, 3, GSYNC_MUTATE);
			let_main_block();
			gsync_wake(self, (vm_address_t)&word2, 5, GSYNC_MUTATE);
			break;
		default:
			break;
		}
		step = STEP_NONE;
		step_taken++;
	}
}

static void check_errors(mach_port_t self)
{
	word = 0;
	EXPECT(gsync_wait(self, (vm_address_t)&word + 1, 0, 0, 0, 0),
	       KERN_INVALID_ADDRESS);
	EXPECT(gsync_wait(self, 0x1000, 0, 0, 0, 0), KERN_INVALID_ADDRESS);
	EXPECT(gsync_wait(self, (vm_address_t)&word, 7, 0, 0, 0),
	       KERN_INVALID_ARGUMENT);
	quad = 0x100000002ULL;
	EXPECT(gsync_wait(self, (vm_address_t)&quad, 2, 9, 0, GSYNC_QUAD),
	       KERN_INVALID_ARGUMENT);
	EXPECT(gsync_wait(self, (vm_address_t)&quad + 4, 1, 0, 0, GSYNC_QUAD),
	       KERN_INVALID_ADDRESS);
	/* Nobody waits: a wake is harmless, a mutate stores. */
	gsync_wake(self, (vm_address_t)&word, 4, GSYNC_MUTATE);
	CHECK_EQ(word, 4);
	printf("task-gsync: errors ok\n");
}

static void check_timed(mach_port_t self)
{
	word = 0;
	EXPECT(gsync_wait(self, (vm_address_t)&word, 0, 0, 30, GSYNC_TIMED),
	       KERN_TIMEDOUT);
	quad = 0x100000002ULL;
	EXPECT(gsync_wait(self, (vm_address_t)&quad, 2, 1, 30,
			  GSYNC_TIMED | GSYNC_QUAD),
	       KERN_TIMEDOUT);
	printf("task-gsync: timed ok\n");
}

/* Block on word (value 0) until the helper's step wakes us. */
static void wait_for(mach_port_t self, enum step s, int flags,
		     volatile unsigned int *on)
{
	int taken = step_taken;

	word = 0;
	word2 = 0;
	step = s;
	EXPECT(gsync_wait(self, (vm_address_t)on, 0, 0, 0, flags),
	       KERN_SUCCESS);
	TEST_WAIT_UNTIL(step_taken != taken, 10,
			"the helper did not finish its step in 10 s");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();

	main_thread = mach_thread_self();
	check_errors(self);
	check_timed(self);
	start_thread(helper);

	wait_for(self, STEP_WAKE, 0, &word);
	CHECK_EQ(word, 1);
	printf("task-gsync: wake ok\n");

	wait_for(self, STEP_WAKE_SHARED, GSYNC_SHARED, &word);
	CHECK_EQ(word, 2);
	printf("task-gsync: shared wake ok\n");

	wait_for(self, STEP_REQUEUE, 0, &word);
	CHECK_EQ(word, 3);
	CHECK_EQ(word2, 5); /* woken by the wake of word2, not of word */
	printf("task-gsync: requeue ok\n");

	TEST_SUCCESS();
}
