/*
 * Boot test compat-syscall: the syscall_* traps (-64 ... -76) are served
 * as GNU Mach serves them: the RPC's work and codes, with the names and
 * out-parameters of the ABI; MACH_SEND_INTERRUPTED only when the target
 * is not a send right to a kernel task (thread) port.
 *
 *  (a) mach_port traps: allocate (as GNU Mach's own tests call it),
 *      allocate_name, insert_right, deallocate, each checked through the
 *      RPCs (mach_port_type, mach_port_get_refs); bad arguments answer
 *      what the RPC answers; a bad out pointer KERN_INVALID_ADDRESS with
 *      nothing left behind;
 *  (b) vm traps: allocate (the memory usable), map (anonymous, and a
 *      memory object name that is not a send right), deallocate;
 *  (c) task traps: create a child, suspend it, set its bootstrap port,
 *      terminate it;
 *  (d) thread_depress_abort on this thread;
 *  (e) targets that are not task (thread) send rights: an unknown name,
 *      a receive right, a send right to a user port, the host port, a
 *      thread port for a task trap, a task port for the thread trap:
 *      MACH_SEND_INTERRUPTED and nothing changed;
 *  then the kernel's counts are back at their baseline.
 */
#include <stdbool.h>

#include <mach/task_info.h>
#include <mach/task_special_ports.h>

#include "bootstrap/tests/compat/compat_util.h"

static mach_port_t self;

/* The type of name in this task (0 if the name is unknown). */
static mach_port_type_t type_of(mach_port_t name)
{
	mach_port_type_t type = 0;

	if (mach_port_type(self, name, &type) != KERN_SUCCESS)
		return 0;
	return type;
}

static mach_port_urefs_t send_refs(mach_port_t name)
{
	mach_port_urefs_t refs = 0;

	EXPECT(mach_port_get_refs(self, name, MACH_PORT_RIGHT_SEND, &refs),
	       KERN_SUCCESS);
	return refs;
}

/* Drop a right vm_region gave (the memory object name, or null). */
static void name_release(mach_port_t name)
{
	if (MACH_PORT_VALID(name))
		EXPECT(mach_port_deallocate(self, name), KERN_SUCCESS);
}

static void test_ports(void)
{
	mach_port_t name = MACH_PORT_NULL, rpc_name;

	/* GNU Mach's tests call this trap directly and expect success. */
	EXPECT(syscall_mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &name),
	       KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(name));
	CHECK_EQ(type_of(name), MACH_PORT_TYPE_RECEIVE);
	EXPECT(syscall_mach_port_insert_right(self, name, name,
					      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	CHECK_EQ(type_of(name), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(send_refs(name), 1);
	/* The same failures as the RPC. */
	CHECK_EQ(syscall_mach_port_insert_right(self, name + 1000, name,
						MACH_MSG_TYPE_MAKE_SEND),
		 mach_port_insert_right(self, name + 1000, name,
					MACH_MSG_TYPE_MAKE_SEND));
	CHECK_EQ(syscall_mach_port_insert_right(self, name, name + 1000,
						MACH_MSG_TYPE_COPY_SEND),
		 KERN_INVALID_NAME);
	EXPECT(syscall_mach_port_deallocate(self, name), KERN_SUCCESS);
	CHECK_EQ(type_of(name), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(syscall_mach_port_deallocate(self, name),
		 mach_port_deallocate(self, name));
	CHECK_EQ(syscall_mach_port_allocate(self, 77, &rpc_name),
		 mach_port_allocate(self, 77, &rpc_name));
	CHECK_EQ(syscall_mach_port_allocate(self, 77, &rpc_name),
		 KERN_INVALID_VALUE);
	EXPECT(mach_port_destroy(self, name), KERN_SUCCESS);

	/* allocate_name: the name given; taken twice is the RPC's code. */
	EXPECT(syscall_mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE,
					       0x777),
	       KERN_SUCCESS);
	CHECK_EQ(type_of(0x777), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(syscall_mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE,
						 0x777),
		 KERN_NAME_EXISTS);
	CHECK_EQ(mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE, 0x777),
		 KERN_NAME_EXISTS);
	EXPECT(mach_port_destroy(self, 0x777), KERN_SUCCESS);

	/* An out pointer that cannot be written: no port is left. */
	mach5_test_counts_t before, after;
	counts(before);
	CHECK_EQ(syscall_mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE,
					    (mach_port_t *)0x10),
		 KERN_INVALID_ADDRESS);
	counts(after);
	CHECK_EQ(after[MACH5_TEST_PORTS], before[MACH5_TEST_PORTS]);
	CHECK_EQ(after[MACH5_TEST_ENTRIES], before[MACH5_TEST_ENTRIES]);
	printf("compat-syscall: mach_port traps ok\n");
}

