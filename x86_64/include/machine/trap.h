/*
 * <machine/trap.h> - the register frame the x86_64 kernel saves on every
 * entry from user mode (syscall, exception, interrupt) and on every trap or
 * interrupt taken in kernel mode.
 *
 * Entries from user mode always save it at the very top of the thread's
 * kernel stack; t->arch.user_frame points there. For a thread blocked in
 * a trap: rip is the address after the syscall instruction, rax the
 * sign-extended trap number, rdi..r9 the arguments (ABI §2.1).
 *
 * Writers (thread_set_state) may change any field: the return path forces
 * cs = USER_CS, ss = USER_SS, clears IOPL/NT/VM/RF/AC in rflags and sets IF,
 * and restores every register (it uses iretq instead of sysretq whenever
 * rcx != rip or r11 != rflags, so nothing is lost).
 */
#ifndef MACHINE_TRAP_H
#define MACHINE_TRAP_H

#include <stdint.h>

/*
 * Selectors. The ABI's user cs 0x1F and ss 0x17 have the TI bit set: they
 * are LDT entries 3 and 2 with RPL 3 (sysret produces them from STAR
 * without reading any table; iretq reads the LDT). The kernel ones are in
 * the GDT.
 */
#define KERNEL_CS 0x28
#define KERNEL_DS 0x30
#define USER_DS	  0x17 /* LDT entry 2, RPL 3 */
#define USER_CS	  0x1F /* LDT entry 3, RPL 3 */
#define TSS_SEL	  0x38
#define LDT_SEL	  0x48

/* trap_frame.vector of a frame saved by the syscall instruction entry. */
#define TRAP_VECTOR_SYSCALL 256

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector; /* 0-255, or TRAP_VECTOR_SYSCALL */
	uint64_t error;	 /* CPU error code, 0 if the vector has none */
	uint64_t rip, cs, rflags, rsp, ss; /* as pushed by the CPU */
};

_Static_assert(sizeof(struct trap_frame) == 22 * 8, "trap_frame size");

/* For the code x86/ shares with i386: the vector, the mode, the pc. */
static inline unsigned int trap_frame_vector(const struct trap_frame *f)
{
	return (unsigned int)f->vector;
}

static inline _Bool trap_frame_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) != 0;
}

static inline uintptr_t trap_frame_pc(const struct trap_frame *f)
{
	return f->rip;
}
_Static_assert(sizeof(struct trap_frame) % 16 == 0, "trap_frame alignment");

#endif /* MACHINE_TRAP_H */
