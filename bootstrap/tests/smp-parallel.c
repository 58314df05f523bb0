/*
 * Boot test smp-parallel: two user threads of one task run at the same
 * time on two processors.
 *
 * Both spin for WINDOW_US of guest time (the mapped time of the "time"
 * device, which the clock rewrites every tick), each bumping its own
 * counter and never entering the kernel. Each watches the guest clock:
 * at every step of exactly one tick (the thread ran across a whole tick
 * without losing the processor for a quantum) it looks whether the
 * other's counter moved during that tick. With two processors it nearly
 * always has; with one it never can (the other thread does not run while
 * this one does; a quantum is several ticks).
 *
 *   smp-parallel HOST_PRIV DEVICE N
 *
 * N = 2: each thread saw the other advance in at least a quarter of its
 * one-tick steps (at least MIN_STEPS of them), and in MIN_PROGRESS at the
 * least. N = 1: in at most a fifth (measured: 0 or 1 of about 25). The
 * bar for two is not higher because under QEMU each processor is a host
 * thread: on a busy host one of them may wait for the host while the
 * other runs a tick (a check with other guests on the machine measured
 * 18 of 50).
 */
#include <stdio.h>
#include <stdlib.h>

#include <device/device.h>
#include <mach/mach_interface.h>
#include <mach/time_value.h>
#include "bootstrap/tests/mach_test_util.h"

#define WINDOW_US    600000L /* 0.6 s of guest time */
#define TICK_US	     10000L  /* the kernel's clock tick (CLOCK_HZ 100) */
#define MIN_STEPS    15
#define MIN_PROGRESS 5
#define PAGE	     4096

static volatile const mapped_time_value_t *mtime;
static volatile unsigned long counter[2];
static volatile int steps[2], progress[2], done[2];

/* One consistent read of the mapped time, in microseconds. */
static long now_us(void)
{
	long sec, usec;

	do {
		sec = mtime->seconds;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		usec = mtime->microseconds;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (sec != mtime->check_seconds);
	return sec * 1000000L + usec;
}

static void spin(int me)
{
	int other = 1 - me;
	long start = now_us(), last = start, t;
	unsigned long seen = counter[other];

	while (last - start < WINDOW_US) {
		counter[me]++;
		t = now_us();
		if (t == last)
			continue;
		if (t - last < TICK_US + TICK_US / 2) {
			steps[me]++;
			if (counter[other] != seen)
				progress[me]++;
		}
		seen = counter[other];
		last = t;
	}
	done[me] = 1;
	for (;;)
		swtch_pri(0);
}

static void spin0(void)
{
	spin(0);
}

static void spin1(void)
{
	spin(1);
}

static void map_time(mach_port_t device_master)
{
	mach_port_t time_dev, pager = MACH_PORT_NULL;
	vm_address_t a = 0;

	EXPECT(device_open(device_master, D_READ, "time", &time_dev),
	       D_SUCCESS);
	EXPECT(device_map(time_dev, VM_PROT_READ, 0, PAGE, &pager, 0),
	       D_SUCCESS);
	EXPECT(vm_map(mach_task_self(), &a, PAGE, 0, TRUE, pager, 0, FALSE,
		      VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_SUCCESS);
	mtime = (volatile const mapped_time_value_t *)a;
}

int main(int argc, char **argv, char **envp)
{
	int ncpus = argc > 3 ? atoi(argv[3]) : 0;

	(void)envp;
	CHECK(argc > 3 && (ncpus == 1 || ncpus == 2));
	map_time(test_device_master());
	start_thread(spin0);
	start_thread(spin1);
	TEST_WAIT_UNTIL(done[0] && done[1], 30,
			"the spinning threads did not finish (30 s)");
	for (int i = 0; i < 2; i++) {
		printf("smp-parallel: thread %d: the other advanced in %d of "
		       "%d one-tick steps\n",
		       i, progress[i], steps[i]);
		if (ncpus == 2) {
			CHECK(steps[i] >= MIN_STEPS);
			CHECK(progress[i] * 4 >= steps[i]);
			CHECK(progress[i] >= MIN_PROGRESS);
		} else {
			CHECK(progress[i] * 5 <= steps[i]);
		}
	}
	TEST_SUCCESS();
}
