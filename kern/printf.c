/*
 * kern/printf.c - formatted output on the console, and panic.
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

/* Where formatted characters go. */
struct sink {
	void (*put)(struct sink *s, char c);
	char *buf;   /* snprintf: the buffer */
	size_t size; /* its size */
	size_t len;  /* characters produced so far (even past size) */
};

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

static void sink_put(struct sink *s, char c)
{
	s->put(s, c);
	s->len++;
}

static void sink_pad(struct sink *s, char c, int n)
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
static void emit_number(struct sink *s, const struct spec *sp,
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
static void emit_string(struct sink *s, const struct spec *sp, const char *str)
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
static void emit_conv(struct sink *s, struct spec *sp, va_list *ap)
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

/* The formatter shared by every printf variant; returns characters
 * produced. */
static int format(struct sink *s, const char *fmt, va_list ap)
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

static void console_put(struct sink *s, char c)
{
	arch_console_putc((unsigned char)c);
}

static void buffer_put(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
}

/* Print on the console; returns the number of characters. No lock. */
int vprintf(const char *fmt, va_list ap)
{
	struct sink s = {.put = console_put};

	return format(&s, fmt, ap);
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

/*
 * Format into buf, writing at most size bytes, NUL included (nothing when
 * size is 0). Returns the length the full output would have.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = {.put = buffer_put, .buf = buf, .size = size};
	int n = format(&s, fmt, ap);

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
