/*
 * tests/unit/ipc/ipc_test.c - helpers of the ipc/ unit tests.
 */
#include <base/kmem.h>
#include <base/lock.h>
#include <base/sched.h>
#include <base/task.h>
#include <base/thread.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <base/vm_page.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/port.h>
#include <ipc/right.h>
#include <ipc/space.h>
#include <ipc/mach_port.h>
#include "ipc_test.h"

#define MAX_SPACES 16

static struct task *the_task;
static struct ipc_counts base;
static struct ipc_space *spaces[MAX_SPACES];
static struct port *the_host_port;

struct task *ipc_test_task(void)
{
	return the_task;
}

/* kern/host.c is not linked: an unprivileged host port of our own. */
struct port *host_port(void)
{
	return the_host_port;
}

static int test_user_fault(uintptr_t va, bool write)
{
	return vm_map_fault(the_task->map, va,
			    write ? VM_FAULT_WRITE : VM_FAULT_READ);
}

void ipc_test_boot(void)
{
	UNIT_BOOT_THREADS();
	vm_map_init();
	ipc_kernel_init();
	the_task = hosted_task_new("ipc-test");
	the_task->map = vm_map_create();
	if (the_task->map == NULL)
		abort();
	hosted_set_current_pmap(vm_map_pmap(the_task->map));
	/* The boot thread is a thread of the test task: current_task(). */
	current_thread()->task = the_task;
	hosted_user_fault = test_user_fault;
	the_host_port = ipc_kernel_port_alloc(KOBJ_HOST, NULL);
}

void ipc_test_setup(void)
{
	memset(spaces, 0, sizeof(spaces));
	memset(hosted_user_window(), 0, HOSTED_USER_SIZE);
	ipc_get_counts(&base);
}

void ipc_test_teardown(void)
{
	struct ipc_counts now;

	for (int i = 0; i < MAX_SPACES; i++)
		if (spaces[i] != NULL)
			test_space_destroy(spaces[i]);
	ipc_get_counts(&now);
	ck_assert_uint_eq(now.kmsgs, base.kmsgs);
	ck_assert_uint_eq(now.entries, base.entries);
	ck_assert_uint_eq(now.psets, base.psets);
	ck_assert_uint_eq(now.ports, base.ports);
	ck_assert_uint_eq(now.spaces, base.spaces);
}

struct ipc_space *test_space(void)
{
	spl_t s = splhigh();
	struct ipc_space *space = ipc_space_create();

	splx(s);
	ck_assert_ptr_nonnull(space);
	for (int i = 0; i < MAX_SPACES; i++)
		if (spaces[i] == NULL) {
			spaces[i] = space;
			return space;
		}
	ck_abort_msg("too many spaces");
	return NULL;
}

void test_space_destroy(struct ipc_space *space)
{
	spl_t s = splhigh();

	for (int i = 0; i < MAX_SPACES; i++)
		if (spaces[i] == space)
			spaces[i] = NULL;
	ipc_space_destroy(space);
	splx(s);
}

mach_port_name_t test_port(struct ipc_space *space)
{
	mach_port_name_t name;

	ck_assert_int_eq(
		mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &name),
		KERN_SUCCESS);
	return name;
}

mach_port_urefs_t test_refs(struct ipc_space *space, mach_port_name_t name,
			    mach_port_right_t right)
{
	mach_port_urefs_t refs = 0;

	if (mach_port_get_refs(space, name, right, &refs) != KERN_SUCCESS)
		return 0;
	return refs;
}

mach_port_type_t test_type(struct ipc_space *space, mach_port_name_t name)
{
	mach_port_type_t type = 0;

	if (mach_port_type(space, name, &type) != KERN_SUCCESS)
		return 0;
	return type;
}

void msg_header(mach_msg_bits_t bits, mach_port_name_t remote,
		mach_port_name_t local, mach_msg_id_t id)
{
	mach_msg_header_t *m = umsg();

	memset(m, 0, UMSG_SIZE);
	m->msgh_bits = bits;
	m->msgh_size = sizeof(*m);
	m->msgh_remote_port = remote;
	m->msgh_local_port = local;
	m->msgh_id = id;
}

