/*
 * x86_64/x86.h - private interfaces of the x86_64 layer: CPU instruction
 * wrappers and the functions its files share. Not for generic code.
 */
#ifndef X86_64_X86_H
#define X86_64_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <base/arch.h>
#include <base/cpu.h>
#include <machine/trap.h>
#include "../x86/shared.h" /* x86/insn.h, what x86/ calls */
#include "../x86/smp.h"	   /* the trampoline, the APIC vectors */

/* ---- MSRs and flags (the instructions: x86/insn.h) ------------------- */

#define MSR_EFER	   0xC0000080
#define MSR_STAR	   0xC0000081
#define MSR_LSTAR	   0xC0000082
#define MSR_SFMASK	   0xC0000084
#define MSR_FS_BASE	   0xC0000100
#define MSR_GS_BASE	   0xC0000101
#define MSR_KERNEL_GS_BASE 0xC0000102

#define EFER_SCE (1UL << 0)
#define EFER_NXE (1UL << 11)

#define RFLAGS_TF   (1UL << 8)
#define RFLAGS_IF   (1UL << 9)
#define RFLAGS_DF   (1UL << 10)
#define RFLAGS_IOPL (3UL << 12)
#define RFLAGS_NT   (1UL << 14)
#define RFLAGS_RF   (1UL << 16)
#define RFLAGS_VM   (1UL << 17)
#define RFLAGS_AC   (1UL << 18)

/* ---- Shared between the files of x86_64/ ------------------------------ */

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

#define CPU_IST_STACK_SIZE 4096

/* One CPU's descriptor tables: its GDT (the layout of cpu.c), its TSS,
 * and the tops of its #DF and NMI/#MC stacks. */
struct cpu_tables {
	uint64_t gdt[11] __attribute__((aligned(16)));
	struct tss *tss;
	uintptr_t df_stack_top;
	uintptr_t nmi_stack_top;
};

/* cpu.c: the kernel stack top used for entries from user mode. */
void cpu_set_kernel_stack(uintptr_t top);
/* cpu.c: true when EFER.NXE is on (pmap may set PTE_NX). */
extern bool cpu_has_nx;

/* pmap.c's, here for pmap_load. */
struct pmap {
	uint64_t *pml4; /* physmap address of the top table */
	phys_addr_t pml4_pa;
	uint32_t cpus;		/* bit i: processor i has it loaded */
	unsigned long resident; /* present user leaf entries */
};

/* Load pmap's page tables into CR3 on this processor (c), where another
 * pmap is loaded: pmap_activate's switch, inline for the RPC handoff
 * (thread.c). Interrupts off. */
static inline void pmap_load(struct arch_cpu *c, struct pmap *pmap)
{
	uint32_t bit = 1U << cpu_self()->index;

	__atomic_or_fetch(&pmap->cpus, bit, __ATOMIC_RELAXED);
	write_cr3(pmap->pml4_pa);
	__atomic_and_fetch(&c->active_pmap->cpus, ~bit, __ATOMIC_RELAXED);
	c->active_pmap = pmap;
}

/* pmap.c: load pmap's page tables into CR3 if not loaded already. */
void pmap_activate(struct pmap *pmap);

/* thread.c: FPU trap (#NM) from user mode; interrupts off. */
void fpu_user_trap(void);
/* thread_get_state: bring t->arch.fpu up to date with the live FPU. */
void fpu_state_save(struct thread *t);
/* thread_set_state: t->arch.fpu was rewritten; load it if t's is live. */
void fpu_state_reload(struct thread *t);
/* thread.c: load the current thread's fs/gs base before a user return. */
void thread_load_segbases(void);

/* trap.c: the common C entry of every vector (entry.S), interrupts off. */
void trap_handler(struct trap_frame *f);
/* trap.c: prepare f for the return to user mode (interrupts off): runs
 * thread_user_return, loads fs/gs and sanitizes f. */
void trap_user_return(struct trap_frame *f);
/* trap.c: print the registers of f. */
void trap_print_frame(const struct trap_frame *f);
/* x86/trap.h (in trap.c): backtrace from a frame-pointer chain. */
void backtrace_from(uintptr_t fp);

/* syscall.c: the C side of syscall_entry; true when sysretq may return. */
int syscall_handler(struct trap_frame *f);
/* syscall.c: the mach_msg trap's, its six register arguments as the
 * frame has them (the frame at the top of the kernel stack). */
