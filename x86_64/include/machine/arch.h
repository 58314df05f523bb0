/*
 * <machine/arch.h> for x86_64: the types and constants base/arch.h needs.
 */
#ifndef MACHINE_ARCH_H
#define MACHINE_ARCH_H

#include <stdint.h>

typedef uint64_t phys_addr_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (PAGE_SIZE - 1)

/* Kernel stack of every thread (16-byte aligned, as kalloc gives). */
#define KSTACK_SIZE (16 * 1024)

/* User addresses are [USER_ADDR_MIN, USER_ADDR_MAX). */
#define USER_ADDR_MIN 0x1000UL
#define USER_ADDR_MAX 0x0000800000000000UL

/* Kernel virtual layout. */
#define KERNEL_BASE  0xFFFFFFFF80000000UL /* kernel image, -mcmodel=kernel */
#define PHYSMAP_BASE 0xFFFF800000000000UL /* direct map of physical memory */
#define PHYSMAP_SIZE (4UL << 30)	  /* mapped at boot: 0 .. 4 GiB */
/* The kernel window (base/arch.h pmap_kwindow): 64 MiB below the kernel
 * image, in the kernel's top-level slot, so every pmap shares it. */
#define KWINDOW_BASE 0xFFFFFFFF40000000UL
#define KWINDOW_SIZE (64UL << 20)

/* User programs: the ELF class (2 ELF64, 1 ELF32) and machine (62
 * x86_64, 3 i386) kern/elf.c loads, their names in boot messages, and the
 * alignment of the argument block at the top of the first stack. */
#define ARCH_ELF_CLASS	      2
#define ARCH_ELF_MACHINE      62
#define ARCH_ELF_NAME	      "ELF64"
#define ARCH_ELF_WRONG	      "ELF_NOT_64BIT"
#define ARCH_NAME	      "x86_64"
#define ARCH_USER_STACK_ALIGN 16

struct trap_frame; /* <machine/trap.h> */
struct cpu;	   /* base/cpu.h */
struct thread;
struct pmap;

/*
 * The arch part of struct cpu (base/cpu.h), at ARCH_CPU_ARCH_OFFSET;
 * entry.S reads user_rsp and kstack_top through %gs (x86_64/asm.h).
 */
#define ARCH_CPU_CURRENT_OFFSET 8
#define ARCH_CPU_ARCH_OFFSET	16
struct arch_cpu {
	uintptr_t user_rsp;   /* syscall entry: the user rsp, briefly */
	uintptr_t kstack_top; /* syscall entry: the current thread's stack */
	void *tss;	      /* this CPU's TSS (rsp0 = kstack_top) */
	struct pmap *active_pmap;		  /* loaded in CR3 */
	uintptr_t loaded_fs_base, loaded_gs_base; /* user bases in the MSRs */
	const struct trap_frame *irq_frame; /* the timer tick's, or NULL */
	int tlb_flush;			    /* a shootdown waits: atomic */
	uint32_t apic_id;
};

/* The running processor's struct cpu: the GS base's (kernel mode). */
static inline struct cpu *arch_cpu_self(void)
{
	struct cpu *c;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

/* Its running thread, in one instruction (right with interrupts on). */
static inline struct thread *arch_cpu_current(void)
{
	struct thread *t;

	__asm__ volatile("movq %%gs:8, %0" : "=r"(t));
	return t;
}

/* smp.c: serve a TLB shootdown request, if any (no lock needed). */
void tlb_shootdown_serve(void);

/* base/arch.h's arch_lock_spin_poll, inline (every kernel entry runs it
 * once the kernel lock is taken): a shootdown request waits if this
 * processor's tlb_flush is set, one %gs-relative load. */
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

/* base/arch.h's interrupt control, inline: every critical section uses it.
 * The token is rflags.IF; ARCH_INTR_ON is the token of interrupts enabled. */
#define ARCH_INTR_ON 0x200UL
static inline unsigned long arch_intr_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfq\n\tpopq %0\n\tcli" : "=r"(flags) : : "memory");
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

	__asm__ volatile("pushfq\n\tpopq %0" : "=r"(flags));
	return (flags & 0x200) != 0;
}

/*
 * Per-thread machine state, embedded in struct thread (first member, so
 * struct thread must be allocated 16-byte aligned for fxsave).
 *
 * user_frame always points at the top of the thread's kernel stack, where
 * every entry from user mode (syscall, exception, interrupt) saves the
 * user registers; thread_get_state / thread_set_state read and write it.
 * fs_base / gs_base are loaded into the MSRs on every return to user mode,
 * so writing them here (flavor i386_FSGS_BASE_STATE) takes effect at the
 * thread's next return to user mode.
 */
struct arch_thread {
	uintptr_t ksp;	   /* saved kernel stack pointer while switched out */
	uintptr_t fs_base; /* user fs/gs base (TLS) */
	uintptr_t gs_base;
	struct trap_frame *user_frame; /* user registers at the last entry */
	uint8_t fpu[512] __attribute__((aligned(16))); /* fxsave image */
	union {
		struct {
			/* fpu[] (or the live FPU) holds the state */
			uint8_t fpu_used;
			/* The user registers were replaced (thread_set_state)
			 * since the last syscall entry: its result must not
			 * overwrite rax. */
			uint8_t user_state_set;
			/* fs_base / gs_base may differ from the MSRs (set, or
			 * switched to): thread_load_segbases before the next
			 * return to user mode. */
			uint8_t segbase_stale;
			/* In the mach_msg trap's own handler
			 * (syscall_handler_msg): its frame is a syscall's,
			 * its return sysretq's (syscall_resume_frame). */
			uint8_t in_msg_trap;
		};
		/* The four at once: ARCH_SWITCH_PLAIN when only in_msg_trap
		 * is set (x86_64/thread.c's handoff). */
		uint32_t switch_flags;
	};
};

/* switch_flags with in_msg_trap alone set (little-endian). */
#define ARCH_SWITCH_PLAIN 0x01000000u

static inline void arch_cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

/* x86/usercopy_nofault.h's string move of a word, pointer directive and
 * pointer alignment. */
#define ARCH_REP_MOVS_WORD "rep movsq"
#define ARCH_ASM_PTR	   ".quad"
#define ARCH_ASM_PTR_ALIGN "8"
#include <x86/usercopy_nofault.h> /* copyin_nofault & co., inline */

#endif /* MACHINE_ARCH_H */
