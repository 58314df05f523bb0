/*
 * tests/unit/vm/test_vm_pager.c - faults on pager-backed memory: the
 * request/supply sequences of kern/memory_object.c and their errors.
 *
 *  - fake pager: an object whose struct vm_pager has a test ops table;
 *    the fault path calls ops->fault for a missing page (and looks again
 *    after it), passes its error on, and ops->terminate runs at the last
 *    reference;
 *  - external pager: a port of a test space is the memory object; the
 *    test receives the kernel's messages (init, data_request, terminate,
 *    lock_completed) and answers through the control-port routines. A
 *    fault runs on a coroutine thread (tests/hosted/thread.c) and waits
 *    for the answer: data_supply (contents visible), data_unavailable
 *    (zero), data_error (KERN_MEMORY_ERROR, asked again next time), the
 *    pager's port dying (KERN_MEMORY_ERROR, no hang), memory_object_destroy.
 *
 * Every test checks that frames, objects, map copies, kmem objects, pagers
 * and IPC objects are back to their baseline.
 */
#include <base/kmem.h>
#include <base/lock.h>
#include <base/sched.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include <ipc/mach_port.h>
#include <mach/notify.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <kern/memory_object.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>
#include "tests/unit/ipc/ipc_test.h"
#include "tests/unit/vm/pager_test.h"

/* ---- Baseline ------------------------------------------------------------ */

static unsigned long free0, objects0, copies0, live0, pagers0;

static void setup(void)
{
	ipc_test_setup();
	kmem_reap_all();
	free0 = vm_page_count_free();
	objects0 = vm_object_count();
	copies0 = vm_map_copy_count();
	live0 = kmem_live_objects();
	pagers0 = memory_object_count();
}

static void teardown(void)
{
	ipc_test_teardown(); /* destroys the test spaces */
	kmem_reap_all();
	ck_assert_uint_eq(memory_object_count(), pagers0);
	ck_assert_uint_eq(vm_object_count(), objects0);
	ck_assert_uint_eq(vm_map_copy_count(), copies0);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}

/* ---- Fake pager: the ops table ---------------------------------------------
 */

static struct {
	int faults, terminates;
	uint64_t offset;
	int access;
	struct vm_page *page;
	kern_return_t answer; /* KERN_SUCCESS: supply a page of 0xA5 */
} fake;

static kern_return_t fake_fault(struct vm_object *obj, uint64_t offset,
				struct vm_page *page, int access)
{
	struct vm_page *np;

	fake.faults++;
	fake.offset = offset;
	fake.page = page;
	fake.access = access;
	if (fake.answer != KERN_SUCCESS)
		return fake.answer;
	np = vm_object_page_alloc(obj, offset, NULL);
	if (np == NULL)
		return KERN_RESOURCE_SHORTAGE;
	memset(vm_page_kva(np), 0xA5, P);
	return KERN_SUCCESS;
}

static void fake_terminate(struct vm_object *obj)
{
	fake.terminates++;
	kfree(obj->pager, sizeof(*obj->pager));
	obj->pager = NULL;
}

static const struct vm_pager_ops fake_ops = {
	.terminate = fake_terminate,
	.fault = fake_fault,
};

static struct vm_object *fake_object(uint64_t size)
{
	struct vm_object *obj = vm_object_create(size);
	struct vm_pager *p = kalloc(sizeof(*p));

	ck_assert_ptr_nonnull(obj);
	ck_assert_ptr_nonnull(p);
	memset(p, 0, sizeof(*p));
	p->ops = &fake_ops;
	p->object = obj;
	waitq_init(&p->waiters);
	obj->pager = p;
	memset(&fake, 0, sizeof(fake));
	return obj;
}

