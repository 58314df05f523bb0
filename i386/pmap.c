/*
 * i386/pmap.c - PAE page tables (3 levels: a 4-entry PDPT, page
 * directories of 512 entries of 2 MiB, page tables of 512 4 KiB entries).
 *
 * PDPT slot 3 (0xC0000000 .. 4 GiB) is the kernel's page directory, made
 * by start.S: the direct map (2 MiB pages, fixed after boot) and the
 * kernel window's page tables (made once by pmap_kwindow). Every pmap
 * points its slot 3 at that same directory, so kernel mappings are shared.
 * A user pmap gets its own PDPT and three page directories for slots 0-2
 * at creation: PDPT entries are only read when CR3 is loaded, so they
 * never change afterwards. User mappings are 4 KiB pages with PTE_U, NX
 * unless executable (when the CPU has NX). Page-table pages are
 * VM_PAGE_TABLE pages, freed by pmap_destroy. All of them lie in the
 * direct map (below 768 MiB), so CR3 (32 bits) can hold the PDPT's
 * address.
 *
 * Each function runs under the kernel lock (taken inside); none blocks.
 */
#include <base/arch.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/string.h>
#include <mach/kern_return.h>
#include <base/vm_page.h>
#include "x86.h"
#include "../x86/pmap.h" /* PTE_*, the leaf-level helpers */

#define USER_PDS   3 /* PDPT slots 0-2 */
#define PD_SHIFT   30
#define PDE_SHIFT  21 /* PDE_SPAN: x86/pmap.h */
#define KERNEL_PDS 4

struct pmap {
	uint64_t *pdpt; /* direct-map address */
	phys_addr_t pdpt_pa;
	uint64_t *pd[KERNEL_PDS]; /* direct-map addresses of the PDs */
	uint64_t *ldt;		  /* the task's private LDT (kalloc), or NULL */
	unsigned int ldt_n;	  /* its entries */
	unsigned long resident;	  /* present leaf entries of the user half */
};

static void pmap_unmapped(struct pmap *pmap, unsigned long n)
{
	pmap->resident -= n;
}

extern uint64_t boot_pdpt[], boot_pd[]; /* start.S, physical addresses */

static struct pmap kernel_pmap;
static struct pmap *active_pmap = &kernel_pmap;

void *phystokv(phys_addr_t pa)
{
	return (void *)(uintptr_t)(PHYSMAP_BASE + pa);
}

phys_addr_t kvtophys(const void *va)
{
	uintptr_t a = (uintptr_t)va;

	if (a >= PHYSMAP_BASE && a - PHYSMAP_BASE < PHYSMAP_SIZE)
		return a - PHYSMAP_BASE;
	panic("kvtophys: %p is not a direct-mapped address", va);
}

/* Take over the boot tables and drop their identity map. Interrupts off;
 * once, at boot. */
void pmap_bootstrap(void)
{
	kernel_pmap.pdpt_pa = (phys_addr_t)(uintptr_t)boot_pdpt;
	kernel_pmap.pdpt = phystokv(kernel_pmap.pdpt_pa);
	kernel_pmap.pd[3] = phystokv((phys_addr_t)(uintptr_t)boot_pd);
	kernel_pmap.pdpt[0] = 0;
	write_cr3((uint32_t)kernel_pmap.pdpt_pa);
}

struct pmap *pmap_kernel(void)
{
	return &kernel_pmap;
}

/* Load pmap into CR3 unless it is the active one. Interrupts off. */
void pmap_activate(struct pmap *pmap)
{
	if (pmap != active_pmap) {
		write_cr3((uint32_t)pmap->pdpt_pa);
		active_pmap = pmap;
		cpu_load_ldt(pmap->ldt, pmap->ldt_n);
	}
}

uint64_t *pmap_ldt(struct pmap *pmap, unsigned int *n)
{
	*n = pmap->ldt_n;
	return pmap->ldt;
}

void pmap_ldt_set(struct pmap *pmap, uint64_t *ldt, unsigned int n)
{
	spl_t s = splhigh();
	uint64_t *old = pmap->ldt;
	unsigned int old_n = pmap->ldt_n;

	pmap->ldt = ldt;
	pmap->ldt_n = n;
	if (pmap == active_pmap)
		cpu_load_ldt(ldt, n);
	splx(s);
	if (old != NULL && old != ldt)
		kfree(old, old_n * sizeof(*old));
}

