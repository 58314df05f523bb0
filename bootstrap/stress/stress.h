/*
 * bootstrap/stress/stress.h - what the stress tests share: arguments, the
 * kernel's counts through the test port (defs/mach/mach5_test.defs) with
 * the baseline check, threads, and a lock around MIG calls.
 *
 * Boot line of a stress test:
 *   stress ${host-port} ${test-port} TEST SCALE [${server}] $(task-create)
 * $(task-resume) TEST names one of the tests (stress.c's table); SCALE
 * multiplies its iteration counts (1 in make check, more in stress.boot). Each
 * test warms up, takes the baseline counts, runs, frees what it made, and fails
 * unless the counts are back to the baseline.
 */
#ifndef STRESS_H
#define STRESS_H

#include <stdint.h>
#include <stdio.h>

#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/thread_status.h>
#include <mach5/libmach.h>
#include <mach5/msg_body.h>
#include <mach5/test.h>
#include <mach/mach5_test_types.h>
#include <test/mach5_test.h>

/* Fail with the call's text unless it returns want. */
#define EXPECT(call, want)                                                     \
	do {                                                                   \
		kern_return_t kr_ = (call);                                    \
		if (kr_ != (kern_return_t)(want))                              \
			TEST_FAIL("%s returned 0x%x, expected 0x%x", #call,    \
				  kr_, (kern_return_t)(want));                 \
	} while (0)
#define EXPECT_OK(call) EXPECT(call, KERN_SUCCESS)

/* The arguments (stress.c parses them). */
extern mach_port_t stress_test_port; /* ${test-port} */
extern mach_port_t stress_server;    /* ${server}: the server's task port */
extern unsigned int stress_scale;

/*
 * libmach's MIG runtime has one reply port per task: a thread other than
 * the main one wraps every MIG call in this lock. Traps and raw mach_msg
 * need no lock.
 */
void stress_mig_lock(void);
void stress_mig_unlock(void);

/* Counts now (kmem empty slabs released first). */
void stress_counts(mach5_test_counts_t counts);
/* Record the baseline (call after the warm-up) once the counts settle;
 * print it as a STRESS line. */
void stress_baseline(const char *test);
/*
 * Wait (a bounded time) for the counts to come back to the baseline, as
 * dead threads and tasks are reaped; print a STRESS line with the
 * figures; fail the test if they do not.
 */
void stress_check(const char *test, unsigned long iterations);

/* Sleep about ms milliseconds (a receive with a timeout). */
void stress_sleep(unsigned int ms);

/*
 * A thread of this task running fn(arg) on a stack of its own. fn must
 * not return: it ends by stress_thread_exit.
 */
struct stress_thread {
	mach_port_t port;
	vm_address_t stack;
	void (*fn)(void *);
	void *arg;
	volatile int done;
};
void stress_thread_start(struct stress_thread *t, void (*fn)(void *),
			 void *arg);
/* Mark the calling thread done and idle until it is terminated. */
void stress_thread_exit(struct stress_thread *t) __attribute__((noreturn));
/* Wait until t is done, terminate it, free its port and stack. */
void stress_thread_join(struct stress_thread *t);

/* A receive right with a send right under the same name. */
mach_port_t stress_port_alloc(void);
/* Destroy a receive right (and its send rights in this task). */
void stress_port_destroy(mach_port_t port);

/* The tests (one per file). */
void stress_rpc(void);
void stress_pset(void);
void stress_sonotify(void);
void stress_ool(void);
void stress_task(void);
void stress_vm(void);
void stress_pressure(void);

#endif /* STRESS_H */