static void test_vm(void)
{
	vm_address_t addr = 0, copy_addr;
	vm_size_t size = 3 * PAGE, rsize;
	vm_prot_t prot, max_prot;
	vm_inherit_t inherit;
	boolean_t shared;
	mach_port_t object_name, recv;
	vm_offset_t offset;

	EXPECT(syscall_vm_allocate(self, &addr, size, TRUE), KERN_SUCCESS);
	CHECK(addr != 0);
	for (vm_size_t i = 0; i < size; i += PAGE)
		((volatile char *)addr)[i] = 'x';
	copy_addr = addr;
	EXPECT(vm_region(self, &copy_addr, &rsize, &prot, &max_prot, &inherit,
			 &shared, &object_name, &offset),
	       KERN_SUCCESS);
	name_release(object_name);
	CHECK_EQ(copy_addr, addr);
	CHECK_EQ(rsize, size);
	CHECK_EQ(prot, VM_PROT_DEFAULT);
	/* Fixed address over it: the RPC's code. */
	copy_addr = addr;
	CHECK_EQ(syscall_vm_allocate(self, &copy_addr, PAGE, FALSE),
		 vm_allocate(self, &copy_addr, PAGE, FALSE));
	CHECK_EQ(syscall_vm_allocate(self, &copy_addr, PAGE, FALSE),
		 KERN_NO_SPACE);
	EXPECT(syscall_vm_deallocate(self, addr, size), KERN_SUCCESS);
	copy_addr = addr;
	if (vm_region(self, &copy_addr, &rsize, &prot, &max_prot, &inherit,
		      &shared, &object_name, &offset) == KERN_SUCCESS) {
		CHECK(copy_addr > addr);
		name_release(object_name);
	}

	/* vm_map of anonymous memory, read-only at most. */
	addr = 0;
	EXPECT(syscall_vm_map(self, &addr, 2 * PAGE, 0, TRUE, MACH_PORT_NULL, 0,
			      FALSE, VM_PROT_READ, VM_PROT_READ,
			      VM_INHERIT_NONE),
	       KERN_SUCCESS);
	copy_addr = addr;
	EXPECT(vm_region(self, &copy_addr, &rsize, &prot, &max_prot, &inherit,
			 &shared, &object_name, &offset),
	       KERN_SUCCESS);
	name_release(object_name);
	CHECK_EQ(copy_addr, addr);
	CHECK_EQ(rsize, 2 * PAGE);
	CHECK_EQ(prot, VM_PROT_READ);
	CHECK_EQ(max_prot, VM_PROT_READ);
	CHECK_EQ(inherit, VM_INHERIT_NONE);
	CHECK_EQ(((volatile char *)addr)[PAGE], 0);
	EXPECT(syscall_vm_deallocate(self, addr, 2 * PAGE), KERN_SUCCESS);
	/* A memory object name that is a receive right only. */
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &recv),
	       KERN_SUCCESS);
	addr = 0;
	CHECK_EQ(syscall_vm_map(self, &addr, PAGE, 0, TRUE, recv, 0, FALSE,
				VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
		 KERN_INVALID_RIGHT);
	CHECK_EQ(addr, 0);
	EXPECT(mach_port_destroy(self, recv), KERN_SUCCESS);
	/* Bad arguments: the RPC's codes. */
	addr = 0;
	CHECK_EQ(syscall_vm_map(self, &addr, PAGE, 0, TRUE, MACH_PORT_NULL, 0,
				FALSE, VM_PROT_READ, VM_PROT_READ, 7),
		 vm_map(self, &addr, PAGE, 0, TRUE, MACH_PORT_NULL, 0, FALSE,
			VM_PROT_READ, VM_PROT_READ, 7));
	CHECK_EQ(addr, 0);
	CHECK_EQ(syscall_vm_deallocate(self, 1, PAGE),
		 vm_deallocate(self, 1, PAGE));

	/* An address pointer that cannot be written: nothing is left. */
	mach5_test_counts_t before, after;
	task_basic_info_data_t info0, info1;
	mach_msg_type_number_t n = TASK_BASIC_INFO_COUNT;
	EXPECT(task_info(self, TASK_BASIC_INFO, (task_info_t)&info0, &n),
	       KERN_SUCCESS);
	counts(before);
	CHECK_EQ(syscall_vm_allocate(self, (vm_address_t *)0x10, PAGE, TRUE),
		 KERN_INVALID_ADDRESS);
	counts(after);
	n = TASK_BASIC_INFO_COUNT;
	EXPECT(task_info(self, TASK_BASIC_INFO, (task_info_t)&info1, &n),
	       KERN_SUCCESS);
	CHECK_EQ(info1.virtual_size, info0.virtual_size);
	CHECK_EQ(after[MACH5_TEST_VM_OBJECTS], before[MACH5_TEST_VM_OBJECTS]);
	printf("compat-syscall: vm traps ok\n");
}

