/*
 * <machine/arch.h> for the hosted build: the kernel's types and constants
 * for a Linux process running kernel code under unit tests (tests/hosted).
 * Same names as x86_64/include/machine/arch.h.
 */
#ifndef MACHINE_ARCH_H
#define MACHINE_ARCH_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t phys_addr_t;

/* arch_intr_save's token of interrupts enabled (tests/hosted/hosted.c). */
#define ARCH_INTR_ON 1UL

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#define PAGE_MASK  (PAGE_SIZE - 1)

/* Kernel stack of every thread: larger than the kernel's, for ASan. */
#define KSTACK_SIZE (64 * 1024)

/* User addresses are [USER_ADDR_MIN, USER_ADDR_MAX). */
#define USER_ADDR_MIN 0x1000UL
#define USER_ADDR_MAX 0x0000800000000000UL

/* User programs: as x86_64 (the ABI the hosted tests exercise). */
#define ARCH_ELF_CLASS	      2
#define ARCH_ELF_MACHINE      62
#define ARCH_ELF_NAME	      "ELF64"
#define ARCH_ELF_WRONG	      "ELF_NOT_64BIT"
#define ARCH_NAME	      "x86_64"
#define ARCH_USER_STACK_ALIGN 16

/*
 * Per-thread machine state: a ucontext_t (kept opaque here so that kernel
 * code does not see <ucontext.h>) and the stack bounds AddressSanitizer
 * needs when it switches between thread stacks. See tests/hosted/thread.c.
 */
struct arch_thread {
	_Alignas(16) unsigned char ctx[1024]; /* ucontext_t */
	void (*entry)(void *);
	void *arg;
	const void *stack_bottom; /* NULL until known (the boot thread) */
	size_t stack_size;
};

/* The processor a host thread plays: NULL (processor 0) but in a test
 * whose host threads play several (hosted_cpu_enter, tests/hosted). */
struct cpu;
extern _Thread_local struct cpu *hosted_cpu;
#define ARCH_CPU_ONE_SELF (hosted_cpu != NULL ? hosted_cpu : arch_cpu0)

#include <base/cpu_one.h> /* its accessors */

/* base/arch.h's copies that do not fault in (tests/hosted/hosted.c). */
int copyin_nofault(const void *uaddr, void *kaddr, size_t n);
int copyout_nofault(const void *kaddr, void *uaddr, size_t n);
int copy_user_nofault(uintptr_t udst, uintptr_t usrc, size_t n);

#endif /* MACHINE_ARCH_H */