static mach_msg_type_t *msg_desc(mach_msg_size_t size, unsigned int name,
				 unsigned int bits, uint32_t number,
				 bool is_inline)
{
	mach_msg_type_t *t = (mach_msg_type_t *)((uint8_t *)umsg() + size);

	t->msgt_name = name;
	t->msgt_size = bits;
	t->msgt_number = number;
	t->msgt_inline = is_inline;
	return t;
}

mach_msg_size_t msg_add_int(mach_msg_size_t size, uint32_t value)
{
	mach_msg_type_t *t =
		msg_desc(size, MACH_MSG_TYPE_INTEGER_32, 32, 1, true);

	memcpy(t + 1, &value, sizeof(value));
	return size + 16;
}

mach_msg_size_t msg_add_port(mach_msg_size_t size, mach_msg_type_name_t disp,
			     mach_port_name_t name)
{
	mach_msg_type_t *t = msg_desc(size, disp, 64, 1, true);

	memcpy(t + 1, &name, sizeof(name));
	umsg()->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	return size + 16;
}

uintptr_t test_ool_region(size_t size)
{
	uintptr_t addr = USER_ADDR_MIN;

	size = (size + PAGE_MASK) & ~PAGE_MASK;
	ck_assert_int_eq(vm_map_enter(the_task->map, &addr, size, true,
				      VM_PROT_DEFAULT, VM_PROT_ALL,
				      VM_INHERIT_DEFAULT),
			 KERN_SUCCESS);
	return addr;
}

void test_ool_region_free(uintptr_t addr, size_t size)
{
	uintptr_t start = addr & ~PAGE_MASK;
	uintptr_t end = (addr + size + PAGE_MASK) & ~PAGE_MASK;

	ck_assert_int_eq(vm_map_remove(the_task->map, start, end),
			 KERN_SUCCESS);
}

mach_msg_size_t msg_add_ool(mach_msg_size_t size, unsigned int name,
			    unsigned int bits, uint32_t number, uintptr_t addr,
			    bool dealloc)
{
	mach_msg_type_t *t = msg_desc(size, name, bits, number, false);

	t->msgt_longform = 1;
	t->msgt_deallocate = dealloc;
	memcpy(t + 1, &addr, sizeof(addr));
	umsg()->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	return size + 16;
}

mach_msg_return_t msg_send_opt(struct ipc_space *space, mach_msg_size_t size,
			       mach_msg_option_t option,
			       mach_msg_timeout_t timeout,
			       mach_port_name_t notify)
{
	return ipc_mach_msg(space, UMSG, MACH_SEND_MSG | option, size, 0,
			    MACH_PORT_NULL, timeout, notify);
}

mach_msg_return_t msg_send(struct ipc_space *space, mach_msg_size_t size)
{
	return msg_send_opt(space, size, 0, 0, MACH_PORT_NULL);
}

mach_msg_return_t msg_receive_opt(struct ipc_space *space,
				  mach_port_name_t name,
				  mach_msg_size_t rcv_size,
				  mach_msg_option_t option,
				  mach_msg_timeout_t timeout)
{
	memset(umsg(), 0xEE, sizeof(mach_msg_header_t));
	return ipc_mach_msg(space, UMSG, MACH_RCV_MSG | option, 0, rcv_size,
			    name, timeout, MACH_PORT_NULL);
}

mach_msg_return_t msg_receive(struct ipc_space *space, mach_port_name_t name,
			      mach_msg_size_t rcv_size)
{
	return msg_receive_opt(space, name, rcv_size, MACH_RCV_TIMEOUT, 0);
}

mach_port_name_t test_give(struct ipc_space *from, mach_port_name_t name,
			   mach_msg_type_name_t disp, struct ipc_space *to)
{
	struct port *p;
	mach_msg_type_name_t t;
	mach_port_name_t out;

	ck_assert_int_eq(mach_port_extract_right(from, name, disp, &p, &t),
			 KERN_SUCCESS);
	spl_t s = splhigh();
	ck_assert_int_eq(ipc_right_copyout(to, p, t, false, &out),
			 KERN_SUCCESS);
	splx(s);
	return out;
}

