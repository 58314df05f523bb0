/*
 * base/arch.h - the hardware abstraction layer.
 *
 * Generic code (kern/, ipc/, vm/, modules/) reaches the machine only through
 * the functions declared here and the types of <machine/arch.h>. Two
 * implementations exist: x86_64/ for the real kernel and tests/hosted/ for
 * unit tests running as a Linux process. No arch #ifdef in generic code.
 *
 * Locking model: one kernel lock (base/lock.h), held by the processor that
 * runs kernel code; every function here may be called with interrupts
 * enabled or disabled unless its comment says otherwise.
 */
#ifndef KERN_ARCH_H
#define KERN_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include <machine/arch.h> /* phys_addr_t, struct arch_thread, PAGE_SIZE */

struct thread;
struct pmap;

/* ---- Interrupts and the CPU ------------------------------------------ */

/* Disable interrupts; return a token for arch_intr_restore (ARCH_INTR_ON,
 * of <machine/arch.h>, when they were enabled). */
unsigned long arch_intr_save(void);
/* Restore the interrupt state saved by arch_intr_save. */
void arch_intr_restore(unsigned long token);
/* True if interrupts are currently enabled. */
bool arch_intr_enabled(void);
/*
 * Wait for an interrupt. Called with interrupts disabled; enables them and
 * halts atomically (no lost wakeup), returns with interrupts disabled.
 */
void arch_cpu_idle(void);
/* Stop the machine for good (used after a panic when not rebooting). */
noreturn void arch_halt(void);
/* Reset the machine (QEMU with -no-reboot then exits). */
noreturn void arch_reboot(void);
/* Stop the machine for good after a failure that leaves nothing to run
 * (code 1..127 says which): a virtual machine with an exit device exits
 * with a non-zero status derived from code; other machines halt. */
noreturn void arch_stop_failure(unsigned int code);

/* ---- Processors ------------------------------------------------------ */

/*
 * The processors the arch found (ACPI, the MP table, ...), numbered 0 ..
 * arch_cpu_count() - 1; 0 is the boot processor. The count is fixed
 * before kernel_main.
 */
unsigned int arch_cpu_count(void);
/*
 * Start the other processors found. Called once by kernel_main with
 * interrupts disabled, after arch_clock_start: it waits on the clock
 * (with interrupts enabled meanwhile). Each processor started reports
 * itself on the console, starts its timer and joins the scheduler
 * (sched_cpu_run): it runs threads once the caller releases the kernel
 * lock.
 */
void arch_cpus_start(void);
/* True if processor i is up: the boot processor, or one that reported
 * itself to arch_cpus_start. */
bool arch_cpu_started(unsigned int i);
/*
 * Interrupt processor i (not the caller) so that it passes a preemption
 * point soon: out of user mode or out of the idle halt, through the
 * kernel entry. Kernel lock held.
 */
void arch_cpu_poke(unsigned int i);
/*
 * void arch_lock_spin_poll(void), inline in <machine/arch.h>: called while
 * spinning for the kernel lock and once it is taken, interrupts off:
 * serve what another processor may be waiting for or have left for it (a
 * TLB shootdown). Its nothing-to-do case is a load and a branch.
 */

/* ---- Console --------------------------------------------------------- */

/* Write one byte on the kernel console (serial when console=comN). */
void arch_console_putc(int c);
/*
 * Console input: from now on fn(c) is called for each byte received on
 * the console, in interrupt context (interrupts disabled; fn must not
 * block). A later call only changes fn.
 */
void arch_console_input_start(void (*fn)(int c));

/* Print a backtrace of the caller's frames (used by panic). */
void arch_backtrace(void);

/* ---- Time ------------------------------------------------------------ */

/* Monotonic nanoseconds since boot. */
uint64_t arch_clock_ns(void);
/* Start the periodic timer (after sched_init). */
void arch_clock_start(void);
/*
 * The arch code calls clock_interrupt() (base/clock.h) from its periodic
 * timer interrupt, CLOCK_HZ times a second.
 */
/*
 * Inside clock_interrupt (interrupts disabled): true if the timer
 * interrupt came from user mode, with *pc the interrupted user pc; false
 * if it interrupted the kernel (or when called outside an interrupt).
 */
bool arch_intr_user_pc(uintptr_t *pc);

/* ---- Physical memory ------------------------------------------------- */

/* Kernel virtual address of a physical address (the direct map). */
void *phystokv(phys_addr_t pa);
/* Physical address of a direct-map or kernel-image virtual address. */
phys_addr_t kvtophys(const void *va);

/* ---- Threads --------------------------------------------------------- */

/*
 * Prepare t->arch (and t->kstack, already allocated by the caller, of
 * KSTACK_SIZE bytes) so that the first arch_thread_switch to t runs
 * entry(arg) on t's kernel stack with interrupts enabled. entry must not
 * return; it ends with thread_exit().
 */
