/*
 * <machine/trap.h> - the register frame the i386 kernel saves on every
 * entry from user mode (the lcall $7,$0 call gate, exceptions, interrupts)
 * and on every trap or interrupt taken in kernel mode.
 *
 * Entries from user mode save it at the very top of the thread's kernel
 * stack (all of it, esp and ss included); t->arch.user_frame points there.
 * A trap taken in kernel mode has no esp/ss (the CPU pushes none). For a
 * thread blocked in a Mach trap: eip is the address after the 7-byte
 * lcall, eax the trap number, esp the user esp at the call (ABI §2.1).
 *
 * The return path forces cs = USER_CS, ss = ds = es = USER_DS (fs and gs
 * too unless they name one of the thread's TLS slots), clears
 * IOPL/NT/VM/RF in eflags and sets IF.
 */
#ifndef MACHINE_TRAP_H
#define MACHINE_TRAP_H

#include <stdint.h>

/*
 * Selectors (ABI §6.4). GDT: kernel code 0x08, kernel data 0x10, the LDT
 * 0x18, the TSS 0x20, the processor's struct cpu 0x28 (the kernel's %gs;
 * each processor has its own GDT), the two per-thread TLS slots 0x48 and 0x50
 * (user selectors 0x4B, 0x53). LDT: 0x07 the syscall call gate, 0x17 user code,
 * 0x1F user data.
 */
#define KERNEL_CS     0x08
#define KERNEL_DS     0x10
#define LDT_SEL	      0x18
#define TSS_SEL	      0x20
#define KERNEL_PERCPU 0x28 /* the kernel's %gs: this processor's struct cpu */
#define USER_GATE     0x07 /* LDT entry 0, RPL 3 */
#define USER_CS	      0x17 /* LDT entry 2, RPL 3 */
#define USER_DS	      0x1F /* LDT entry 3, RPL 3 */
#define USER_TLS0     0x4B /* GDT entry 9, RPL 3 */
#define USER_TLS1     0x53 /* GDT entry 10, RPL 3 */

/* trap_frame.vector of a frame saved by the call gate. */
#define TRAP_VECTOR_SYSCALL 256

struct trap_frame {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax; /* pushal */
	uint32_t vector;	  /* 0-255, or TRAP_VECTOR_SYSCALL */
	uint32_t error;		  /* CPU error code, 0 if the vector has none */
	uint32_t eip, cs, eflags; /* as pushed by the CPU */
	uint32_t esp, ss;	  /* only from user mode */
};

_Static_assert(sizeof(struct trap_frame) == 19 * 4, "trap_frame size");

/* For the code x86/ shares with x86_64: the vector, the mode, the pc. */
static inline unsigned int trap_frame_vector(const struct trap_frame *f)
{
	return f->vector;
}

static inline _Bool trap_frame_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) != 0;
}

static inline uintptr_t trap_frame_pc(const struct trap_frame *f)
{
	return f->eip;
}

#endif /* MACHINE_TRAP_H */
