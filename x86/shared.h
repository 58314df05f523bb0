/*
 * x86/shared.h - what the two x86 ports share (x86/: multiboot hand-off,
 * serial console, PIC/PIT clock, user copies, the processors and their
 * local APICs): the instruction wrappers (x86/insn.h) and the functions
 * each port's layer provides to that code.
 * Included by x86_64/x86.h and i386/x86.h; not for generic code.
 */
#ifndef X86_SHARED_H
#define X86_SHARED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <machine/trap.h>

#include "insn.h" /* outb, inb, control registers, cli/sti, cpuid */

/* console.c: pick the serial port from the command line and set it up. */
void console_init(const char *cmdline);
/* console.c: the console's IRQ line, and its receive interrupt (called
 * by irq_handler, interrupts off). */
unsigned int console_irq(void);
void console_interrupt(void);

/* clock.c: remap and mask the PICs, program the PIT. Interrupts off. */
void pic_init(void);
/* clock.c: let irq (0-15) through to the CPU. Any interrupt state. */
void pic_unmask(unsigned int irq);
/* clock.c: IRQ dispatch (vector 32-47), interrupts off. */
void irq_handler(struct trap_frame *f);
/* clock.c: another processor's local timer tick (f its frame): runs
 * clock_interrupt_cpu. Interrupts off, kernel lock held. */
void timer_tick_cpu(const struct trap_frame *f);

/* cpu.c: descriptor tables, entry MSRs, FPU control bits. Interrupts off. */
void cpu_init(void);
/* pmap.c: the kernel pmap over the boot page tables; drops the identity
 * map. Interrupts off. */
void pmap_bootstrap(void);
struct boot_info;
/* smp.c: find the processors before kernel_main. low_kib is the loader's
 * size of base memory in KiB (0 if unknown); bi gives the modules, which
 * low memory used later must not overlap. Interrupts off. */
void cpus_discover(const struct boot_info *bi, uint32_t low_kib);

/* ---- The processors (smp.c) and what it asks of the port -------------- */

/* smp.c: a local APIC interrupt (timer, reschedule), kernel lock held. */
void lapic_interrupt(struct trap_frame *f);
/* smp.c: a vector served without the kernel lock (shootdown, spurious,
 * an idle processor's tick): true if handled. */
bool lapic_lockless(struct trap_frame *f);
/* x86/clock.c: the PIT's tick, or its first part, without the kernel
 * lock (true: all done). */
bool pit_lockless(const struct trap_frame *f);
/* smp.c: serve a TLB shootdown request, if any (no lock needed). */
void tlb_shootdown_serve(void);
/* smp.c: flush the user TLB entries of every other processor in mask
 * (bit i: processor i); wait until they have. Lock held. */
void tlb_shootdown(uint32_t mask);
/* smp.c: every other processor flushes its TLB before it next takes the
 * kernel lock (no interrupt, no wait). Lock held. */
void tlb_shootdown_lazy(void);

/* smp_tramp.S: the APs' trampoline (copied to SMP_TRAMP_PA, x86/smp.h),
 * its parameters at smp_tramp_params in the copy. */
extern const char smp_tramp_start[], smp_tramp_end[], smp_tramp_params[];
/* pmap.c: build in the page at root_pa (below 1 MiB) the page-table root
 * the trampoline turns paging on with: the kernel's mappings, and low
 * memory also at its own address. Interrupts off. */
void pmap_tramp_root(phys_addr_t root_pa);
/* pmap.c: the physical address of the kernel pmap's root (CR3). */
phys_addr_t pmap_kernel_root_pa(void);
/* pmap.c: this processor runs on the kernel pmap (CR3 loaded). */
void pmap_cpu_init(void);
/* pmap.c: a kernel address of physical [pa, pa + len) (firmware tables,
 * the local APIC), or NULL when the port cannot map it. Boot processor,
 * before the APs start; the mapping stays. */
void *pmap_boot_map(phys_addr_t pa, size_t len);
/* pmap.c: flush this processor's TLB of user translations and reload
 * what else its loaded pmap may have changed (a shootdown request). No
 * lock needed; interrupts off. */
void pmap_flush_local(void);
/* cpu.c: the EFER bits an AP sets in the trampoline (NXE if the boot
 * processor has it on), 0 for none. */
uint32_t cpu_tramp_efer(void);
/* cpu.c: processor i's own descriptor tables and stacks, before it
 * starts; false if out of memory. Boot processor, interrupts off. */
bool cpu_ap_prepare(unsigned int i);
/* cpu.c: on processor i itself, kernel page tables loaded: load its
 * tables (cpu_ap_prepare's), its per-CPU base (base/cpu.h), the shared
 * IDT and LDT, the entry MSRs and the FPU bits. Interrupts off. */
void cpu_init_ap(unsigned int i);
/* boot.c: called by start.S on the boot stack. */
noreturn void arch_boot(uint32_t mbi_pa);

/* uaccess.S: raw copies that may fault; 0 or KERN_INVALID_ADDRESS. */
int usercopy_raw(void *dst, const void *src, size_t n);
/* rip is in an inline copy of x86/usercopy_nofault.h: a fault there
 * takes no vm_fault. */
bool usercopy_is_nofault(uintptr_t rip);
/* uaccess.S: copy up to max bytes until a NUL; returns the byte count
 * copied including the NUL, max + 1 when none was found, or -1 on fault. */
long usercopy_str_raw(char *dst, const char *src, size_t max);
/* uaccess.S: recovery address for a faulting rip, or 0. */
uintptr_t usercopy_fixup(uintptr_t rip);

#endif /* X86_SHARED_H */
