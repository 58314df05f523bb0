/*
 * x86_64/pmap.c - 4-level page tables.
 *
 * The kernel half (PML4 slots 256-511) is the boot page tables: the
 * physmap (slot 256) and the kernel image (slot 511), 2 MiB pages, never
 * changed after boot; every user pmap copies those slots. User mappings
 * are 4 KiB pages with PTE_USER, NX unless executable (when the CPU has
 * NX). Page-table pages are VM_PAGE_TABLE pages, freed by pmap_destroy.
 *
 * Each function runs under the kernel lock (taken inside); none blocks.
 *
 * Processors: each has its own loaded pmap (struct cpu's active_pmap); a
 * pmap keeps the mask of those that have it loaded (cpus). A change that
 * takes away a translation (remove, protect, a replaced entry) flushes it
 * here and, before it returns, on every other processor of the mask (a
 * TLB shootdown, x86/smp.c). A kernel window page removed is flushed
 * on every other processor at its next kernel lock acquisition: only
 * code under the lock touches window pages but the running thread's
 * own, which stay mapped while it lives.
 */
#include <base/arch.h>
#include <base/cpu.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/string.h>
#include <mach/kern_return.h>
#include <base/vm_page.h>
#include "x86.h"
#include "../x86/pmap.h" /* PTE_*, the leaf-level helpers */

#define PML4_KERNEL_FIRST 256

extern uint64_t boot_pml4[]; /* start.S, linked at its physical address */
extern char _end[];

static struct pmap kernel_pmap;

_Static_assert(CPU_MAX <= 32, "pmap.cpus is 32 bits");

/* Flush pmap's translations on the other processors that have it loaded.
 * Lock held. */
static void pmap_shootdown(struct pmap *pmap)
{
	pmap_shootdown_cpus(pmap->cpus);
}

void *phystokv(phys_addr_t pa)
{
	return (void *)(PHYSMAP_BASE + pa);
}

phys_addr_t kvtophys(const void *va)
{
	uintptr_t a = (uintptr_t)va;

	if (a >= KERNEL_BASE)
		return a - KERNEL_BASE;
	if (a >= PHYSMAP_BASE && a < PHYSMAP_BASE + PHYSMAP_SIZE)
		return a - PHYSMAP_BASE;
	panic("kvtophys: %p is not a direct-mapped address", va);
}

/* Take over the boot tables and drop their identity map of 0-4 GiB.
 * Interrupts off; once, at boot, after the GDT left low memory. */
void pmap_bootstrap(void)
{
	kernel_pmap.pml4_pa = (phys_addr_t)(uintptr_t)boot_pml4;
	kernel_pmap.pml4 = phystokv(kernel_pmap.pml4_pa);
	kernel_pmap.pml4[0] = 0;
	write_cr3(kernel_pmap.pml4_pa);
	pmap_cpu_init();
}

/* This processor runs on the kernel pmap (its CR3 already). Interrupts
 * off. */
void pmap_cpu_init(void)
{
	cpu_self()->arch.active_pmap = &kernel_pmap;
	__atomic_or_fetch(&kernel_pmap.cpus, pmap_cpu_bit(), __ATOMIC_RELAXED);
}

struct pmap *pmap_kernel(void)
{
	return &kernel_pmap;
}

phys_addr_t pmap_kernel_root_pa(void)
{
	return kernel_pmap.pml4_pa;
}

/* The trampoline's root: the kernel half of the kernel's, and the low 4
 * GiB at 0 through the same directory as the direct map. */
void pmap_tramp_root(phys_addr_t root_pa)
{
	uint64_t *root = phystokv(root_pa);

	memset(root, 0, PAGE_SIZE);
	for (unsigned int i = PML4_KERNEL_FIRST; i < 512; i++)
		root[i] = kernel_pmap.pml4[i];
	root[0] = kernel_pmap.pml4[PHYSMAP_BASE >> 39 & 511];
}

/* The direct map covers the low 4 GiB, where the firmware's tables and
 * the local APIC are. */
void *pmap_boot_map(phys_addr_t pa, size_t len)
{
	if (pa >= PHYSMAP_SIZE || len > PHYSMAP_SIZE - pa)
		return NULL;
	return phystokv(pa);
}

void pmap_flush_local(void)
{
	write_cr3(read_cr3());
}

/* Load pmap into CR3 unless it is the active one. Interrupts off. */
void pmap_activate(struct pmap *pmap)
{
	struct arch_cpu *c = &cpu_self()->arch;

	if (pmap != c->active_pmap)
		pmap_load(c, pmap);
}