static bool pmap_has_nx(void)
{
	return boot_nx != 0;
}

/* Flush the TLB entry of va if pmap is loaded. Lock held. */
static void pmap_invalidate(struct pmap *pmap, uintptr_t va)
{
	if (pmap == active_pmap)
		invlpg(va);
}

/*
 * The leaf entry for va (a user address, or a kernel window address in
 * the kernel pmap). A missing page table is allocated when alloc (NULL if
 * out of memory) with bits; otherwise NULL is returned and *hole gets the
 * size of the unmapped, aligned region around va. Lock held.
 */
static uint64_t *pmap_pte_bits(struct pmap *pmap, uintptr_t va, bool alloc,
			       uintptr_t *hole, uint64_t bits)
{
	uint64_t *pde = &pmap->pd[va >> PD_SHIFT][(va >> PDE_SHIFT) & 511];

	if (!(*pde & PTE_P)) {
		struct vm_page *pg;

		if (!alloc) {
			*hole = PDE_SPAN;
			return NULL;
		}
		pg = vm_page_alloc_zeroed(VM_PAGE_TABLE);
		if (pg == NULL)
			return NULL;
		*pde = pg->phys | bits;
	}
	return (uint64_t *)phystokv(*pde & PTE_ADDR) +
	       ((va >> PAGE_SHIFT) & 511);
}

static uint64_t *pmap_pte(struct pmap *pmap, uintptr_t va, bool alloc,
			  uintptr_t *hole)
{
	return pmap_pte_bits(pmap, va, alloc, hole, PTE_P | PTE_W | PTE_U);
}

/* Free the pages of a partly made pmap. */
static void pmap_free_tables(struct pmap *pmap)
{
	for (unsigned int i = 0; i < USER_PDS; i++)
		if (pmap->pd[i] != NULL)
			vm_page_free(vm_page_lookup(kvtophys(pmap->pd[i])));
	if (pmap->pdpt != NULL)
		vm_page_free(vm_page_lookup(pmap->pdpt_pa));
	kfree(pmap, sizeof(*pmap));
}

struct pmap *pmap_create(void)
{
	struct pmap *pmap = kalloc(sizeof(*pmap));
	struct vm_page *pg;

	if (pmap == NULL)
		return NULL;
	memset(pmap, 0, sizeof(*pmap));
	pg = vm_page_alloc_zeroed(VM_PAGE_TABLE);
	if (pg == NULL) {
		pmap_free_tables(pmap);
		return NULL;
	}
	pmap->pdpt_pa = pg->phys;
	pmap->pdpt = phystokv(pg->phys);
	for (unsigned int i = 0; i < USER_PDS; i++) {
		pg = vm_page_alloc_zeroed(VM_PAGE_TABLE);
		if (pg == NULL) {
			pmap_free_tables(pmap);
			return NULL;
		}
		pmap->pd[i] = phystokv(pg->phys);
		pmap->pdpt[i] = pg->phys | PTE_P;
	}
	pmap->pd[3] = kernel_pmap.pd[3];
	pmap->pdpt[3] = kernel_pmap.pdpt[3];
	return pmap;
}

void pmap_destroy(struct pmap *pmap)
{
	spl_t s = splhigh();

	if (pmap == &kernel_pmap)
		panic("pmap_destroy: the kernel pmap");
	if (pmap == active_pmap)
		pmap_activate(&kernel_pmap);
	for (unsigned int i = 0; i < USER_PDS; i++)
		for (unsigned int j = 0; j < 512; j++)
			if (pmap->pd[i][j] & PTE_P)
				vm_page_free(vm_page_lookup(pmap->pd[i][j] &
							    PTE_ADDR));
	splx(s);
	if (pmap->ldt != NULL)
		kfree(pmap->ldt, pmap->ldt_n * sizeof(*pmap->ldt));
	pmap_free_tables(pmap);
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
	if (old & PTE_P)
		pmap_invalidate(pmap, va);
	splx(s);
	return KERN_SUCCESS;
}

/* Above this many pages, pmap_remove of the active pmap reloads CR3. */
#define PMAP_INVLPG_MAX 16

