/*
 * kern/elf.c - the ELF program loader for bootstrap tasks (the arch's
 * class and machine: <machine/arch.h> ARCH_ELF_*).
 *
 * Decode, then act: every header is checked against the image bounds
 * before anything is mapped.
 */
#include <mach/kern_return.h>

#include <base/arch.h>
#include <kern/elf.h>
#include <base/string.h>
#include <vm/vm_map.h>

#define ELFDATA2LSB  1
#define ET_REL	     1
#define ET_EXEC	     2
#define ET_DYN	     3
#define PT_LOAD	     1
#define PT_GNU_STACK 0x6474e551
#define PF_X	     0x1
#define PF_W	     0x2
#define PF_R	     0x4

/*
 * The fields used, read from the arch's class (ARCH_ELF_CLASS: ELF64 on
 * x86_64, ELF32 on i386) with the offsets of the ELF specification.
 */
struct elf_ehdr {
	unsigned int type, machine, phentsize, phnum;
	uint64_t entry, phoff;
};

struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz;
};

#define ELF64	  (ARCH_ELF_CLASS == 2)
#define EHDR_SIZE (ELF64 ? 64u : 52u)
#define PHDR_SIZE (ELF64 ? 56u : 32u)

static uint64_t rd(const unsigned char *p, unsigned int bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0)
		v = v << 8 | p[bytes];
	return v;
}

static void elf_read_ehdr(const unsigned char *p, struct elf_ehdr *eh)
{
	eh->type = rd(p + 16, 2);
	eh->machine = rd(p + 18, 2);
	eh->entry = rd(p + 24, ELF64 ? 8 : 4);
	eh->phoff = rd(p + (ELF64 ? 32 : 28), ELF64 ? 8 : 4);
	eh->phentsize = rd(p + (ELF64 ? 54 : 42), 2);
	eh->phnum = rd(p + (ELF64 ? 56 : 44), 2);
}

static void elf_read_phdr(const unsigned char *p, struct elf_phdr *ph)
{
	ph->type = rd(p, 4);
	ph->flags = rd(p + (ELF64 ? 4 : 24), 4);
	ph->offset = rd(p + (ELF64 ? 8 : 4), ELF64 ? 8 : 4);
	ph->vaddr = rd(p + (ELF64 ? 16 : 8), ELF64 ? 8 : 4);
	ph->filesz = rd(p + (ELF64 ? 32 : 16), ELF64 ? 8 : 4);
	ph->memsz = rd(p + (ELF64 ? 40 : 20), ELF64 ? 8 : 4);
}

static int elf_prot(uint32_t flags)
{
	int prot = 0;

	if (flags & PF_R)
		prot |= VM_PROT_READ;
	if (flags & PF_W)
		prot |= VM_PROT_WRITE;
	if (flags & PF_X)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

/* Read the ELF header into *eh; false unless image holds a loadable
 * program of the arch's class and machine. */
static bool elf_check_header(const void *image, size_t size,
			     struct elf_ehdr *eh)
{
	const unsigned char *p = image;

	if (size < EHDR_SIZE || memcmp(p, "\177ELF", 4) != 0 ||
	    p[4] != ARCH_ELF_CLASS || p[5] != ELFDATA2LSB)
		return false;
	elf_read_ehdr(p, eh);
	if (eh->machine != ARCH_ELF_MACHINE)
		return false;
	if (eh->type != ET_EXEC && eh->type != ET_DYN && eh->type != ET_REL)
		return false;
	return eh->phentsize == PHDR_SIZE && eh->phoff <= size &&
	       (size - eh->phoff) / PHDR_SIZE >= eh->phnum;
}

/* Check one program header against the image and the user range. */
static bool elf_phdr_valid(const struct elf_phdr *ph, size_t size,
			   uintptr_t base)
{
	if (ph->type != PT_LOAD)
		return true;
	uint64_t start = base + ph->vaddr;
	return ph->filesz <= ph->memsz && ph->offset <= size &&
	       ph->filesz <= size - ph->offset && start >= ph->vaddr &&
	       start >= USER_ADDR_MIN && ph->memsz <= USER_ADDR_MAX &&
	       start <= USER_ADDR_MAX - ph->memsz;
}

/*
 * Map [start, end) with prot: pages already mapped by an earlier segment
 * (segments may share a boundary page) get prot added to their entry.
 */
static int elf_map_range(struct vm_map *map, uintptr_t start, uintptr_t end,
			 int prot)
{
	uintptr_t va = start;

	while (va < end) {
		struct vm_map_entry *e = vm_map_lookup(map, va);
		if (e != NULL) {
			e->prot |= prot;
			va = e->end;
			continue;
		}
		uintptr_t stop = va + PAGE_SIZE;
		while (stop < end && vm_map_lookup(map, stop) == NULL)
			stop += PAGE_SIZE;
		uintptr_t addr = va;
		int kr = vm_map_enter(map, &addr, stop - va, false, prot,
				      VM_PROT_ALL, VM_INHERIT_COPY);
		if (kr != KERN_SUCCESS)
			return kr;
		va = stop;
	}
	return KERN_SUCCESS;
}

static int elf_load_segment(struct vm_map *map, const char *image,
			    const struct elf_phdr *ph, uintptr_t base)
{
	uintptr_t start = base + ph->vaddr;
	uintptr_t first = start & ~(uintptr_t)PAGE_MASK;
	uintptr_t last =
		(start + ph->memsz + PAGE_MASK) & ~(uintptr_t)PAGE_MASK;

	if (ph->memsz == 0)
		return KERN_SUCCESS;
	int kr = elf_map_range(map, first, last, elf_prot(ph->flags));
	if (kr != KERN_SUCCESS)
		return kr;
	return vm_map_write(map, start, image + ph->offset, ph->filesz);
}

/* Program header i of a checked image. */
static void elf_phdr(const void *image, const struct elf_ehdr *eh,
		     unsigned int i, struct elf_phdr *ph)
{
	elf_read_phdr((const unsigned char *)image + eh->phoff + i * PHDR_SIZE,
		      ph);
}

int elf_load(struct vm_map *map, const void *image, size_t size,
	     struct elf_program *prog)
{
	struct elf_ehdr eh;
	struct elf_phdr ph;

	if (!elf_check_header(image, size, &eh))
		return KERN_INVALID_ARGUMENT;

	uintptr_t base = eh.type == ET_EXEC ? 0 : ELF_DYN_BASE;
	for (unsigned i = 0; i < eh.phnum; i++) {
		elf_phdr(image, &eh, i, &ph);
		if (!elf_phdr_valid(&ph, size, base))
			return KERN_INVALID_ARGUMENT;
	}

	prog->entry = base + eh.entry;
	prog->stack_prot = VM_PROT_READ | VM_PROT_WRITE;
	prog->brk = 0;
	for (unsigned i = 0; i < eh.phnum; i++) {
		elf_phdr(image, &eh, i, &ph);
		if (ph.type == PT_GNU_STACK) {
			prog->stack_prot = elf_prot(ph.flags) | VM_PROT_READ |
					   VM_PROT_WRITE;
			continue;
		}
		if (ph.type != PT_LOAD)
			continue;
		int kr = elf_load_segment(map, image, &ph, base);
		if (kr != KERN_SUCCESS)
			return kr;
		uintptr_t end = (base + ph.vaddr + ph.memsz + PAGE_MASK) &
				~(uintptr_t)PAGE_MASK;
		if (end > prog->brk)
			prog->brk = end;
	}
	return KERN_SUCCESS;
}
