/*
 * Boot test mach-thread-state: thread_get_state / thread_set_state on the
 * x86_64 flavors (ABI §8.3):
 *  - i386_THREAD_STATE round trip (rsp reads 0, IOPL cleaned, cs/ss
 *    forced), and a thread started at a routine that dumps every register
 *    it was given;
 *  - i386_FSGS_BASE_STATE: a new fs base seen through %fs, gs bit 63
 *    cleared;
 *  - i386_FLOAT_STATE / i386_XFLOAT_STATE of a thread that used the x87:
 *    its registers read in FSAVE format, one changed and seen by the
 *    thread; a thread that never used the FPU reads as zero;
 *  - thread_set_self_state (trap -77) resuming at a new state;
 *  - too small counts and unknown flavors: KERN_INVALID_ARGUMENT.
 */
#include <string.h>

#include "mach_test_util.h"

/* ---- Threads in assembly ------------------------------------------------ */

/* regdump_entry stores its registers here: rax rbx rcx rdx rsi rdi rbp rsp
 * r8..r15 rflags, then sets dump_done and yields forever. */
unsigned long dump[17];
volatile int dump_done;

/* fpu_entry: fninit; fld1; fldpi; fpu_ready = 1; wait for fpu_go; store
 * st0, st1 as doubles into fpu_res; fpu_done = 1. */
volatile int fpu_ready, fpu_go, fpu_done;
unsigned long fpu_res[2];

void regdump_entry(void);
void fpu_entry(void);
long self_state_land(struct i386_thread_state *state);

__asm__(".text\n"
	"regdump_entry:\n"
	"	pushfq\n"
	"	popq dump+128(%rip)\n"
	"	movq %rax, dump+0(%rip)\n"
	"	movq %rbx, dump+8(%rip)\n"
	"	movq %rcx, dump+16(%rip)\n"
	"	movq %rdx, dump+24(%rip)\n"
	"	movq %rsi, dump+32(%rip)\n"
	"	movq %rdi, dump+40(%rip)\n"
	"	movq %rbp, dump+48(%rip)\n"
	"	movq %rsp, dump+56(%rip)\n"
	"	movq %r8, dump+64(%rip)\n"
	"	movq %r9, dump+72(%rip)\n"
	"	movq %r10, dump+80(%rip)\n"
	"	movq %r11, dump+88(%rip)\n"
	"	movq %r12, dump+96(%rip)\n"
	"	movq %r13, dump+104(%rip)\n"
	"	movq %r14, dump+112(%rip)\n"
	"	movq %r15, dump+120(%rip)\n"
	"	movl $1, dump_done(%rip)\n"
	"1:	movl $-60, %eax\n" /* swtch */
	"	syscall\n"
	"	jmp 1b\n"
	"\n"
	"fpu_entry:\n"
	"	fninit\n"
	"	fld1\n"
	"	fldpi\n"
	"	movl $1, fpu_ready(%rip)\n"
	"1:	cmpl $0, fpu_go(%rip)\n"
	"	jne 2f\n"
	"	movl $-60, %eax\n"
	"	syscall\n"
	"	jmp 1b\n"
	"2:	fstpl fpu_res+0(%rip)\n"
	"	fstpl fpu_res+8(%rip)\n"
	"	movl $1, fpu_done(%rip)\n"
	"3:	movl $-60, %eax\n"
	"	syscall\n"
	"	jmp 3b\n"
	"\n"
	/* rdi = state: keep the callee-saved registers and the stack, land
	 * at 1f with rax = 0x5E1F; returns -1 if the trap came back. */
	"self_state_land:\n"
	"	movq %rbx, 96(%rdi)\n"
	"	movq %rbp, 80(%rdi)\n"
	"	movq %r12, 32(%rdi)\n"
	"	movq %r13, 40(%rdi)\n"
	"	movq %r14, 48(%rdi)\n"
	"	movq %r15, 56(%rdi)\n"
	"	movq %rsp, 152(%rdi)\n"
	"	leaq 1f(%rip), %rax\n"
	"	movq %rax, 128(%rdi)\n"
	"	movq $0x5E1F, 120(%rdi)\n"
	"	movq $0x202, 144(%rdi)\n"
	"	movq %rdi, %rsi\n"
	"	movl $1, %edi\n"
	"	movl $42, %edx\n"
	"	movl $-77, %eax\n"
	"	syscall\n"
	"	movq $-1, %rax\n"
	"	ret\n"
	"1:	ret\n");

/* ---- General registers ----------------------------------------------------
 */

