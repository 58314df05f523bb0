/*
 * <stdio.h> - formatted output through mach_print (libmach). Output is
 * buffered by line: each complete line (or a full buffer, or fflush) is one
 * mach_print.
 */
#ifndef _MACH5_STDIO_H_
#define _MACH5_STDIO_H_

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int puts(const char *s);
int putchar(int c);
/* Print what is buffered of an unfinished line. `stream` is ignored. */
int fflush(void *stream);

#endif /* _MACH5_STDIO_H_ */
