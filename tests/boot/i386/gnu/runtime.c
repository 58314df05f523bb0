/*
 * tests/boot/i386/gnu/runtime.c - the little of a C library the gnu-i686
 * test program needs: mach_msg over the trap, the reply ports and string
 * copy of GNU MIG's user stubs, and a console print. The kernel
 * interfaces come from gnumach-dev's headers and GNU MIG's stubs.
 */
#include <mach/mig_support.h>
#include <stdarg.h>

#include "gnu_i686.h"

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_t rcv_name, mach_msg_timeout_t timeout,
			   mach_port_t notify)
{
	return mach_msg_trap(msg, option, send_size, rcv_size, rcv_name,
			     timeout, notify);
}

/* One reply port for the whole (single-threaded) program, made on first
 * use, as the C library's per-thread one. */
static mach_port_t reply_port;

mach_port_t mig_get_reply_port(void)
{
	if (reply_port == MACH_PORT_NULL)
		reply_port = mach_reply_port();
	return reply_port;
}

/* The stub's RPC failed: the port may hold a stale reply; drop it. */
void mig_dealloc_reply_port(mach_port_t port)
{
	(void)port;
	reply_port = MACH_PORT_NULL;
}

void mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

void *memcpy(void *dst, const void *src, unsigned int n)
{
	char *d = dst;
	const char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, unsigned int n)
{
	char *d = dst;

	while (n--)
		*d++ = (char)c;
	return dst;
}

unsigned int strlen(const char *s)
{
	unsigned int n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

/* Copy at most N bytes of SRC, NUL included; the length copied without
 * the NUL (GNU MIG sizes a c_string's inline data with it). */
unsigned int mig_strncpy(char *dst, const char *src, unsigned int n)
{
	unsigned int i;

	if (n == 0)
		return 0;
	for (i = 0; i < n - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return i;
}

static char *put_num(char *p, char *end, unsigned int v, unsigned int base)
{
	char tmp[12];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n && p < end)
		*p++ = tmp[--n];
	return p;
}

void say(const char *fmt, ...)
{
	static const char prefix[] = "gnu-i686: ";
	char buf[256], *p = buf, *end = buf + sizeof buf - 2;
	const char *s;
	va_list ap;

	for (s = prefix; *s; s++)
		*p++ = *s;
	va_start(ap, fmt);
	for (; *fmt && p < end; fmt++) {
		if (*fmt != '%') {
			*p++ = *fmt;
			continue;
		}
		switch (*++fmt) {
		case 's':
			for (s = va_arg(ap, const char *); *s && p < end; s++)
				*p++ = *s;
			break;
		case 'u':
			p = put_num(p, end, va_arg(ap, unsigned int), 10);
			break;
		case 'x':
			p = put_num(p, end, va_arg(ap, unsigned int), 16);
			break;
		default:
			*p++ = *fmt;
			break;
		}
	}
	va_end(ap);
	*p++ = '\n';
	*p = '\0';
	mach_print(buf);
}
