/*
 * bootstrap/tests/task/task-gnumach.c - the rest of gnumach.defs and
 * mach_i386's i386_get_xstate_size, through the MIG user stubs.
 *
 * Checks: thread_set_name / thread_get_name (and a thread port that is
 * not one: MIG or KERN error), task_set_name, task_set_essential,
 * vm_cache_statistics, vm_msync (success on anonymous memory,
 * KERN_INVALID_ADDRESS on a hole), vm_get_size_limit /
 * vm_set_size_limit, vm_wire_all with the privileged host port,
 * i386_get_xstate_size (592 bytes: the 16-byte header, FXSAVE, the XSAVE
 * header), and thread_terminate_release on a helper thread.
 * User segments: on i386, i386_set_ldt installs a data segment whose base
 * is a buffer, user mode loads it into %fs and reads through it, bad
 * descriptors (DPL 0, a TSS, a reserved index) are refused with
 * KERN_INVALID_ARGUMENT, i386_get_ldt returns what was set, and
 * i386_set_gdt hands out 0x4B then 0x53 then KERN_NO_SPACE; on x86_64
 * (no user segments) the four calls answer KERN_FAILURE.
 */
#include <string.h>

#include <mach/gnumach.h>
#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/machine/mach_i386.h>
#include <mach/vm_sync.h>
#include <mach/vm_wire.h>

#include "mach_test_util.h"

static void check_names(mach_port_t self)
{
	mach_port_t thread = mach_thread_self();
	kernel_debug_name_t name;

	EXPECT(thread_set_name(thread, "ext-worker"), KERN_SUCCESS);
	memset(name, 'x', sizeof(name));
	EXPECT(thread_get_name(thread, name), KERN_SUCCESS);
	CHECK(strcmp(name, "ext-worker") == 0);
	/* Longer than the kernel keeps (31): truncated, still terminated. */
	EXPECT(thread_set_name(thread,
			       "a-thread-name-of-forty-characters-long"),
	       KERN_SUCCESS);
	EXPECT(thread_get_name(thread, name), KERN_SUCCESS);
	CHECK(strncmp(name, "a-thread-name-of-forty", 22) == 0);
	CHECK(strlen(name) < sizeof(name));
	CHECK(thread_get_name(self, name) != KERN_SUCCESS);
	EXPECT(task_set_name(self, "task-gnumach-task"), KERN_SUCCESS);
	EXPECT(task_set_essential(self, TRUE), KERN_SUCCESS);
	printf("task-gnumach: names ok (%s)\n", name);
}

static void check_vm(mach_port_t self, mach_port_t host_priv)
{
	vm_cache_statistics_data_t cs;
	vm_address_t addr = 0;
	vm_size_t cur, max;

	EXPECT(vm_cache_statistics(self, &cs), KERN_SUCCESS);
	EXPECT(vm_allocate(self, &addr, 3 * 4096, TRUE), KERN_SUCCESS);
	*(volatile int *)addr = 1;
	EXPECT(vm_msync(self, addr, 3 * 4096, VM_SYNC_SYNCHRONOUS),
	       KERN_SUCCESS);
	EXPECT(vm_msync(self, addr + 100, 10, VM_SYNC_ASYNCHRONOUS),
	       KERN_SUCCESS);
	EXPECT(vm_deallocate(self, addr + 4096, 4096), KERN_SUCCESS);
	EXPECT(vm_msync(self, addr, 3 * 4096, 0), KERN_INVALID_ADDRESS);
	EXPECT(vm_msync(self, addr, 4096,
			VM_SYNC_SYNCHRONOUS | VM_SYNC_ASYNCHRONOUS),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_get_size_limit(self, &cur, &max), KERN_SUCCESS);
	CHECK(cur <= max);
	EXPECT(vm_set_size_limit(host_priv, self, cur, max), KERN_SUCCESS);
	EXPECT(vm_wire_all(host_priv, self, VM_WIRE_NONE), KERN_SUCCESS);
	printf("task-gnumach: vm ok (limit 0x%lx max 0x%lx)\n",
	       (unsigned long)cur, (unsigned long)max);
}

static void check_xstate(void)
{
	vm_size_t size = 0;

	EXPECT(i386_get_xstate_size(mach_host_self(), &size), KERN_SUCCESS);
	CHECK_EQ(size, 592);
	printf("task-gnumach: xstate size %lu\n", (unsigned long)size);
}

static struct descriptor data_desc(unsigned int base, unsigned int limit,
				   unsigned int access)
{
	struct descriptor d;

	d.low_word = (limit & 0xFFFF) | (base & 0xFFFF) << 16;
	d.high_word = (base >> 16 & 0xFF) | access << 8 |
		      (limit >> 16 & 0xF) << 16 | 0x40 << 16 |
		      (base >> 24) << 24;
	return d;
}

#if defined(__i386__)
static volatile unsigned int seg_buf[4] = {0x11111111, 0x22222222, 0x5E6A1234,
					   0x44444444};

