/*
 * x86/thread_state.h - thread_get_state / thread_set_state of both x86
 * ports: the flavors they share (i386_THREAD_STATE and
 * i386_REGS_SEGS_STATE through the port's registers, the FPU flavors of
 * x86/fpu_state.h, i386_ISA_PORT_MAP_STATE, i386_DEBUG_STATE). Included by
 * x86_64/thread_state.c and i386/thread_state.c only, after
 * x86/fpu_state.h; the includer defines:
 *	regs_get(f, s)			its thread state from a user frame
 *	thread_state_set(t, flavor, s)	a thread state set on t
 *	port_flavor_count(flavor)	words of a flavor only it has, or 0
 *	port_state_get(t, flavor, state, n)	such a flavor, n words
 *	port_state_set(t, flavor, state)	such a flavor set on t
 *
 * Lock: the caller holds the kernel lock; t does not run user code.
 */
#ifndef X86_THREAD_STATE_H
#define X86_THREAD_STATE_H

#include <mach/kern_return.h>
#include <mach/machine/thread_status.h>
#include <base/string.h>
#include <base/thread.h>

/* Words of each flavor; 0: not a flavor of this arch. */
static unsigned int flavor_count(int flavor)
{
	switch (flavor) {
	case i386_THREAD_STATE:
	case i386_REGS_SEGS_STATE:
		return i386_THREAD_STATE_COUNT;
	case i386_FLOAT_STATE:
		return i386_FLOAT_STATE_COUNT;
	case i386_ISA_PORT_MAP_STATE:
		return i386_ISA_PORT_MAP_STATE_COUNT;
	case i386_DEBUG_STATE:
		return i386_DEBUG_STATE_COUNT;
	case i386_XFLOAT_STATE:
		return XFLOAT_COUNT;
	default:
		return port_flavor_count(flavor);
	}
}

int arch_thread_get_state(struct thread *t, int flavor, uint32_t *state,
			  unsigned int *count)
{
	unsigned int n = flavor_count(flavor);

	if (n == 0 || *count < n)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case i386_THREAD_STATE:
	case i386_REGS_SEGS_STATE:
		regs_get(t->arch.user_frame, (struct i386_thread_state *)state);
		break;
	case i386_FLOAT_STATE:
		float_get(t, (struct i386_float_state *)state);
		break;
	case i386_ISA_PORT_MAP_STATE:
		memset(state, 0xff, n * sizeof(uint32_t));
		break;
	case i386_DEBUG_STATE:
		memset(state, 0, n * sizeof(uint32_t));
		break;
	case i386_XFLOAT_STATE:
		xfloat_get(t, state);
		break;
	default:
		port_state_get(t, flavor, state, n);
		break;
	}
	*count = n;
	return KERN_SUCCESS;
}

int arch_thread_set_state(struct thread *t, int flavor, const uint32_t *state,
			  unsigned int count)
{
	unsigned int n = flavor_count(flavor);
	const struct i386_debug_state *dbg = (const void *)state;

	if (n == 0 || count < n || flavor == i386_ISA_PORT_MAP_STATE)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case i386_THREAD_STATE:
	case i386_REGS_SEGS_STATE:
		return thread_state_set(
			t, flavor, (const struct i386_thread_state *)state);
	case i386_FLOAT_STATE:
		float_set(t, (const struct i386_float_state *)state);
		return KERN_SUCCESS;
	case i386_DEBUG_STATE:
		/* No breakpoint registers for user tasks yet: dr7 must be 0. */
		return dbg->dr[7] == 0 ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
	case i386_XFLOAT_STATE:
		xfloat_set(t, state);
		return KERN_SUCCESS;
	default:
		return port_state_set(t, flavor, state);
	}
}

#endif /* X86_THREAD_STATE_H */
