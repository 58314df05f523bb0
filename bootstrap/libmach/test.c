/*
 * Boot-test helpers declared in <mach5/test.h>.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <mach5/test.h>

/* argv[i] as a port name, or MACH_PORT_NULL if there is no such argument. */
static mach_port_t port_argument(int i)
{
	if (i >= libmach_argc || !libmach_argv[i])
		return MACH_PORT_NULL;
	return (mach_port_t)strtol(libmach_argv[i], NULL, 10);
}

mach_port_t test_host_priv(void)
{
	return port_argument(1);
}

mach_port_t test_device_master(void)
{
	return port_argument(2);
}

static mach_port_t test_sleep_port;

/* The port test_sleep_ms receives on: made once; if two threads race to
 * make it, the loser's stays unused and the winner's serves. */
static mach_port_t sleep_port(void)
{
	mach_port_t p = __atomic_load_n(&test_sleep_port, __ATOMIC_ACQUIRE);
	mach_port_t none = MACH_PORT_NULL;

	if (p != MACH_PORT_NULL)
		return p;
	p = mach_reply_port();
	if (p == MACH_PORT_NULL)
		TEST_FAIL("test_sleep_ms: mach_reply_port gave no port");
	if (!__atomic_compare_exchange_n(&test_sleep_port, &none, p, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return none;
	return p;
}

void test_sleep_ms(unsigned int ms)
{
	mach_msg_header_t h;
	mach_msg_return_t mr;

	mr = mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(h),
		      sleep_port(), ms, MACH_PORT_NULL);
	if (mr != MACH_RCV_TIMED_OUT)
		TEST_FAIL("test_sleep_ms(%u): mach_msg returned 0x%x, not "
			  "MACH_RCV_TIMED_OUT",
			  ms, mr);
}

/* Reboot through host_priv; if that fails, say why and stop the task. */
static void __attribute__((noreturn)) test_reboot(void)
{
	kern_return_t kr;

	fflush(NULL);
	kr = host_reboot(test_host_priv(), RB_AUTOBOOT);
	printf("test: host_reboot(%u, RB_AUTOBOOT) returned 0x%x\n",
	       test_host_priv(), kr);
	exit(1);
}

void test_success(void)
{
	puts(TEST_SUCCESS_MARKER);
	test_reboot();
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	puts(TEST_FAILURE_MARKER);
	test_reboot();
}