static void test_tasks(void)
{
	mach_port_t child = MACH_PORT_NULL, boot, got;
	struct task_basic_info info;
	mach_msg_type_number_t n = TASK_BASIC_INFO_COUNT;

	EXPECT(syscall_task_create(self, FALSE, &child), KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(child));
	CHECK_EQ(type_of(child), MACH_PORT_TYPE_SEND);
	EXPECT(task_info(child, TASK_BASIC_INFO, (task_info_t)&info, &n),
	       KERN_SUCCESS);
	CHECK_EQ(info.suspend_count, 0);
	EXPECT(syscall_task_suspend(child), KERN_SUCCESS);
	n = TASK_BASIC_INFO_COUNT;
	EXPECT(task_info(child, TASK_BASIC_INFO, (task_info_t)&info, &n),
	       KERN_SUCCESS);
	CHECK_EQ(info.suspend_count, 1);

	boot = port_alloc_with_send();
	EXPECT(syscall_task_set_special_port(child, TASK_BOOTSTRAP_PORT, boot),
	       KERN_SUCCESS);
	EXPECT(task_get_special_port(child, TASK_BOOTSTRAP_PORT, &got),
	       KERN_SUCCESS);
	CHECK_EQ(got, boot);
	CHECK_EQ(send_refs(boot), 2);
	EXPECT(mach_port_deallocate(self, got), KERN_SUCCESS);
	CHECK_EQ(syscall_task_set_special_port(child, 99, boot),
		 task_set_special_port(child, 99, boot));
	CHECK_EQ(syscall_task_set_special_port(child, TASK_BOOTSTRAP_PORT,
					       boot + 1000),
		 KERN_INVALID_NAME);
	CHECK_EQ(send_refs(boot), 1);

	EXPECT(syscall_task_terminate(child), KERN_SUCCESS);
	CHECK_EQ(type_of(child), MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);
	/* The child's bootstrap right went with it. */
	CHECK_EQ(send_refs(boot), 1);
	EXPECT(mach_port_destroy(self, boot), KERN_SUCCESS);

	/* A child pointer that cannot be written: no task is left. */
	mach5_test_counts_t before, after;
	counts(before);
	CHECK_EQ(syscall_task_create(self, FALSE, (mach_port_t *)0x10),
		 KERN_INVALID_ADDRESS);
	counts(after);
	CHECK_EQ(after[MACH5_TEST_TASKS], before[MACH5_TEST_TASKS]);
	CHECK_EQ(after[MACH5_TEST_ENTRIES], before[MACH5_TEST_ENTRIES]);
	printf("compat-syscall: task traps ok\n");
}

