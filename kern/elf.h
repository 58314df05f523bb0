/*
 * kern/elf.h - loading a static ELF64 x86_64 program into a user map.
 */
#ifndef KERN_ELF_H
#define KERN_ELF_H

#include <stddef.h>
#include <stdint.h>

struct vm_map;

/* ET_DYN and ET_REL images are placed here (ABI sheet §7.1). */
#define ELF_DYN_BASE 0x8000000UL

struct elf_program {
	uintptr_t entry; /* entry point, load base applied */
	int stack_prot;	 /* VM_PROT_* for the stack (PT_GNU_STACK) */
	uintptr_t brk;	 /* first page after the highest segment */
};

/*
 * Map the PT_LOAD segments of the ELF image [image, image + size) into map
 * with their permissions and copy their contents. Returns KERN_SUCCESS,
 * KERN_INVALID_ARGUMENT (not a valid ELF64 x86_64 program: bad magic,
 * class, machine, type, or headers outside the image) or the vm_map error.
 */
int elf_load(struct vm_map *map, const void *image, size_t size,
	     struct elf_program *prog);

#endif /* KERN_ELF_H */
