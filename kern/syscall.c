/*
 * kern/syscall.c - the Mach trap table (ABI sheet §2.2).
 *
 * Each slot has a handler and its argument count. Arguments 1-6 come in
 * registers; 7 and up are read from the user stack (usp + 8, usp + 16,
 * ...): an unreadable slot raises EXC_BAD_ACCESS with the slot address.
 */
#include <mach/kern_return.h>
#include <mach/message.h>

#include <base/arch.h>
#include <base/debug.h>
#include <kern/exception.h>
#include <base/sched.h>
#include <base/lock.h>
#include <kern/syscall.h>
#include <base/thread.h>
#include <ipc/ipc_kernel.h>
#include <kern/host.h>

#define MACH_PRINT_MAX 1024

typedef syscall_trap_fn trap_fn;

struct trap {
	trap_fn fn;
	unsigned int nargs;
};

static uint64_t trap_invalid(const uint64_t *a)
{
	return KERN_INVALID_ARGUMENT;
}

/* Historic traps that return MACH_PORT_NULL. */
static uint64_t trap_null(const uint64_t *a)
{
	return 0;
}

static uint64_t trap_mach_msg(const uint64_t *a)
{
	return (uint32_t)ipc_trap_mach_msg(
		a[0], (mach_msg_option_t)a[1], (mach_msg_size_t)a[2],
		(mach_msg_size_t)a[3], (mach_port_name_t)a[4],
		(mach_msg_timeout_t)a[5], (mach_port_name_t)a[6]);
}

/* The trap holds the kernel lock: interrupts off is all it lacks. */
static uint64_t trap_reply_port(const uint64_t *a)
{
	unsigned long on = arch_intr_save();
	mach_port_name_t name = ipc_trap_reply_port();

	arch_intr_restore(on);
	return name;
}

static uint64_t trap_thread_self(const uint64_t *a)
{
	return ipc_trap_thread_self();
}

static uint64_t trap_task_self(const uint64_t *a)
{
	return ipc_trap_task_self();
}

static uint64_t trap_host_self(const uint64_t *a)
{
	return ipc_trap_host_self();
}

static uint64_t trap_mach_print(const uint64_t *a)
{
	char buf[MACH_PRINT_MAX];
	int kr = copyinstr((const void *)a[0], buf, sizeof(buf));

	if (kr == KERN_RESOURCE_SHORTAGE) {
		buf[sizeof(buf) - 1] = '\0';
		kr = KERN_SUCCESS;
	}
	if (kr == KERN_SUCCESS)
		printf("%s", buf);
	return kr;
}

/* swtch / swtch_pri: yield; report whether other threads are runnable. */
static uint64_t trap_swtch(const uint64_t *a)
{
	spl_t s = splhigh();
	sched_yield_cpu();
	bool others = sched_ready_count() > 0;
	splx(s);
	return others;
}

/* thread_switch(thread, option, time): a yield for every option. */
static uint64_t trap_thread_switch(const uint64_t *a)
{
	int option = (int)a[1];

	if (option < 0 || option > 2)
		return KERN_INVALID_ARGUMENT;
	spl_t s = splhigh();
	sched_yield_cpu();
	splx(s);
	return KERN_SUCCESS;
}

/*
 * thread_set_self_state(flavor, state, count): count words (1...150) of
 * state for the current thread. For the register flavors the thread
 * resumes at the new registers (the result does not replace rax).
 */
#define SELF_STATE_MAX 150

static uint64_t trap_thread_set_self_state(const uint64_t *a)
{
	uint32_t state[SELF_STATE_MAX];
	unsigned int count = (unsigned int)a[2];
	int kr;

	if (count < 1 || count > SELF_STATE_MAX)
		return KERN_INVALID_ARGUMENT;
	if (copyin((const void *)a[1], state, count * sizeof(uint32_t)) != 0)
		return KERN_INVALID_ADDRESS;
	spl_t s = splhigh();
	kr = arch_thread_set_state(current_thread(), (int)a[0], state, count);
	splx(s);
	return kr;
}

#define T(n, fn, nargs) [n] = {fn, nargs}

