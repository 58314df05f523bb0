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

#define FP_KIND_FXSR	    4 /* fpkind of an FXSAVE-capable FPU */
#define FP_SAVE_KIND_FXSAVE 1 /* i386_xfloat_state.fp_save_kind */
#define FXSAVE_BYTES	    512
#define XSAVE_HEADER_BYTES  64
#define XFLOAT_BYTES                                                           \
	(sizeof(struct i386_xfloat_state) + FXSAVE_BYTES + XSAVE_HEADER_BYTES)
#define XFLOAT_COUNT  (XFLOAT_BYTES / sizeof(uint32_t))
#define FX_REG_SLOT   16 /* bytes per x87 register in FXSAVE */
#define X87_REG_BYTES 10

_Static_assert(XFLOAT_COUNT == 148, "i386_XFLOAT_STATE count (ABI: 592 bytes)");
_Static_assert(sizeof(struct i386_fp_save) == 28, "FSAVE environment");
_Static_assert(sizeof(struct i386_fp_regs) == 80, "FSAVE registers");

/* The FXSAVE image (its first 160 bytes; §10.5 of the SDM layout). */
struct fxsave_head {
	uint16_t fcw, fsw;
	uint8_t ftw, reserved1;
	uint16_t fop;
	uint32_t fip;
	uint16_t fcs, reserved2;
	uint32_t fdp;
	uint16_t fds, reserved3;
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st[8][FX_REG_SLOT];
};
_Static_assert(offsetof(struct fxsave_head, st) == 32, "fxsave st0");

static struct fxsave_head *fx_image(struct thread *t)
{
	return (struct fxsave_head *)t->arch.fpu;
}

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

/* ---- x87 state: FXSAVE <-> FSAVE ----------------------------------------- */

/* The full 2-bit tag of an x87 register from its contents. */
static unsigned int x87_tag(const uint8_t *reg)
{
	uint64_t mantissa;
	uint16_t exp;

	memcpy(&mantissa, reg, 8);
	memcpy(&exp, reg + 8, 2);
	exp &= 0x7fff;
	if (exp == 0x7fff)
		return 2; /* special: infinity, NaN */
	if (exp == 0)
		return mantissa == 0 ? 1 : 2; /* zero, or denormal */
	return (mantissa >> 63) ? 0 : 2;      /* valid, or unnormal */
}

/* The FSAVE tag word from the abridged one (physical register order). */
static uint16_t tag_word_full(const struct fxsave_head *fx)
{
	unsigned int top = (fx->fsw >> 11) & 7;
	uint16_t tw = 0;

	for (unsigned int phys = 0; phys < 8; phys++) {
		unsigned int st = (phys - top) & 7;
		unsigned int tag =
			(fx->ftw & (1u << phys)) ? x87_tag(fx->st[st]) : 3;
		tw |= tag << (2 * phys);
	}
	return tw;
}

static uint8_t tag_word_abridged(uint16_t tw)
{
	uint8_t ftw = 0;

	for (unsigned int phys = 0; phys < 8; phys++)
		if (((tw >> (2 * phys)) & 3) != 3)
			ftw |= 1u << phys;
	return ftw;
}

static void float_get(struct thread *t, struct i386_float_state *s)
{
	const struct fxsave_head *fx = fx_image(t);
	struct i386_fp_save *env = (struct i386_fp_save *)s->hw_state;
	struct i386_fp_regs *regs =
		(struct i386_fp_regs *)(s->hw_state + sizeof(*env));

	memset(s, 0, sizeof(*s));
	if (!t->arch.fpu_used)
		return;
	fpu_state_save(t);
	s->fpkind = FP_KIND_FXSR;
	s->initialized = 1;
	env->fp_control = fx->fcw;
	env->fp_status = fx->fsw;
	env->fp_tag = tag_word_full(fx);
	env->fp_eip = fx->fip;
	env->fp_cs = fx->fcs;
	env->fp_opcode = fx->fop;
	env->fp_dp = fx->fdp;
	env->fp_ds = fx->fds;
	for (unsigned int i = 0; i < 8; i++)
		memcpy(regs->fp_reg_word[i], fx->st[i], X87_REG_BYTES);
}

