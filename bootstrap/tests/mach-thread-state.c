/*
 * Boot test mach-thread-state: thread_get_state / thread_set_state on the
 * flavors of the kernel's architecture.
 *
 * x86_64 (ABI §8.3):
 *  - i386_THREAD_STATE round trip (rsp reads 0, IOPL cleaned, cs/ss
 *    forced), and a thread started at a routine that dumps every register
 *    it was given;
 *  - i386_FSGS_BASE_STATE: a new fs base seen through %fs, gs bit 63
 *    cleared;
 * i386 (../shared/abi/i386.md §6.3):
 *  - i386_THREAD_STATE round trip (17 words; esp reads 0, IOPL cleaned,
 *    cs 0x17, ss and the data selectors 0x1F forced), and the register
 *    dump of a thread started with it;
 *  - i386_REGS_SEGS_STATE: fs and gs taken from the state (null here),
 *    cs or ss that is null or not RPL 3 refused;
 *  - i386_ISA_PORT_MAP_STATE (no port open), i386_V86_ASSIST_STATE
 *    ({0, 0} only), i386_DEBUG_STATE (all zero), i386_FSGS_BASE_STATE
 *    refused;
 * both:
 *  - i386_FLOAT_STATE / i386_XFLOAT_STATE of a thread that used the x87:
 *    its registers read in FSAVE format, one changed and seen by the
 *    thread; a thread that never used the FPU reads as zero;
 *  - thread_set_self_state (trap -77) resuming at a new state;
 *  - too small counts and unknown flavors: KERN_INVALID_ARGUMENT.
 */
#include <stdint.h>
#include <string.h>

#include "mach_test_util.h"

/* ---- Threads in assembly ------------------------------------------------ */

#ifdef __x86_64__
/* regdump_entry stores its registers here: rax rbx rcx rdx rsi rdi rbp rsp
 * r8..r15 rflags, then sets dump_done and yields forever. */
unsigned long dump[17];
volatile int dump_done;

/* fpu_entry: fninit; fld1; fldpi; fpu_ready = 1; wait for fpu_go; store
 * st0, st1 as doubles into fpu_res; fpu_done = 1. */
volatile int fpu_ready, fpu_go, fpu_done;
uint64_t fpu_res[2];

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

#else /* i386 */

/* regdump_entry stores its registers here: eax ebx ecx edx esi edi ebp esp
 * eflags ds es fs gs, then sets dump_done and yields forever. */
unsigned int dump[13];
volatile int dump_done;

/* fpu_entry: fninit; fld1; fldpi; fpu_ready = 1; wait for fpu_go; store
 * st0, st1 as doubles into fpu_res; fpu_done = 1. */
volatile int fpu_ready, fpu_go, fpu_done;
uint64_t fpu_res[2];

void regdump_entry(void);
void fpu_entry(void);
long self_state_land(struct i386_thread_state *state);

__asm__(".text\n"
	"regdump_entry:\n"
	"	pushfl\n"
	"	popl dump+32\n"
	"	movl %eax, dump+0\n"
	"	movl %ebx, dump+4\n"
	"	movl %ecx, dump+8\n"
	"	movl %edx, dump+12\n"
	"	movl %esi, dump+16\n"
	"	movl %edi, dump+20\n"
	"	movl %ebp, dump+24\n"
	"	movl %esp, dump+28\n"
	"	xorl %eax, %eax\n"
	"	movw %ds, %ax\n"
	"	movl %eax, dump+36\n"
	"	movw %es, %ax\n"
	"	movl %eax, dump+40\n"
	"	movw %fs, %ax\n"
	"	movl %eax, dump+44\n"
	"	movw %gs, %ax\n"
	"	movl %eax, dump+48\n"
	"	movl $1, dump_done\n"
	"1:	movl $-60, %eax\n" /* swtch */
	"	lcall $7, $0\n"
	"	jmp 1b\n"
	"\n"
	"fpu_entry:\n"
	"	fninit\n"
	"	fld1\n"
	"	fldpi\n"
	"	movl $1, fpu_ready\n"
	"1:	cmpl $0, fpu_go\n"
	"	jne 2f\n"
	"	movl $-60, %eax\n"
	"	lcall $7, $0\n"
	"	jmp 1b\n"
	"2:	fstpl fpu_res+0\n"
	"	fstpl fpu_res+8\n"
	"	movl $1, fpu_done\n"
	"3:	movl $-60, %eax\n"
	"	lcall $7, $0\n"
	"	jmp 3b\n"
	"\n"
	/* 4(%esp) = state: keep the callee-saved registers and the stack,
	 * land at 1f with eax = 0x5E1F; returns -1 if the trap came back. */
	"self_state_land:\n"
	"	movl 4(%esp), %ecx\n"
	"	movl %edi, 16(%ecx)\n"
	"	movl %esi, 20(%ecx)\n"
	"	movl %ebp, 24(%ecx)\n"
	"	movl %ebx, 32(%ecx)\n"
	"	movl $0x5E1F, 44(%ecx)\n"
	"	movl $1f, 48(%ecx)\n"
	"	movl $0x202, 56(%ecx)\n"
	"	movl %esp, 60(%ecx)\n"
	"	pushl $17\n"
	"	pushl %ecx\n"
	"	pushl $1\n" /* i386_THREAD_STATE */
	"	call thread_set_self_state\n"
	"	addl $12, %esp\n"
	"	movl $-1, %eax\n"
	"	ret\n"
	"1:	ret\n");