void arch_thread_init(struct thread *t, void (*entry)(void *), void *arg);
/*
 * Save prev's kernel context and resume next. Called with interrupts
 * disabled; returns (in prev, later) with interrupts disabled. Also loads
 * next's address space (pmap) and kernel stack for traps if they differ.
 */
void arch_thread_switch(struct thread *prev, struct thread *next);
/*
 * arch_thread_switch for prev (the current thread) blocked in the
 * receive of its mach_msg trap by the fast path's RPC under the lock
 * exclusive (ipc_fast_mach_msg_trap, base/arch_callbacks.h), whose kernel
 * frames below the trap's hold nothing it still needs: the arch may drop
 * them (Mach 3's continuation). Then this does not return: prev, when it
 * runs again but not straight back to user mode (resume_user), starts on
 * its emptied kernel stack in ipc_fast_rpc_resume, whose result is its
 * trap's. An arch that keeps them returns here, as arch_thread_switch.
 */
void arch_thread_switch_drop(struct thread *prev, struct thread *next);
/*
 * arch_thread_switch by a processor holding the kernel lock shared
 * (base/lock.h): waits first until next is off any other processor (it
 * may still be switching out of one), and releases the shared hold when
 * next goes straight back to user mode. Returns in prev, later, with the
 * lock held exclusive. Only an arch that takes the lock shared (after
 * arch_lock_shared_enable) calls it.
 */
void arch_thread_switch_shared(struct thread *prev, struct thread *next);
/*
 * A second processor runs threads: from now on the arch may run the
 * mach_msg trap's fast path with the kernel lock shared
 * (syscall_mach_msg_shared); an arch that does not simply never does.
 * Kernel lock held.
 */
void arch_lock_shared_enable(void);
/*
 * Leave the kernel for user mode in the current thread, at instruction
 * pointer pc with stack pointer sp, other registers zero, rflags 0x202.
 */
noreturn void arch_user_enter(uintptr_t pc, uintptr_t sp);

/*
 * Enter user mode in the current thread with the user registers it has
 * saved (t->arch; set by arch_thread_init to a clean set: all zero but
 * the user selectors and rflags 0x202, or by arch_thread_set_state).
 */
noreturn void arch_user_resume(void);

/* ---- User thread state (thread_get_state / thread_set_state) ---------- */

/*
 * The flavors and layouts are the arch's (<mach/machine/thread_status.h>).
 * t is a user thread that is not running user code: the current thread
 * inside the kernel, or one switched out (suspended, waiting, ready); its
 * saved user registers are read or written. Return 0 (KERN_SUCCESS) or
 * KERN_INVALID_ARGUMENT (4) for an unknown flavor or a count too small.
 */

/* Read flavor into state, which has room for *count words; *count
 * becomes the flavor's size. */
int arch_thread_get_state(struct thread *t, int flavor, uint32_t *state,
			  unsigned int *count);
/*
 * Replace flavor with state (count words). The register set is cleaned
 * for user mode (user selectors, no IOPL/NT/RF, IF set). A thread
 * replaced while inside a trap resumes at the new registers as they are:
 * the trap's result does not overwrite them.
 */
int arch_thread_set_state(struct thread *t, int flavor, const uint32_t *state,
			  unsigned int count);

/*
 * User segment descriptors (mach_i386.defs): raw 8-byte x86 descriptors
 * in a task's LDT and a thread's user GDT slots. A port without them
 * keeps the weak defaults of modules/mach3/mach_i386_server.c
 * (KERN_FAILURE). Kernel lock held; nothing blocks. Return 0 or a
 * kern_return_t: KERN_INVALID_ARGUMENT for a bad index, selector or
 * descriptor (kernel privilege, system segments), KERN_NO_SPACE when no
 * GDT slot is free, KERN_RESOURCE_SHORTAGE.
 */
/* Install desc[0..count) in t's task LDT from entry first on. */
int arch_set_ldt(struct thread *t, unsigned int first, const uint64_t *desc,
		 unsigned int count);
/* Copy at most *count entries from first on into desc; *count becomes
 * the number copied (0 for a task without a private LDT). */
int arch_get_ldt(struct thread *t, unsigned int first, uint64_t *desc,
		 unsigned int *count);
/* Set a user GDT slot of t; *selector -1 picks a free one and returns
 * its selector. */
int arch_set_gdt(struct thread *t, int *selector, uint64_t desc);
int arch_get_gdt(struct thread *t, int selector, uint64_t *desc);

/* ---- User memory access ---------------------------------------------- */

/*
 * Copy between user space of the current task and the kernel. A user
 * address range that is not below USER_ADDR_MAX, or that faults, yields
 * KERN_INVALID_ADDRESS (1) with nothing further copied; 0 on success.
 */