/* A fresh FXSAVE image for a thread that had no FPU state. */
static void fx_image_init(struct thread *t)
{
	struct fxsave_head *fx = fx_image(t);

	memset(t->arch.fpu, 0, sizeof(t->arch.fpu));
	fx->fcw = 0x37f;    /* fninit */
	fx->mxcsr = 0x1f80; /* all SSE exceptions masked */
	t->arch.fpu_used = 1;
}

static void float_set(struct thread *t, const struct i386_float_state *s)
{
	const struct i386_fp_save *env = (const void *)s->hw_state;
	const struct i386_fp_regs *regs =
		(const void *)(s->hw_state + sizeof(*env));
	struct fxsave_head *fx = fx_image(t);

	if (t->arch.fpu_used)
		fpu_state_save(t);
	else
		fx_image_init(t);
	fx->fcw = env->fp_control;
	fx->fsw = env->fp_status;
	fx->ftw = tag_word_abridged(env->fp_tag);
	fx->fip = env->fp_eip;
	fx->fcs = env->fp_cs;
	fx->fop = env->fp_opcode & 0x7ff;
	fx->fdp = env->fp_dp;
	fx->fds = env->fp_ds;
	for (unsigned int i = 0; i < 8; i++) {
		memset(fx->st[i], 0, FX_REG_SLOT);
		memcpy(fx->st[i], regs->fp_reg_word[i], X87_REG_BYTES);
	}
	fpu_state_reload(t);
}

static void xfloat_get(struct thread *t, uint32_t *state)
{
	struct i386_xfloat_state *s = (struct i386_xfloat_state *)state;

	memset(state, 0, XFLOAT_BYTES);
	if (!t->arch.fpu_used)
		return;
	fpu_state_save(t);
	s->fpkind = FP_KIND_FXSR;
	s->initialized = 1;
	s->fp_save_kind = FP_SAVE_KIND_FXSAVE;
	memcpy(s->hw_state, t->arch.fpu, FXSAVE_BYTES);
}

/* MXCSR bits the CPU rejects (#GP on fxrstor) are cleared. */
static void xfloat_set(struct thread *t, const uint32_t *state)
{
	const struct i386_xfloat_state *s = (const void *)state;

	if (t->arch.fpu_used)
		fpu_state_save(t);
	memcpy(t->arch.fpu, s->hw_state, FXSAVE_BYTES);
	fx_image(t)->mxcsr &= 0xffff;
	t->arch.fpu_used = 1;
	fpu_state_reload(t);
}

/* ---- The flavors ----------------------------------------------------------
 */

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
	case i386_FSGS_BASE_STATE:
		return i386_FSGS_BASE_STATE_COUNT;
	case i386_XFLOAT_STATE:
		return XFLOAT_COUNT;
	default:
		return 0;
	}
}

int arch_thread_get_state(struct thread *t, int flavor, uint32_t *state,
			  unsigned int *count)
{
	unsigned int n = flavor_count(flavor);
	struct i386_fsgs_base_state *fsgs = (void *)state;

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
	case i386_FSGS_BASE_STATE:
		fsgs->fs_base = t->arch.fs_base;
		fsgs->gs_base = t->arch.gs_base;
		break;
	case i386_XFLOAT_STATE:
		xfloat_get(t, state);
		break;
	}
	*count = n;
	return KERN_SUCCESS;
}

int arch_thread_set_state(struct thread *t, int flavor, const uint32_t *state,
			  unsigned int count)
{
	unsigned int n = flavor_count(flavor);
	const struct i386_fsgs_base_state *fsgs = (const void *)state;
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
	case i386_FSGS_BASE_STATE:
		t->arch.fs_base = fsgs->fs_base;
		t->arch.gs_base = fsgs->gs_base & ~(1ULL << 63);
		return KERN_SUCCESS;
	case i386_XFLOAT_STATE:
		xfloat_set(t, state);
		return KERN_SUCCESS;
	}
	return KERN_INVALID_ARGUMENT;
}
