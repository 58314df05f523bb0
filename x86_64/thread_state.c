/*
 * x86_64/thread_state.c - thread_get_state / thread_set_state flavors
 * (../shared/abi/x86_64.md §8.3) on a thread's saved user registers
 * (t->arch.user_frame), FPU image (t->arch.fpu, FXSAVE format) and fs/gs
 * bases.
 *
 *	1 i386_THREAD_STATE      42 words; rsp reads 0 and is ignored, ursp
 *	                         is the user stack pointer
 *	2 i386_FLOAT_STATE       30 words, FSAVE format converted from and
 *	                         to the FXSAVE image
 *	3 i386_ISA_PORT_MAP_STATE get only: no I/O port is open to user tasks
 *	5 i386_REGS_SEGS_STATE   as 1, cs/ss checked (non-null, RPL 3)
 *	6 i386_DEBUG_STATE       reads 0; only an all-disabled set is accepted
 *	7 i386_FSGS_BASE_STATE   4 words; gs_base bit 63 cleared on set
 *	8 i386_XFLOAT_STATE      16-byte header + the 512-byte FXSAVE image
 *	                         and a zero 64-byte XSAVE header (148 words)
 *
 * A thread that never used the FPU reads as all zero in 2 and 8; setting
 * them gives it an FPU state.
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

/* ---- General registers ------------------------------------------------ */

static void regs_get(const struct trap_frame *f, struct i386_thread_state *s)
{
	memset(s, 0, sizeof(*s));
	s->r8 = f->r8, s->r9 = f->r9, s->r10 = f->r10, s->r11 = f->r11;
	s->r12 = f->r12, s->r13 = f->r13, s->r14 = f->r14, s->r15 = f->r15;
	s->rdi = f->rdi, s->rsi = f->rsi, s->rbp = f->rbp, s->rsp = 0;
	s->rbx = f->rbx, s->rdx = f->rdx, s->rcx = f->rcx, s->rax = f->rax;
	s->rip = f->rip;
	s->cs = (unsigned int)f->cs;
	s->rfl = f->rflags;
	s->ursp = f->rsp;
	s->ss = (unsigned int)f->ss;
}

/* The user's registers, cleaned for user mode (§8.3). */
static void regs_set(struct trap_frame *f, const struct i386_thread_state *s)
{
	f->r8 = s->r8, f->r9 = s->r9, f->r10 = s->r10, f->r11 = s->r11;
	f->r12 = s->r12, f->r13 = s->r13, f->r14 = s->r14, f->r15 = s->r15;
	f->rdi = s->rdi, f->rsi = s->rsi, f->rbp = s->rbp;
	f->rbx = s->rbx, f->rdx = s->rdx, f->rcx = s->rcx, f->rax = s->rax;
	f->rip = s->rip;
	f->rsp = s->ursp;
	f->cs = USER_CS;
	f->ss = USER_DS;
	f->rflags =
		(s->rfl & ~(RFLAGS_IOPL | RFLAGS_NT | RFLAGS_RF | RFLAGS_VM)) |
		RFLAGS_IF | 0x2;
}

static bool user_selector(unsigned int sel)
{
	return (sel & ~3u) != 0 && (sel & 3) == 3;
}

static int thread_state_set(struct thread *t, int flavor,
			    const struct i386_thread_state *s)
{
	if (flavor == i386_REGS_SEGS_STATE &&
	    (!user_selector(s->cs) || !user_selector(s->ss)))
		return KERN_INVALID_ARGUMENT;
	regs_set(t->arch.user_frame, s);
	t->arch.user_state_set = 1;
	return KERN_SUCCESS;
}

/* ---- The flavor only x86_64 has ------------------------------------------ */

static unsigned int port_flavor_count(int flavor)
{
	return flavor == i386_FSGS_BASE_STATE ? i386_FSGS_BASE_STATE_COUNT : 0;
}

/* i386_FSGS_BASE_STATE (the one flavor port_flavor_count counts). */
static void port_state_get(struct thread *t, int flavor, uint32_t *state,
			   unsigned int n)
{
	struct i386_fsgs_base_state *fsgs = (void *)state;

	(void)flavor;
	(void)n;
	fsgs->fs_base = t->arch.fs_base;
	fsgs->gs_base = t->arch.gs_base;
}

/* i386_FSGS_BASE_STATE: gs_base bit 63 cleared. */
static int port_state_set(struct thread *t, int flavor, const uint32_t *state)
{
	const struct i386_fsgs_base_state *fsgs = (const void *)state;

	(void)flavor;
	t->arch.fs_base = fsgs->fs_base;
	t->arch.gs_base = fsgs->gs_base & ~(1ULL << 63);
	t->arch.segbase_stale = 1;
	return KERN_SUCCESS;
}

#include "../x86/thread_state.h"
