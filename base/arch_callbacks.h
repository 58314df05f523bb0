/*
 * base/arch_callbacks.h - what the arch implementation calls above base/.
 *
 * The arch layer (x86_64/, or tests/hosted/) implements base/arch.h and
 * uses base/'s services; the few generic functions of higher layers that
 * its trap and syscall entries must reach are declared here, and only
 * here, so that the arch includes nothing above base/ (docs/design.md,
 * "Layers"; tests/layers.sh checks it). Each is defined by the layer
 * named beside it, whose own header includes this one.
 */
#ifndef BASE_ARCH_CALLBACKS_H
#define BASE_ARCH_CALLBACKS_H

#include <stdint.h>

struct task;
struct vm_map;
struct pmap;

/* ---- kern/syscall.c ---- */

/*
 * Called by the arch syscall entry with interrupts enabled, on the current
 * thread's kernel stack. number = eax sign-extended; a[0..5] = rdi, rsi,
 * rdx, r10, r8, r9; usp = the user rsp at the syscall instruction (args 7+
 * are at usp + 8, usp + 16, ...). Returns the value for rax. A number out of
 * range raises EXC_BAD_INSTRUCTION in the caller instead (and returns
 * whatever the exception handler leaves in rax).
 */
uint64_t syscall_dispatch(int64_t number, const uint64_t a[6], uintptr_t usp);

/* The same for number -25 (mach_msg), the trap an arch may dispatch
 * itself before anything else, its six register arguments a0...a5:
 * called with interrupts disabled and the
 * kernel lock held, on the token (arch_intr_save's) of the state the trap
 * runs in otherwise (interrupts enabled), which the parts that may block
 * long or fault run with; returns with interrupts disabled. */
uint64_t syscall_mach_msg_trap(uint64_t a0, uint64_t a1, uint64_t a2,
			       uint64_t a3, uint64_t a4, uint64_t a5,
			       uintptr_t usp, unsigned long on);

/* Its fast path alone, in the same conditions: the result (32 bits), or
 * SYSCALL_DECLINED, nothing done, when the arch must call
 * syscall_mach_msg_general with the same arguments. An arch that keeps
 * them at hand (in its trap frame) tries this first: it costs no more than
 * a jump when it declines. */
uint64_t syscall_mach_msg_fast(uint64_t a0, uint64_t a1, uint64_t a2,
			       uint64_t a3, uint64_t a4, uint64_t a5,
			       unsigned long on);
/* ---- ipc/fastpath.c ---- */

/* syscall_mach_msg_fast with on the token of interrupts enabled
 * (ARCH_INTR_ON), what the trap's state is, and the same results: the
 * fast path itself, which an arch's entry calls without a step between
 * (the fast path turned off, it declines). The arguments are the trap's
 * registers, of which each type reads the low bits the ABI gives it
 * (msg, option, send_size, rcv_size, rcv_name, timeout). */
uint64_t ipc_fast_mach_msg_trap(uintptr_t a0, int32_t a1, uint32_t a2,
				uint32_t a3, uint32_t a4, uint32_t a5);

/* The end of the mach_msg trap of the current thread, which
 * arch_thread_switch_drop switched out of (its kernel frames dropped)
 * and which runs again but not straight back to user mode: what
 * ipc_fast_mach_msg_trap does after that switch, and its result. Lock
 * held exclusive, interrupts disabled. */
uint64_t ipc_fast_rpc_resume(void);

/* ---- kern/syscall.c ---- */

/* On several processors, before the kernel lock is taken exclusive: the
 * fast path's RPC between two tasks with the lock held shared
 * (base/lock.h), interrupts disabled. SYSCALL_DECLINED, nothing done and
 * the lock still shared, when the arch must release it and go on as
 * above; else the result (32 bits), the lock now held exclusive. */
uint64_t syscall_mach_msg_shared(uint64_t a0, uint64_t a1, uint64_t a2,
				 uint64_t a3, uint64_t a4, unsigned long on);