struct port *test_port_of(struct ipc_space *space, mach_port_name_t name)
{
	spl_t s = splhigh();
	struct ipc_entry *entry = ipc_space_lookup(space, name);
	struct port *port = entry != NULL ? entry->port : NULL;

	splx(s);
	ck_assert_ptr_nonnull(port);
	return port;
}

mach_port_name_t test_insert_send(struct ipc_space *space, struct port *port)
{
	mach_port_name_t name;
	spl_t s = splhigh();

	ipc_port_make_send(port);
	ck_assert_int_eq(ipc_right_copyout(space, port, MACH_MSG_TYPE_PORT_SEND,
					   false, &name),
			 KERN_SUCCESS);
	splx(s);
	return name;
}

struct port *test_make_send_once(struct ipc_space *space, mach_port_name_t name)
{
	struct port *p;
	mach_msg_type_name_t t;

	ck_assert_int_eq(mach_port_extract_right(space, name,
						 MACH_MSG_TYPE_MAKE_SEND_ONCE,
						 &p, &t),
			 KERN_SUCCESS);
	ck_assert_uint_eq(t, MACH_MSG_TYPE_PORT_SEND_ONCE);
	return p;
}

struct task *test_task(struct ipc_space *space)
{
	struct task *task = hosted_task_new("ipc-task");

	task->space = space;
	task->self = ipc_kernel_port_alloc(KOBJ_TASK, task);
	ck_assert_ptr_nonnull(task->self);
	return task;
}

void test_task_destroy(struct task *task)
{
	ipc_kernel_port_destroy(task->self);
	task->self = NULL;
	task->space = NULL;
	task_destroy(task);
}

uint32_t test_notification(struct ipc_space *space, mach_port_name_t name,
			   mach_msg_id_t id, mach_msg_size_t size,
			   mach_msg_bits_t bits)
{
	mach_msg_header_t *m = umsg();
	uint32_t value = 0;

	ck_assert_int_eq(msg_receive(space, name, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_int_eq(m->msgh_id, id);
	ck_assert_uint_eq(m->msgh_size, size);
	ck_assert_uint_eq(m->msgh_bits, bits);
	ck_assert_uint_eq(m->msgh_remote_port_do_not_use, MACH_PORT_NULL);
	ck_assert_uint_eq(m->msgh_protected_payload, name);
	if (size > 32)
		memcpy(&value, (uint8_t *)m + 40, sizeof(value));
	return value;
}

void test_no_message(struct ipc_space *space, mach_port_name_t name)
{
	mach_msg_return_t mr = msg_receive(space, name, UMSG_SIZE);

	ck_assert_msg(mr == MACH_RCV_TIMED_OUT,
		      "expected no message on %u: 0x%x, id %d", name, mr,
		      umsg()->msgh_id);
}

struct kmem_cache *test_kalloc_cache(size_t size)
{
	static const char *const names[] = {
		"kalloc.16",  "kalloc.32",  "kalloc.64",   "kalloc.128",
		"kalloc.256", "kalloc.512", "kalloc.1024",
	};
	size_t cap = 16;

	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]);
	     i++, cap *= 2)
		if (size <= cap)
			return kmem_cache_find(names[i]);
	return NULL;
}

struct kmem_cache *test_kmsg_cache(mach_msg_size_t msg_size)
{
	return test_kalloc_cache(offsetof(struct ipc_kmsg, msg) + msg_size);
}

struct thread *ipc_test_cpu_thread(void)
{
	spl_t s = splhigh();
	struct thread *t = thread_bootstrap_cpu("smp-cpu");

	t->task = ipc_test_task();
	splx(s);
	return t;
}

void ipc_test_cpu_thread_end(struct thread *t)
{
	spl_t s = splhigh();

	t->task = NULL;
	t->state = THREAD_DEAD;
	thread_unref(t);
	splx(s);
}
