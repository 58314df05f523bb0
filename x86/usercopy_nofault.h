/*
 * x86/usercopy_nofault.h - base/arch.h's copies that do not fault in,
 * inline for both x86 ports (machine/arch.h includes it, after defining
 * ARCH_REP_MOVS_WORD, its widest string move, ARCH_ASM_PTR, its pointer
 * directive, and ARCH_ASM_PTR_ALIGN). The fast IPC path makes two or three of
 * them a trap: each is a string move in place, with no call (which would make
 * the compiler save every caller-saved register around it).
 *
 * Each copy's moves are listed in the section .usercopy_nofault with the
 * address its fault resumes at (x86/usercopy.c's usercopy_fixup): a page
 * fault there stops the copy at once, without vm_fault.
 */
#ifndef X86_USERCOPY_NOFAULT_H
#define X86_USERCOPY_NOFAULT_H

#include <stddef.h>
#include <stdint.h>

/* The fault table entry of the moves from 1: to 2:, resuming at 3:,
 * which sets err and goes on at 2:. */
#define USERCOPY_NOFAULT_FIXUP                                                 \
	"2:\n\t"                                                               \
	".pushsection .text.unlikely, \"ax\"\n"                                \
	"3:\tmovl $1, %[err]\n\t"                                              \
	"jmp 2b\n\t"                                                           \
	".popsection\n\t"                                                      \
	".pushsection .usercopy_nofault, \"a\"\n\t"                            \
	".balign " ARCH_ASM_PTR_ALIGN "\n\t" ARCH_ASM_PTR " 1b, 2b, 3b\n\t"    \
	".popsection"

/* Copy n bytes from src to dst, one of them in user space (its range
 * checked): 0, or 1 (KERN_INVALID_ADDRESS) if a page was missing. Words
 * first, then the bytes left (none when n is a constant multiple of the
 * word, as a message header's size is). */
static inline int usercopy_nofault(void *dst, const void *src, size_t n)
{
	size_t words = n / sizeof(long), rest = n % sizeof(long);
	int err = 0;

	if (__builtin_constant_p(rest) && rest == 0)
		__asm__ volatile(
			"1:\t" ARCH_REP_MOVS_WORD "\n" USERCOPY_NOFAULT_FIXUP
			: [err] "+r"(err), "+c"(words), "+D"(dst), "+S"(src)
			:
			: "memory");
	else
		__asm__ volatile("1:\t" ARCH_REP_MOVS_WORD "\n\t"
				 "mov %[rest], %[cnt]\n\t"
				 "rep movsb\n" USERCOPY_NOFAULT_FIXUP
				 : [err] "+r"(err), [cnt] "+c"(words),
				   "+D"(dst), "+S"(src)
				 : [rest] "r"(rest)
				 : "memory");
	return err;
}

/* True if [a, a + n) lies below USER_ADDR_MAX (one comparison when n is
 * a constant, as a message header's size is). */
static inline _Bool usercopy_range_ok(uintptr_t a, size_t n)
{
	if (__builtin_constant_p(n) && n > 0 && n < USER_ADDR_MAX)
		return a <= USER_ADDR_MAX - n;
	return a < USER_ADDR_MAX && n <= USER_ADDR_MAX - a;
}

/* See base/arch.h. 1 is KERN_INVALID_ADDRESS. */
static inline int copyin_nofault(const void *uaddr, void *kaddr, size_t n)
{
	if (!usercopy_range_ok((uintptr_t)uaddr, n))
		return 1;
	return usercopy_nofault(kaddr, uaddr, n);
}

static inline int copyout_nofault(const void *kaddr, void *uaddr, size_t n)
{
	if (!usercopy_range_ok((uintptr_t)uaddr, n))
		return 1;
	return usercopy_nofault(uaddr, kaddr, n);
}

static inline int copy_user_nofault(uintptr_t udst, uintptr_t usrc, size_t n)
{
	if (!usercopy_range_ok(udst, n) || !usercopy_range_ok(usrc, n))
		return 1;
	return usercopy_nofault((void *)udst, (const void *)usrc, n);
}

#endif /* X86_USERCOPY_NOFAULT_H */
