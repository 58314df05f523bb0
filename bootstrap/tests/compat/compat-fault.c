/*
 * Boot test compat-fault: a user fault on a kernel or non-canonical
 * address, from rip or rsp, raises EXC_BAD_ACCESS with code
 * KERN_INVALID_ADDRESS and the address as subcode, as for any unmapped
 * user address (docs/gnumach-compat.md). On i386 (tests/boot/i386/
 * compat-fault.boot) the same with eip and esp: kernel addresses are
 * 0xC0000000 and up, and an esp of 0 pushes at 0xFFFFFFFC.
 *
 * Each case is a thread of this task started (thread_set_state) at the
 * state that faults, with an exception port served by a handler thread:
 * the handler records the exception and moves the thread to a parking
 * loop; the main thread then terminates it.
 *
 *  (a) rip at a kernel address (instruction fetch: page fault);
 *  (b) rip non-canonical (the return to user mode cannot load it);
 *  (c) rsp at a kernel address, then a push (page fault at rsp - 8);
 *  (d) rsp non-canonical, then a push (stack fault; subcode rsp);
 *  (e) a load from a kernel address (page fault);
 *  (f) for comparison, a load from an unmapped user address;
 *  then the kernel's counts are back at their baseline.
 */
#include <mach/exception.h>
#include <mach/thread_special_ports.h>
#include <mach/thread_status.h>

#include "bootstrap/tests/compat/compat_util.h"
#include "excServer.h"
#include "bootstrap/tests/exc_serve.h"
#include <mach5/thread_regs.h>

#ifdef __x86_64__
#define KERNEL_ADDR	  0xffffffff80001000UL
#define NONCANONICAL_ADDR 0x0000800000000000UL
#define PUSH_SIZE	  8
#else
#define KERNEL_ADDR 0xC0001000UL
#define TOP_ADDR    0xFFFFF000UL /* the last page of the address space */
#define PUSH_SIZE   4
#endif
#define UNMAPPED_ADDR 0x10UL

static mach_port_t exc_port;
static vm_address_t park_stack;
static volatile long handled;
static volatile int got_exception, got_code;
static volatile unsigned long got_subcode;

static void __attribute__((noreturn, used)) park_body(void)
{
	for (;;)
		swtch();
}

/* push_at: push a register at whatever the stack pointer is. load_at:
 * load from the address in the argument register (TS_ARG0). */
extern char push_at[], load_at[];
#ifdef __x86_64__
__asm__(".text\n"
	".globl push_at\n"
	"push_at:\n"
	"pushq %rax\n"
	"jmp park_body\n"
	".globl load_at\n"
	"load_at:\n"
	"movb (%rdi), %al\n"
	"jmp park_body\n");
#else
__asm__(".text\n"
	".globl push_at\n"
	"push_at:\n"
	"pushl %eax\n"
	"jmp park_body\n"
	".globl load_at\n"
	"load_at:\n"
	"movb (%eax), %al\n"
	"jmp park_body\n");
#endif

/* Record the exception; resume the thread in the parking loop. */
kern_return_t catch_exception_raise(mach_port_t port, mach_port_t thread,
				    mach_port_t task, integer_t exception,
				    integer_t code, rpc_long_integer_t subcode)
{
	struct i386_thread_state st;
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;

	got_exception = exception;
	got_code = code;
	got_subcode = subcode;
	if (port != exc_port || task != mach_task_self())
		return KERN_FAILURE;
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				&n),
	       KERN_SUCCESS);
	st.TS_PC = (unsigned long)park_body;
	st.TS_SP = park_stack + TEST_STACK_SIZE - sizeof(void *);
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), task), KERN_SUCCESS);
	handled++;
	return KERN_SUCCESS;
}

static void handler_body(void)
{
	exc_serve_forever(exc_port);
}

/* A thread started at pc with sp and arg (TS_ARG0) must raise
 * EXC_BAD_ACCESS, KERN_INVALID_ADDRESS, subcode want. */
