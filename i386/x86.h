/*
 * i386/x86.h - private interfaces of the i386 layer: CPU instruction
 * wrappers and the functions its files share. Not for generic code.
 */
#ifndef I386_X86_H
#define I386_X86_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <base/arch.h>
#include <machine/trap.h>
#include "../x86/shared.h" /* x86/insn.h, what x86/ calls */
#include "../x86/smp.h"	   /* the trampoline, the APIC vectors */

/* ---- EFLAGS bits (the instructions: x86/insn.h) ------------------------ */

#define EFLAGS_TF   (1UL << 8)
#define EFLAGS_IF   (1UL << 9)
#define EFLAGS_DF   (1UL << 10)
#define EFLAGS_IOPL (3UL << 12)
#define EFLAGS_NT   (1UL << 14)
#define EFLAGS_RF   (1UL << 16)
#define EFLAGS_VM   (1UL << 17)

#define MSR_EFER 0xC0000080
#define EFER_NXE (1U << 11)

/* ---- Shared between the files of i386/ -------------------------------- */

/* cpu.c: the kernel stack top used for entries from user mode (TSS
 * esp0). Interrupts off. */
void cpu_set_kernel_stack(uintptr_t top);
/* cpu.c: load a thread's two TLS descriptors into GDT slots 9 and 10. */
void cpu_set_tls(const uint64_t tls[2]);
/* cpu.c: load the LDT of ldt[0..n) (NULL: the default one) into LDTR.
 * Interrupts off; ldt stays allocated while loaded. */
void cpu_load_ldt(const uint64_t *ldt, unsigned int n);
/* cpu.c: the default LDT's entries (LDT_DEFAULT of them: the trap gate,
 * null, user code, user data). */
#define LDT_DEFAULT 4
void cpu_ldt_default(uint64_t out[LDT_DEFAULT]);
/* cpu.c: true if sel (RPL 3) names a loaded LDT entry or TLS slot that a
 * data segment register can hold (present, DPL 3, data or readable
 * code). Interrupts off. */
bool cpu_user_seg_ok(uint32_t sel);
/* true when EFER.NXE is on (pmap may set PTE_NX); set by start.S. */
extern uint32_t boot_nx;

/* pmap.c: load pmap's page tables into CR3 (and its LDT) if not loaded
 * already. */
void pmap_activate(struct pmap *pmap);
/* pmap.c: the task LDT of pmap (NULL: the default) and its entries. */
uint64_t *pmap_ldt(struct pmap *pmap, unsigned int *n);
/* pmap.c: replace pmap's LDT by ldt[0..n) (kalloc'd, now owned by pmap),
 * reloading it if pmap is loaded; frees the previous one. Lock held. */
void pmap_ldt_set(struct pmap *pmap, uint64_t *ldt, unsigned int n);

/* thread.c: FPU trap (#NM) from user mode; interrupts off. */
void fpu_user_trap(void);
/* thread_get_state: bring t->arch.fpu up to date with the live FPU. */
void fpu_state_save(struct thread *t);
/* thread_set_state: t->arch.fpu was rewritten; load it if t's is live. */
void fpu_state_reload(struct thread *t);

/* trap.c: the common C entry of every vector (entry.S), interrupts off. */
void trap_handler(struct trap_frame *f);
/* trap.c: prepare f for the return to user mode (interrupts off): runs
 * thread_user_return and sanitizes f. */
void trap_user_return(struct trap_frame *f);
/* x86/trap.h (in trap.c): backtrace from a frame-pointer chain. */
void backtrace_from(uintptr_t fp);

/* syscall.c: the C side of the call gate (entry.S), interrupts off. */
void syscall_handler(struct trap_frame *f);

/* entry.S */
extern const uintptr_t trap_stub_table[64]; /* entry stubs, vectors 0-63 */
void syscall_gate_entry(void);
noreturn void trap_return_to(struct trap_frame *f);
void context_switch(uintptr_t *save_ksp, uintptr_t load_ksp);
void thread_trampoline(void);

#endif /* I386_X86_H */
