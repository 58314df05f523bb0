/*
 * x86/shared.h - what the two x86 ports share (x86/: multiboot hand-off,
 * serial console, PIC/PIT clock, user copies): the instruction wrappers
 * (x86/insn.h) and the functions each port's layer provides to that code.
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
/* The port's processor discovery (x86_64/smp.c; i386: the boot processor
 * only): find the processors before kernel_main. low_kib is the loader's
 * size of base memory in KiB (0 if unknown); bi gives the modules, which
 * low memory used later must not overlap. Interrupts off. */
void cpus_discover(const struct boot_info *bi, uint32_t low_kib);
/* boot.c: called by start.S on the boot stack. */
noreturn void arch_boot(uint32_t mbi_pa);

/* uaccess.S: raw copies that may fault; 0 or KERN_INVALID_ADDRESS. */
int usercopy_raw(void *dst, const void *src, size_t n);
/* rip is in usercopy_nofault's copy: a fault there takes no vm_fault. */
bool usercopy_is_nofault(uintptr_t rip);
/* uaccess.S: copy up to max bytes until a NUL; returns the byte count
 * copied including the NUL, max + 1 when none was found, or -1 on fault. */
long usercopy_str_raw(char *dst, const char *src, size_t max);
/* uaccess.S: recovery address for a faulting rip, or 0. */
uintptr_t usercopy_fixup(uintptr_t rip);

#endif /* X86_SHARED_H */
