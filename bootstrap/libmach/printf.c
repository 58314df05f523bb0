/*
 * vsnprintf and printf over mach_print.
 *
 * Conversions: d i u x X o p s c %, flags - 0 + space #, width and
 * precision (also *), length modifiers hh h l ll z t j. No floating point.
 * printf output is buffered per line; each flush is one mach_print call.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <mach5/traps.h>

/* An output cursor: writes past `size - 1` are counted but dropped. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

/* A parsed conversion specification. */
struct spec {
	int left, zero, plus, space, alt;
	int width, prec; /* prec < 0: none */
	int length;	 /* 'H' hh, 'h', 'l', 'L' ll/j/z/t, 0 int */
	char conv;
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

/* Emit `body` (n chars) with a sign/prefix, padded as `sp` asks. */
static void out_field(struct out *o, const struct spec *sp, const char *prefix,
		      const char *body, int n, int zeros)
{
	int plen = strlen(prefix);
	int pad = sp->width - plen - zeros - n;

	if (!sp->left && !(sp->zero && sp->prec < 0))
		out_repeat(o, ' ', pad);
	while (*prefix)
		out_char(o, *prefix++);
	if (!sp->left && sp->zero && sp->prec < 0)
		out_repeat(o, '0', pad);
	out_repeat(o, '0', zeros);
	while (n-- > 0)
		out_char(o, *body++);
	if (sp->left)
		out_repeat(o, ' ', pad);
}

/* Format the unsigned magnitude `v` with optional sign. */
static void out_number(struct out *o, const struct spec *sp,
		       unsigned long long v, int negative)
{
	const char *digits =
	    sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = 10;
	char tmp[24], prefix[3] = "";
	int n = 0, zeros;

	if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;
	else if (sp->conv == 'o')
		base = 8;
	for (; v; v /= base)
		tmp[sizeof(tmp) - ++n] = digits[v % base];
	if (n == 0 && sp->prec != 0)
		tmp[sizeof(tmp) - ++n] = '0';
	if (negative)
		strcpy(prefix, "-");
	else if (sp->plus && base == 10)
		strcpy(prefix, "+");
	else if (sp->space && base == 10)
		strcpy(prefix, " ");
	else if ((sp->alt && base == 16 && n && tmp[sizeof(tmp) - 1] != '0') ||
		 sp->conv == 'p')
		strcpy(prefix, sp->conv == 'X' ? "0X" : "0x");
	else if (sp->alt && base == 8 && tmp[sizeof(tmp) - n] != '0')
		strcpy(prefix, "0");
	zeros = sp->prec > n ? sp->prec - n : 0;
	out_field(o, sp, prefix, tmp + sizeof(tmp) - n, n, zeros);
}

/* Parse flags, width, precision and length at *fmt; advance *fmt. */
static void parse_spec(const char **fmt, struct spec *sp, va_list *ap)
{
	const char *f = *fmt;

	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else if (*f == '+')
			sp->plus = 1;
		else if (*f == ' ')
			sp->space = 1;
		else if (*f == '#')
			sp->alt = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = 1;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	for (;; f++) {
		if (*f == 'h')
			sp->length = sp->length == 'h' ? 'H' : 'h';
		else if (*f == 'l' || *f == 'z' || *f == 't' || *f == 'j')
			sp->length = sp->length == 'l' || *f != 'l' ? 'L' : 'l';
		else
			break;
	}
	sp->conv = *f;
	*fmt = *f ? f + 1 : f;
}

/* Fetch an integer argument of the size `sp` names. */
static unsigned long long fetch_int(const struct spec *sp, va_list *ap,
				    int is_signed)
{
	long long s;
	unsigned long long u;

	if (sp->length == 'L' || sp->length == 'l') {
		s = va_arg(*ap, long);
		u = (unsigned long)s;
	} else {
		s = va_arg(*ap, int);
		u = (unsigned int)s;
		if (sp->length == 'H') {
			s = (signed char)s;
			u = (unsigned char)u;
		} else if (sp->length == 'h') {
			s = (short)s;
			u = (unsigned short)u;
		}
	}
	return is_signed ? (unsigned long long)s : u;
}

/* Emit one conversion. */
static void out_conv(struct out *o, const struct spec *sp, va_list *ap)
{
	long long s;
	const char *str;
	char c;
	int n;

	switch (sp->conv) {
	case 'd':
	case 'i':
		s = (long long)fetch_int(sp, ap, 1);
		out_number(o, sp,
			   s < 0 ? -(unsigned long long)s
				 : (unsigned long long)s,
			   s < 0);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		out_number(o, sp, fetch_int(sp, ap, 0), 0);
		break;
	case 'p':
		out_number(o, sp, (unsigned long)va_arg(*ap, void *), 0);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		out_field(o, sp, "", &c, 1, 0);
		break;
	case 's':
		str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		for (n = 0; str[n] && (sp->prec < 0 || n < sp->prec); n++)
			;
		out_field(o, sp, "", str, n, 0);
		break;
	case '%':
		out_char(o, '%');
		break;
	default: /* unknown: print it as written */
		out_char(o, '%');
		if (sp->conv)
			out_char(o, sp->conv);
	}
}

/*
 * Format into buf (at most size - 1 chars and a NUL, if size > 0).
 * Returns the length the full output would have.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt++;
		parse_spec(&fmt, &sp, &aq);
		out_conv(&o, &sp, &aq);
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
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

int vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, aq);
	va_end(aq);
	if (n < (int)sizeof(buf)) {
		put_chars(buf, n);
		return n;
	}
	/* Too long for the stack buffer: say so rather than allocate. */
	put_chars(buf, sizeof(buf) - 1);
	put_chars("[...]\n", 6);
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

int puts(const char *s)
{
	put_chars(s, strlen(s));
	putchar('\n');
	return 0;
}