static uintptr_t map_object(struct vm_object *obj, size_t size, bool copy)
{
	uintptr_t addr = 0;

	ck_assert_int_eq(vm_map_enter_object(map(), &addr, size, 0, true, obj,
					     0, copy,
					     VM_PROT_READ | VM_PROT_WRITE,
					     VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_SUCCESS);
	return addr;
}

START_TEST(fake_ops_fault_and_terminate)
{
	struct vm_object *obj = fake_object(4 * P);
	uintptr_t a = map_object(obj, 4 * P, false);

	/* A missing page is asked of the ops once, then found. */
	ck_assert_int_eq(vm_map_fault(map(), a + 2 * P + 5, VM_FAULT_READ),
			 KERN_SUCCESS);
	ck_assert_int_eq(fake.faults, 1);
	ck_assert_uint_eq(fake.offset, 2 * P);
	ck_assert_ptr_null(fake.page);
	ck_assert_int_eq(fake.access, VM_FAULT_READ);
	ck_assert_int_eq(kread(a + 2 * P + 7), 0xA5);
	ck_assert_int_eq(fake.faults, 1);
	/* A write lands in the pager's object itself (not copy-on-write). */
	ck_assert_int_eq(vm_map_fault(map(), a + 2 * P, VM_FAULT_WRITE),
			 KERN_SUCCESS);
	ck_assert_int_eq(fake.faults, 1);
	ck_assert_uint_eq(obj->resident, 1);
	/* The ops' error is the fault's. */
	fake.answer = KERN_MEMORY_ERROR;
	ck_assert_int_eq(vm_map_fault(map(), a, VM_FAULT_WRITE),
			 KERN_MEMORY_ERROR);
	ck_assert_int_eq(fake.access, VM_FAULT_WRITE);
	ck_assert_int_eq(kread(a), -1);
	ck_assert_int_eq(fake.faults, 3);
	/* A copy-on-write mapping of it asks the same pager; the copy's
	 * writes stay in the copy. */
	fake.answer = KERN_SUCCESS;
	vm_object_ref(obj);
	uintptr_t c = map_object(obj, 4 * P, true);
	ck_assert_int_eq(vm_map_fault(map(), c + P, VM_FAULT_WRITE),
			 KERN_SUCCESS);
	ck_assert_int_eq(fake.faults, 4);
	ck_assert_uint_eq(fake.offset, P);
	unsigned char z = 0x11;
	ck_assert_int_eq(vm_map_write(map(), c + P, &z, 1), KERN_SUCCESS);
	ck_assert_int_eq(kread(c + P), 0x11);
	ck_assert_int_eq(kread(a + P), 0xA5);
	/* terminate runs once, at the last reference. */
	ck_assert_int_eq(vm_map_remove(map(), a, a + 4 * P), KERN_SUCCESS);
	ck_assert_int_eq(fake.terminates, 0);
	ck_assert_int_eq(vm_map_remove(map(), c, c + 4 * P), KERN_SUCCESS);
	ck_assert_int_eq(fake.terminates, 1);
}
END_TEST

/* ---- External pager: a port of a test space ------------------------------ */

static void pager_map(struct pager *pg, size_t size)
{
	struct vm_object *obj;

	memset(pg, 0, sizeof(*pg));
	pg->sp = test_space();
	pg->name = test_port(pg->sp);
	pg->port = test_port_of(pg->sp, pg->name);
	pg->size = size;
	ck_assert_int_eq(memory_object_vm_object(pg->port, size, &obj),
			 KERN_SUCCESS);
	ck_assert_ptr_nonnull(obj->pager);
	ck_assert(!obj->pager->initialized);
	pg->obj = obj;
	pg->addr = map_object(obj, size, false);
	ck_assert_uint_eq(memory_object_count(), pagers0 + 1);
}

/* Expect memory_object_init (the first time) and data_request for the
 * page at offset with access. */
static void expect_request(struct pager *pg, uint64_t offset, int access)
{
	if (pg->control == MACH_PORT_NULL) {
		ck_assert_int_eq(pager_receive(pg), MO_INIT);
		ck_assert_uint_eq(umsg()->msgh_size, 80);
		pg->control = (mach_port_name_t)word(40);
		ck_assert_uint_ne(pg->control, MACH_PORT_NULL);
		ck_assert_uint_eq(test_type(pg->sp, pg->control),
				  MACH_PORT_TYPE_SEND);
		ck_assert_uint_eq((mach_port_name_t)word(56), MACH_PORT_NULL);
		ck_assert_uint_eq(word(72), P);
	}
	ck_assert_int_eq(pager_receive(pg), MO_DATA_REQUEST);
	ck_assert_uint_eq(umsg()->msgh_size, 96);
	ck_assert_uint_eq((mach_port_name_t)word(40), pg->control);
	ck_assert_uint_eq(word(56), offset);
	ck_assert_uint_eq(word(72), P);
	ck_assert_int_eq((int32_t)word(88), access);
}

/* The object behind the pager's control port, referenced; NULL if none. */
static struct vm_object *control_object(struct pager *pg)
{
	struct port *ctl = test_port_of(pg->sp, pg->control);
	spl_t s = splhigh();
	struct vm_object *obj = memory_object_control_lookup(ctl);

	splx(s);
	return obj;
}

static void control_done(struct vm_object *obj)
{
	vm_object_unref(obj);
}

/* data_supply of n bytes, each page filled with seed + page index. */
static kern_return_t supply(struct pager *pg, uint64_t offset, size_t n,
			    unsigned seed)
{
	struct vm_map_copy *copy = vm_map_copy_kernel_alloc(n);
	struct vm_object *obj = control_object(pg);
	char *data;
	kern_return_t kr;

	ck_assert_ptr_nonnull(copy);
	ck_assert_ptr_eq(obj, pg->obj);
	data = vm_map_copy_kernel_data(copy);
	for (size_t i = 0; i < n; i++)
		data[i] = (char)(seed + i / P);
	spl_t s = splhigh();
	kr = memory_object_control_data_supply(obj, offset, copy, n, 0, false,
					       NULL, 0);
	splx(s);
	vm_map_copy_discard(copy); /* the server stub's, not consumed */
	control_done(obj);
	return kr;
}

/* Remove the mapping: the pager gets memory_object_terminate. */
static void pager_unmap(struct pager *pg, bool expect_terminate)
{
	ck_assert_int_eq(vm_map_remove(map(), pg->addr, pg->addr + pg->size),
			 KERN_SUCCESS);
	ck_assert_uint_eq(memory_object_count(), pagers0);
	if (!expect_terminate)
		return;
	ck_assert_int_eq(pager_receive(pg), MO_TERMINATE);
	ck_assert_uint_eq(umsg()->msgh_size, 64);
	ck_assert_uint_eq((mach_port_name_t)word(40), MACH_PORT_NULL);
	ck_assert_uint_eq((mach_port_name_t)word(56), MACH_PORT_NULL);
	/* The kernel's send right moved with it; the control port is gone. */
	ck_assert_uint_eq(test_type(pg->sp, pg->name), MACH_PORT_TYPE_RECEIVE);
	ck_assert_uint_eq(test_type(pg->sp, pg->control),
			  MACH_PORT_TYPE_DEAD_NAME);
	expect_no_message(pg);
}

START_TEST(supply_resolves_waiting_fault)
{
	struct pager pg;
	struct faulter f;

	pager_map(&pg, 4 * P);
	expect_no_message(&pg); /* nothing sent before the first fault */
	fault_start(&f, pg.addr + P + 100, VM_FAULT_READ);
	settle_ms(1);
	ck_assert(!f.done);
	expect_request(&pg, P, VM_FAULT_READ);
	ck_assert(pg.obj->pager->initialized);
	expect_no_message(&pg);
	/* Still waiting after several polls. */
	settle_ms(100);
	ck_assert(!f.done);
	expect_no_message(&pg);
	ck_assert_int_eq(supply(&pg, P, P, 0x30), KERN_SUCCESS);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_SUCCESS);
	ck_assert_int_eq(kread(pg.addr + P), 0x30);
	ck_assert_int_eq(kread(pg.addr + 2 * P - 1), 0x30);
	/* A second fault there asks nothing. */
	ck_assert_int_eq(vm_map_fault(map(), pg.addr + P, VM_FAULT_WRITE),
			 KERN_SUCCESS);
	expect_no_message(&pg);
	/* Supplied ahead of any request: pages 2 and 3 (3 partly: the rest
	 * reads zero); a page the object has is kept (page 1). */
	ck_assert_int_eq(supply(&pg, P, 2 * P + 10, 0x40), KERN_SUCCESS);
	ck_assert_int_eq(kread(pg.addr + P), 0x30);
	ck_assert_int_eq(kread(pg.addr + 2 * P), 0x41);
	ck_assert_int_eq(kread(pg.addr + 3 * P + 9), 0x42);
	ck_assert_int_eq(kread(pg.addr + 3 * P + 10), 0);
	expect_no_message(&pg);
	pager_unmap(&pg, true);
}
END_TEST

