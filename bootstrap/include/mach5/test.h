/*
 * <mach5/test.h> - helpers for boot-test tasks (tests/boot/, ABI §7).
 *
 * A test task is started by a boot-script line
 *   PROG '${host-port}' '${device-port}' '$(task-create)' '$(task-resume)'
 * so argv[1] is the host_priv port name and argv[2] the device master
 * port name, in decimal. It ends with TEST_SUCCESS() or TEST_FAIL(): both
 * print the upstream marker (gnumach-test-success-and-reboot or
 * gnumach-test-failure) and call host_reboot(host_priv, RB_AUTOBOOT), which
 * makes QEMU (-no-reboot) exit.
 */
#ifndef _MACH5_TEST_H_
#define _MACH5_TEST_H_

#include <stdio.h>

#include <mach/mach_traps.h>
#include <mach5/libmach.h>

#define TEST_SUCCESS_MARKER "gnumach-test-success-and-reboot"
#define TEST_FAILURE_MARKER "gnumach-test-failure"

/* The host_priv port (argv[1]); MACH_PORT_NULL if absent. */
mach_port_t test_host_priv(void);
/* The device master port (argv[2]); MACH_PORT_NULL if absent. */
mach_port_t test_device_master(void);

/* Print the success marker and reboot. */
void test_success(void) __attribute__((noreturn));
/* Print "FAIL file:line: <reason>", the failure marker, and reboot. */
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

#define TEST_SUCCESS() test_success()
#define TEST_FAIL(...) test_fail(__FILE__, __LINE__, __VA_ARGS__)

/* Fail the test unless expr is true. */
#define CHECK(expr)                                                            \
	do {                                                                   \
		if (!(expr))                                                   \
			TEST_FAIL("CHECK(%s) failed", #expr);                  \
	} while (0)

/* Fail unless two integer expressions are equal; prints both values. */
#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long _check_a = (long)(a), _check_b = (long)(b);               \
		if (_check_a != _check_b)                                      \
			TEST_FAIL("CHECK_EQ(%s, %s): %ld (0x%lx) != %ld "      \
				  "(0x%lx)",                                   \
				  #a, #b, _check_a, _check_a, _check_b,        \
				  _check_b);                                   \
	} while (0)

/* Fail unless a kern_return_t / mach_msg_return_t is KERN_SUCCESS. */
#define CHECK_KR(expr) CHECK_EQ((expr), KERN_SUCCESS)

/*
 * Sleep ms milliseconds of guest time: a receive with a timeout on a port
 * of the task to which no message is ever sent (made on the first call).
 * A trap, not an RPC: any thread may call it, beside others making RPCs.
 */
void test_sleep_ms(unsigned int ms);

#define TEST_WAIT_YIELDS  64 /* yields before the first sleep */
#define TEST_WAIT_TICK_MS 10 /* then sleeps this long between looks */

/*
 * Wait until cond holds, on the guest's clock: up to TEST_WAIT_YIELDS
 * yields first (another thread of the task is usually about to make it
 * true), then sleeps of TEST_WAIT_TICK_MS; once secs seconds of guest time
 * passed without cond, fail the test with the message (a printf format and
 * its arguments). Never a loop count alone: a fast host ends no wait early
 * and a slow one fails none. Makes no RPC.
 */
#define TEST_WAIT_UNTIL(cond, secs, ...)                                       \
	do {                                                                   \
		unsigned long _tw_i, _tw_sleeps = 0;                           \
		for (_tw_i = 0; !(cond); _tw_i++) {                            \
			if (_tw_i < TEST_WAIT_YIELDS) {                        \
				swtch();                                       \
			} else if (_tw_sleeps++ < (unsigned long)(secs)*1000 / \
							  TEST_WAIT_TICK_MS) { \
				test_sleep_ms(TEST_WAIT_TICK_MS);              \
			} else {                                               \
				TEST_FAIL(__VA_ARGS__);                        \
			}                                                      \
		}                                                              \
	} while (0)

#endif /* _MACH5_TEST_H_ */