static void check_regs(void)
{
	struct i386_thread_state st, got;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;
	mach_port_t thread = make_thread(regdump_entry, &st);
	unsigned long *regs[] = {&st.rax, &st.rbx, &st.rcx, &st.rdx,
				 &st.rsi, &st.rdi, &st.rbp, NULL,
				 &st.r8,  &st.r9,  &st.r10, &st.r11,
				 &st.r12, &st.r13, &st.r14, &st.r15};

	CHECK(st.cs == 0x1f && st.ss == 0x17 && st.rfl == 0x202);
	for (unsigned int i = 0; i < 16; i++)
		if (regs[i])
			*regs[i] = 0x1111111111111111UL * (i + 1) + i;
	st.rsp = 0xdeadbeef;		      /* ignored */
	st.rfl = 0x3000 | 0x202 | 0x1 | 0x40; /* IOPL 3, CF, ZF */
	st.cs = 0x8;			      /* forced back to 0x1f */
	st.ss = 0x10;
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&got,
				&count),
	       KERN_SUCCESS);
	CHECK(count == i386_THREAD_STATE_COUNT);
	CHECK(got.rsp == 0 && got.ursp == st.ursp && got.rip == st.rip);
	CHECK(got.cs == 0x1f && got.ss == 0x17);
	CHECK(got.rfl == (0x202 | 0x1 | 0x40));
	CHECK(got.rax == st.rax && got.r15 == st.r15 && got.rcx == st.rcx);
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	wait_flag(&dump_done, "the register dump");
	for (unsigned int i = 0; i < 16; i++)
		if (regs[i] && dump[i] != *regs[i])
			TEST_FAIL("register %u: 0x%lx, expected 0x%lx", i,
				  dump[i], *regs[i]);
	CHECK(dump[7] == st.ursp);
	if ((dump[16] & 0x3ed7) != (0x202 | 0x1 | 0x40))
		TEST_FAIL("rflags 0x%lx", dump[16]);
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	printf("mach-thread-state: general registers loaded as set\n");
}

/* ---- fs / gs base ----------------------------------------------------------
 */

static unsigned long tls_block[4] = {0xF5F5F5F5UL, 0, 0, 0};

static void check_fsgs(void)
{
	mach_port_t self = mach_thread_self();
	struct i386_fsgs_base_state fsgs = {
		.fs_base = (unsigned long)tls_block,
		.gs_base = 0x8000000000002000ULL,
	};
	mach_msg_type_number_t count = i386_FSGS_BASE_STATE_COUNT;
	unsigned long seen;

	EXPECT(thread_set_state(self, i386_FSGS_BASE_STATE,
				(thread_state_t)&fsgs,
				i386_FSGS_BASE_STATE_COUNT),
	       KERN_SUCCESS);
	__asm__ volatile("movq %%fs:0, %0" : "=r"(seen));
	CHECK(seen == 0xF5F5F5F5UL);
	memset(&fsgs, 0, sizeof(fsgs));
	EXPECT(thread_get_state(self, i386_FSGS_BASE_STATE,
				(thread_state_t)&fsgs, &count),
	       KERN_SUCCESS);
	CHECK(count == i386_FSGS_BASE_STATE_COUNT);
	CHECK(fsgs.fs_base == (unsigned long)tls_block);
	CHECK(fsgs.gs_base == 0x2000); /* bit 63 cleared */
	printf("mach-thread-state: fs base set, %%fs:0 reads 0x%lx\n", seen);
}

/* ---- Floating point
 * ---------------------------------------------------------- */

/* 80-bit x87 values: mantissa, exponent. */
#define X87_ONE_MANT 0x8000000000000000UL
#define X87_ONE_EXP  0x3fff
#define X87_PI_MANT  0xc90fdaa22168c235UL
#define X87_PI_EXP   0x4000

static void x87_reg(const unsigned short *w, unsigned long *mant,
		    unsigned short *exp)
{
	memcpy(mant, w, 8);
	*exp = w[4];
}

static void check_float_regs(struct i386_float_state *fs)
{
	struct i386_fp_save *env = (void *)fs->hw_state;
	struct i386_fp_regs *regs = (void *)(fs->hw_state + sizeof(*env));
	unsigned long mant;
	unsigned short exp;

	CHECK(fs->initialized && fs->fpkind != 0);
	CHECK(env->fp_control == 0x37f);
	CHECK(((env->fp_status >> 11) & 7) == 6); /* two pushes */
	CHECK(env->fp_tag == 0x0fff);		  /* R6, R7 valid */
	x87_reg(regs->fp_reg_word[0], &mant, &exp);
	CHECK(mant == X87_PI_MANT && exp == X87_PI_EXP);
	x87_reg(regs->fp_reg_word[1], &mant, &exp);
	CHECK(mant == X87_ONE_MANT && exp == X87_ONE_EXP);
}

