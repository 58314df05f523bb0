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

#endif /* _MACH5_TEST_H_ */