/* Indexed by -number. Unlisted slots are unused: KERN_INVALID_ARGUMENT.
 * The modules' traps (SYSCALL_TRAP) join at boot: syscall_init. */
/* clang-format off */
static struct trap trap_table[SYSCALL_SLOTS] = {
	T(10, trap_null, 0),	      T(11, trap_null, 0),
	T(12, trap_null, 0),	      T(13, trap_null, 0),
	T(25, trap_mach_msg, 7),      T(26, trap_reply_port, 0),
	T(27, trap_thread_self, 0),   T(28, trap_task_self, 0),
	T(29, trap_host_self, 0),     T(30, trap_mach_print, 1),
	T(55, trap_null, 0),	      T(56, trap_null, 0),
	T(59, trap_swtch, 1),	      T(60, trap_swtch, 0),
	T(61, trap_thread_switch, 3),
	T(77, trap_thread_set_self_state, 3),
};
/* clang-format on */

/* The modules' traps: the "mach5_traps" linker set (kern/syscall.h). */
extern const struct syscall_trap __start_mach5_traps[] __attribute__((weak));
extern const struct syscall_trap __stop_mach5_traps[] __attribute__((weak));

void syscall_init(void)
{
	const struct syscall_trap *t;

	if (__start_mach5_traps == NULL)
		return;
	for (t = __start_mach5_traps; t < __stop_mach5_traps; t++) {
		if (t->number <= 0 || t->number >= SYSCALL_SLOTS ||
		    trap_table[t->number].fn != NULL)
			panic("syscall_init: trap -%d taken or out of range",
			      t->number);
		trap_table[t->number] = (struct trap){t->fn, t->nargs};
	}
}

/* Read arguments 7.. of a trap from the user stack; false on a fault
 * (the exception has then been raised). */
static bool syscall_stack_args(uint64_t *args, unsigned int nargs,
			       uintptr_t usp)
{
	for (unsigned int i = 6; i < nargs; i++) {
		uintptr_t slot = usp + 8 * (i - 5);
		if (copyin((const void *)slot, &args[i], 8) != 0) {
			exception_raise_user(EXC_BAD_ACCESS,
					     KERN_INVALID_ADDRESS, slot);
			return false;
		}
	}
	return true;
}

/* mach_msg, the trap that matters most: the fast path first (it needs no
 * seventh argument), then the general path with the seventh argument read
 * in place when the stack slot is there (else the general dispatch reads
 * it, raising the exception a bad slot deserves; after a send the fast
 * path made, an unreadable slot reads as MACH_PORT_NULL). */
static uint64_t syscall_dispatch_long(const struct trap *trap,
				      const uint64_t a[6], uintptr_t usp);

/* mach_msg past the fast path: the seventh argument read in place when
 * the stack slot is there, else the general dispatch reads it, raising
 * the exception a bad slot deserves. */
static uint64_t syscall_mach_msg_slow(const uint64_t a[6], uintptr_t usp)
{
	uint64_t notify;

	if (copyin_nofault((const void *)(usp + 8), &notify, 8) != 0)
		return syscall_dispatch_long(&trap_table[25], a, usp);
	return (uint32_t)ipc_trap_mach_msg_slow(
		a[0], (mach_msg_option_t)a[1], (mach_msg_size_t)a[2],
		(mach_msg_size_t)a[3], (mach_port_name_t)a[4],
		(mach_msg_timeout_t)a[5], (mach_port_name_t)notify);
}

/* The same, from the trap's registers, interrupts disabled on entry and
 * return (enabled meanwhile). */
uint64_t syscall_mach_msg_general(uint64_t a0, uint64_t a1, uint64_t a2,
				  uint64_t a3, uint64_t a4, uint64_t a5,
				  uintptr_t usp, unsigned long on)
{
	const uint64_t a[6] = {a0, a1, a2, a3, a4, a5};
	uint64_t result;

	arch_intr_restore(on);
	result = syscall_mach_msg_slow(a, usp);
	arch_intr_save();
	return (uint32_t)result;
}

/* mach_msg, the trap that matters most: the fast path first (it needs no
 * seventh argument), with interrupts still disabled. */
