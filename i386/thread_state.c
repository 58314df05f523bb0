/*
 * i386/thread_state.c - thread_get_state / thread_set_state flavors
 * (../shared/abi/i386.md §6.3) on a thread's saved user registers
 * (t->arch.user_frame) and FPU image (t->arch.fpu, FXSAVE format).
 *
 *	1 i386_THREAD_STATE      17 words; esp reads 0 and is ignored, uesp
 *	                         is the user stack pointer; on set the
 *	                         selectors are forced to the user ones
 *	2 i386_FLOAT_STATE       30 words, FSAVE format (x86/fpu_state.h)
 *	3 i386_ISA_PORT_MAP_STATE get only: no I/O port is open to user tasks
 *	4 i386_V86_ASSIST_STATE  reads {0, 0}; no V86 mode: only {0, 0} is
 *	                         accepted
 *	5 i386_REGS_SEGS_STATE   as 1, selectors taken from the state: cs and
 *	                         ss must be non-null with RPL 3; fs and gs
 *	                         keep a TLS selector (0x4B, 0x53) or null
 *	6 i386_DEBUG_STATE       reads 0; only an all-disabled set is accepted
 *	7 i386_FSGS_BASE_STATE   KERN_INVALID_ARGUMENT on i386
 *	8 i386_XFLOAT_STATE      16-byte header + the 512-byte FXSAVE image
 *	                         and a zero 64-byte XSAVE header (148 words)
 *
 * Lock: the caller holds the kernel lock; t does not run user code.
 */
#include <stddef.h>
#include <mach/kern_return.h>
#include <mach/machine/thread_status.h>
#include <base/arch.h>
#include <base/string.h>
#include <base/thread.h>
#include "x86.h"
#include "../x86/fpu_state.h"

_Static_assert(i386_THREAD_STATE_COUNT == 17, "i386_THREAD_STATE count");

/* ---- General registers ------------------------------------------------ */

static void regs_get(const struct trap_frame *f, struct i386_thread_state *s)
{
	s->gs = f->gs, s->fs = f->fs, s->es = f->es, s->ds = f->ds;
	s->edi = f->edi, s->esi = f->esi, s->ebp = f->ebp, s->esp = 0;
	s->ebx = f->ebx, s->edx = f->edx, s->ecx = f->ecx, s->eax = f->eax;
	s->eip = f->eip;
	s->cs = f->cs;
	s->efl = f->eflags;
	s->uesp = f->esp;
	s->ss = f->ss;
}

/* The user's registers, cleaned for user mode (§6.3). */
static void regs_set(struct trap_frame *f, const struct i386_thread_state *s,
		     bool segs)
{
	f->edi = s->edi, f->esi = s->esi, f->ebp = s->ebp;
	f->ebx = s->ebx, f->edx = s->edx, f->ecx = s->ecx, f->eax = s->eax;
	f->eip = s->eip;
	f->esp = s->uesp;
	f->cs = USER_CS;
	f->ss = USER_DS;
	f->ds = f->es = USER_DS;
	f->fs = segs ? (s->fs & 0xFFFF) : USER_DS;
	f->gs = segs ? (s->gs & 0xFFFF) : USER_DS;
	f->eflags =
		(s->efl & ~(EFLAGS_IOPL | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM)) |
		EFLAGS_IF | 0x2;
}

static bool user_selector(unsigned int sel)
{
	return (sel & 0xFFFC) != 0 && (sel & 3) == 3;
}

static int thread_state_set(struct thread *t, int flavor,
			    const struct i386_thread_state *s)
{
	bool segs = flavor == i386_REGS_SEGS_STATE;

	if (segs && (!user_selector(s->cs) || !user_selector(s->ss)))
		return KERN_INVALID_ARGUMENT;
	regs_set(t->arch.user_frame, s, segs);
	t->arch.user_state_set = 1;
	return KERN_SUCCESS;
}

/* ---- The flavor only i386 has -------------------------------------------- */

static unsigned int port_flavor_count(int flavor)
{
	return flavor == i386_V86_ASSIST_STATE ? i386_V86_ASSIST_STATE_COUNT
					       : 0;
}

/* i386_V86_ASSIST_STATE (the one flavor port_flavor_count counts). */
static void port_state_get(struct thread *t, int flavor, uint32_t *state,
			   unsigned int n)
{
	(void)t;
	(void)flavor;
	memset(state, 0, n * sizeof(uint32_t));
}

/* i386_V86_ASSIST_STATE: no V86 mode, only {0, 0}. */
static int port_state_set(struct thread *t, int flavor, const uint32_t *state)
{
	(void)t;
	(void)flavor;
	return state[0] == 0 && state[1] == 0 ? KERN_SUCCESS
					      : KERN_INVALID_ARGUMENT;
}

#include "../x86/thread_state.h"
