/*
 * <machine/arch.h> for i386: the types and constants kern/arch.h needs.
 *
 * Virtual layout (PAE, ../shared/abi/i386.md §0): user space is
 * [0, 0xC0000000); the kernel owns the top gigabyte, which is one page
 * directory (PDPT slot 3) shared by every address space:
 *	0xC0000000 .. +768 MiB	direct map of physical 0 .. 768 MiB; the
 *				kernel image sits in it (linked at
 *				0xC0100000, loaded at 1 MiB)
 *	0xF0000000 .. +64 MiB	the kernel window (kern/arch.h)
 */
#ifndef MACHINE_ARCH_H
#define MACHINE_ARCH_H

#include <stdint.h>

typedef uint64_t phys_addr_t; /* PAE: frames above 4 GiB */

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (PAGE_SIZE - 1)

/* Kernel stack of every thread (16-byte aligned, as kalloc gives). */
#define KSTACK_SIZE (16 * 1024)

/* User addresses are [USER_ADDR_MIN, USER_ADDR_MAX). */
#define USER_ADDR_MIN 0x1000UL
#define USER_ADDR_MAX 0xC0000000UL

/* Kernel virtual layout. */
#define KERNEL_BASE  0xC0000000UL /* kernel image = direct map */
#define PHYSMAP_BASE 0xC0000000UL /* direct map of physical memory */
#define PHYSMAP_SIZE (768UL << 20)
#define KWINDOW_BASE 0xF0000000UL
#define KWINDOW_SIZE (64UL << 20)

/* User programs: the ELF class (2 ELF64, 1 ELF32) and machine (62
 * x86_64, 3 i386) kern/elf.c loads, their names in boot messages, and the
 * alignment of the argument block at the top of the first stack. */
#define ARCH_ELF_CLASS	      1
#define ARCH_ELF_MACHINE      3
#define ARCH_ELF_NAME	      "ELF32"
#define ARCH_ELF_WRONG	      "ELF_NOT_32BIT"
#define ARCH_NAME	      "i386"
#define ARCH_USER_STACK_ALIGN 4

struct trap_frame; /* <machine/trap.h> */

/* kern/arch.h's interrupt control, inline. The token is eflags.IF. */
static inline unsigned long arch_intr_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfl\n\tpopl %0\n\tcli" : "=r"(flags) : : "memory");
	return flags & 0x200;
}

static inline void arch_intr_restore(unsigned long token)
{
	if (token & 0x200)
		__asm__ volatile("sti" : : : "memory");
	else
		__asm__ volatile("cli" : : : "memory");
}

static inline _Bool arch_intr_enabled(void)
{
	unsigned long flags;

	__asm__ volatile("pushfl\n\tpopl %0" : "=r"(flags));
	return (flags & 0x200) != 0;
}

/*
 * Per-thread machine state, embedded in struct thread (first member, so
 * struct thread must be allocated 16-byte aligned for fxsave).
 *
 * user_frame points at the top of the thread's kernel stack, where every
 * entry from user mode (the call gate, exceptions, interrupts) saves the
 * user registers; thread_get_state / thread_set_state read and write it.
 */
struct arch_thread {
	uintptr_t ksp;		       /* saved kernel esp while switched out */
	struct trap_frame *user_frame; /* user registers at the last entry */
	uint64_t tls[2]; /* GDT slots 0x48 / 0x50 (i386_set_gdt) */
	uint8_t fpu[512] __attribute__((aligned(16))); /* fxsave image */
	uint8_t fpu_used; /* fpu[] (or the live FPU) holds the state */
	/* The user registers were replaced (thread_set_state) since the
	 * last trap entry: its result must not overwrite eax. */
	uint8_t user_state_set;
};

#include <base/cpu_one.h> /* one processor */

#include <x86/usercopy_nofault.h> /* copyin_nofault & co., inline */

#endif /* MACHINE_ARCH_H */
