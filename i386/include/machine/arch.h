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
 *	0xF8000000 .. +64 MiB	firmware tables and the local APIC beyond
 *				the direct map, 2 MiB pages mapped at boot
 *				(i386/pmap.c pmap_boot_map)
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
struct cpu;	   /* base/cpu.h */
struct thread;
struct pmap;

/*
 * The arch part of struct cpu (base/cpu.h), at ARCH_CPU_ARCH_OFFSET. The
 * kernel's %gs is the selector of a per-processor GDT entry whose base is
 * the processor's struct cpu (i386/cpu.c): entry.S loads it on every
 * entry, and %gs:0 is struct cpu's self.
 */
#define ARCH_CPU_CURRENT_OFFSET 4
#define ARCH_CPU_ARCH_OFFSET	8
struct arch_cpu {
	void *tss;		  /* this CPU's TSS (esp0) */
	uint64_t *gdt;		  /* this CPU's GDT (TLS slots, LDT) */
	const uint64_t *ldt;	  /* the LDT loaded in LDTR ... */
	unsigned int ldt_n;	  /* ... and its entries */
	struct pmap *active_pmap; /* loaded in CR3 */
	int tlb_flush;		  /* a shootdown waits: atomic */
	uint32_t apic_id;
};

/* The running processor's struct cpu. */
static inline struct cpu *arch_cpu_self(void)
{
	struct cpu *c;

	__asm__ volatile("movl %%gs:0, %0" : "=r"(c));
	return c;
}

/* Its running thread, in one instruction (right with interrupts on). */
static inline struct thread *arch_cpu_current(void)
{
	struct thread *t;

	__asm__ volatile("movl %%gs:4, %0" : "=r"(t));
	return t;
}

/* x86/smp.c: serve a TLB shootdown request, if any (no lock needed). */
void tlb_shootdown_serve(void);

/* base/arch.h's arch_lock_spin_poll, inline: a shootdown request waits
 * if this processor's tlb_flush is set, one %gs-relative load. */
static inline void arch_lock_spin_poll(void)
{
	int pending;

	__asm__ volatile("movl %%gs:%c1, %0"
			 : "=r"(pending)
			 : "i"(ARCH_CPU_ARCH_OFFSET +
			       __builtin_offsetof(struct arch_cpu, tlb_flush))
			 : "memory");
	if (pending)
		tlb_shootdown_serve();
}

static inline void arch_cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

/* kern/arch.h's interrupt control, inline. The token is eflags.IF. */
/* The token of arch_intr_save when interrupts were enabled (eflags.IF). */
#define ARCH_INTR_ON 0x200UL

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

/* x86/usercopy_nofault.h's string move of a word, pointer directive and
 * pointer alignment. */
#define ARCH_REP_MOVS_WORD "rep movsl"
#define ARCH_ASM_PTR	   ".long"
#define ARCH_ASM_PTR_ALIGN "4"
#include <x86/usercopy_nofault.h> /* copyin_nofault & co., inline */

#endif /* MACHINE_ARCH_H */
