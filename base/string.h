/*
 * base/string.h - the C string and memory functions of the kernel.
 *
 * The freestanding kernel has no libc: kern/string.c provides these with
 * the standard C semantics (and the compiler may emit calls to memset,
 * memcpy, memmove and memcmp by itself). The hosted build uses the C
 * library's and does not compile kern/string.c; the prototypes below are
 * the standard ones, so both agree.
 */
#ifndef KERN_STRING_H
#define KERN_STRING_H

#include <stddef.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
/* The length of s, at most n (the MIG stubs' c_string replies). */
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *restrict dst, const char *restrict src);
char *strncpy(char *restrict dst, const char *restrict src, size_t n);
char *strchr(const char *s, int c);

#endif /* KERN_STRING_H */
