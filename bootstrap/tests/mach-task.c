/*
 * Boot test mach-task: the task calls of the mach interface through
 * MIG-generated user stubs: task_info flavors and counts, special ports,
 * registered ports, task_threads, and a child task's life: task_create,
 * suspend/resume counts, inherited ports, task_terminate; the resident
 * size as pages are touched and deallocated.
 */
#include <stdio.h>
#include <string.h>

#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/task_info.h>
#include <mach/task_special_ports.h>
#include <mach5/test.h>

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		kern_return_t kr_ = (call);                                    \
		if (kr_ != (want))                                             \
			TEST_FAIL("%s returned 0x%x, expected 0x%x", #call,    \
				  kr_, (want));                                \
	} while (0)

static int suspend_count(mach_port_t task)
{
	task_info_data_t info;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;

	EXPECT(task_info(task, TASK_BASIC_INFO, info, &count), KERN_SUCCESS);
	CHECK(count == TASK_BASIC_INFO_COUNT);
	return ((struct task_basic_info *)info)->suspend_count;
}

#define TASK_PAGE 4096u

static vm_size_t resident_size(mach_port_t task)
{
	task_info_data_t info;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;

	EXPECT(task_info(task, TASK_BASIC_INFO, info, &count), KERN_SUCCESS);
	return ((struct task_basic_info *)info)->resident_size;
}

/* The resident size counts the pages mapped in the task (as GNU Mach's):
 * four pages touched add four, deallocating them takes them away. */
static void check_resident(mach_port_t self)
{
	vm_address_t a = 0;
	vm_size_t before, touched, after;

	before = resident_size(self);
	CHECK(before > 0 && before % TASK_PAGE == 0);
	EXPECT(vm_allocate(self, &a, 4 * TASK_PAGE, TRUE), KERN_SUCCESS);
	CHECK(resident_size(self) == before); /* nothing touched yet */
	for (unsigned int i = 0; i < 4; i++)
		((volatile char *)a)[i * TASK_PAGE] = 1;
	touched = resident_size(self);
	EXPECT(vm_deallocate(self, a, 4 * TASK_PAGE), KERN_SUCCESS);
	after = resident_size(self);
	CHECK(touched == before + 4 * TASK_PAGE);
	CHECK(after == before);
	printf("mach-task: resident size %lu KiB, +16 KiB touched\n",
	       (unsigned long)before >> 10);
}

static void check_info(mach_port_t self)
{
	task_info_data_t info;
	struct task_basic_info *basic = (void *)info;
	mach_msg_type_number_t count;

	count = TASK_INFO_MAX;
	EXPECT(task_info(self, TASK_BASIC_INFO, info, &count), KERN_SUCCESS);
	CHECK(count == TASK_BASIC_INFO_COUNT); /* 30 words */
	CHECK(basic->suspend_count == 0 && basic->virtual_size > 0);
	printf("mach-task: virtual size %lu KiB\n",
	       (unsigned long)basic->virtual_size >> 10);
	check_resident(self);
	count = TASK_BASIC_INFO_OLD_COUNT; /* 18 words still accepted */
	EXPECT(task_info(self, TASK_BASIC_INFO, info, &count), KERN_SUCCESS);
	CHECK(count == TASK_BASIC_INFO_OLD_COUNT);
	count = TASK_BASIC_INFO_OLD_COUNT - 1; /* below the old form */
	EXPECT(task_info(self, TASK_BASIC_INFO, info, &count),
	       KERN_INVALID_ARGUMENT);
	count = TASK_INFO_MAX;
	EXPECT(task_info(self, TASK_EVENTS_INFO, info, &count), KERN_SUCCESS);
	CHECK(count == TASK_EVENTS_INFO_COUNT);
	count = TASK_INFO_MAX;
	EXPECT(task_info(self, TASK_THREAD_TIMES_INFO, info, &count),
	       KERN_SUCCESS);
	CHECK(count == TASK_THREAD_TIMES_INFO_COUNT);
	count = TASK_THREAD_TIMES_INFO_OLD_COUNT;
	EXPECT(task_info(self, TASK_THREAD_TIMES_INFO, info, &count),
	       KERN_SUCCESS);
	CHECK(count == TASK_THREAD_TIMES_INFO_OLD_COUNT);
	count = TASK_INFO_MAX;
	EXPECT(task_info(self, 99, info, &count), KERN_INVALID_ARGUMENT);
}

/*
 * The reply bytes a kernel routine leaves unwritten are zero, never an
 * earlier reply's (the kernel reuses a reply buffer: ipc/kobject.c):
 * task_basic_info's time fields, which it does not write, are the same
 * before and after a reply of text written over their place.
 */
