/*
 * tests/unit/test_printf.c - base/printf.c: formats, truncation, console
 * output, panic (reboot, halt with -H, recursion) and assert.
 */
#include <limits.h>
#include <stdarg.h>
#include <sys/types.h>
#include <stdint.h>
#include <string.h>
#include <base/boot.h>
#include <base/debug.h>
#include "unit.h"

/* The real boot_option of this test (overrides the weak stub): it can be
 * made to panic, to exercise a panic inside panic. */
static bool boot_option_panics;

bool boot_option(const char *w)
{
	if (boot_option_panics)
		panic("boot_option failed");
	return strcmp(w, "-H") == 0 && strstr(boot_cmdline(), "-H");
}

/* snprintf through vsnprintf, so the compiler cannot fold the call: the
 * kernel's formatter really runs. */
static int fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

#define CHECK_FMT(expect, ...)                                                 \
	do {                                                                   \
		char buf_[128];                                                \
		int n_ = fmt(buf_, sizeof(buf_), __VA_ARGS__);                 \
		ck_assert_str_eq(buf_, expect);                                \
		ck_assert_int_eq(n_, (int)strlen(expect));                     \
	} while (0)

START_TEST(test_integers)
{
	CHECK_FMT("42 -42 0", "%d %i %d", 42, -42, 0);
	CHECK_FMT("-2147483648 2147483647", "%d %d", INT_MIN, INT_MAX);
	CHECK_FMT("4294967295", "%u", UINT_MAX);
	CHECK_FMT("ff FF 777", "%x %X %o", 255, 255, 0777);
	CHECK_FMT("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK_FMT("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK_FMT("-1 ffffffffffffffff", "%ld %lx", -1L, ULONG_MAX);
	CHECK_FMT("12345678901 123", "%zu %zd", (size_t)12345678901ULL,
		  (ssize_t)123);
	CHECK_FMT("-1 65535 -1 255", "%hd %hu %hhd %hhu", (short)-1,
		  (unsigned short)65535, (signed char)-1, (unsigned char)255);
	CHECK_FMT("0x1f 017 +5  5", "%#x %#o %+d % d", 31, 15, 5, 5);
}
END_TEST

START_TEST(test_width_precision)
{
	CHECK_FMT("[   42]", "[%5d]", 42);
	CHECK_FMT("[42   ]", "[%-5d]", 42);
	CHECK_FMT("[00042]", "[%05d]", 42);
	CHECK_FMT("[-0042]", "[%05d]", -42);
	CHECK_FMT("[  042]", "[%5.3d]", 42);
	CHECK_FMT("[0000beef]", "[%08x]", 0xbeef);
	CHECK_FMT("[    7]", "[%*d]", 5, 7);
	CHECK_FMT("[7    ]", "[%*d]", -5, 7);
	CHECK_FMT("[]", "[%.0d]", 0);
	CHECK_FMT("[  abc]", "[%5s]", "abc");
	CHECK_FMT("[abc  ]", "[%-5s]", "abc");
	CHECK_FMT("[ab]", "[%.2s]", "abc");
	CHECK_FMT("[ab]", "[%.*s]", 2, "abcdef");
	CHECK_FMT("[(null)]", "[%s]", (char *)NULL);
	CHECK_FMT("[x] [  y]", "[%c] [%3c]", 'x', 'y');
	CHECK_FMT("100%", "100%%");
}
END_TEST

START_TEST(test_pointer)
{
	char buf[64];

	fmt(buf, sizeof(buf), "%p", (void *)0xdeadbeefUL);
	ck_assert_str_eq(buf, "0xdeadbeef");
	fmt(buf, sizeof(buf), "%p", (void *)UINTPTR_MAX);
	ck_assert_str_eq(buf, "0xffffffffffffffff");
}
END_TEST

START_TEST(test_truncation)
{
	char buf[8];
	int n;

	memset(buf, 'Z', sizeof(buf));
	n = fmt(buf, sizeof(buf), "%s-%d", "hello", 12345);
	ck_assert_int_eq(n, 11);
	ck_assert_str_eq(buf, "hello-1");
	memset(buf, 'Z', sizeof(buf));
	n = fmt(buf, 0, "abc");
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(buf[0], 'Z');
	n = fmt(buf, 1, "abc");
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(buf[0], '\0');
}
END_TEST

START_TEST(test_console)
{
	int n;

	hosted_console_capture(true);
	n = printf("x=%d %s\n", 7, "ok");
	hosted_console_capture(false);
	ck_assert_int_eq(n, 7);
	ck_assert_str_eq(hosted_console_output(), "x=7 ok\n");
}
END_TEST

START_TEST(test_panic_reboots)
{
	bool panicked;

	hosted_set_cmdline("console=com0");
	hosted_console_capture(true);
	panicked = HOSTED_CATCH_PANIC(panic("boom %d", 42));
	hosted_console_capture(false);
	ck_assert(panicked);
	ck_assert_int_eq(hosted_stopped, HOSTED_REBOOT);
	ck_assert_ptr_nonnull(
		strstr(hosted_console_output(), "panic: boom 42\n"));
	ck_assert(arch_intr_enabled());
}
END_TEST

START_TEST(test_panic_halts_with_H)
{
	bool panicked;

	hosted_set_cmdline("console=com0 -H");
	hosted_console_capture(true);
	panicked = HOSTED_CATCH_PANIC(panic("halt me"));
	hosted_console_capture(false);
	hosted_set_cmdline("");
	ck_assert(panicked);
	ck_assert_int_eq(hosted_stopped, HOSTED_HALT);
	ck_assert_ptr_nonnull(
		strstr(hosted_console_output(), "panic: halt me"));
}
END_TEST

START_TEST(test_panic_recursive)
{
	bool panicked;
	const char *out;

	boot_option_panics = true;
	hosted_console_capture(true);
	panicked = HOSTED_CATCH_PANIC(panic("first"));
	hosted_console_capture(false);
	boot_option_panics = false;
	out = hosted_console_output();
	ck_assert(panicked);
	ck_assert_int_eq(hosted_stopped, HOSTED_HALT);
	ck_assert_ptr_nonnull(strstr(out, "panic: first\n"));
	ck_assert_ptr_nonnull(
		strstr(out, "panic: recursive panic: boot_option failed"));
	/* The guard was reset: a later panic prints normally. */
	hosted_console_capture(true);
	panicked = HOSTED_CATCH_PANIC(panic("second"));
	hosted_console_capture(false);
	ck_assert(panicked);
	ck_assert_int_eq(hosted_stopped, HOSTED_REBOOT);
	ck_assert_ptr_nonnull(strstr(hosted_console_output(), "panic: second"));
}
END_TEST

START_TEST(test_assert)
{
	volatile int two = 2;
	bool panicked;

	hosted_console_capture(true);
	panicked = HOSTED_CATCH_PANIC(assert(two == 2));
	ck_assert(!panicked);
	panicked = HOSTED_CATCH_PANIC(assert(two == 3));
	hosted_console_capture(false);
	ck_assert(panicked);
	ck_assert_ptr_nonnull(strstr(hosted_console_output(),
				     "assertion failed: two == 3 at "));
}
END_TEST

static Suite *printf_suite(void)
{
	Suite *s = suite_create("printf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_integers);
	tcase_add_test(tc, test_width_precision);
	tcase_add_test(tc, test_pointer);
	tcase_add_test(tc, test_truncation);
	tcase_add_test(tc, test_console);
	tcase_add_test(tc, test_panic_reboots);
	tcase_add_test(tc, test_panic_halts_with_H);
	tcase_add_test(tc, test_panic_recursive);
	tcase_add_test(tc, test_assert);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(printf_suite());
}
