/*
 * lib/format.c - the printf formatter, shared by the kernel (base/printf.c)
 * and the user library (bootstrap/libmach/printf.c): freestanding, no
 * state, no locks.
 *
 * Formats: %d %i %u %x %X %o %p %s %c %%, flags '-' '0' '+' ' ' '#', width
 * and precision (also '*'), lengths hh h l ll z.
 */
#include <stdbool.h>
#include <stdint.h>

#include "format.h"

/* One conversion specification, decoded. */
struct spec {
	bool left;     /* '-' */
	bool zero;     /* '0' */
	bool plus;     /* '+' */
	bool space;    /* ' ' */
	bool alt;      /* '#' */
	int width;     /* -1: none */
	int precision; /* -1: none */
	int length;    /* 'H' hh, 'h', 0, 'l', 'L' ll, 'z' size_t */
	char conv;
};

static void sink_put(struct format_sink *s, char c)
{
	s->put(s, c);
	s->len++;
}

static void sink_pad(struct format_sink *s, char c, int n)
{
	while (n-- > 0)
		sink_put(s, c);
}

/* Parse flags, width, precision and length at *fmt; advance *fmt past the
 * conversion character. */
static void spec_parse(struct spec *sp, const char **fmt, va_list *ap)
{
	const char *f = *fmt;

	*sp = (struct spec){.width = -1, .precision = -1};
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	} else {
		for (sp->width = 0; *f >= '0' && *f <= '9'; f++)
			sp->width = sp->width * 10 + (*f - '0');
	}
	if (*f == '.') {
		f++;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		} else {
			for (sp->precision = 0; *f >= '0' && *f <= '9'; f++)
				sp->precision = sp->precision * 10 + (*f - '0');
		}
	}
	if (*f == 'h') {
		sp->length = f[1] == 'h' ? 'H' : 'h';
		f += f[1] == 'h' ? 2 : 1;
	} else if (*f == 'l') {
		sp->length = f[1] == 'l' ? 'L' : 'l';
		f += f[1] == 'l' ? 2 : 1;
	} else if (*f == 'z' || *f == 'j' || *f == 't') {
		sp->length = *f == 'z' ? 'z' : 'L';
		f++;
	}
	sp->conv = *f;
	if (*f)
		f++;
	*fmt = f;
}

/* Fetch a signed integer argument of the spec's length. */
static long long arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H':
		return (signed char)va_arg(*ap, int);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'l':
		return va_arg(*ap, long);
	case 'L':
		return va_arg(*ap, long long);
	case 'z':
		return (long long)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Fetch an unsigned integer argument of the spec's length. */
static unsigned long long arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'l':
		return va_arg(*ap, unsigned long);
	case 'L':
		return va_arg(*ap, unsigned long long);
	case 'z':
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Emit digits of v in base with sign/prefix, precision and width. */
static void emit_number(struct format_sink *s, const struct spec *sp,
			unsigned long long v, bool negative, unsigned int base)
{
	const char *digits =
		sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], prefix[3] = "";
	int n = 0, plen = 0, zeros, pad;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (n == 0 && sp->precision != 0)
		tmp[n++] = '0';
	if (negative || sp->plus || sp->space)
		prefix[plen++] = negative ? '-' : sp->plus ? '+' : ' ';
	if (sp->alt && base == 16 && n && !(n == 1 && tmp[0] == '0')) {
		prefix[plen++] = '0';
		prefix[plen++] = sp->conv == 'X' ? 'X' : 'x';
	} else if (sp->alt && base == 8 && tmp[n - 1] != '0') {
		tmp[n++] = '0';
	}
	zeros = sp->precision > n ? sp->precision - n : 0;
	pad = sp->width - plen - zeros - n;
	if (sp->zero && !sp->left && sp->precision < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		sink_pad(s, ' ', pad);
	for (int i = 0; i < plen; i++)
		sink_put(s, prefix[i]);
	sink_pad(s, '0', zeros);
	while (n)
		sink_put(s, tmp[--n]);
	if (sp->left)
		sink_pad(s, ' ', pad);
}

/* Emit a string (at most precision characters) padded to width. */
static void emit_string(struct format_sink *s, const struct spec *sp,
			const char *str)
{
	int n = 0;

	if (!str)
		str = "(null)";
	while (str[n] && (sp->precision < 0 || n < sp->precision))
		n++;
	if (!sp->left)
		sink_pad(s, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		sink_put(s, str[i]);
	if (sp->left)
		sink_pad(s, ' ', sp->width - n);
}

/* Emit one decoded conversion. */
static void emit_conv(struct format_sink *s, struct spec *sp, va_list *ap)
{
	long long v;

	switch (sp->conv) {
	case 'd':
	case 'i':
		v = arg_signed(sp, ap);
		emit_number(s, sp,
			    v < 0 ? -(unsigned long long)v
				  : (unsigned long long)v,
			    v < 0, 10);
		break;
	case 'u':
		emit_number(s, sp, arg_unsigned(sp, ap), false, 10);
		break;
	case 'x':
	case 'X':
		emit_number(s, sp, arg_unsigned(sp, ap), false, 16);
		break;
	case 'o':
		emit_number(s, sp, arg_unsigned(sp, ap), false, 8);
		break;
	case 'p':
		sp->alt = true;
		sp->conv = 'x';
		emit_number(s, sp, (uintptr_t)va_arg(*ap, void *), false, 16);
		break;
	case 's':
		emit_string(s, sp, va_arg(*ap, const char *));
		break;
	case 'c':
		if (!sp->left)
			sink_pad(s, ' ', sp->width - 1);
		sink_put(s, (char)va_arg(*ap, int));
		if (sp->left)
			sink_pad(s, ' ', sp->width - 1);
		break;
	default: /* '%' and unknown conversions print themselves */
		if (sp->conv)
			sink_put(s, sp->conv);
		break;
	}
}

int format_to(struct format_sink *s, const char *fmt, va_list ap)
{
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			sink_put(s, *fmt++);
			continue;
		}
		fmt++;
		spec_parse(&sp, &fmt, &aq);
		emit_conv(s, &sp, &aq);
	}
	va_end(aq);
	return (int)s->len;
}

static void buffer_put(struct format_sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
}

/*
 * Format into buf, writing at most size bytes, NUL included (nothing when
 * size is 0). Returns the length the full output would have.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct format_sink s = {.put = buffer_put, .buf = buf, .size = size};
	int n = format_to(&s, fmt, ap);

	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