static void check_info_fresh(mach_port_t self)
{
	task_info_data_t info;
	struct task_basic_info *basic = (void *)info, before;
	kernel_version_t version;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;

	EXPECT(task_info(self, TASK_BASIC_INFO, info, &count), KERN_SUCCESS);
	before = *basic;
	memset(version, 0, sizeof(version));
	EXPECT(host_get_kernel_version(mach_host_self(), version),
	       KERN_SUCCESS);
	/* The text covers user_time in the reply: both arrays start at the
	 * same offset (after the RetCode and one type descriptor). */
	CHECK(strlen(version) >=
	      __builtin_offsetof(struct task_basic_info, system_time));
	memset(info, 0xa5, sizeof(info));
	count = TASK_BASIC_INFO_COUNT;
	EXPECT(task_info(self, TASK_BASIC_INFO, info, &count), KERN_SUCCESS);
	CHECK(count == TASK_BASIC_INFO_COUNT);
	CHECK(memcmp(&basic->user_time, &before.user_time,
		     sizeof(before) - __builtin_offsetof(struct task_basic_info,
							 user_time)) == 0);
	printf("mach-task: unwritten reply bytes stay zero\n");
}

/* A new port with a send right under the same name. */
static mach_port_t new_port(mach_port_t self)
{
	mach_port_t name;

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &name),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(self, name, name,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	return name;
}

static mach_port_t check_special_ports(mach_port_t self)
{
	mach_port_t port, boot = new_port(self), exc = new_port(self);

	EXPECT(task_get_special_port(self, TASK_KERNEL_PORT, &port),
	       KERN_SUCCESS);
	CHECK(port == self);
	EXPECT(task_get_special_port(self, TASK_BOOTSTRAP_PORT, &port),
	       KERN_SUCCESS);
	CHECK(port == MACH_PORT_NULL);
	EXPECT(task_set_special_port(self, TASK_BOOTSTRAP_PORT, boot),
	       KERN_SUCCESS);
	EXPECT(task_get_special_port(self, TASK_BOOTSTRAP_PORT, &port),
	       KERN_SUCCESS);
	CHECK(port == boot);
	EXPECT(task_set_special_port(self, TASK_EXCEPTION_PORT, exc),
	       KERN_SUCCESS);
	EXPECT(task_get_special_port(self, TASK_EXCEPTION_PORT, &port),
	       KERN_SUCCESS);
	CHECK(port == exc);
	EXPECT(task_set_special_port(self, TASK_EXCEPTION_PORT, MACH_PORT_NULL),
	       KERN_SUCCESS);
	EXPECT(task_get_special_port(self, 42, &port), KERN_INVALID_ARGUMENT);
	return boot;
}

static void check_registered(mach_port_t self, mach_port_t boot)
{
	mach_port_t reg[1] = {boot};
	mach_port_array_t ports;
	mach_msg_type_number_t count;

	EXPECT(mach_ports_register(self, reg, 1), KERN_SUCCESS);
	EXPECT(mach_ports_lookup(self, &ports, &count), KERN_SUCCESS);
	CHECK(count == 3);
	CHECK(ports[0] == boot && ports[1] == MACH_PORT_NULL &&
	      ports[2] == MACH_PORT_NULL);
}

static void check_threads(mach_port_t self)
{
	thread_array_t threads;
	mach_msg_type_number_t count;

	EXPECT(task_threads(self, &threads, &count), KERN_SUCCESS);
	CHECK(count == 1);
	CHECK(threads[0] == mach_thread_self());
	EXPECT(vm_deallocate(self, (vm_address_t)threads,
			     count * sizeof(threads[0])),
	       KERN_SUCCESS);
}

static void check_child(mach_port_t self, mach_port_t boot)
{
	mach_port_t child, port;
	thread_array_t threads;
	mach_msg_type_number_t count;
	task_info_data_t info;

	EXPECT(task_create(self, FALSE, &child), KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(child) && child != self);
	CHECK(suspend_count(child) == 0);
	EXPECT(task_suspend(child), KERN_SUCCESS);
	EXPECT(task_suspend(child), KERN_SUCCESS);
	CHECK(suspend_count(child) == 2);
	EXPECT(task_resume(child), KERN_SUCCESS);
	CHECK(suspend_count(child) == 1);
	EXPECT(task_resume(child), KERN_SUCCESS);
	EXPECT(task_resume(child), KERN_FAILURE);
	EXPECT(task_threads(child, &threads, &count), KERN_SUCCESS);
	CHECK(count == 0);
	EXPECT(task_get_special_port(child, TASK_BOOTSTRAP_PORT, &port),
	       KERN_SUCCESS);
	CHECK(port == boot); /* inherited */
	EXPECT(task_terminate(child), KERN_SUCCESS);
	count = TASK_INFO_MAX;
	EXPECT(task_info(child, TASK_BASIC_INFO, info, &count),
	       MACH_SEND_INVALID_DEST);
	/* A child that inherits the address space. */
	EXPECT(task_create(self, TRUE, &child), KERN_SUCCESS);
	count = TASK_INFO_MAX;
	EXPECT(task_info(child, TASK_BASIC_INFO, info, &count), KERN_SUCCESS);
	CHECK(((struct task_basic_info *)info)->virtual_size > 0);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	printf("mach-task: children created, suspended, resumed, ended\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();
	mach_port_t boot;

	check_info(self);
	check_info_fresh(self);
	boot = check_special_ports(self);
	check_registered(self, boot);
	check_threads(self);
	check_child(self, boot);
	EXPECT(task_terminate(mach_host_self()), KERN_INVALID_ARGUMENT);
	TEST_SUCCESS();
}
