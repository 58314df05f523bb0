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
 *
 * Processors: each has its own loaded pmap (struct cpu's active_pmap) and
 * LDT; a pmap keeps the mask of those that have it loaded (cpus). A
 * change that takes away a translation (remove, protect, a replaced
 * entry) or replaces the task's LDT flushes it here and, before it
 * returns, on every other processor of the mask (a TLB shootdown,
 * x86/smp.c; pmap_flush_local there also reloads the LDT, so a replaced
 * one is in no LDTR when it is freed). A kernel window page removed is
 * flushed on every other processor at its next kernel lock acquisition,
 * as on x86_64.
 *
 * Firmware tables and the local APIC beyond the direct map (ACPI tables
 * at the top of a guest's memory above 768 MiB, the APIC at 0xFEE00000)
 * are mapped at boot by pmap_boot_map: 2 MiB pages from BOOTMAP_BASE, in
 * the kernel directory (so every pmap and processor sees them), kept.
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
	uint32_t cpus;		  /* bit i: processor i has it loaded */
	unsigned long resident;	  /* present user leaf entries */
};

extern uint64_t boot_pdpt[], boot_pd[]; /* start.S, physical addresses */

static struct pmap kernel_pmap;

_Static_assert(CPU_MAX <= 32, "pmap.cpus is 32 bits");

/* pmap_boot_map's 2 MiB pages, above the kernel window. */
#define BOOTMAP_BASE  0xF8000000UL
#define BOOTMAP_SLOTS 32
_Static_assert(BOOTMAP_BASE >= KWINDOW_BASE + KWINDOW_SIZE, "boot map");
static phys_addr_t bootmap_pa[BOOTMAP_SLOTS]; /* what slot i maps */
static unsigned int bootmap_used;

/* Flush pmap's translations (and reload its LDT) on the other processors
 * that have it loaded. Lock held. */
static void pmap_shootdown(struct pmap *pmap)
{
	pmap_shootdown_cpus(pmap->cpus);
}

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
	return kernel_pmap.pdpt_pa;
}

/* The trampoline's root (x86/smp.c): a PDPT whose slots 0 and 3 both
 * point at the kernel directory, so low memory is mapped at 0 as well as
 * in the direct map. */
void pmap_tramp_root(phys_addr_t root_pa)
{
	uint64_t *root = phystokv(root_pa);

	memset(root, 0, PAGE_SIZE);
	root[0] = kernel_pmap.pdpt[3];
	root[3] = kernel_pmap.pdpt[3];
}

/* The BOOTMAP_BASE slot that maps the n 2 MiB frames from first, mapping
 * them if none does; -1 if out of slots. */
static int bootmap_slot(phys_addr_t first, unsigned int n)
{
	unsigned int i, j, pde = (BOOTMAP_BASE >> PDE_SHIFT) & 511;

	for (i = 0; i + n <= bootmap_used; i++) {
		for (j = 0; j < n && bootmap_pa[i + j] == first + j * PDE_SPAN;
		     j++)
			;
		if (j == n)
			return (int)i;
	}
	if (n > BOOTMAP_SLOTS - bootmap_used)
		return -1;
	for (j = 0; j < n; j++) {
		i = bootmap_used + j;
		bootmap_pa[i] = first + j * PDE_SPAN;
		kernel_pmap.pd[3][pde + i] =
			bootmap_pa[i] | PTE_P | PTE_W | PTE_PS;
		invlpg(BOOTMAP_BASE + i * PDE_SPAN);
	}
	bootmap_used += n;
	return (int)(bootmap_used - n);
}

void *pmap_boot_map(phys_addr_t pa, size_t len)
{
	phys_addr_t first, last;
	int slot;

	if (len == 0)
		len = 1;
	if (pa < PHYSMAP_SIZE && len <= PHYSMAP_SIZE - pa)
		return phystokv(pa);
	if (pa + len < pa || pa + len > (PTE_ADDR | PAGE_MASK) + 1)
		return NULL;
	first = pa & ~(phys_addr_t)(PDE_SPAN - 1);
	last = (pa + len - 1) & ~(phys_addr_t)(PDE_SPAN - 1);
	slot = bootmap_slot(first,
			    (unsigned int)((last - first) / PDE_SPAN) + 1);
	if (slot < 0)
		return NULL;
	return (void *)(BOOTMAP_BASE + (uintptr_t)slot * PDE_SPAN +
			(uintptr_t)(pa - first));
}