START_TEST(unavailable_zero_fills)
{
	struct pager pg;
	struct faulter f;
	struct vm_object *obj;

	pager_map(&pg, 2 * P);
	fault_start(&f, pg.addr, VM_FAULT_WRITE);
	settle_ms(1);
	expect_request(&pg, 0, VM_FAULT_WRITE);
	obj = control_object(&pg);
	spl_t s = splhigh();
	ck_assert_int_eq(memory_object_control_data_unavailable(obj, 0, P),
			 KERN_SUCCESS);
	splx(s);
	control_done(obj);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_SUCCESS);
	ck_assert_int_eq(kread(pg.addr), 0);
	ck_assert_int_eq(kread(pg.addr + P - 1), 0);
	pager_unmap(&pg, true);
}
END_TEST

START_TEST(error_fails_fault_then_asks_again)
{
	struct pager pg;
	struct faulter f;
	struct vm_object *obj;

	pager_map(&pg, 2 * P);
	fault_start(&f, pg.addr + P, VM_FAULT_READ);
	settle_ms(1);
	expect_request(&pg, P, VM_FAULT_READ);
	obj = control_object(&pg);
	spl_t s = splhigh();
	ck_assert_int_eq(
		memory_object_control_data_error(obj, P, P, KERN_FAILURE),
		KERN_SUCCESS);
	splx(s);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_MEMORY_ERROR);
	/* The error mark went with that fault: the next one asks again. */
	ck_assert_uint_eq(pg.obj->resident, 0);
	fault_start(&f, pg.addr + P, VM_FAULT_READ);
	settle_ms(1);
	expect_request(&pg, P, VM_FAULT_READ);
	ck_assert_int_eq(supply(&pg, P, P, 0x7), KERN_SUCCESS);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_SUCCESS);
	ck_assert_int_eq(kread(pg.addr + P), 0x7);
	control_done(obj);
	pager_unmap(&pg, true);
}
END_TEST