/* Its general path alone (after syscall_mach_msg_fast declined), in the
 * same conditions; it reads the seventh argument at usp. The result (32
 * bits). */
uint64_t syscall_mach_msg_general(uint64_t a0, uint64_t a1, uint64_t a2,
				  uint64_t a3, uint64_t a4, uint64_t a5,
				  uintptr_t usp, unsigned long on);
#define SYSCALL_DECLINED (~(uint64_t)0)

/* The traps of no argument that neither block nor fault (mach_reply_port,
 * mach_thread_self, mach_task_self, mach_host_self), in the same
 * conditions as syscall_mach_msg_trap (interrupts disabled, the kernel
 * lock held): the result, or SYSCALL_DECLINED for any other number
 * (the arch then calls syscall_dispatch). Same results as
 * syscall_dispatch's. */
uint64_t syscall_quick(int64_t number);

/* Most arguments a trap takes (syscall_vm_map). */
#define SYSCALL_MAX_ARGS 11

/*
 * For an arch whose traps pass every argument in memory (i386: the cdecl
 * words on the user stack): the number of arguments trap number takes (0
 * for an unused slot or a number out of range), which the arch reads
 * itself, then the trap run with them (args[0 .. nargs-1]). Same results
 * and exceptions as syscall_dispatch.
 */
unsigned int syscall_nargs(int64_t number);
uint64_t syscall_dispatch_args(int64_t number, const uint64_t *args);

/* ---- kern/exception.c ---- */

/* Exception classes (mach/exception.h). */
#define EXC_BAD_ACCESS	    1
#define EXC_BAD_INSTRUCTION 2
#define EXC_ARITHMETIC	    3
#define EXC_EMULATION	    4
#define EXC_SOFTWARE	    5
#define EXC_BREAKPOINT	    6

/* x86 codes (mach/i386/exception.h). */
#define EXC_I386_INVOP	   1
#define EXC_I386_DIV	   1
#define EXC_I386_INTO	   2
#define EXC_I386_EXTERR	   5
#define EXC_I386_BOUND	   7
#define EXC_I386_SGL	   1
#define EXC_I386_BPT	   2
#define EXC_I386_INVTSSFLT 10
#define EXC_I386_SEGNPFLT  11
#define EXC_I386_STKFLT	   12
#define EXC_I386_GPFLT	   13
#define EXC_I386_PGFLT	   14

/*
 * Raise an exception in the current (user) thread. Called by the arch trap
 * handlers and by syscall_dispatch with interrupts enabled. Delivers
 * exception_raise to the thread's, then the task's exception port; with no
 * handler the task is terminated (and this does not return). Returns when a
 * handler replied KERN_SUCCESS: the thread then resumes at its (possibly
 * changed) user state.
 */
void exception_raise_user(int exception, int64_t code, int64_t subcode);

/* ---- vm/vm_fault.c ---- */

#define VM_FAULT_READ	 0x1
#define VM_FAULT_WRITE	 0x2
#define VM_FAULT_EXECUTE 0x4

/*
 * Resolve a fault at user address addr in task's address space for the
 * given access. Returns KERN_SUCCESS (0) when the access can be retried,
 * else a kern_return_t for the exception code: KERN_INVALID_ADDRESS
 * (nothing mapped), KERN_PROTECTION_FAILURE (access not allowed),
 * KERN_RESOURCE_SHORTAGE (no memory for a page or a page table), or
 * KERN_MEMORY_ERROR (the pager answered data_error, or died). May block
 * while a pager supplies the page (vm/vm_pager.h).
 */
int vm_fault(struct task *task, uintptr_t addr, int access);

/* ---- vm/vm_map.c ---- */

/* The pmap of map (a thread's address space, for the context switch). */
struct pmap *vm_map_pmap(struct vm_map *map);

#endif /* BASE_ARCH_CALLBACKS_H */
