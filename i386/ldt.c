/*
 * i386/ldt.c - user segment descriptors of mach_i386.defs (ABI §6.4):
 * a task's private LDT and a thread's two user GDT slots.
 *
 * The LDT lives in the task's pmap (pmap_ldt / pmap_ldt_set), loaded by
 * pmap_activate at every switch to another address space; the GDT slots
 * are t->arch.tls, loaded by arch_thread_switch (cpu_set_tls).
 *
 * Accepted descriptors: not present (the CPU refuses to load them), or
 * present, DPL 3, code or data (any type); in an LDT also a 16/32-bit call
 * gate of DPL 3 whose target is an LDT selector of RPL 3 (a user
 * segment: no gate leads into the kernel), and a DPL-0 call gate, which
 * is replaced by the standard Mach trap gate. Anything else (kernel
 * privilege, system segments) is KERN_INVALID_ARGUMENT.
 *
 * Entries 0-3 (trap gate, null, user code, user data) stay the kernel's:
 * the return to user mode loads 0x17 and 0x1F, so they must stay valid.
 * GNU Mach lets a thread rewrite them in another task; Mach5 refuses with
 * KERN_INVALID_ARGUMENT.
 *
 * Processors: the LDT descriptor and the TLS slots are in each
 * processor's own GDT (i386/cpu.c). arch_set_ldt never changes a loaded
 * LDT in place: it makes a new one, and pmap_ldt_set has every other
 * processor that has the task's pmap loaded reload it before the old one
 * is freed (a shootdown), so a segment register checked against the old
 * one (trap_user_return) still loads from it; a thread's TLS slots are loaded
 * where it is switched in, so i386_set_gdt of a thread running on another
 * processor takes effect at its next switch (at once for the caller).
 *
 * Every function runs under the kernel lock.
 */
#include <stdbool.h>
#include <base/arch.h>
#include <base/arch_callbacks.h>
#include <base/kmem.h>
#include <base/task.h>
#include <base/thread.h>
#include <mach/kern_return.h>

#include "x86.h"

#define LDT_MAX 8192

static unsigned int desc_access(uint64_t d)
{
	return d >> 40 & 0xFF;
}

/* A present DPL-0 call gate (16- or 32-bit): the trap gate's stand-in. */
static bool desc_kernel_gate(uint64_t d)
{
	unsigned int a = desc_access(d);

	return (a & 0xF7) == 0x84;
}

static bool desc_user_ok(uint64_t d, bool gates)
{
	unsigned int a = desc_access(d), sel = d >> 16 & 0xFFFF;

	if (!(a & 0x80))
		return true; /* not present */
	if ((a & 0x60) != 0x60)
		return false; /* kernel privilege */
	if (a & 0x10)
		return true; /* code or data */
	/* system: only call gates to a user (LDT, RPL 3) selector */
	return gates && (a & 0x7) == 0x4 && (sel & 7) == 7;
}

static struct pmap *task_pmap(struct thread *t)
{
	if (t->task == NULL || t->task->map == NULL)
		return NULL;
	return vm_map_pmap(t->task->map);
}

int arch_set_ldt(struct thread *t, unsigned int first, const uint64_t *desc,
		 unsigned int count)
{
	struct pmap *pmap = task_pmap(t);
	unsigned int n, need;
	uint64_t *cur, *ldt;

	if (pmap == NULL || first < LDT_DEFAULT || first >= LDT_MAX ||
	    count >= LDT_MAX - first)
		return KERN_INVALID_ARGUMENT;
	for (unsigned int i = 0; i < count; i++)
		if (!desc_kernel_gate(desc[i]) && !desc_user_ok(desc[i], true))
			return KERN_INVALID_ARGUMENT;
	cur = pmap_ldt(pmap, &n);
	if (cur == NULL)
		n = LDT_DEFAULT;
	need = first + count > n ? first + count : n;
	/* Always a new one: another processor may be loading a segment
	 * register from the current one (a return to user mode, after its
	 * check of the selector) until pmap_ldt_set's shootdown. */
	ldt = kalloc(need * sizeof(*ldt));
	if (ldt == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (cur == NULL)
		cpu_ldt_default(ldt);
	else
		for (unsigned int i = 0; i < n; i++)
			ldt[i] = cur[i];
	for (unsigned int i = n; i < need; i++)
		ldt[i] = 0;
	for (unsigned int i = 0; i < count; i++)
		ldt[first + i] = desc_kernel_gate(desc[i]) ? ldt[0] : desc[i];
	pmap_ldt_set(pmap, ldt, need);
	return KERN_SUCCESS;
}

int arch_get_ldt(struct thread *t, unsigned int first, uint64_t *desc,
		 unsigned int *count)
{
	struct pmap *pmap = task_pmap(t);
	unsigned int n, k = 0;
	uint64_t *ldt;

	if (pmap == NULL)
		return KERN_INVALID_ARGUMENT;
	ldt = pmap_ldt(pmap, &n);
	if (ldt != NULL)
		for (; k < *count && first + k < n; k++)
			desc[k] = ldt[first + k];
	*count = k;
	return KERN_SUCCESS;
}

/* The slot (0 or 1) of a user GDT selector, or -1. */
static int gdt_slot(int selector)
{
	if ((selector & ~3) == (USER_TLS0 & ~3))
		return 0;
	if ((selector & ~3) == (USER_TLS1 & ~3))
		return 1;
	return -1;
}

int arch_set_gdt(struct thread *t, int *selector, uint64_t desc)
{
	int i = *selector == -1 ? -1 : gdt_slot(*selector);

	if (!desc_user_ok(desc, false) || (*selector != -1 && i < 0))
		return KERN_INVALID_ARGUMENT;
	if (i < 0) {
		i = t->arch.tls[0] == 0 ? 0 : t->arch.tls[1] == 0 ? 1 : -1;
		if (i < 0)
			return KERN_NO_SPACE;
		*selector = i == 0 ? USER_TLS0 : USER_TLS1;
	}
	t->arch.tls[i] = desc;
	if (t == current_thread()) {
		unsigned long s = arch_intr_save();

		cpu_set_tls(t->arch.tls);
		arch_intr_restore(s);
	}
	return KERN_SUCCESS;
}

int arch_get_gdt(struct thread *t, int selector, uint64_t *desc)
{
	int i = gdt_slot(selector);

	if (i < 0)
		return KERN_INVALID_ARGUMENT;
	*desc = t->arch.tls[i];
	return KERN_SUCCESS;
}
