/*
 * kern/printf.c - formatted output on the console, and panic. The
 * formatter itself is lib/format.c, shared with libmach.
 *
 * Lock order: none. printf writes byte by byte through arch_console_putc
 * and holds no lock, so concurrent output may interleave; panic disables
 * interrupts for good.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/arch.h>
#include <kern/boot.h>
#include <kern/debug.h>
#include <lib/format.h>

static void console_put(struct format_sink *s, char c)
{
	arch_console_putc((unsigned char)c);
}

/* Print on the console; returns the number of characters. No lock. */
int vprintf(const char *fmt, va_list ap)
{
	struct format_sink s = {.put = console_put};

	return format_to(&s, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* Write s on the console as is. */
static void console_puts(const char *s)
{
	while (*s)
		arch_console_putc((unsigned char)*s++);
}

/* Panics entered and not finished; 1 while the first one runs. */
static volatile int panic_depth;

void panic_reset(void)
{
	panic_depth = 0;
}

/* A panic inside panic: print the raw format (formatting may be what
 * failed) and halt. A third level halts silently. */
static noreturn void panic_recursive(const char *fmt)
{
	if (panic_depth == 2) {
		console_puts("\npanic: recursive panic: ");
		console_puts(fmt);
		console_puts("\n");
	}
	arch_halt();
}

/*
 * Print "panic: <message>", a backtrace, then reboot (halt with -H).
 * Any context; disables interrupts for good.
 */
noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	arch_intr_save();
	if (++panic_depth > 1)
		panic_recursive(fmt);
	console_puts("panic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	console_puts("\n");
	arch_backtrace();
	if (boot_option("-H"))
		arch_halt();
	arch_reboot();
}