int syscall_handler_msg(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			uint64_t a4, uint64_t a5);
int syscall_handler_msg_smp(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			    uint64_t a4, uint64_t a5);
/* entry.S: syscall_handler_msg's common start in assembly, while one
 * processor runs threads, and syscall_handler_msg_smp's once several do:
 * not functions but the targets of syscall_entry's jump (the frame at
 * rsp, the arguments in rdi, rsi, rdx, rcx, r8, r9), which end in
 * syscall_return. syscall.c: their ends. */
void syscall_handler_msg_alone(void);
int syscall_msg_finish_alone(struct trap_frame *f, uint64_t result);
void syscall_handler_msg_shared(void);
int syscall_msg_finish_shared(struct trap_frame *f, uint64_t result);
/* syscall_entry's handler of mach_msg (jumped to through it: no test in
 * the trap's path): syscall_handler_msg_alone, then
 * syscall_handler_msg_shared from arch_lock_shared_enable on. */
extern void (*syscall_msg_handler)(void);
/* rflags bits a user frame may not carry back; the ones it must. */
#define RFLAGS_SANITIZED                                                       \
	(RFLAGS_IOPL | RFLAGS_NT | RFLAGS_RF | RFLAGS_VM | RFLAGS_IF | 0x2)
#define RFLAGS_REQUIRED (RFLAGS_IF | 0x2)

/* True if sysretq restores f exactly and safely as it stands: rflags as
 * trap_user_return would leave them, rip canonical (no #GP in the kernel
 * on the way out). */
static inline bool syscall_frame_plain(const struct trap_frame *f)
{
	return (f->rflags & RFLAGS_SANITIZED) == RFLAGS_REQUIRED &&
	       f->rcx < USER_ADDR_MAX;
}

/* entry.S: save the current kernel context as context_switch does in
 * *save_ksp, release the kernel lock as kernel_lock_release does (word 0,
 * a pause if a processor waits) and return to user mode with f by
 * sysretq. Returns when the saved context resumes. */
struct kernel_lock;
void context_switch_user(uintptr_t *save_ksp, struct trap_frame *f,
			 struct kernel_lock *lock);
/* entry.S: the same, the kernel lock held shared (base/lock.h) released
 * as kernel_lock_release_shared does. */
void context_switch_user_shared(uintptr_t *save_ksp, struct trap_frame *f,
				struct kernel_lock *lock,
				uint32_t *switching_out);
/* entry.S: context_switch by a processor holding the kernel lock shared,
 * *switching_out = 0 once the context is saved. */
void context_switch_shared(uintptr_t *save_ksp, uintptr_t load_ksp,
			   uint32_t *switching_out);
/* entry.S: the switches of a thread that dropped its kernel frames in
 * its mach_msg trap (arch_thread_switch_drop), from it (drop: as
 * context_switch_user, context_switch and context_switch_resume, its
 * context not saved: save_ksp is not written) or to it (resume: its trap
 * goes on, rsp at its frame f, in syscall_msg_resume). (The drop
 * switches never return, but are not declared noreturn: the compiler
 * then jumps to them, with no stack alignment before.) */
void context_drop_user(uintptr_t *save_ksp, struct trap_frame *f,
		       struct kernel_lock *lock);
void context_drop_load(uintptr_t *save_ksp, uintptr_t load_ksp);
void context_drop_resume(uintptr_t *save_ksp, struct trap_frame *f);
void context_switch_resume(uintptr_t *save_ksp, struct trap_frame *f);
void context_switch_resume_shared(uintptr_t *save_ksp, struct trap_frame *f,
				  uint32_t *switching_out);
/* syscall.c: the rest of the mach_msg trap of such a thread, switched to
 * by context_switch_resume*: as syscall_handler, the value syscall_return
 * reads. thread.c: what a thread does when its switch resumes it (the
 * kernel lock exclusive). */
int syscall_msg_resume(void);
void thread_switch_resumed(void);

/* entry.S */
extern const uintptr_t trap_stub_table[64]; /* entry stubs, vectors 0-63 */
void syscall_entry(void);
noreturn void trap_return_to(struct trap_frame *f);
void context_switch(uintptr_t *save_ksp, uintptr_t load_ksp);
void thread_trampoline(void);

#endif /* X86_64_X86_H */
