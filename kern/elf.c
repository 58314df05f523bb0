/*
 * kern/elf.c - the ELF64 program loader for bootstrap tasks.
 *
 * Decode, then act: every header is checked against the image bounds
 * before anything is mapped.
 */
#include <mach/kern_return.h>

#include <base/arch.h>
#include <kern/elf.h>
#include <base/string.h>
#include <vm/vm_map.h>

#define EI_NIDENT    16
#define ELFCLASS64   2
#define ELFDATA2LSB  1
#define ET_REL	     1
#define ET_EXEC	     2
#define ET_DYN	     3
#define EM_X86_64    62
#define PT_LOAD	     1
#define PT_GNU_STACK 0x6474e551
#define PF_X	     0x1
#define PF_W	     0x2
#define PF_R	     0x4

struct elf64_ehdr {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

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

/* The ELF header, if image holds a loadable ELF64 x86_64 program. */
static const struct elf64_ehdr *elf_check_header(const void *image, size_t size)
{
	const struct elf64_ehdr *eh = image;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) != 0 ||
	    eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_machine != EM_X86_64)
		return NULL;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN &&
	    eh->e_type != ET_REL)
		return NULL;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) ||
	    eh->e_phoff > size ||
	    (size - eh->e_phoff) / sizeof(struct elf64_phdr) < eh->e_phnum)
		return NULL;
	return eh;
}

/* Check one program header against the image and the user range. */
static bool elf_phdr_valid(const struct elf64_phdr *ph, size_t size,
			   uintptr_t base)
{
	if (ph->p_type != PT_LOAD)
		return true;
	uint64_t start = base + ph->p_vaddr;
	return ph->p_filesz <= ph->p_memsz && ph->p_offset <= size &&
	       ph->p_filesz <= size - ph->p_offset && start >= ph->p_vaddr &&
	       start >= USER_ADDR_MIN && ph->p_memsz <= USER_ADDR_MAX &&
	       start <= USER_ADDR_MAX - ph->p_memsz;
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
			    const struct elf64_phdr *ph, uintptr_t base)
{
	uintptr_t start = base + ph->p_vaddr;
	uintptr_t first = start & ~(uintptr_t)PAGE_MASK;
	uintptr_t last =
		(start + ph->p_memsz + PAGE_MASK) & ~(uintptr_t)PAGE_MASK;

	if (ph->p_memsz == 0)
		return KERN_SUCCESS;
	int kr = elf_map_range(map, first, last, elf_prot(ph->p_flags));
	if (kr != KERN_SUCCESS)
		return kr;
	return vm_map_write(map, start, image + ph->p_offset, ph->p_filesz);
}

int elf_load(struct vm_map *map, const void *image, size_t size,
	     struct elf_program *prog)
{
	const struct elf64_ehdr *eh = elf_check_header(image, size);
	if (eh == NULL)
		return KERN_INVALID_ARGUMENT;

	uintptr_t base = eh->e_type == ET_EXEC ? 0 : ELF_DYN_BASE;
	const struct elf64_phdr *ph =
		(const void *)((const char *)image + eh->e_phoff);

	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (!elf_phdr_valid(&ph[i], size, base))
			return KERN_INVALID_ARGUMENT;

	prog->entry = base + eh->e_entry;
	prog->stack_prot = VM_PROT_READ | VM_PROT_WRITE;
	prog->brk = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_GNU_STACK) {
			prog->stack_prot = elf_prot(ph[i].p_flags) |
					   VM_PROT_READ | VM_PROT_WRITE;
			continue;
		}
		if (ph[i].p_type != PT_LOAD)
			continue;
		int kr = elf_load_segment(map, image, &ph[i], base);
		if (kr != KERN_SUCCESS)
			return kr;
		uintptr_t end =
			(base + ph[i].p_vaddr + ph[i].p_memsz + PAGE_MASK) &
			~(uintptr_t)PAGE_MASK;
		if (end > prog->brk)
			prog->brk = end;
	}
	return KERN_SUCCESS;
}
