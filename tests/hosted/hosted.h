/*
 * tests/hosted/hosted.h - controls of the hosted HAL, for unit tests.
 *
 * The hosted HAL implements base/arch.h inside a Linux process:
 *  - physical memory is an arena of HOSTED_PHYS_SIZE bytes at physical
 *    address HOSTED_PHYS_BASE (hosted_mem_init; phystokv/kvtophys);
 *  - the clock is a variable the test sets or advances;
 *  - "interrupts" are a flag; nothing interrupts asynchronously: a test
 *    delivers a timer tick with hosted_tick(); the idle thread, with
 *    nothing to run, advances the clock one tick at a time by itself;
 *  - kernel threads are ucontext coroutines (tests/hosted/thread.c);
 *    ASan prints "doesn't fully support makecontext/swapcontext" once per
 *    process: expected, the switches are annotated;
 *  - arch_reboot / arch_halt return to HOSTED_CATCH_PANIC when armed, else
 *    abort the process;
 *  - user memory: a flat window at HOSTED_USER_BASE plus whatever the
 *    current pmap (a simple table) maps.
 *
 * Files: hosted.c (CPU, console, clock, memory, copyin, pmap), thread.c
 * (threads: needs base/thread.c and base/clock.c), stubs.c (weak stand-ins
 * for symbols other folders own).
 */
#ifndef TESTS_HOSTED_HOSTED_H
#define TESTS_HOSTED_HOSTED_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <base/arch.h>
#include <base/debug.h>

struct task;

/* ---- Memory ----------------------------------------------------------- */

#define HOSTED_PHYS_BASE 0x100000UL
#define HOSTED_PHYS_SIZE (64UL << 20)

/* Allocate the physical arena (once; later calls do nothing). */
void hosted_mem_init(void);

/* Boot helper: hosted_mem_init, then hand the whole arena to the frame
 * allocator (needs base/vm_page.c). */
#define HOSTED_LOAD_ALL_MEMORY()                                               \
	do {                                                                   \
		hosted_mem_init();                                             \
		vm_page_load(HOSTED_PHYS_BASE,                                 \
			     HOSTED_PHYS_BASE + HOSTED_PHYS_SIZE);             \
		vm_page_init();                                                \
	} while (0)

/* The fake user window: user addresses [BASE, BASE + SIZE) are backed by
 * a host buffer, for copyin/copyout tests. */
#define HOSTED_USER_BASE 0x40000000UL
#define HOSTED_USER_SIZE (1UL << 20)
void *hosted_user_window(void);

/* The pmap copyin/copyout translate through (besides the window); default
 * pmap_kernel(), which maps no user address. */
void hosted_set_current_pmap(struct pmap *pmap);
/*
 * Make the calling host thread play processor i (< CPU_MAX; 0 is the
 * boot thread's) with t as its running thread: tests whose host threads
 * run kernel code side by side, under the kernel lock (base/lock.h), as
 * processors do (tests/unit/ipc/test_ipc_smp.c). Interrupts start enabled
 * in every host thread.
 */
struct thread;
void hosted_cpu_enter(unsigned int i, struct thread *t);
/* Called when a user page is missing; returns 0 if it mapped it (the copy
 * retries), else the copy fails with KERN_INVALID_ADDRESS. */
extern int (*hosted_user_fault)(uintptr_t va, bool write);
/* Number of mappings in a pmap. */
unsigned long hosted_pmap_count(struct pmap *pmap);

/* ---- Clock and interrupts -------------------------------------------- */

#define HOSTED_TICK_NS (1000000000ULL / 100) /* CLOCK_HZ */

void hosted_clock_set_ns(uint64_t ns);
void hosted_clock_advance_ns(uint64_t ns);
/*
 * A timer interrupt (needs tests/hosted/thread.c): advance the clock one
 * tick, clock_interrupt(), then the preemption point of an interrupt
 * return. Call from any thread, interrupts enabled.
 */
void hosted_tick(void);
/*
 * What arch_intr_user_pc answers from now on: whether the tick
 * interrupted user mode, and the user pc then. Default: false (kernel).
 */
void hosted_set_intr_user_pc(bool user, uintptr_t pc);
/* Idle ticks in a row without any thread switch before the hosted idle
 * loop declares a deadlock (panic). */
#define HOSTED_IDLE_LIMIT 1000000UL

/* ---- Console ------------------------------------------------------- */

/* Capture console output in a buffer instead of writing it to stdout;
 * starting a capture empties the buffer. */
void hosted_console_capture(bool on);
/* What was captured (NUL-terminated). */
const char *hosted_console_output(void);

/* ---- Panics ---------------------------------------------------------- */

enum hosted_stop { HOSTED_NONE, HOSTED_REBOOT, HOSTED_HALT };

extern jmp_buf *volatile hosted_panic_jmp;
/* How the last panic (or direct call) stopped the machine. */
extern volatile enum hosted_stop hosted_stopped;

void hosted_intr_set(bool enabled);

/*
 * Run stmt; evaluate to true if it panicked (arch_reboot or arch_halt was
 * reached), false if it completed. Must be used on the thread that runs
 * the test (the catch longjmps back to this frame). Resets the panic
 * guard (needs base/printf.c) and restores the interrupt flag.
 */
#define HOSTED_CATCH_PANIC(stmt)                                               \
	({                                                                     \
		jmp_buf hosted_jb_;                                            \
		bool hosted_intr_ = arch_intr_enabled();                       \
		volatile bool hosted_panicked_ = false;                        \
		hosted_stopped = HOSTED_NONE;                                  \
		hosted_panic_jmp = &hosted_jb_;                                \
		if (setjmp(hosted_jb_) == 0) {                                 \
			stmt;                                                  \
		} else {                                                       \
			hosted_panicked_ = true;                               \
		}                                                              \
		hosted_panic_jmp = NULL;                                       \
		panic_reset();                                                 \
		hosted_intr_set(hosted_intr_);                                 \
		hosted_panicked_;                                              \
	})

/* ---- Boot options and stubs (stubs.c) --------------------------------- */

/* The command line the stub boot_option/boot_cmdline read. */
void hosted_set_cmdline(const char *cmdline);

/* A stand-in task (malloc'd, one reference, no threads) for tests that do
 * not link kern/task.c; the weak task_destroy of stubs.c frees it and
 * counts hosted_tasks_destroyed. */
struct task *hosted_task_new(const char *name);
extern unsigned long hosted_tasks_destroyed;

/* ---- User mode (thread.c) --------------------------------------------- */

/*
 * The hosted arch_user_enter calls pc as a host function void f(uintptr_t
 * sp), with interrupts enabled; when it returns the thread exits. Such a
 * "user program" simulates a trap return with hosted_user_trap_return().
 */
void hosted_user_trap_return(void);

#endif /* TESTS_HOSTED_HOSTED_H */
