/*
 * x86/fpu_state.h - the FPU flavors of thread_get_state / thread_set_state
 * (i386_FLOAT_STATE in FSAVE format, i386_XFLOAT_STATE) over a thread's
 * FXSAVE image t->arch.fpu, the same on both x86 ports. Static functions,
 * included by x86_64/thread_state.c and i386/thread_state.c only; the
 * includer provides fpu_state_save / fpu_state_reload (its x86.h).
 */
#ifndef X86_FPU_STATE_H
#define X86_FPU_STATE_H

#include <stddef.h>
#include <mach/machine/thread_status.h>
#include <base/string.h>
#include <base/thread.h>

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

#endif /* X86_FPU_STATE_H */