/* Every trap with target name: MACH_SEND_INTERRUPTED, nothing done. */
static void expect_not_target(mach_port_t target, bool thread_too,
			      const char *what)
{
	vm_address_t addr = 0;
	mach_port_t name = MACH_PORT_NULL;
	const kern_return_t si = MACH_SEND_INTERRUPTED;

	if (syscall_vm_allocate(target, &addr, PAGE, TRUE) != si ||
	    syscall_vm_map(target, &addr, PAGE, 0, TRUE, MACH_PORT_NULL, 0,
			   FALSE, VM_PROT_READ, VM_PROT_READ,
			   VM_INHERIT_NONE) != si ||
	    syscall_vm_deallocate(target, 0x1000, PAGE) != si ||
	    syscall_task_create(target, FALSE, &name) != si ||
	    syscall_task_terminate(target) != si ||
	    syscall_task_suspend(target) != si ||
	    syscall_task_set_special_port(target, TASK_BOOTSTRAP_PORT,
					  MACH_PORT_NULL) != si ||
	    syscall_mach_port_allocate(target, MACH_PORT_RIGHT_RECEIVE,
				       &name) != si ||
	    syscall_mach_port_deallocate(target, 0x1234) != si ||
	    syscall_mach_port_insert_right(target, 0x1234, MACH_PORT_NULL,
					   MACH_MSG_TYPE_COPY_SEND) != si ||
	    syscall_mach_port_allocate_name(target, MACH_PORT_RIGHT_RECEIVE,
					    0x1234) != si)
		TEST_FAIL("%s: a task trap did not answer "
			  "MACH_SEND_INTERRUPTED",
			  what);
	if (thread_too && syscall_thread_depress_abort(target) != si)
		TEST_FAIL("%s: thread_depress_abort did not answer "
			  "MACH_SEND_INTERRUPTED",
			  what);
	CHECK_EQ(addr, 0);
	CHECK_EQ(name, MACH_PORT_NULL);
}

static void test_not_targets(void)
{
	mach_port_t user = port_alloc_with_send(), recv, thread;

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &recv),
	       KERN_SUCCESS);
	thread = mach_thread_self();
	expect_not_target(MACH_PORT_NULL, true, "MACH_PORT_NULL");
	expect_not_target(MACH_PORT_DEAD, true, "MACH_PORT_DEAD");
	expect_not_target(0x4321, true, "an unknown name");
	expect_not_target(recv, true, "a receive right");
	expect_not_target(user, true, "a send right to a user port");
	expect_not_target(mach_host_self(), true, "the host port");
	expect_not_target(thread, false, "a thread port");
	CHECK_EQ(syscall_thread_depress_abort(self), MACH_SEND_INTERRUPTED);
	CHECK_EQ(type_of(0x1234), 0);
	EXPECT(mach_port_destroy(self, recv), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, user), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	printf("compat-syscall: non-task targets answer "
	       "MACH_SEND_INTERRUPTED ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach5_test_counts_t before;
	mach_port_t thread;

	self = mach_task_self();
	compat_init(argc, argv);
	/* Warm up the calls used below (the reply port, the host name). */
	(void)mach_host_self();
	thread = mach_thread_self();
	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	counts(before);

	test_ports();
	test_vm();
	test_tasks();
	thread = mach_thread_self();
	EXPECT(syscall_thread_depress_abort(thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	test_not_targets();

	check_counts("compat-syscall", before);
	printf("compat-syscall: kernel counts back to baseline ok\n");
	TEST_SUCCESS();
}
