/*
 * lib/string.c - memset, memcpy and friends, freestanding: compiled into
 * the kernel (declared by base/string.h) and into libmach (declared by
 * bootstrap/include/string.h).
 *
 * Lock order: none (no shared state).
 *
 * The compiler must not turn these loops back into calls to themselves,
 * hence no_tree_loop_distribute_patterns. Not compiled in the hosted build,
 * which uses the C library's.
 */
#include <stdint.h>
#include <stddef.h>

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
/* An architecture may give the kernel faster ones (x86_64/string.S). */
#define ARCH_MAY_REPLACE __attribute__((weak))

/* Fill n bytes at s with (unsigned char)c, eight at a time once aligned;
 * returns s. (The kernel is built with -fno-strict-aliasing.) */
NO_LIBCALL ARCH_MAY_REPLACE void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	uint64_t word = 0x0101010101010101ULL * (unsigned char)c;

	for (; n > 0 && ((uintptr_t)p & 7) != 0; n--)
		*p++ = (unsigned char)c;
	for (; n >= 8; n -= 8, p += 8)
		*(uint64_t *)p = word;
	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

/* Copy n bytes; the ranges must not overlap. Returns dst. Eight bytes
 * at a time when both sides share their alignment. */
NO_LIBCALL ARCH_MAY_REPLACE void *memcpy(void *restrict dst,
					 const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		for (; n > 0 && ((uintptr_t)d & 7) != 0; n--)
			*d++ = *s++;
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)d = *(const uint64_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

/* Copy n bytes; the ranges may overlap. Returns dst. */
NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d <= (uintptr_t)s || (uintptr_t)d >= (uintptr_t)s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

/* Compare n bytes as unsigned chars: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

/* Length of s, NUL excluded. */
NO_LIBCALL size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/* Compare two strings as unsigned chars. */
int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* Compare at most n characters. */
int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

/* Copy src with its NUL into dst; returns dst. */
NO_LIBCALL char *strcpy(char *restrict dst, const char *restrict src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return dst;
}

/* Copy at most n characters, padding with NULs (no NUL added when src is
 * n characters or longer). Returns dst. */
NO_LIBCALL size_t strnlen(const char *s, size_t n)
{
	size_t len = 0;

	while (len < n && s[len] != '\0')
		len++;
	return len;
}

NO_LIBCALL char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

/* First occurrence of (char)c in s (the NUL included), or NULL. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
