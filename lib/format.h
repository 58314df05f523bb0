/*
 * lib/format.h - the printf formatter shared by the kernel and libmach.
 */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted characters go: put is called once per character. */
struct format_sink {
	void (*put)(struct format_sink *s, char c);
	char *buf;   /* vsnprintf: the buffer */
	size_t size; /* its size */
	size_t len;  /* characters produced so far (even past size) */
	void *arg;   /* for the sink's own use */
};

/* Format fmt into s; returns the number of characters produced. */
int format_to(struct format_sink *s, const char *fmt, va_list ap);

/*
 * Format into buf, writing at most size bytes, NUL included (nothing when
 * size is 0). Returns the length the full output would have.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* LIB_FORMAT_H */