static bool pmap_has_nx(void)
{
	return cpu_has_nx;
}

/* Flush the TLB entry of va if pmap is loaded here (the other processors:
 * pmap_shootdown). Lock held. */
static void pmap_invalidate(struct pmap *pmap, uintptr_t va)
{
	if (pmap == pmap_active())
		invlpg(va);
}

/*
 * The leaf entry for user address va. Missing tables are allocated when
 * alloc (NULL if out of memory); otherwise NULL is returned and *hole
 * gets the size of the unmapped, aligned region around va. Lock held.
 */
static uint64_t *pmap_pte(struct pmap *pmap, uintptr_t va, bool alloc,
			  uintptr_t *hole)
{
	uint64_t *table = pmap->pml4;
	unsigned int shift;

	for (shift = 39; shift > PAGE_SHIFT; shift -= 9) {
		uint64_t *e = &table[(va >> shift) & 511];

		if (!(*e & PTE_P)) {
			struct vm_page *pg;

			if (!alloc) {
				*hole = 1UL << shift;
				return NULL;
			}
			pg = vm_page_alloc_zeroed(VM_PAGE_TABLE);
			if (pg == NULL)
				return NULL;
			*e = pg->phys | PTE_P | PTE_W | PTE_U;
		}
		table = phystokv(*e & PTE_ADDR);
	}
	return &table[(va >> PAGE_SHIFT) & 511];
}

struct pmap *pmap_create(void)
{
	struct pmap *pmap = kalloc(sizeof(*pmap));
	struct vm_page *pg;
	unsigned int i;

	if (pmap == NULL)
		return NULL;
	pg = vm_page_alloc_zeroed(VM_PAGE_TABLE);
	if (pg == NULL) {
		kfree(pmap, sizeof(*pmap));
		return NULL;
	}
	pmap->pml4_pa = pg->phys;
	pmap->pml4 = phystokv(pg->phys);
	pmap->resident = 0;
	for (i = PML4_KERNEL_FIRST; i < 512; i++)
		pmap->pml4[i] = kernel_pmap.pml4[i];
	return pmap;
}

/* Free the table at pa and, for level > 1, the tables it points to. */
static void pmap_free_table(phys_addr_t pa, int level)
{
	uint64_t *t = phystokv(pa);
	unsigned int i;

	for (i = 0; level > 1 && i < 512; i++)
		if (t[i] & PTE_P)
			pmap_free_table(t[i] & PTE_ADDR, level - 1);
	vm_page_free(vm_page_lookup(pa));
}

/* Present leaf entries under the n first entries of table, a table of
 * level levels above the leaves (0: a page table). */
static unsigned long count_present(const uint64_t *table, unsigned int level,
				   unsigned int n)
{
	unsigned long count = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (!(table[i] & PTE_P))
			continue;
		count += level == 0
				 ? 1
				 : count_present(phystokv(table[i] & PTE_ADDR),
						 level - 1, 512);
	}
	return count;
}

void pmap_destroy(struct pmap *pmap)
{
	spl_t s = splhigh();
	unsigned int i;

	if (pmap == &kernel_pmap)
		panic("pmap_destroy: the kernel pmap");
	if (pmap == pmap_active())
		pmap_activate(&kernel_pmap);
	if (pmap->cpus != 0)
		panic("pmap_destroy: loaded on processors %#x", pmap->cpus);
	if (pmap->resident != count_present(pmap->pml4, 3, PML4_KERNEL_FIRST))
		panic("pmap_destroy: %lu pages counted resident, %lu mapped",
		      pmap->resident,
		      count_present(pmap->pml4, 3, PML4_KERNEL_FIRST));
	for (i = 0; i < PML4_KERNEL_FIRST; i++)
		if (pmap->pml4[i] & PTE_P)
			pmap_free_table(pmap->pml4[i] & PTE_ADDR, 3);
	vm_page_free(vm_page_lookup(pmap->pml4_pa));
	splx(s);
	kfree(pmap, sizeof(*pmap));
}

int pmap_enter(struct pmap *pmap, uintptr_t va, phys_addr_t pa, int prot)
{
	spl_t s = splhigh();
	uint64_t *pte, old;

	check_user_range(va, va + PAGE_SIZE);
	pte = pmap_pte(pmap, va, true, NULL);
	if (pte == NULL) {
		splx(s);
		return KERN_RESOURCE_SHORTAGE;
	}
	old = *pte;
	*pte = (pa & PTE_ADDR) | pte_bits(prot);
	if (!(old & PTE_P))
		pmap->resident++;
	if (old & PTE_P) {
		pmap_invalidate(pmap, va);
		pmap_shootdown(pmap);
	}
	splx(s);
	return KERN_SUCCESS;
}