uint64_t syscall_mach_msg_trap(uint64_t a0, uint64_t a1, uint64_t a2,
			       uint64_t a3, uint64_t a4, uint64_t a5,
			       uintptr_t usp, unsigned long on)
{
	uint64_t result = syscall_mach_msg_fast(a0, a1, a2, a3, a4, a5, on);

	if (result == SYSCALL_DECLINED)
		result = syscall_mach_msg_general(a0, a1, a2, a3, a4, a5, usp,
						  on);
	return (uint32_t)result;
}

/* A jump to the fast path (ipc_fast_mach_msg returns 32-bit results or
 * IPC_FAST_DECLINED, which is SYSCALL_DECLINED). */
_Static_assert(IPC_FAST_DECLINED == SYSCALL_DECLINED,
	       "one declined value for both layers");
uint64_t syscall_mach_msg_fast(uint64_t a0, uint64_t a1, uint64_t a2,
			       uint64_t a3, uint64_t a4, uint64_t a5,
			       unsigned long on)
{
	if (!ipc_fastpath_enabled)
		return SYSCALL_DECLINED;
	return ipc_fast_mach_msg(a0, (mach_msg_option_t)a1, (mach_msg_size_t)a2,
				 (mach_msg_size_t)a3, (mach_port_name_t)a4,
				 (mach_msg_timeout_t)a5, on);
}

uint64_t syscall_mach_msg_shared(uint64_t a0, uint64_t a1, uint64_t a2,
				 uint64_t a3, uint64_t a4, unsigned long on)
{
	if (!ipc_fastpath_enabled)
		return SYSCALL_DECLINED;
	return ipc_fast_mach_msg_shared(
		a0, (mach_msg_option_t)a1, (mach_msg_size_t)a2,
		(mach_msg_size_t)a3, (mach_port_name_t)a4, on);
}

uint64_t syscall_quick(int64_t number)
{
	switch (number) {
	case -26:
		return ipc_trap_reply_port();
	case -27:
		return ipc_trap_thread_self();
	case -28:
		return ipc_trap_task_self();
	case -29:
		return ipc_trap_host_self();
	default:
		return SYSCALL_DECLINED;
	}
}

/* A trap of more than six arguments (the rest on the user stack), or an
 * empty slot. */
static __attribute__((noinline)) uint64_t
syscall_dispatch_long(const struct trap *trap, const uint64_t a[6],
		      uintptr_t usp)
{
	uint64_t args[SYSCALL_MAX_ARGS];

	if (trap->fn == NULL)
		return trap_invalid(a);
	for (unsigned int i = 0; i < 6; i++)
		args[i] = a[i];
	if (!syscall_stack_args(args, trap->nargs, usp))
		return KERN_INVALID_ADDRESS;
	return trap->fn(args);
}

/* A number outside the table: GNU Mach's invalid-instruction exception. */
static __attribute__((noinline)) uint64_t syscall_bad_number(void)
{
	exception_raise_user(EXC_BAD_INSTRUCTION, EXC_I386_INVOP, 0);
	return KERN_INVALID_ARGUMENT;
}

uint64_t syscall_dispatch(int64_t number, const uint64_t a[6], uintptr_t usp)
{
	const struct trap *trap;

	if (number == -25) {
		unsigned long on = arch_intr_save();
		uint64_t result = syscall_mach_msg_trap(a[0], a[1], a[2], a[3],
							a[4], a[5], usp, on);

		arch_intr_restore(on);
		return result;
	}
	if (number > 0 || number <= -SYSCALL_SLOTS)
		return syscall_bad_number();
	trap = &trap_table[-number];
	if (trap->nargs <= 6 && trap->fn != NULL)
		return trap->fn(a); /* all in registers */
	return syscall_dispatch_long(trap, a, usp);
}

unsigned int syscall_nargs(int64_t number)
{
	if (number > 0 || number <= -SYSCALL_SLOTS)
		return 0;
	return trap_table[-number].fn != NULL ? trap_table[-number].nargs : 0;
}

uint64_t syscall_dispatch_args(int64_t number, const uint64_t *args)
{
	if (number > 0 || number <= -SYSCALL_SLOTS)
		return syscall_bad_number();
	const struct trap *trap = &trap_table[-number];
	return trap->fn != NULL ? trap->fn(args) : trap_invalid(args);
}
