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
