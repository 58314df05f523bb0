/*
 * i386/syscall.c - the C side of the lcall $7,$0 call gate (ABI §2.1).
 *
 * The trap number is in eax; the arguments are the cdecl words on the user
 * stack at esp + 4, esp + 8, ... (the gate copies none). The kernel reads
 * the trap's argument count from the trap table, the last argument first,
 * so an unreadable stack raises EXC_BAD_ACCESS with the highest slot's
 * address. The result goes to eax; every other register is preserved.
 */
#include <base/arch.h>
#include <base/arch_callbacks.h>
#include <base/lock.h>
#include <base/thread.h>
#include <mach/exception.h>
#include <mach/kern_return.h>
#include "x86.h"

/* Read the nargs argument words at usp + 4.. into a[] (zero-extended),
 * the last first; false (exception raised) when one cannot be read. */
static bool syscall_read_args(uintptr_t usp, unsigned int nargs, uint64_t *a)
{
	for (unsigned int i = nargs; i-- > 0;) {
		uintptr_t slot = usp + 4 * (i + 1);
		uint32_t w;

		if (copyin((const void *)slot, &w, 4) != 0) {
			exception_raise_user(EXC_BAD_ACCESS,
					     KERN_INVALID_ADDRESS, slot);
			return false;
		}
		a[i] = w;
	}
	return true;
}

/*
 * Called by syscall_gate_entry (entry.S) with interrupts off and f at the
 * top of the thread's kernel stack. Runs the trap with interrupts on,
 * stores its result in f->eax (unless thread_set_state replaced the
 * registers meanwhile) and prepares the return to user mode.
 */
void syscall_handler(struct trap_frame *f)
{
	struct thread *t = current_thread();
	int32_t number = (int32_t)f->eax;
	uint64_t a[SYSCALL_MAX_ARGS] = {0};
	uint32_t result = KERN_INVALID_ADDRESS;

	kernel_lock_acquire();
	t->arch.user_frame = f;
	t->arch.user_state_set = 0;
	sti();
	if (syscall_read_args(f->esp, syscall_nargs(number), a))
		result = (uint32_t)syscall_dispatch_args(number, a);
	cli();
	if (!t->arch.user_state_set)
		f->eax = result;
	trap_user_return(f);
	kernel_lock_release();
}