static void check_float(void)
{
	struct i386_float_state fs;
	unsigned int xf[148];
	struct i386_xfloat_state *xs = (void *)xf;
	struct i386_fp_save *env = (void *)fs.hw_state;
	struct i386_fp_regs *regs = (void *)(fs.hw_state + sizeof(*env));
	mach_msg_type_number_t count = i386_FLOAT_STATE_COUNT;
	unsigned short two_exp = 0x4000;
	mach_port_t thread;

	/* This thread never used the FPU (-mgeneral-regs-only). */
	EXPECT(thread_get_state(mach_thread_self(), i386_FLOAT_STATE,
				(thread_state_t)&fs, &count),
	       KERN_SUCCESS);
	CHECK(count == i386_FLOAT_STATE_COUNT && !fs.initialized &&
	      fs.hw_state[0] == 0);
	thread = start_thread(fpu_entry);
	wait_flag(&fpu_ready, "the x87 thread");
	EXPECT(thread_suspend(thread), KERN_SUCCESS);
	count = i386_FLOAT_STATE_COUNT;
	EXPECT(thread_get_state(thread, i386_FLOAT_STATE, (thread_state_t)&fs,
				&count),
	       KERN_SUCCESS);
	check_float_regs(&fs);
	count = 148;
	EXPECT(thread_get_state(thread, i386_XFLOAT_STATE, (thread_state_t)xf,
				&count),
	       KERN_SUCCESS);
	CHECK(count == 148 && xs->initialized && xs->fp_save_kind == 1);
	CHECK(xs->hw_state[0] == 0x7f && xs->hw_state[1] == 0x03); /* fcw */
	/* st0 = pi becomes 2.0: same mantissa as 1.0, exponent 0x4000. */
	memcpy(regs->fp_reg_word[0], regs->fp_reg_word[1], 8);
	memcpy(&regs->fp_reg_word[0][4], &two_exp, 2);
	EXPECT(thread_set_state(thread, i386_FLOAT_STATE, (thread_state_t)&fs,
				i386_FLOAT_STATE_COUNT),
	       KERN_SUCCESS);
	fpu_go = 1;
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	wait_flag(&fpu_done, "the x87 stores");
	CHECK(fpu_res[0] == 0x4000000000000000UL); /* 2.0 */
	CHECK(fpu_res[1] == 0x3ff0000000000000UL); /* 1.0 */
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	printf("mach-thread-state: x87 registers read and changed\n");
}

/* ---- Bad requests, thread_set_self_state ------------------------------------
 */

static void check_errors(void)
{
	mach_port_t self = mach_thread_self();
	unsigned int buf[200];
	mach_msg_type_number_t count = 17; /* the 2022 32-bit count */

	EXPECT(thread_get_state(self, i386_THREAD_STATE, buf, &count),
	       KERN_INVALID_ARGUMENT);
	count = 200;
	EXPECT(thread_get_state(self, 99, buf, &count), KERN_INVALID_ARGUMENT);
	count = 200;
	EXPECT(thread_get_state(self, i386_V86_ASSIST_STATE, buf, &count),
	       KERN_INVALID_ARGUMENT);
	memset(buf, 0, sizeof(buf));
	EXPECT(thread_set_state(self, i386_THREAD_STATE, buf, 17),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_set_state(self, 99, buf, 42), KERN_INVALID_ARGUMENT);
	count = 147;
	EXPECT(thread_get_state(self, i386_XFLOAT_STATE, buf, &count),
	       KERN_INVALID_ARGUMENT);
}

static void check_self_state(void)
{
	struct i386_thread_state st;

	memset(&st, 0, sizeof(st));
	CHECK(self_state_land(&st) == 0x5E1F);
	EXPECT(thread_set_self_state(99, (natural_t *)&st, 42),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_set_self_state(i386_THREAD_STATE, (natural_t *)&st, 0),
	       KERN_INVALID_ARGUMENT);
	printf("mach-thread-state: thread_set_self_state landed\n");
}

int main(int argc, char **argv, char **envp)
{
	check_errors();
	check_regs();
	check_fsgs();
	check_float();
	check_self_state();
	TEST_SUCCESS();
}
