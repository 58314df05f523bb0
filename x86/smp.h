/*
 * x86/smp.h - constants x86/smp.c shares with each port's C and assembly
 * (plain #defines only: smp_tramp.S includes it): where the application
 * processors' trampoline runs, the layout of its parameters, and the
 * local APIC's vectors.
 */
#ifndef X86_SMP_H
#define X86_SMP_H

/* The trampoline's page (a startup IPI's vector is its page number) and
 * the page after it, which holds its first page-table root. */
#define SMP_TRAMP_PA	  0x7000
#define SMP_TRAMP_ROOT_PA 0x8000

/* struct smp_tramp_params (x86/smp.c), at smp_tramp_params in the copy:
 * the root to load into CR3, the EFER bits to set (0: leave EFER alone),
 * then the stack, the entry and its argument, 8 bytes each (i386 reads
 * the low 4). */
#define TRAMP_CR3	 0
#define TRAMP_EFER	 4
#define TRAMP_STACK	 8
#define TRAMP_ENTRY	 16
#define TRAMP_ARG	 24
#define TRAMP_PARAMS_LEN 32

/* The local APIC's vectors (each port's IDT, x86/smp.c's dispatch). */
#define VECTOR_LAPIC_TIMER 48
#define VECTOR_RESCHED	   49
#define VECTOR_SHOOTDOWN   50
#define VECTOR_SPURIOUS	   63

#endif /* X86_SMP_H */