static void expect_fault(unsigned long pc, unsigned long sp, unsigned long arg,
			 unsigned long want, const char *what)
{
	struct i386_thread_state st;
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;
	mach_port_t thread;
	long before = handled;

	EXPECT(thread_create(mach_task_self(), &thread), KERN_SUCCESS);
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				&n),
	       KERN_SUCCESS);
	st.TS_PC = pc;
	st.TS_SP = sp;
	st.TS_ARG0 = arg;
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	EXPECT(thread_set_special_port(thread, THREAD_EXCEPTION_PORT, exc_port),
	       KERN_SUCCESS);
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	wait_at_least(&handled, before + 1, 2000, what);
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), thread), KERN_SUCCESS);
	if (handled != before + 1 || got_exception != EXC_BAD_ACCESS ||
	    got_code != KERN_INVALID_ADDRESS || got_subcode != want)
		TEST_FAIL("%s: %ld exceptions, the last %d code %d subcode "
			  "0x%lx (expected %d, %d, 0x%lx)",
			  what, handled - before, got_exception, got_code,
			  got_subcode, EXC_BAD_ACCESS, KERN_INVALID_ADDRESS,
			  want);
	printf("compat-fault: %s: EXC_BAD_ACCESS, KERN_INVALID_ADDRESS, "
	       "0x%lx ok\n",
	       what, want);
}

int main(int argc, char **argv, char **envp)
{
	mach5_test_counts_t before;
	vm_address_t stack = 0;
	mach_port_t handler;
	unsigned long top;

	compat_init(argc, argv);
	exc_port = port_alloc_with_send();
	EXPECT(vm_allocate(mach_task_self(), &park_stack, TEST_STACK_SIZE,
			   TRUE),
	       KERN_SUCCESS);
	EXPECT(vm_allocate(mach_task_self(), &stack, TEST_STACK_SIZE, TRUE),
	       KERN_SUCCESS);
	top = stack + TEST_STACK_SIZE - sizeof(void *);
	handler = start_thread(handler_body);
	/* Touch the stacks and the handler's variables now: their memory
	 * is counted in the baseline. */
	handled = 0;
	got_exception = got_code = 0;
	got_subcode = 0;
	((volatile char *)park_stack)[TEST_STACK_SIZE - 1] = 0;
	((volatile char *)stack)[TEST_STACK_SIZE - 1] = 0;
	sleep_ms(20); /* the handler waits in its receive */
	counts(before);

#ifdef __x86_64__
	expect_fault(KERNEL_ADDR, top, 0, KERNEL_ADDR,
		     "rip at a kernel address");
	expect_fault(NONCANONICAL_ADDR, top, 0, NONCANONICAL_ADDR,
		     "rip non-canonical");
	expect_fault((unsigned long)push_at, KERNEL_ADDR, 0,
		     KERNEL_ADDR - PUSH_SIZE, "rsp at a kernel address");
	expect_fault((unsigned long)push_at, NONCANONICAL_ADDR + 16, 0,
		     NONCANONICAL_ADDR + 16, "rsp non-canonical");
#else
	expect_fault(KERNEL_ADDR, top, 0, KERNEL_ADDR,
		     "eip at a kernel address");
	expect_fault(TOP_ADDR, top, 0, TOP_ADDR, "eip in the last page");
	expect_fault((unsigned long)push_at, KERNEL_ADDR, 0,
		     KERNEL_ADDR - PUSH_SIZE, "esp at a kernel address");
	expect_fault((unsigned long)push_at, 0, 0, 0UL - PUSH_SIZE,
		     "esp 0, a push wraps");
#endif
	expect_fault((unsigned long)load_at, top, KERNEL_ADDR, KERNEL_ADDR,
		     "load from a kernel address");
	expect_fault((unsigned long)load_at, top, UNMAPPED_ADDR, UNMAPPED_ADDR,
		     "load from an unmapped user address");

	check_counts("compat-fault", before);
	(void)handler;
	printf("compat-fault: kernel counts back to baseline ok\n");
	TEST_SUCCESS();
}
