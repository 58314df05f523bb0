/*
 * x86/usercopy_nofault.h - base/arch.h's copies that do not fault in,
 * inline for both x86 ports (machine/arch.h includes it): the range check
 * here, the copy in uaccess.S's usercopy_nofault. The fast IPC path makes
 * two or three of them a trap; a call less each is worth it.
 */
#ifndef X86_USERCOPY_NOFAULT_H
#define X86_USERCOPY_NOFAULT_H

#include <stddef.h>
#include <stdint.h>

/* uaccess.S: copy n bytes, stop at the first fault without vm_fault;
 * 0, or 1 (KERN_INVALID_ADDRESS) on a fault. */
int usercopy_nofault(void *dst, const void *src, size_t n);

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
