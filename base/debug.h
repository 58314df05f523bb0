/*
 * base/debug.h - console output, panic and assertions.
 */
#ifndef KERN_DEBUG_H
#define KERN_DEBUG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdnoreturn.h>

/* printf to the kernel console. Formats: %d %i %u %x %X %o %p %s %c %%,
 * with flags '-', '0', width, precision, and length l, ll, z, h, hh. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
/* Take at most len bytes of the kernel's message log (what printf
 * printed, the last 4 KiB not read yet; the kmsg device) into buf;
 * returns the count, 0 when empty. Any context. */
size_t kmsg_log_read(char *buf, size_t len);
/* fn is called after each printf that added to the log, in the printing
 * context (any: an interrupt handler, the lock held or not); it may only
 * note the news and wake a thread (waitq_wakeup_*) under the lock. */
void kmsg_log_set_notify(void (*fn)(void));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/*
 * Print "panic: <message>" and a backtrace, then reboot (or halt when the
 * kernel command line has -H). Never returns.
 */
noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * For hosted tests only: a test that caught a panic (the hosted arch_reboot
 * returns to it by longjmp) calls this so that the next panic is not taken
 * for a panic inside panic.
 */
void panic_reset(void);

#define assert(expr)                                                           \
	((expr) ? (void)0                                                      \
		: panic("assertion failed: %s at %s:%d", #expr, __FILE__,      \
			__LINE__))

#endif /* KERN_DEBUG_H */