int copyin(const void *uaddr, void *kaddr, size_t n);
int copyout(const void *kaddr, void *uaddr, size_t n);
/*
 * Copy a NUL-terminated string of at most max bytes (NUL included) from user
 * space. Returns 0, KERN_INVALID_ADDRESS, or KERN_RESOURCE_SHORTAGE (6) when
 * no NUL was found within max bytes.
 */
int copyinstr(const void *uaddr, char *kaddr, size_t max);
/*
 * As copyin, but where a page is not mapped now the copy stops at once
 * with KERN_INVALID_ADDRESS (some bytes may have been written): nothing
 * faults in, nothing blocks. For the fast IPC path, under the kernel lock.
 */
/* int copyin_nofault(const void *uaddr, void *kaddr, size_t n):
 * machine/arch.h's (inline where the arch makes it so). */
/* The same towards user space: the page must be mapped writable now.
 * int copyout_nofault(const void *kaddr, void *uaddr, size_t n); */
/* The same from user space to user space, both in the current address
 * space (one copy for a message between two threads of one task).
 * int copy_user_nofault(uintptr_t udst, uintptr_t usrc, size_t n); */

/* ---- Address spaces (pmap) ------------------------------------------- */

#define PMAP_PROT_READ	  0x1
#define PMAP_PROT_WRITE	  0x2
#define PMAP_PROT_EXECUTE 0x4

/* The kernel's pmap (kernel half only). */
struct pmap *pmap_kernel(void);
/* A new, empty user address space sharing the kernel half; NULL if out of
 * memory. */
struct pmap *pmap_create(void);
/* Free the page tables of a user pmap (not the mapped pages). */
void pmap_destroy(struct pmap *pmap);
/*
 * Map the page at user address va to physical page pa with PMAP_PROT_*
 * rights, replacing any previous mapping. Returns 0 or
 * KERN_RESOURCE_SHORTAGE when a page table cannot be allocated.
 */
int pmap_enter(struct pmap *pmap, uintptr_t va, phys_addr_t pa, int prot);
/* Remove the mappings of [start, end). */
void pmap_remove(struct pmap *pmap, uintptr_t start, uintptr_t end);
/* Change the rights on [start, end); PROT 0 removes. */
void pmap_protect(struct pmap *pmap, uintptr_t start, uintptr_t end, int prot);
/* Physical address mapped at va, or false if none. */
bool pmap_extract(struct pmap *pmap, uintptr_t va, phys_addr_t *pa);
/* The number of user pages mapped in pmap now (task_info's resident size,
 * as GNU Mach counts it). Nothing blocks. */
unsigned long pmap_resident_count(struct pmap *pmap);
/*
 * A kernel address through which the user page at va of pmap can be read
 * (and written, with write) right now, or NULL: the page must be mapped
 * present and user-accessible (writable, with write) and directly mapped
 * by the kernel. Valid to the end of va's page, while the kernel lock is
 * held and pmap unchanged. Nothing faults, nothing blocks. Lock held.
 */
void *pmap_user_kaddr(struct pmap *pmap, uintptr_t va, bool write);

/*
 * copyout_nofault into another address space: n bytes from the kernel at
 * src to the user address uva of pmap, through pmap's own page tables,
 * loaded on this processor for the copy and the current ones reloaded
 * after (with stay, only if the copy failed: the caller switches next to
 * a thread of pmap, and touches no user memory before). 0, or non-zero if
 * a page is not mapped writable there now (then part of it may be
 * written). Nothing faults, nothing blocks. Lock held, interrupts off
 * (the fast IPC path's copy into a receiver of another task).
 */
int pmap_copyout_nofault(struct pmap *pmap, const void *src, uintptr_t uva,
			 size_t n, bool stay);

/* Copy n bytes between kernel addresses, the widest moves first (the
 * fast IPC path's message copy). */
void arch_copy(void *dst, const void *src, size_t n);

/*
 * The kernel window: kernel addresses, shared by every address space,
 * where single frames can be mapped one by one, so that a multi-page
 * kernel allocation need not be physically contiguous (base/kmem.c).
 * pmap_kwindow, called once at boot, makes the window's page tables (so
 * that nothing is allocated later) and gives its page-aligned base and
 * size in bytes (0 if its tables could not be made). pmap_kenter maps the
 * frame pa read-write at window address va; pmap_kremove unmaps va;
 * pmap_kextract gives the frame mapped at va. Each takes the kernel lock
 * inside and never blocks.
 */
uintptr_t pmap_kwindow(size_t *size);
void pmap_kenter(uintptr_t va, phys_addr_t pa);
void pmap_kremove(uintptr_t va);
bool pmap_kextract(uintptr_t va, phys_addr_t *pa);

#endif /* KERN_ARCH_H */
