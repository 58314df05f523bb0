/*
 * bootstrap/tests/compat/compat_util.h - shared by the compat-* boot
 * tests: the test port (argv[3]), the kernel's counts, and waits on the
 * guest clock (a receive with a timeout on a port no one sends to).
 *
 * The boot line is PROG ${host-port} ${device-port} ${test-port}
 * $(task-create) $(task-resume).
 */
#ifndef BOOTSTRAP_TESTS_COMPAT_COMPAT_UTIL_H
#define BOOTSTRAP_TESTS_COMPAT_COMPAT_UTIL_H

#include <stdlib.h>

#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach5_test_types.h>
#include <mach5/traps.h>
#include <test/mach5_test.h>

#include "bootstrap/tests/mach_test_util.h"

#define PAGE 4096UL

static mach_port_t compat_test_port, compat_sleep_port;

/* Set up: the test port from argv, the port sleeps wait on. */
static inline void compat_init(int argc, char **argv)
{
	CHECK(argc >= 4);
	compat_test_port = (mach_port_t)strtol(argv[3], NULL, 10);
	CHECK(MACH_PORT_VALID(compat_test_port));
	EXPECT(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				  &compat_sleep_port),
	       KERN_SUCCESS);
}

/* Wait ms milliseconds of guest time (traps only: any thread may). */
static inline void sleep_ms(mach_msg_timeout_t ms)
{
	mach_msg_header_t m;

	CHECK_EQ(mach_msg(&m, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m),
			  compat_sleep_port, ms, MACH_PORT_NULL),
		 MACH_RCV_TIMED_OUT);
}

/* Wait until *v reaches at least value; fail after limit_ms of guest
 * time. */
static inline void wait_at_least(volatile long *v, long value,
				 unsigned limit_ms, const char *what)
{
	for (unsigned t = 0; *v < value; t += 5) {
		if (t >= limit_ms)
			TEST_FAIL("timed out (%u ms) waiting for %s", limit_ms,
				  what);
		sleep_ms(5);
	}
}

static inline void counts(mach5_test_counts_t c)
{
	EXPECT(mach5_test_counts(compat_test_port, c), KERN_SUCCESS);
}

/* The counts that must come back exactly: ports, port sets, messages,
 * rights, spaces, VM objects, threads, tasks. */
static inline void check_counts(const char *what,
				const mach5_test_counts_t before)
{
	static const int idx[] = {
		MACH5_TEST_PORTS,   MACH5_TEST_PSETS,  MACH5_TEST_KMSGS,
		MACH5_TEST_ENTRIES, MACH5_TEST_SPACES, MACH5_TEST_VM_OBJECTS,
		MACH5_TEST_THREADS, MACH5_TEST_TASKS,
	};
	mach5_test_counts_t after;
	int bad = 0;

	counts(after);
	for (unsigned i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		if (after[idx[i]] == before[idx[i]])
			continue;
		printf("%s: count %d: %lu -> %lu\n", what, idx[i],
		       (unsigned long)before[idx[i]],
		       (unsigned long)after[idx[i]]);
		bad++;
	}
	if (bad)
		TEST_FAIL("%s: %d counts not back to their baseline", what,
			  bad);
}

#endif /* BOOTSTRAP_TESTS_COMPAT_COMPAT_UTIL_H */