/* Present entries among the n leaf entries at pte (each zero or
 * present), counted a run at a time: repe scasq passes a run of zero
 * entries, repne scasq a run of present ones, one step (one instruction
 * under -icount) an entry. */
static unsigned long pte_count_runs(const uint64_t *pte, unsigned long n)
{
	unsigned long present = 0, before;
	bool stopped;

	while (n > 0) {
		__asm__ volatile("repe scasq"
				 : "+D"(pte), "+c"(n), "=@ccnz"(stopped)
				 : "a"(0UL), "m"(*(const uint64_t(*)[n])pte));
		if (!stopped)
			break; /* the rest is zero */
		present++;     /* the entry the scan stopped past */
		if (n == 0)
			break;
		before = n;
		__asm__ volatile("repne scasq"
				 : "+D"(pte), "+c"(n), "=@ccz"(stopped)
				 : "a"(0UL), "m"(*(const uint64_t(*)[n])pte));
		present += before - n - (stopped ? 1 : 0);
	}
	return present;
}

/* Above this many pages, pmap_remove of the active pmap reloads CR3 (one
 * flush of every user translation) instead of invalidating page by page. */
#define PMAP_INVLPG_MAX 16

/*
 * Leaf tables are cleared a run at a time (pte_count_runs counts the
 * present entries for pmap_resident_count, memset clears them): removing a
 * range costs its leaf tables plus a step per entry, not a table walk per page.
 */
void pmap_remove(struct pmap *pmap, uintptr_t start, uintptr_t end)
{
	spl_t s = splhigh();
	uintptr_t va = start & ~PAGE_MASK;
	bool active = pmap == pmap_active();
	bool flush_all = active && (end - va) >> PAGE_SHIFT > PMAP_INVLPG_MAX;
	bool cleared = false;

	check_user_range(start, end);
	while (va < end) {
		uintptr_t hole, stop = (va | (PDE_SPAN - 1)) + 1;
		uint64_t *pte = pmap_pte(pmap, va, false, &hole);

		if (pte == NULL) {
			va = (va & ~(hole - 1)) + hole;
			continue;
		}
		if (stop > end)
			stop = (end + PAGE_MASK) & ~PAGE_MASK;
		pmap->resident -=
			pte_count_runs(pte, (stop - va) >> PAGE_SHIFT);
		memset(pte, 0, ((stop - va) >> PAGE_SHIFT) * sizeof(*pte));
		cleared = true;
		if (active && !flush_all)
			for (; va < stop; va += PAGE_SIZE)
				invlpg(va);
		va = stop;
	}
	if (flush_all && cleared)
		write_cr3(pmap->pml4_pa);
	if (cleared)
		pmap_shootdown(pmap);
	splx(s);
}

void pmap_protect(struct pmap *pmap, uintptr_t start, uintptr_t end, int prot)
{
	spl_t s = splhigh();

	pmap_range(pmap, start, end, prot == 0 ? pte_clear : pte_reprotect,
		   prot);
	pmap_shootdown(pmap);
	splx(s);
}

/* Kept by pmap_enter, pmap_remove and pmap_protect to none. Lock held. */
static void pmap_resident_add(struct pmap *pmap, long n)
{
	pmap->resident += (unsigned long)n;
}

unsigned long pmap_resident_count(struct pmap *pmap)
{
	return pmap->resident;
}

bool pmap_extract(struct pmap *pmap, uintptr_t va, phys_addr_t *pa)
{
	spl_t s = splhigh();
	uintptr_t hole;
	uint64_t *pte;
	bool found = false;

	if (va >= USER_ADDR_MAX) { /* kernel half: fixed, direct mapped */
		splx(s);
		if (va >= KWINDOW_BASE && va - KWINDOW_BASE < KWINDOW_SIZE)
			return pmap_kextract(va & ~PAGE_MASK, pa) &&
			       (*pa += va & PAGE_MASK, true);
		if ((va >= PHYSMAP_BASE && va < PHYSMAP_BASE + PHYSMAP_SIZE) ||
		    (va >= KERNEL_BASE && va < KERNEL_BASE + (1UL << 30))) {
			*pa = kvtophys((const void *)va);
			return true;
		}
		return false;
	}
	pte = pmap_pte(pmap, va, false, &hole);
	if (pte != NULL && (*pte & PTE_P)) {
		*pa = (*pte & PTE_ADDR) | (va & PAGE_MASK);
		found = true;
	}
	splx(s);
	return found;
}