START_TEST(control_argument_errors)
{
	struct pager pg;
	struct vm_map_copy *copy = vm_map_copy_kernel_alloc(P);

	pager_map(&pg, 2 * P);
	ck_assert_ptr_nonnull(copy);
	spl_t s = splhigh();
	ck_assert_int_eq(memory_object_control_data_supply(NULL, 0, copy, P, 0,
							   false, NULL, 0),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(memory_object_control_data_unavailable(NULL, 0, P),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(memory_object_control_data_error(NULL, 0, P, 1),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(memory_object_control_lock_request(NULL, 0, P, 0,
							    false, 0, NULL, 0),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(memory_object_control_destroy(NULL, 0),
			 KERN_INVALID_ARGUMENT);
	/* An anonymous object has no pager. */
	struct vm_object *anon = vm_object_create(P);
	ck_assert_int_eq(memory_object_control_data_unavailable(anon, 0, P),
			 KERN_INVALID_ARGUMENT);
	splx(s);
	vm_object_unref(anon);
	/* A port that is not a control port has no object. */
	s = splhigh();
	ck_assert_ptr_null(memory_object_control_lookup(pg.port));
	splx(s);
	/* Not a memory object: dead or kernel ports. */
	struct vm_object *none;
	ck_assert_int_eq(memory_object_vm_object(NULL, P, &none),
			 KERN_INVALID_ARGUMENT);
	ck_assert_ptr_null(none);
	pager_unmap(&pg, false); /* never faulted: no init, no terminate */
	expect_no_message(&pg);
	vm_map_copy_discard(copy);
}
END_TEST

START_TEST(unaligned_and_out_of_range)
{
	struct pager pg;
	struct faulter f;
	struct vm_object *obj;

	pager_map(&pg, 2 * P);
	fault_start(&f, pg.addr, VM_FAULT_READ);
	settle_ms(1);
	expect_request(&pg, 0, VM_FAULT_READ);
	obj = control_object(&pg);
	ck_assert_ptr_nonnull(obj);
	spl_t s = splhigh();
	ck_assert_int_eq(memory_object_control_data_unavailable(obj, 1, P),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(memory_object_control_data_error(obj, P + 8, P, 1),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(memory_object_control_data_unavailable(obj, P, ~0ULL),
			 KERN_INVALID_ARGUMENT);
	/* Past the object's end: nothing made. */
	ck_assert_int_eq(memory_object_control_data_unavailable(obj, 8 * P, P),
			 KERN_SUCCESS);
	splx(s);
	ck_assert_uint_eq(pg.obj->resident, 1); /* the busy page */
	settle_ms(50);
	ck_assert(!f.done);
	ck_assert_int_eq(supply(&pg, 0, P, 9), KERN_SUCCESS);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_SUCCESS);
	control_done(obj);
	pager_unmap(&pg, true);
}
END_TEST

START_TEST(lock_request_completes)
{
	struct pager pg;
	struct faulter f;
	struct vm_object *obj;

	pager_map(&pg, 2 * P);
	fault_start(&f, pg.addr, VM_FAULT_READ);
	settle_ms(1);
	expect_request(&pg, 0, VM_FAULT_READ);
	ck_assert_int_eq(supply(&pg, 0, P, 1), KERN_SUCCESS);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_SUCCESS);
	obj = control_object(&pg);
	spl_t s = splhigh();
	/* Without a reply port: nothing sent. */
	ck_assert_int_eq(memory_object_control_lock_request(obj, 0, 2 * P, 0,
							    true, 0, NULL, 0),
			 KERN_SUCCESS);
	/* With one (a send-once right, consumed): lock_completed. */
	struct port *reply = ipc_port_make_send_once(pg.port);
	ck_assert_int_eq(memory_object_control_lock_request(
				 obj, P, P, 0, false, VM_PROT_WRITE, reply,
				 MACH_MSG_TYPE_PORT_SEND_ONCE),
			 KERN_SUCCESS);
	splx(s);
	ck_assert_int_eq(pager_receive(&pg), MO_LOCK_COMPLETED);
	ck_assert_uint_eq(umsg()->msgh_size, 80);
	ck_assert_uint_eq((mach_port_name_t)word(40), pg.control);
	ck_assert_uint_eq(word(56), P);
	ck_assert_uint_eq(word(72), P);
	expect_no_message(&pg);
	/* data_supply with a reply port: supply_completed. */
	struct vm_map_copy *copy = vm_map_copy_kernel_alloc(P);
	s = splhigh();
	reply = ipc_port_make_send_once(pg.port);
	ck_assert_int_eq(memory_object_control_data_supply(
				 obj, P, copy, P, 0, false, reply,
				 MACH_MSG_TYPE_PORT_SEND_ONCE),
			 KERN_SUCCESS);
	splx(s);
	vm_map_copy_discard(copy);
	ck_assert_int_eq(pager_receive(&pg), MO_SUPPLY_COMPLETED);
	ck_assert_uint_eq(umsg()->msgh_size, 112);
	ck_assert_uint_eq(word(56), P);
	ck_assert_uint_eq(word(72), P);
	ck_assert_int_eq((int32_t)word(88), KERN_SUCCESS);
	/* Unaligned: refused, the reply right not consumed (its release
	 * sends the send-once notification). */
	s = splhigh();
	reply = ipc_port_make_send_once(pg.port);
	ck_assert_int_eq(memory_object_control_lock_request(
				 obj, 3, P, 0, false, 0, reply,
				 MACH_MSG_TYPE_PORT_SEND_ONCE),
			 KERN_INVALID_ARGUMENT);
	expect_no_message(&pg);
	ipc_port_release_send_once(reply);
	splx(s);
	ck_assert_int_eq(pager_receive(&pg), MACH_NOTIFY_SEND_ONCE);
	control_done(obj);
	pager_unmap(&pg, true);
}
END_TEST

START_TEST(pager_dies_while_fault_waits)
{
	struct pager pg;
	struct faulter f, g;

	pager_map(&pg, 2 * P);
	fault_start(&f, pg.addr, VM_FAULT_READ);
	settle_ms(1);
	expect_request(&pg, 0, VM_FAULT_READ);
	ck_assert(!f.done);
	/* The pager's receive right dies: the fault fails, no hang. */
	ck_assert_int_eq(mach_port_destroy(pg.sp, pg.name), KERN_SUCCESS);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_MEMORY_ERROR);
	ck_assert(pg.obj->pager->dead);
	/* Later faults fail at once, on any page. */
	ck_assert_int_eq(vm_map_fault(map(), pg.addr + P, VM_FAULT_READ),
			 KERN_MEMORY_ERROR);
	ck_assert_int_eq(vm_map_fault(map(), pg.addr, VM_FAULT_WRITE),
			 KERN_MEMORY_ERROR);
	ck_assert_int_eq(kread(pg.addr), -1);
	/* Two threads waiting when it dies both fail. (A new pager.) */
	pager_unmap(&pg, false);
	pager_map(&pg, 2 * P);
	fault_start(&f, pg.addr, VM_FAULT_READ);
	struct faulter *fp = &g;
	*fp = (struct faulter){.map = map(),
			       .addr = pg.addr + 10,
			       .access = VM_FAULT_READ,
			       .kr = -1};
	ck_assert_ptr_nonnull(
		thread_create(NULL, "faulter2", faulter_run, fp, 2, false));
	settle_ms(1);
	expect_request(&pg, 0, VM_FAULT_READ);
	expect_no_message(&pg); /* one request for both */
	ck_assert(!f.done && !g.done);
	ck_assert_int_eq(mach_port_destroy(pg.sp, pg.name), KERN_SUCCESS);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_MEMORY_ERROR);
	ck_assert_int_eq(fault_wait(&g, 1000), KERN_MEMORY_ERROR);
	pager_unmap(&pg, false);
}
END_TEST

START_TEST(destroy_fails_waiters_and_terminates)
{
	struct pager pg;
	struct faulter f;
	struct vm_object *obj;

	pager_map(&pg, 2 * P);
	fault_start(&f, pg.addr + P, VM_FAULT_WRITE);
	settle_ms(1);
	expect_request(&pg, P, VM_FAULT_WRITE);
	obj = control_object(&pg);
	spl_t s = splhigh();
	ck_assert_int_eq(memory_object_control_destroy(obj, KERN_FAILURE),
			 KERN_SUCCESS);
	splx(s);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_MEMORY_ERROR);
	ck_assert_int_eq(pager_receive(&pg), MO_TERMINATE);
	ck_assert_uint_eq(test_type(pg.sp, pg.name), MACH_PORT_TYPE_RECEIVE);
	/* Dead for good: a later fault fails at once. */
	ck_assert_int_eq(vm_map_fault(map(), pg.addr, VM_FAULT_READ),
			 KERN_MEMORY_ERROR);
	control_done(obj);
	pager_unmap(&pg, false); /* terminate was sent by destroy, once */
	expect_no_message(&pg);
}
END_TEST

START_TEST(one_object_per_port)
{
	struct pager pg;
	struct vm_object *again;

	pager_map(&pg, 2 * P);
	ck_assert_int_eq(memory_object_vm_object(pg.port, 4 * P, &again),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(again, pg.obj);
	ck_assert_uint_eq(again->size, 4 * P);
	ck_assert_uint_eq(memory_object_count(), pagers0 + 1);
	vm_object_unref(again);
	pager_unmap(&pg, false);
}
END_TEST

static void boot(void)
{
	ipc_test_boot();
}

int main(void)
{
	Suite *s = suite_create("vm_pager");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, boot, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fake_ops_fault_and_terminate);
	tcase_add_test(tc, supply_resolves_waiting_fault);
	tcase_add_test(tc, unavailable_zero_fills);
	tcase_add_test(tc, error_fails_fault_then_asks_again);
	tcase_add_test(tc, control_argument_errors);
	tcase_add_test(tc, unaligned_and_out_of_range);
	tcase_add_test(tc, lock_request_completes);
	tcase_add_test(tc, pager_dies_while_fault_waits);
	tcase_add_test(tc, destroy_fails_waiters_and_terminates);
	tcase_add_test(tc, one_object_per_port);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
