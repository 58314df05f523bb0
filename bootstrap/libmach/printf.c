/*
 * printf over mach_print, buffered per line: each flush is one mach_print
 * call. The formatter (and vsnprintf, snprintf) is lib/format.c, shared
 * with the kernel: conversions d i u x X o p s c %, flags - 0 + space #,
 * width and precision (also *), lengths hh h l ll z t j; no floating point.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <mach5/traps.h>

#include "lib/format.h"

/* ---- Line-buffered console output ------------------------------------ */

#define LINE_MAX_CHARS 256

static char line[LINE_MAX_CHARS + 1];
static size_t line_len;

int fflush(void *stream)
{
	if (line_len) {
		line[line_len] = '\0';
		mach_print(line);
		line_len = 0;
	}
	return 0;
}

int putchar(int c)
{
	line[line_len++] = (char)c;
	if (c == '\n' || line_len == LINE_MAX_CHARS)
		fflush(NULL);
	return (unsigned char)c;
}

/* Queue `n` chars of s. */
static void put_chars(const char *s, size_t n)
{
	while (n--)
		putchar(*s++);
}

static void line_put(struct format_sink *s, char c)
{
	putchar(c);
}

int vprintf(const char *fmt, va_list ap)
{
	struct format_sink s = {.put = line_put};

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

int puts(const char *s)
{
	put_chars(s, strlen(s));
	putchar('\n');
	return 0;
}