/* ---- General registers ----------------------------------------------------
 */

static void check_regs(void)
{
	struct i386_thread_state st, got;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;
	mach_port_t thread = make_thread(regdump_entry, &st);
	unsigned int *regs[] = {&st.eax, &st.ebx, &st.ecx, &st.edx,
				&st.esi, &st.edi, &st.ebp, NULL};

	/* A fresh thread: eflags 0x200 on i386 (ABI i386 §6.3). */
	CHECK(st.cs == 0x17 && st.ss == 0x1f && st.efl == 0x200);
	CHECK(st.ds == 0x1f && st.es == 0x1f && st.fs == 0x1f && st.gs == 0x1f);
	for (unsigned int i = 0; i < 8; i++)
		if (regs[i])
			*regs[i] = 0x11111111u * (i + 1) + i;
	st.esp = 0xdeadbeef;		      /* ignored */
	st.efl = 0x3000 | 0x202 | 0x1 | 0x40; /* IOPL 3, CF, ZF */
	st.cs = 0x8;			      /* forced back to 0x17 */
	st.ss = 0x10;			      /* and 0x1f */
	st.ds = st.es = st.fs = st.gs = 0;    /* all 0x1f with flavor 1 */
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&got,
				&count),
	       KERN_SUCCESS);
	CHECK(count == i386_THREAD_STATE_COUNT);
	CHECK(got.esp == 0 && got.uesp == st.uesp && got.eip == st.eip);
	CHECK(got.cs == 0x17 && got.ss == 0x1f);
	CHECK(got.ds == 0x1f && got.es == 0x1f && got.fs == 0x1f &&
	      got.gs == 0x1f);
	CHECK(got.efl == (0x202 | 0x1 | 0x40));
	CHECK(got.eax == st.eax && got.ebx == st.ebx && got.ebp == st.ebp);
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	wait_flag(&dump_done, "the register dump");
	for (unsigned int i = 0; i < 8; i++)
		if (regs[i] && dump[i] != *regs[i])
			TEST_FAIL("register %u: 0x%x, expected 0x%x", i,
				  dump[i], *regs[i]);
	CHECK(dump[7] == st.uesp);
	if ((dump[8] & 0x3ed7) != (0x202 | 0x1 | 0x40))
		TEST_FAIL("eflags 0x%x", dump[8]);
	for (unsigned int i = 9; i < 13; i++)
		if (dump[i] != 0x1f)
			TEST_FAIL("selector %u: 0x%x, expected 0x1f", i - 9,
				  dump[i]);
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	printf("mach-thread-state: general registers loaded as set\n");
}

/* ---- Selectors and the flavors only i386 has --------------------------------
 */

/* Start a register-dump thread whose state is set with
 * i386_REGS_SEGS_STATE, fs and gs as given; wait for its dump and end it. */
