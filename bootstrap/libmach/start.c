/*
 * Program start and exit.
 *
 * How a task ends is decided in one place, terminate_self():
 * task_terminate(mach_task_self()), which ends every thread of the task.
 */
#include <stdio.h>
#include <stdlib.h>

#include <mach/mach_interface.h>
#include <mach5/libmach.h>

int libmach_argc;
char **libmach_argv;
char **libmach_envp;

/* End this task. Never returns. */
static void __attribute__((noreturn)) terminate_self(void)
{
	task_terminate(mach_task_self());
	for (;;) /* not reached: the kernel ends this thread */
		swtch();
}

void libmach_start(int argc, char **argv, char **envp)
{
	libmach_argc = argc;
	libmach_argv = argv;
	libmach_envp = envp;
	mig_init(NULL);
	exit(main(argc, argv, envp));
}

void exit(int status)
{
	fflush(NULL);
	_exit(status);
}

void _exit(int status)
{
	terminate_self();
}

void abort(void)
{
	fflush(NULL);
	mach_print("abort\n");
	terminate_self();
}

/* Value of digit c in `base`, or -1. */
static int digit_value(char c, int base)
{
	int v = -1;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'z')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'Z')
		v = c - 'A' + 10;
	return v < base ? v : -1;
}

/* As C's strtol, without errno or overflow detection. */
long strtol(const char *s, char **end, int base)
{
	unsigned long v = 0;
	int negative = 0, d;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-' || *s == '+')
		negative = *s++ == '-';
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && digit_value(s[2], 16) >= 0)
		s += 2, base = 16;
	else if (base == 0)
		base = s[0] == '0' ? 8 : 10;
	for (; (d = digit_value(*s, base)) >= 0; s++)
		v = v * base + d;
	if (end)
		*end = (char *)s;
	return negative ? -(long)v : (long)v;
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}