void pmap_remove(struct pmap *pmap, uintptr_t start, uintptr_t end)
{
	spl_t s = splhigh();
	uintptr_t va = start & ~PAGE_MASK;
	bool flush_all = pmap == active_pmap &&
			 (end - va) >> PAGE_SHIFT > PMAP_INVLPG_MAX;
	bool cleared = false;

	check_user_range(start, end);
	while (va < end) {
		uintptr_t hole, stop = (va | (PDE_SPAN - 1)) + 1;
		uint64_t *pte = pmap_pte(pmap, va, false, &hole);

		if (pte == NULL) {
			va = (va & ~(hole - 1)) + hole;
			continue;
		}
		if (stop > end || stop == 0)
			stop = (end + PAGE_MASK) & ~PAGE_MASK;
		pmap_unmapped(pmap, pte_count_present(pte, (stop - va) >>
								   PAGE_SHIFT));
		memset(pte, 0, ((stop - va) >> PAGE_SHIFT) * sizeof(*pte));
		cleared = true;
		for (; !flush_all && va < stop; va += PAGE_SIZE)
			pmap_invalidate(pmap, va);
		va = stop;
	}
	if (flush_all && cleared)
		write_cr3((uint32_t)pmap->pdpt_pa);
	splx(s);
}

void pmap_protect(struct pmap *pmap, uintptr_t start, uintptr_t end, int prot)
{
	spl_t s = splhigh();

	pmap_range(pmap, start, end, prot == 0 ? pte_clear : pte_reprotect,
		   prot);
	splx(s);
}

/* Counted as entries are made and cleared (pmap_enter, pmap_unmapped):
 * task_info's resident size without a walk of the tables. */
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

	if (va >= USER_ADDR_MAX) { /* kernel: fixed, direct mapped */
		splx(s);
		if (va >= KWINDOW_BASE && va - KWINDOW_BASE < KWINDOW_SIZE)
			return pmap_kextract(va & ~PAGE_MASK, pa) &&
			       (*pa += va & PAGE_MASK, true);
		if (va - PHYSMAP_BASE < PHYSMAP_SIZE) {
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
	uint64_t pde, pte;
	phys_addr_t pa;

	if (va >= USER_ADDR_MAX)
		return NULL;
	pde = pmap->pd[va >> PD_SHIFT][(va >> PDE_SHIFT) & 511];
	if (!(pde & PTE_P))
		return NULL;
	pte = ((uint64_t *)phystokv(pde & PTE_ADDR))[(va >> PAGE_SHIFT) & 511];
	if ((pte & need) != need)
		return NULL;
	pa = (pte & PTE_ADDR) | (va & PAGE_MASK);
	return pa < PHYSMAP_SIZE ? phystokv(pa) : NULL;
}

void arch_copy(void *dst, const void *src, size_t n)
{
	size_t words = n / 4, bytes = n % 4;

	__asm__ volatile("rep movsl\n\tmovl %3, %%ecx\n\trep movsb"
			 : "+D"(dst), "+S"(src), "+c"(words)
			 : "r"(bytes)
			 : "memory");
}

/* ---- The kernel window ------------------------------------------------- */

/* The leaf entry for window address va in the kernel directory (shared by
 * every pmap through PDPT slot 3), making a missing table (kernel only: no
 * PTE_U) when alloc; NULL if out of memory or absent. Lock held. */
static uint64_t *kwindow_pte(uintptr_t va, bool alloc)
{
	uintptr_t hole;

	return pmap_pte_bits(&kernel_pmap, va, alloc, &hole, PTE_P | PTE_W);
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
	uint64_t *pte;

	check_kwindow(va);
	pte = kwindow_pte(va, false);
	if (pte == NULL)
		panic("pmap_kenter: no page table for %#lx", (unsigned long)va);
	*pte = (pa & PTE_ADDR) | PTE_P | PTE_W | (pmap_has_nx() ? PTE_NX : 0);
	invlpg(va);
	splx(s);
}

void pmap_kremove(uintptr_t va)
{
	spl_t s = splhigh();
	uint64_t *pte;

	check_kwindow(va);
	pte = kwindow_pte(va, false);
	if (pte != NULL) {
		*pte = 0;
		invlpg(va);
	}
	splx(s);
}