static void check_segments(void)
{
	mach_port_t thread = mach_thread_self();
	struct descriptor d = data_desc((unsigned int)&seg_buf[2], 7, 0xF2);
	struct descriptor bad, got[4];
	descriptor_list_t list = got;
	mach_msg_type_number_t n = 4;
	unsigned int v, fs;
	int sel = -1;

	EXPECT(i386_set_ldt(thread, 0x27, &d, 1), KERN_SUCCESS);
	__asm__ volatile("movl %2, %%fs\n\tmovl %%fs:4, %0\n\tmovl %%fs, %1"
			 : "=r"(v), "=r"(fs)
			 : "r"(0x27));
	CHECK_EQ(v, 0x44444444);
	__asm__ volatile("movl %%fs:0, %0" : "=r"(v));
	CHECK_EQ(v, 0x5E6A1234);
	/* A trap in between keeps the selector and the segment. */
	(void)mach_task_self();
	__asm__ volatile("movl %%fs, %0\n\tmovl %%fs:0, %1"
			 : "=r"(fs), "=r"(v));
	CHECK_EQ(fs & 0xFFFF, 0x27);
	CHECK_EQ(v, 0x5E6A1234);
	__asm__ volatile("movl %0, %%fs" : : "r"(0));
	EXPECT(i386_get_ldt(thread, 0x27, 1, &list, &n), KERN_SUCCESS);
	CHECK_EQ(n, 1);
	CHECK_EQ(list[0].low_word, d.low_word);
	/* the CPU set the accessed bit when %fs was loaded */
	CHECK_EQ(list[0].high_word & ~0x100u, d.high_word);
	bad = data_desc(0, 0xFFFFF, 0x92); /* DPL 0 */
	EXPECT(i386_set_ldt(thread, 0x2F, &bad, 1), KERN_INVALID_ARGUMENT);
	bad = data_desc(0, 0x67, 0xE9); /* a TSS, DPL 3 */
	EXPECT(i386_set_ldt(thread, 0x2F, &bad, 1), KERN_INVALID_ARGUMENT);
	EXPECT(i386_set_ldt(thread, 0x1F, &d, 1), KERN_INVALID_ARGUMENT);
	EXPECT(i386_set_ldt(thread, 8192 * 8, &d, 1), KERN_INVALID_ARGUMENT);
	EXPECT(i386_set_gdt(thread, &sel, d), KERN_SUCCESS);
	CHECK_EQ(sel, 0x4B);
	__asm__ volatile("movl %1, %%gs\n\tmovl %%gs:4, %0"
			 : "=r"(v)
			 : "r"(0x4B));
	CHECK_EQ(v, 0x44444444);
	sel = -1;
	EXPECT(i386_set_gdt(thread, &sel, d), KERN_SUCCESS);
	CHECK_EQ(sel, 0x53);
	sel = -1;
	EXPECT(i386_set_gdt(thread, &sel, d), KERN_NO_SPACE);
	sel = 0x53;
	EXPECT(i386_set_gdt(thread, &sel, bad), KERN_INVALID_ARGUMENT);
	sel = 0x10;
	EXPECT(i386_set_gdt(thread, &sel, d), KERN_INVALID_ARGUMENT);
	EXPECT(i386_get_gdt(thread, 0x4B, &got[0]), KERN_SUCCESS);
	CHECK_EQ(got[0].high_word & ~0x100u, d.high_word);
	printf("task-gnumach: ldt and gdt segments ok\n");
}
#else
static void check_segments(void)
{
	mach_port_t thread = mach_thread_self();
	struct descriptor d = data_desc(0, 7, 0xF2), got[1];
	descriptor_list_t list = got;
	mach_msg_type_number_t n = 1;
	int sel = -1;

	EXPECT(i386_set_ldt(thread, 0x27, &d, 1), KERN_FAILURE);
	EXPECT(i386_get_ldt(thread, 0x27, 1, &list, &n), KERN_FAILURE);
	EXPECT(i386_set_gdt(thread, &sel, d), KERN_FAILURE);
	EXPECT(i386_get_gdt(thread, 0x4B, &got[0]), KERN_FAILURE);
	printf("task-gnumach: no user segments on x86_64\n");
}
#endif

static volatile int helper_started;
static mach_port_t helper_name;

/* Ends itself: drops its name and stack and terminates, one-way. */
static void helper(void)
{
	helper_started = 1;
	thread_terminate_release(helper_name, mach_task_self(), helper_name,
				 MACH_PORT_NULL, 0, 0);
	TEST_FAIL("thread_terminate_release returned");
}

static void check_terminate_release(mach_port_t self)
{
	struct i386_thread_state state;
	unsigned int n;

	helper_name = make_thread(helper, &state);
	EXPECT(thread_resume(helper_name), KERN_SUCCESS);
	wait_flag(&helper_started, "helper");
	TEST_WAIT_UNTIL((n = task_thread_count()) == 1, 10,
			"%u threads 10 s after thread_terminate_release", n);
	printf("task-gnumach: thread_terminate_release ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), host_priv = test_host_priv();

	CHECK(host_priv != MACH_PORT_NULL);
	check_names(self);
	check_vm(self, host_priv);
	check_xstate();
	check_segments();
	check_terminate_release(self);
	TEST_SUCCESS();
}
