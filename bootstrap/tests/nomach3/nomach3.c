/*
 * nomach3 - the boot test of a kernel built with ./configure
 * --disable-mach3 (./build.sh check-nomach3): the test module serves its
 * interface on ${test-port} (mach5_test_counts answers), while the mach3
 * interfaces are gone: an RPC of mach_port.defs to the task port answers
 * MIG_BAD_ID, and the mach_port_allocate trap (-72) is an unused slot
 * (KERN_INVALID_ARGUMENT). Prints "nomach3: ok" and waits for ever (the
 * host_reboot of <mach5/test.h> is a mach_host RPC, gone too).
 */
#include <stdio.h>
#include <stdlib.h>

#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mig_errors.h>
#include <mach/mach5_test_types.h>
#include <test/mach5_test.h>

#define FAIL(...)                                                              \
	do {                                                                   \
		printf("nomach3: FAIL: " __VA_ARGS__);                         \
		printf("\ngnumach-test-failure\n");                            \
		wait_forever();                                                \
	} while (0)

static void wait_forever(void)
{
	mach_port_t port = mach_reply_port();

	for (;;) {
		struct {
			mach_msg_header_t h;
			char body[64];
		} m;
		mach_msg(&m.h, MACH_RCV_MSG, 0, sizeof(m), port,
			 MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	}
}

int main(int argc, char **argv)
{
	mach5_test_counts_t counts;
	mach_port_t name = MACH_PORT_NULL, test;
	kern_return_t kr;

	if (argc < 4)
		FAIL("argc %d: no ${test-port}", argc);
	test = (mach_port_t)strtol(argv[3], NULL, 10);
	kr = mach5_test_counts(test, counts);
	if (kr != KERN_SUCCESS)
		FAIL("mach5_test_counts: 0x%x", kr);
	kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				&name);
	if (kr != MIG_BAD_ID)
		FAIL("mach_port_allocate: 0x%x, not MIG_BAD_ID", kr);
	kr = syscall_mach_port_allocate(mach_task_self(),
					MACH_PORT_RIGHT_RECEIVE, &name);
	if (kr != KERN_INVALID_ARGUMENT)
		FAIL("syscall_mach_port_allocate: 0x%x", kr);
	printf("nomach3: ok (%d ports)\n", (int)counts[MACH5_TEST_PORTS]);
	wait_forever();
	return 0;
}
