/*
 * x86/pmap.h - the page-table code both x86 ports share. Their entries
 * have one format (64-bit entries: x86_64's four levels, i386's three of
 * PAE) and their leaf tables 512 entries (2 MiB). Included near the top
 * of x86_64/pmap.c and i386/pmap.c; each port then defines the static
 * functions declared here:
 *   pmap_pte        the leaf entry of a user address: allocating a
 *                   missing table when alloc (NULL if out of memory),
 *                   else NULL with *hole the size of the unmapped,
 *                   aligned region around va
 *   pmap_invalidate flush va's translation where pmap is loaded
 *   kwindow_pte     the leaf entry of a kernel window address (making a
 *                   missing table when alloc; NULL if absent)
 *   pmap_has_nx     true when NX is on (PTE_NX may be set)
 * Every function runs with the kernel lock held (pmap.c's callers take
 * it); none blocks. Not for generic code.
 */
#ifndef X86_PMAP_H
#define X86_PMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <base/arch.h>
#include <base/cpu.h>
#include <base/debug.h>
#include <base/lock.h>
#include "shared.h" /* tlb_shootdown */

#define PTE_P	 (1ULL << 0)
#define PTE_W	 (1ULL << 1)
#define PTE_U	 (1ULL << 2)
#define PTE_PS	 (1ULL << 7)
#define PTE_NX	 (1ULL << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ULL

/* What one leaf table maps. */
#define PDE_SPAN (1UL << 21)

struct pmap;
static uint64_t *pmap_pte(struct pmap *pmap, uintptr_t va, bool alloc,
			  uintptr_t *hole);
static void pmap_invalidate(struct pmap *pmap, uintptr_t va);
static uint64_t *kwindow_pte(uintptr_t va, bool alloc);
static bool pmap_has_nx(void);
/* The port's count of present user leaf entries (pmap_resident_count). */
static void pmap_resident_add(struct pmap *pmap, long n);

/* This processor's bit in a pmap's cpus mask. Interrupts off. */
static inline uint32_t pmap_cpu_bit(void)
{
	return 1U << cpu_self()->index;
}

/* The pmap loaded here. Interrupts off. */
static inline struct pmap *pmap_active(void)
{
	return cpu_self()->arch.active_pmap;
}

/* Flush the translations of a pmap loaded on the processors of mask cpus
 * on those other than this one. Lock held. */
static inline void pmap_shootdown_cpus(uint32_t cpus)
{
	uint32_t others = cpus & ~pmap_cpu_bit();

	if (others != 0)
		tlb_shootdown(others);
}

/* Present entries among the n leaf entries at pte. */
static inline unsigned long pte_count_present(const uint64_t *pte,
					      unsigned long n)
{
	unsigned long present = 0;

	for (unsigned long i = 0; i < n; i++)
		present += pte[i] & PTE_P;
	return present;
}

/* Leaf entry bits for PMAP_PROT_* rights. */
static uint64_t pte_bits(int prot)
{
	uint64_t bits = PTE_P | PTE_U;

	if (prot & PMAP_PROT_WRITE)
		bits |= PTE_W;
	if (!(prot & PMAP_PROT_EXECUTE) && pmap_has_nx())
		bits |= PTE_NX;
	return bits;
}

static void check_user_range(uintptr_t start, uintptr_t end)
{
	if (start > end || end > USER_ADDR_MAX)
		panic("pmap: bad user range [0x%lx, 0x%lx)",
		      (unsigned long)start, (unsigned long)end);
}

/* Apply f to every present leaf entry in [start, end), skipping unmapped
 * regions a whole table at a time. */
static void pmap_range(struct pmap *pmap, uintptr_t start, uintptr_t end,
		       void (*f)(struct pmap *, uintptr_t, uint64_t *, int),
		       int prot)
{
	uintptr_t va = start & ~PAGE_MASK;

	check_user_range(start, end);
	while (va < end) {
		uintptr_t hole;
		uint64_t *pte = pmap_pte(pmap, va, false, &hole);

		if (pte == NULL) {
			va = (va & ~(hole - 1)) + hole;
			if (va == 0)
				break;
			continue;
		}
		/* The rest of this leaf table, entry by entry. */
		do {
			if (*pte & PTE_P)
				f(pmap, va, pte, prot);
			va += PAGE_SIZE;
			pte++;
		} while (va < end && (va & (PDE_SPAN - 1)) != 0);
	}
}

static void pte_clear(struct pmap *pmap, uintptr_t va, uint64_t *pte, int prot)
{
	*pte = 0;
	pmap_resident_add(pmap, -1);
	pmap_invalidate(pmap, va);
}

static void pte_reprotect(struct pmap *pmap, uintptr_t va, uint64_t *pte,
			  int prot)
{
	*pte = (*pte & PTE_ADDR) | pte_bits(prot);
	pmap_invalidate(pmap, va);
}

static void check_kwindow(uintptr_t va)
{
	if (va < KWINDOW_BASE || va - KWINDOW_BASE >= KWINDOW_SIZE ||
	    (va & PAGE_MASK))
		panic("pmap: %#lx is not a kernel window page",
		      (unsigned long)va);
}

bool pmap_kextract(uintptr_t va, phys_addr_t *pa)
{
	spl_t s = splhigh();
	uint64_t *pte;
	bool found;

	check_kwindow(va);
	pte = kwindow_pte(va, false);
	found = pte != NULL && (*pte & PTE_P);
	if (found)
		*pa = *pte & PTE_ADDR;
	splx(s);
	return found;
}

#endif /* X86_PMAP_H */
