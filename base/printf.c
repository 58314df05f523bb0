/*
 * base/printf.c - formatted output on the console, and panic. The
 * formatter itself is lib/format.c, shared with libmach.
 *
 * Lock order: none. printf writes byte by byte through arch_console_putc
 * and holds no lock, so concurrent output may interleave; panic disables
 * interrupts for good.
 */
#include <stdbool.h>
#include <stdint.h>
#include <base/arch.h>
#include <base/boot.h>
#include <base/debug.h>
#include <base/lock.h>
#include <lib/format.h>

/* The kernel's message log (the kmsg device): the last KMSG_LOG_SIZE
 * bytes printed and not read yet, oldest at kmsg_head. Under splhigh. */
#define KMSG_LOG_SIZE 4096
static char kmsg_log[KMSG_LOG_SIZE];
static size_t kmsg_head, kmsg_len;

static void kmsg_log_put(char c)
{
	spl_t s = splhigh();

	kmsg_log[(kmsg_head + kmsg_len) % KMSG_LOG_SIZE] = c;
	if (kmsg_len < KMSG_LOG_SIZE)
		kmsg_len++;
	else
		kmsg_head = (kmsg_head + 1) % KMSG_LOG_SIZE;
	splx(s);
}

size_t kmsg_log_read(char *buf, size_t len)
{
	spl_t s = splhigh();
	size_t n = len < kmsg_len ? len : kmsg_len;

	for (size_t i = 0; i < n; i++)
		buf[i] = kmsg_log[(kmsg_head + i) % KMSG_LOG_SIZE];
	kmsg_head = (kmsg_head + n) % KMSG_LOG_SIZE;
	kmsg_len -= n;
	splx(s);
	return n;
}

/* Called after each printf that logged something (kmsg_log_set_notify),
 * not inside a panic. */
static void (*kmsg_notify)(void);
/* Panics entered and not finished; 1 while the first one runs. */
static volatile int panic_depth;

void kmsg_log_set_notify(void (*fn)(void))
{
	kmsg_notify = fn;
}

static void console_put(struct format_sink *s, char c)
{
	arch_console_putc((unsigned char)c);
	kmsg_log_put(c);
}

/* Print on the console; returns the number of characters. No lock. */
int vprintf(const char *fmt, va_list ap)
{
	struct format_sink s = {.put = console_put};
	int n = format_to(&s, fmt, ap);

	if (n > 0 && kmsg_notify != NULL && panic_depth == 0)
		kmsg_notify();
	return n;
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
