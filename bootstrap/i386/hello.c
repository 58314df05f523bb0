/*
 * bootstrap/i386/hello.c - the first i386 task: raw traps only (no MIG,
 * no libmach yet). Prints its arguments through mach_print, checks that a
 * trap preserves the registers the ABI says it preserves (ebx, esi, edi,
 * ebp, eflags' CF and DF), checks the trap numbers' edge cases, then
 * terminates its own task (the kernel then stops: every task exited).
 */
#include <stdint.h>

int mach_print(const char *s);
unsigned int mach_task_self(void);
unsigned int mach_host_self(void);
unsigned int mach_reply_port(void);
int task_terminate(unsigned int task);
int trap_raw(int eax);

static void print_uint(unsigned int v)
{
	char buf[12];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	mach_print(&buf[i]);
}

/* A trap with CF and DF set and known values in the callee-saved
 * registers; true if all of them survive. */
static int trap_preserves_registers(void)
{
	uint32_t ebx, esi, edi, flags;

	__asm__ volatile("pushl %%ebp\n\t"
			 "movl $0x11111111, %%ebx\n\t"
			 "movl $0x22222222, %%esi\n\t"
			 "movl $0x33333333, %%edi\n\t"
			 "movl $0x44444444, %%ebp\n\t"
			 "stc\n\t"
			 "std\n\t"
			 "movl $-10, %%eax\n\t"
			 "lcall $7, $0\n\t"
			 "pushfl\n\t"
			 "popl %%ecx\n\t"
			 "cld\n\t"
			 "cmpl $0x44444444, %%ebp\n\t"
			 "je 1f\n\t"
			 "xorl %%ecx, %%ecx\n"
			 "1:\n\t"
			 "popl %%ebp"
			 : "=b"(ebx), "=S"(esi), "=D"(edi), "=c"(flags)
			 :
			 : "eax", "edx", "memory", "cc");
	return ebx == 0x11111111 && esi == 0x22222222 && edi == 0x33333333 &&
	       (flags & 0x401) == 0x401;
}

void c_start(uint32_t *sp)
{
	unsigned int argc = sp[0];
	char **argv = (char **)(sp + 1);
	int ok = 1;

	mach_print("Hello from Mach5 i386 user mode: task ");
	mach_print(argc > 0 ? argv[0] : "?");
	mach_print("\n");
	mach_print("hello32: argc ");
	print_uint(argc);
	mach_print(":");
	for (unsigned int i = 0; i < argc; i++) {
		mach_print(" '");
		mach_print(argv[i]);
		mach_print("'");
	}
	mach_print("\n");
	if (((uintptr_t)sp & 3) != 0 || argv[argc] != 0)
		ok = 0;
	mach_print("hello32: task ");
	print_uint(mach_task_self());
	mach_print(" host ");
	print_uint(mach_host_self());
	mach_print(" reply ");
	print_uint(mach_reply_port());
	mach_print("\n");
	if (!trap_preserves_registers()) {
		mach_print("hello32: a trap clobbered a register\n");
		ok = 0;
	}
	/* Slot 0 is kern_invalid (4); -10 a null trap (0). */
	if (trap_raw(0) != 4 || trap_raw(-10) != 0 || trap_raw(-31) != 4) {
		mach_print("hello32: wrong result of an unused trap slot\n");
		ok = 0;
	}
	mach_print(ok ? "hello32: all checks passed\n"
		      : "hello32: gnumach-test-failure\n");
	task_terminate(mach_task_self());
	mach_print("hello32: still running after task_terminate\n");
	for (;;)
		;
}