void *pmap_user_kaddr(struct pmap *pmap, uintptr_t va, bool write)
{
	uint64_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
	uint64_t *table = pmap->pml4;
	unsigned int shift;
	phys_addr_t pa;

	if (va >= USER_ADDR_MAX)
		return NULL;
	for (shift = 39; shift > PAGE_SHIFT; shift -= 9) {
		uint64_t e = table[(va >> shift) & 511];

		if (!(e & PTE_P))
			return NULL;
		table = phystokv(e & PTE_ADDR);
	}
	if ((table[(va >> PAGE_SHIFT) & 511] & need) != need)
		return NULL;
	pa = (table[(va >> PAGE_SHIFT) & 511] & PTE_ADDR) | (va & PAGE_MASK);
	return pa < PHYSMAP_SIZE ? phystokv(pa) : NULL;
}

int pmap_copyout_nofault(struct pmap *pmap, const void *src, uintptr_t uva,
			 size_t n, bool stay)
{
	struct arch_cpu *c = &cpu_self()->arch;
	struct pmap *cur = c->active_pmap;
	int r;

	if (pmap != cur)
		pmap_load(c, pmap);
	r = copyout_nofault(src, (void *)uva, n);
	if ((r != 0 || !stay) && pmap != cur)
		pmap_load(c, cur);
	return r;
}

void arch_copy(void *dst, const void *src, size_t n)
{
	size_t words = n / 8, bytes = n % 8;

	__asm__ volatile("rep movsq\n\tmovq %3, %%rcx\n\trep movsb"
			 : "+D"(dst), "+S"(src), "+c"(words)
			 : "r"(bytes)
			 : "memory");
}

/* ---- The kernel window ------------------------------------------------- */

/* The leaf entry for window address va in the kernel tables (shared by
 * every pmap through PML4 slot 511), making missing tables (kernel only:
 * no PTE_U) when alloc; NULL if out of memory or absent. Lock held. */
static uint64_t *kwindow_pte(uintptr_t va, bool alloc)
{
	uint64_t *table = kernel_pmap.pml4;

	for (unsigned int shift = 39; shift > PAGE_SHIFT; shift -= 9) {
		uint64_t *e = &table[(va >> shift) & 511];

		if (!(*e & PTE_P)) {
			struct vm_page *pg;

			if (!alloc)
				return NULL;
			pg = vm_page_alloc_zeroed(VM_PAGE_TABLE);
			if (pg == NULL)
				return NULL;
			*e = pg->phys | PTE_P | PTE_W;
		}
		table = phystokv(*e & PTE_ADDR);
	}
	return &table[(va >> PAGE_SHIFT) & 511];
}

uintptr_t pmap_kwindow(size_t *size)
{
	spl_t s = splhigh();

	*size = KWINDOW_SIZE;
	for (uintptr_t va = KWINDOW_BASE; va - KWINDOW_BASE < KWINDOW_SIZE;
	     va += PDE_SPAN)
		if (kwindow_pte(va, true) == NULL)
			*size = 0;
	splx(s);
	return KWINDOW_BASE;
}

void pmap_kenter(uintptr_t va, phys_addr_t pa)
{
	spl_t s = splhigh();
	uint64_t *pte, old;

	check_kwindow(va);
	pte = kwindow_pte(va, false);
	if (pte == NULL)
		panic("pmap_kenter: no page table for %#lx", va);
	old = *pte;
	*pte = (pa & PTE_ADDR) | PTE_P | PTE_W | (pmap_has_nx() ? PTE_NX : 0);
	invlpg(va);
	if (old & PTE_P)
		tlb_shootdown_lazy();
	splx(s);
}

/* Window mappings are not global: other address spaces drop theirs from
 * the TLB when their CR3 is loaded; the other processors flush theirs
 * before they next take the kernel lock (tlb_shootdown_lazy). */
void pmap_kremove(uintptr_t va)
{
	spl_t s = splhigh();
	uint64_t *pte;

	check_kwindow(va);
	pte = kwindow_pte(va, false);
	if (pte != NULL) {
		*pte = 0;
		invlpg(va);
		tlb_shootdown_lazy();
	}
	splx(s);
}
