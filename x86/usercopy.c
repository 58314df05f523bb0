/*
 * x86/usercopy.c - copyin, copyout, copyinstr.
 *
 * Each checks the user range against USER_ADDR_MAX (with overflow checks)
 * and then copies with the faultable routines of uaccess.S. A fault on a
 * user page first goes to vm_fault (so lazily mapped pages work); only
 * when that fails does the copy stop with KERN_INVALID_ADDRESS. The copies
 * may block in vm_fault; vm_fault runs with the caller's interrupt state
 * (call with interrupts enabled, as vm_fault expects, unless the caller
 * holds the kernel lock on purpose).
 */
#include <stddef.h>
#include <stdint.h>
#include <base/arch.h>
#include <mach/kern_return.h>
#include "shared.h"

struct usercopy_fixup {
	uintptr_t begin, end, fixup;
};

/* uaccess.S's copies (which fault in), and the inline ones of
 * x86/usercopy_nofault.h (which do not: the linker script gathers their
 * section). */
extern const struct usercopy_fixup usercopy_fixups[];
extern const uintptr_t usercopy_nr_fixups;
extern const struct usercopy_fixup usercopy_nofault_start[],
	usercopy_nofault_end[];

/* The entry of n at table whose range holds rip, or NULL. */
static const struct usercopy_fixup *
usercopy_find(const struct usercopy_fixup *table, size_t n, uintptr_t rip)
{
	for (size_t i = 0; i < n; i++)
		if (rip >= table[i].begin && rip < table[i].end)
			return &table[i];
	return NULL;
}

/* The inline copy whose moves hold rip, or NULL. */
static const struct usercopy_fixup *usercopy_find_nofault(uintptr_t rip)
{
	return usercopy_find(
		usercopy_nofault_start,
		(size_t)(usercopy_nofault_end - usercopy_nofault_start), rip);
}

/* Where a fault at rip resumes, or 0 if rip is not a user access. */
uintptr_t usercopy_fixup(uintptr_t rip)
{
	const struct usercopy_fixup *f =
		usercopy_find(usercopy_fixups, usercopy_nr_fixups, rip);

	if (f == NULL)
		f = usercopy_find_nofault(rip);
	return f != NULL ? f->fixup : 0;
}

/* True if [uaddr, uaddr + n) lies below USER_ADDR_MAX. */
static bool user_range_ok(const void *uaddr, size_t n)
{
	uintptr_t a = (uintptr_t)uaddr;

	return a < USER_ADDR_MAX && n <= USER_ADDR_MAX - a;
}

int copyin(const void *uaddr, void *kaddr, size_t n)
{
	if (!user_range_ok(uaddr, n))
		return KERN_INVALID_ADDRESS;
	return n == 0 ? KERN_SUCCESS : usercopy_raw(kaddr, uaddr, n);
}

int copyout(const void *kaddr, void *uaddr, size_t n)
{
	if (!user_range_ok(uaddr, n))
		return KERN_INVALID_ADDRESS;
	return n == 0 ? KERN_SUCCESS : usercopy_raw(uaddr, kaddr, n);
}

bool usercopy_is_nofault(uintptr_t rip)
{
	return usercopy_find_nofault(rip) != NULL;
}

int copyinstr(const void *uaddr, char *kaddr, size_t max)
{
	uintptr_t a = (uintptr_t)uaddr;
	size_t limit = max;
	long r;

	if (a >= USER_ADDR_MAX)
		return KERN_INVALID_ADDRESS;
	if (limit > USER_ADDR_MAX - a)
		limit = USER_ADDR_MAX - a;
	r = usercopy_str_raw(kaddr, uaddr, limit);
	if (r < 0)
		return KERN_INVALID_ADDRESS;
	if ((size_t)r <= limit)
		return KERN_SUCCESS;
	return limit < max ? KERN_INVALID_ADDRESS : KERN_RESOURCE_SHORTAGE;
}