/* A shootdown request: flush the TLB, and load the LDT the loaded pmap
 * has now (pmap_ldt_set may have replaced it). */
void pmap_flush_local(void)
{
	const struct pmap *pmap = pmap_active();

	write_cr3(read_cr3());
	cpu_load_ldt(pmap->ldt, pmap->ldt_n);
}

/* Load pmap into CR3 (and its LDT) unless it is the active one.
 * Interrupts off, lock held. */
void pmap_activate(struct pmap *pmap)
{
	struct arch_cpu *c = &cpu_self()->arch;
	uint32_t bit = pmap_cpu_bit();

	if (pmap != c->active_pmap) {
		__atomic_or_fetch(&pmap->cpus, bit, __ATOMIC_RELAXED);
		write_cr3((uint32_t)pmap->pdpt_pa);
		__atomic_and_fetch(&c->active_pmap->cpus, ~bit,
				   __ATOMIC_RELAXED);
		c->active_pmap = pmap;
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
	if (pmap == pmap_active())
		cpu_load_ldt(ldt, n);
	pmap_shootdown(pmap); /* the others reload it: old is in no LDTR */
	splx(s);
	if (old != NULL && old != ldt)
		kfree(old, old_n * sizeof(*old));
}

static bool pmap_has_nx(void)
{
	return boot_nx != 0;
}

/* Flush the TLB entry of va if pmap is loaded here (the other processors:
 * pmap_shootdown). Lock held. */
static void pmap_invalidate(struct pmap *pmap, uintptr_t va)
{
	if (pmap == pmap_active())
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
	pmap->resident = 0;
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
	if (pmap == pmap_active())
		pmap_activate(&kernel_pmap);
	if (pmap->cpus != 0)
		panic("pmap_destroy: loaded on processors %#x", pmap->cpus);
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
	if (old & PTE_P) {
		pmap_invalidate(pmap, va);
		pmap_shootdown(pmap);
	}
	splx(s);
	return KERN_SUCCESS;
}

/* Above this many pages, pmap_remove of the active pmap reloads CR3. */
#define PMAP_INVLPG_MAX 16

void pmap_remove(struct pmap *pmap, uintptr_t start, uintptr_t end)
{
	spl_t s = splhigh();
	uintptr_t va = start & ~PAGE_MASK;
	bool flush_all = pmap == pmap_active() &&
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
		pmap->resident -=
			pte_count_present(pte, (stop - va) >> PAGE_SHIFT);
		memset(pte, 0, ((stop - va) >> PAGE_SHIFT) * sizeof(*pte));
		cleared = true;
		for (; !flush_all && va < stop; va += PAGE_SIZE)
			pmap_invalidate(pmap, va);
		va = stop;
	}
	if (flush_all && cleared)
		write_cr3((uint32_t)pmap->pdpt_pa);
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

int pmap_copyout_nofault(struct pmap *pmap, const void *src, uintptr_t uva,
			 size_t n, bool stay)
{
	struct pmap *cur = cpu_self()->arch.active_pmap;
	int r;

	pmap_activate(pmap);
	r = copyout_nofault(src, (void *)uva, n);
	if (r != 0 || !stay)
		pmap_activate(cur);
	return r;
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
	uint64_t *pte, old;

	check_kwindow(va);
	pte = kwindow_pte(va, false);
	if (pte == NULL)
		panic("pmap_kenter: no page table for %#lx", (unsigned long)va);
	old = *pte;
	*pte = (pa & PTE_ADDR) | PTE_P | PTE_W | (pmap_has_nx() ? PTE_NX : 0);
	invlpg(va);
	if (old & PTE_P)
		tlb_shootdown_lazy();
	splx(s);
}

/* The other processors drop a removed window page before they next take
 * the kernel lock (tlb_shootdown_lazy), as on x86_64. */
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