static void run_segs_regdump(unsigned int fs, unsigned int gs)
{
	struct i386_thread_state st;
	mach_port_t thread = make_thread(regdump_entry, &st);

	dump_done = 0;
	st.fs = fs, st.gs = gs;
	EXPECT(thread_set_state(thread, i386_REGS_SEGS_STATE,
				(thread_state_t)&st, i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	wait_flag(&dump_done, "the register dump");
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
}

static void check_segs(void)
{
	struct i386_thread_state st;
	mach_port_t self = mach_thread_self();

	memset(&st, 0, sizeof(st));
	/* cs or ss null, or not RPL 3: refused. */
	st.cs = 0, st.ss = 0x1f;
	EXPECT(thread_set_state(self, i386_REGS_SEGS_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_INVALID_ARGUMENT);
	st.cs = 0x17, st.ss = 0x1c;
	EXPECT(thread_set_state(self, i386_REGS_SEGS_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_INVALID_ARGUMENT);
	/* fs and gs from the state: null selectors, seen by the thread. */
	run_segs_regdump(0, 0);
	if (dump[11] != 0 || dump[12] != 0)
		TEST_FAIL("fs 0x%x gs 0x%x, expected null", dump[11], dump[12]);
	CHECK(dump[9] == 0x1f && dump[10] == 0x1f);
	printf("mach-thread-state: i386_REGS_SEGS_STATE: fs and gs null\n");
}

static void check_i386_flavors(void)
{
	mach_port_t self = mach_thread_self();
	unsigned int buf[200];
	mach_msg_type_number_t count = 200;

	/* No I/O port is open to this task. */
	memset(buf, 0, sizeof(buf));
	EXPECT(thread_get_state(self, i386_ISA_PORT_MAP_STATE, buf, &count),
	       KERN_SUCCESS);
	CHECK(count == i386_ISA_PORT_MAP_STATE_COUNT);
	for (unsigned int i = 0; i < count; i++)
		if (buf[i] != 0xffffffffu)
			TEST_FAIL("port map word %u: 0x%x", i, buf[i]);
	/* V86 assist: {0, 0}, and only that is accepted. */
	count = 200;
	buf[0] = buf[1] = 0x55;
	EXPECT(thread_get_state(self, i386_V86_ASSIST_STATE, buf, &count),
	       KERN_SUCCESS);
	CHECK(count == i386_V86_ASSIST_STATE_COUNT && buf[0] == 0 &&
	      buf[1] == 0);
	EXPECT(thread_set_state(self, i386_V86_ASSIST_STATE, buf,
				i386_V86_ASSIST_STATE_COUNT),
	       KERN_SUCCESS);
	buf[0] = 1;
	EXPECT(thread_set_state(self, i386_V86_ASSIST_STATE, buf,
				i386_V86_ASSIST_STATE_COUNT),
	       KERN_INVALID_ARGUMENT);
	/* Debug registers: all zero. */
	count = 200;
	memset(buf, 0x55, sizeof(buf));
	EXPECT(thread_get_state(self, i386_DEBUG_STATE, buf, &count),
	       KERN_SUCCESS);
	CHECK(count == i386_DEBUG_STATE_COUNT);
	for (unsigned int i = 0; i < count; i++)
		CHECK(buf[i] == 0);
	EXPECT(thread_set_state(self, i386_DEBUG_STATE, buf,
				i386_DEBUG_STATE_COUNT),
	       KERN_SUCCESS);
	/* No fs/gs base flavor on i386. */
	count = 200;
	EXPECT(thread_get_state(self, i386_FSGS_BASE_STATE, buf, &count),
	       KERN_INVALID_ARGUMENT);
	memset(buf, 0, sizeof(buf));
	EXPECT(thread_set_state(self, i386_FSGS_BASE_STATE, buf,
				i386_FSGS_BASE_STATE_COUNT),
	       KERN_INVALID_ARGUMENT);
	printf("mach-thread-state: port map, V86 assist, debug, fs/gs base\n");
}

#endif

/* ---- Floating point
 * ---------------------------------------------------------- */

/* 80-bit x87 values: mantissa, exponent. */
#define X87_ONE_MANT 0x8000000000000000ULL
#define X87_ONE_EXP  0x3fff
#define X87_PI_MANT  0xc90fdaa22168c235ULL
#define X87_PI_EXP   0x4000

static void x87_reg(const unsigned short *w, uint64_t *mant,
		    unsigned short *exp)
{
	memcpy(mant, w, 8);
	*exp = w[4];
}

static void check_float_regs(struct i386_float_state *fs)
{
	struct i386_fp_save *env = (void *)fs->hw_state;
	struct i386_fp_regs *regs = (void *)(fs->hw_state + sizeof(*env));
	uint64_t mant;
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
	CHECK(fpu_res[0] == 0x4000000000000000ULL); /* 2.0 */
	CHECK(fpu_res[1] == 0x3ff0000000000000ULL); /* 1.0 */
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	printf("mach-thread-state: x87 registers read and changed\n");
}

/* ---- Bad requests, thread_set_self_state ------------------------------------
 */

static void check_errors(void)
{
	mach_port_t self = mach_thread_self();
	unsigned int buf[200];
#ifdef __x86_64__
	const unsigned int short_count = 17; /* the 2022 32-bit count */
#else
	const unsigned int short_count = 16; /* one word short (§6.3) */
#endif
	mach_msg_type_number_t count = short_count;

	EXPECT(thread_get_state(self, i386_THREAD_STATE, buf, &count),
	       KERN_INVALID_ARGUMENT);
	count = 200;
	EXPECT(thread_get_state(self, 99, buf, &count), KERN_INVALID_ARGUMENT);
	count = 200;
	EXPECT(thread_get_state(self, 9, buf, &count), KERN_INVALID_ARGUMENT);
#ifdef __x86_64__
	count = 200;
	EXPECT(thread_get_state(self, i386_V86_ASSIST_STATE, buf, &count),
	       KERN_INVALID_ARGUMENT);
#endif
	memset(buf, 0, sizeof(buf));
	EXPECT(thread_set_state(self, i386_THREAD_STATE, buf, short_count),
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
#ifdef __x86_64__
	check_fsgs();
#else
	check_segs();
	check_i386_flavors();
#endif
	check_float();
	check_self_state();
	TEST_SUCCESS();
}
