/*
 * tests/unit/vm/test_vm_lock.c - memory_object_lock_request, data_supply's
 * lock_value and precious, and the injected pager-reply delay
 * (kern/memory_object.c), on the IPC test harness: a port of a test space
 * is the memory object; the test receives the kernel's messages (init,
 * data_request, data_unlock, data_return, lock_completed) and answers
 * through the control-port routines.
 *
 *  - each should_return x should_flush combination: which pages come
 *    back (data_return with the writes, dirty and kernel_copy flags),
 *    which stay resident, and what the pmap still maps (a cleaned page is
 *    write-protected: the next store faults and makes it dirty again);
 *  - lock_value: a locked page is mapped without the locked right; a
 *    fault needing it sends data_unlock once and waits; lock_request
 *    lowering the lock lets it go on; data_error refuses it;
 *  - precious pages come back even unmodified (flush, RETURN_ALL,
 *    pageout's memory_object_page_return);
 *  - a copy-on-write child that maps the pager's page read-only through
 *    its shadow chain loses the mapping on flush, keeps its own pages;
 *  - the injected reply delay holds the reply in the pager's thread; a
 *    fault waiting meanwhile can be interrupted and leaves no busy page;
 *  - vm_object_sync through vm_region's name port: data_return of the
 *    dirty page (clean) or flush, no lock_completed, the injected delay
 *    left alone; without return a flush discards; the name dies with the
 *    object.
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
#include <mach/memory_object.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <kern/memory_object.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>
#include <kern/vm_user.h>
#include "tests/hosted/hosted.h"
#include "tests/unit/ipc/ipc_test.h"
#include "tests/unit/vm/pager_test.h"

#define RETURN_ANYTHING 3 /* GNU Mach's MEMORY_OBJECT_RETURN_ANYTHING */

/* ---- Baseline ------------------------------------------------------------ */

static unsigned long free0, objects0, copies0, live0, pagers0, resident0;

static void setup(void)
{
	ipc_test_setup();
	kmem_reap_all();
	free0 = vm_page_count_free();
	objects0 = vm_object_count();
	copies0 = vm_map_copy_count();
	live0 = kmem_live_objects();
	pagers0 = memory_object_count();
	resident0 = vm_object_resident_count();
}

static void teardown(void)
{
	ipc_test_teardown();
	kmem_reap_all();
	ck_assert_uint_eq(memory_object_reply_delay_ms, 0);
	ck_assert_uint_eq(memory_object_count(), pagers0);
	ck_assert_uint_eq(vm_object_count(), objects0);
	ck_assert_uint_eq(vm_object_resident_count(), resident0);
	ck_assert_uint_eq(vm_map_copy_count(), copies0);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}

/* ---- The pager -------------------------------------------------------------
 */

static uintptr_t map_object(struct vm_map *m, struct vm_object *obj,
			    size_t size)
{
	uintptr_t addr = 0;

	ck_assert_int_eq(vm_map_enter_object(m, &addr, size, 0, true, obj, 0,
					     false,
					     VM_PROT_READ | VM_PROT_WRITE,
					     VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_SUCCESS);
	return addr;
}

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
	pg->obj = obj;
	pg->addr = map_object(map(), obj, size);
}

/* Expect init (the first time), then data_request or data_unlock (id)
 * for the page at offset with access. */
static void expect_page_msg(struct pager *pg, mach_msg_id_t id, uint64_t offset,
			    int access)
{
	if (pg->control == MACH_PORT_NULL) {
		ck_assert_int_eq(pager_receive(pg), MO_INIT);
		pg->control = (mach_port_name_t)word(40);
	}
	ck_assert_int_eq(pager_receive(pg), id);
	ck_assert_uint_eq(umsg()->msgh_size, 96);
	ck_assert_uint_eq((mach_port_name_t)word(40), pg->control);
	ck_assert_uint_eq(word(56), offset);
	ck_assert_uint_eq(word(72), P);
	ck_assert_int_eq((int32_t)word(88), access);
}

static struct vm_object *control_object(struct pager *pg)
{
	struct port *ctl = test_port_of(pg->sp, pg->control);
	spl_t s = splhigh();
	struct vm_object *obj = memory_object_control_lookup(ctl);

	splx(s);
	ck_assert_ptr_eq(obj, pg->obj);
	return obj;
}

/* data_supply of one page of byte fill at offset, with lock and
 * precious. */
static void supply(struct pager *pg, uint64_t offset, int fill, int lock,
		   bool precious)
{
	struct vm_map_copy *copy = vm_map_copy_kernel_alloc(P);
	struct vm_object *obj = control_object(pg);

	ck_assert_ptr_nonnull(copy);
	memset(vm_map_copy_kernel_data(copy), fill, P);
	spl_t s = splhigh();
	ck_assert_int_eq(memory_object_control_data_supply(
				 obj, offset, copy, P, lock, precious, NULL, 0),
			 KERN_SUCCESS);
	splx(s);
	vm_map_copy_discard(copy);
	vm_object_unref(obj);
}

/* Fault the page at offset in (read or write) through the pager: request,
 * supply of fill. */
static void fault_in(struct pager *pg, uint64_t offset, int access, int fill,
		     int lock, bool precious)
{
	struct faulter f;

	fault_start(&f, pg->addr + offset, access);
	settle_ms(1);
	expect_page_msg(pg, MO_DATA_REQUEST, offset, access);
	supply(pg, offset, fill, lock, precious);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_SUCCESS);
}

/* lock_request on the control port, with a reply port: lock_completed
 * comes after everything the request sent. */
static void lock_request(struct pager *pg, uint64_t offset, uint64_t size,
			 int should_return, bool flush, int lock)
{
	struct vm_object *obj = control_object(pg);
	spl_t s = splhigh();
	struct port *reply = ipc_port_make_send_once(pg->port);

	ck_assert_int_eq(memory_object_control_lock_request(
				 obj, offset, size, should_return, flush, lock,
				 reply, MACH_MSG_TYPE_PORT_SEND_ONCE),
			 KERN_SUCCESS);
	splx(s);
	vm_object_unref(obj);
}

static void expect_lock_completed(struct pager *pg, uint64_t offset,
				  uint64_t size)
{
	ck_assert_int_eq(pager_receive(pg), MO_LOCK_COMPLETED);
	ck_assert_uint_eq(word(56), offset);
	ck_assert_uint_eq(word(72), size);
}

/* Expect data_return of the page at offset whose first byte is first,
 * with the dirty and kernel_copy flags; the data is deallocated. */
static void expect_return(struct pager *pg, uint64_t offset, int first,
			  bool dirty, bool kernel_copy)
{
	unsigned char c[2];
	uintptr_t data;

	ck_assert_int_eq(pager_receive(pg), MO_DATA_RETURN);
	ck_assert_uint_eq(umsg()->msgh_size, 112);
	ck_assert_uint_eq((mach_port_name_t)word(40), pg->control);
	ck_assert_uint_eq(word(56), offset);
	ck_assert_uint_eq(word(64) >> 32, P); /* long form: the number */
	data = word(72);
	ck_assert_int_eq((int32_t)word(88), dirty);
	ck_assert_int_eq((int32_t)word(104), kernel_copy);
	ck_assert_int_eq(vm_map_read(map(), data, c, 1), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_read(map(), data + P - 1, c + 1, 1),
			 KERN_SUCCESS);
	ck_assert_int_eq(c[0], first);
	ck_assert_int_eq(c[1], 0xEE); /* the rest of the supplied page */
	ck_assert_int_eq(vm_map_remove(map(), data, data + P), KERN_SUCCESS);
}

static void pager_unmap(struct pager *pg)
{
	ck_assert_int_eq(vm_map_remove(map(), pg->addr, pg->addr + pg->size),
			 KERN_SUCCESS);
	ck_assert_int_eq(pager_receive(pg), MO_TERMINATE);
	expect_no_message(pg);
	ck_assert_uint_eq(memory_object_count(), pagers0);
}

static bool mapped(struct vm_map *m, uintptr_t va)
{
	phys_addr_t pa;

	return pmap_extract(vm_map_pmap(m), va, &pa);
}

/* Store a byte at va as user code would (copyout through the current
 * pmap): the number of faults it took (0: the mapping was writable). */
static int user_faults;
static int (*saved_user_fault)(uintptr_t va, bool write);

static int counting_fault(uintptr_t va, bool write)
{
	user_faults++;
	return saved_user_fault(va, write);
}

static int user_store(uintptr_t va, unsigned char v)
{
	saved_user_fault = hosted_user_fault;
	hosted_user_fault = counting_fault;
	user_faults = 0;
	ck_assert_int_eq(copyout(&v, (void *)va, 1), 0);
	hosted_user_fault = saved_user_fault;
	return user_faults;
}

/* Two pages: page 0 written ('w' at byte 0: dirty), page 1 only read
 * (clean); both supplied as 0xEE. */
static void two_pages(struct pager *pg)
{
	pager_map(pg, 2 * P);
	fault_in(pg, 0, VM_FAULT_WRITE, 0xEE, VM_PROT_NONE, false);
	fault_in(pg, P, VM_FAULT_READ, 0xEE, VM_PROT_NONE, false);
	ck_assert_int_eq(user_store(pg->addr, 'w'), 0); /* mapped writable */
	ck_assert_uint_eq(pg->obj->resident, 2);
}

/* ---- should_return x should_flush ------------------------------------------
 */

START_TEST(return_none_no_flush)
{
	struct pager pg;

	two_pages(&pg);
	lock_request(&pg, 0, 2 * P, MEMORY_OBJECT_RETURN_NONE, false,
		     VM_PROT_NO_CHANGE);
	expect_lock_completed(&pg, 0, 2 * P);
	expect_no_message(&pg);
	/* Nothing changed: still resident, mapped, writable. */
	ck_assert_uint_eq(pg.obj->resident, 2);
	ck_assert(mapped(map(), pg.addr) && mapped(map(), pg.addr + P));
	ck_assert_int_eq(user_store(pg.addr + 1, 'x'), 0);
	pager_unmap(&pg);
}
END_TEST

START_TEST(return_dirty_cleans)
{
	struct pager pg;

	two_pages(&pg);
	lock_request(&pg, 0, 2 * P, MEMORY_OBJECT_RETURN_DIRTY, false,
		     VM_PROT_NO_CHANGE);
	/* Page 0 only (page 1 is clean); the kernel keeps it. */
	expect_return(&pg, 0, 'w', true, true);
	expect_lock_completed(&pg, 0, 2 * P);
	expect_no_message(&pg);
	ck_assert_uint_eq(pg.obj->resident, 2);
	ck_assert(mapped(map(), pg.addr));
	/* Write-protected: the next store faults, and dirties it again. */
	ck_assert_int_eq(user_store(pg.addr, 'v'), 1);
	ck_assert_int_eq(kread(pg.addr), 'v');
	ck_assert_int_eq(user_store(pg.addr + 1, 'u'), 0);
	lock_request(&pg, 0, 2 * P, MEMORY_OBJECT_RETURN_DIRTY, false,
		     VM_PROT_NO_CHANGE);
	expect_return(&pg, 0, 'v', true, true);
	expect_lock_completed(&pg, 0, 2 * P);
	/* Clean now: a third clean sends nothing. */
	lock_request(&pg, 0, 2 * P, MEMORY_OBJECT_RETURN_DIRTY, false,
		     VM_PROT_NO_CHANGE);
	expect_lock_completed(&pg, 0, 2 * P);
	expect_no_message(&pg);
	pager_unmap(&pg);
}
END_TEST

START_TEST(return_none_flush_discards)
{
	struct pager pg;

	two_pages(&pg);
	lock_request(&pg, 0, 2 * P, MEMORY_OBJECT_RETURN_NONE, true,
		     VM_PROT_NO_CHANGE);
	expect_lock_completed(&pg, 0, 2 * P);
	expect_no_message(&pg); /* the write is lost, as asked */
	ck_assert_uint_eq(pg.obj->resident, 0);
	ck_assert(!mapped(map(), pg.addr) && !mapped(map(), pg.addr + P));
	/* The next access asks the pager again. */
	fault_in(&pg, 0, VM_FAULT_READ, 0x33, VM_PROT_NONE, false);
	ck_assert_int_eq(kread(pg.addr), 0x33);
	pager_unmap(&pg);
}
END_TEST

START_TEST(return_dirty_flush)
{
	struct pager pg;

	two_pages(&pg);
	/* Only page 0 of the range: page 1 stays. */
	lock_request(&pg, 0, P, MEMORY_OBJECT_RETURN_DIRTY, true,
		     VM_PROT_NO_CHANGE);
	expect_return(&pg, 0, 'w', true, false);
	expect_lock_completed(&pg, 0, P);
	expect_no_message(&pg);
	ck_assert_uint_eq(pg.obj->resident, 1);
	ck_assert(!mapped(map(), pg.addr));
	ck_assert(mapped(map(), pg.addr + P));
	/* The clean page 1 is dropped without a message. */
	lock_request(&pg, 0, 2 * P, MEMORY_OBJECT_RETURN_DIRTY, true,
		     VM_PROT_NO_CHANGE);
	expect_lock_completed(&pg, 0, 2 * P);
	expect_no_message(&pg);
	ck_assert_uint_eq(pg.obj->resident, 0);
	ck_assert(!mapped(map(), pg.addr + P));
	pager_unmap(&pg);
}
END_TEST

START_TEST(return_all_and_anything)
{
	struct pager pg;

	two_pages(&pg);
	/* RETURN_ALL: dirty and precious; page 1 is neither. */
	lock_request(&pg, 0, 2 * P, MEMORY_OBJECT_RETURN_ALL, false,
		     VM_PROT_NO_CHANGE);
	expect_return(&pg, 0, 'w', true, true);
	expect_lock_completed(&pg, 0, 2 * P);
	expect_no_message(&pg);
	/* "Anything" (3): every resident page, clean ones as not dirty;
	 * with flush, the frames go. */
	lock_request(&pg, 0, 2 * P, RETURN_ANYTHING, true, VM_PROT_NO_CHANGE);
	expect_return(&pg, 0, 'w', false, false);
	expect_return(&pg, P, 0xEE, false, false);
	expect_lock_completed(&pg, 0, 2 * P);
	ck_assert_uint_eq(pg.obj->resident, 0);
	ck_assert(!mapped(map(), pg.addr) && !mapped(map(), pg.addr + P));
	pager_unmap(&pg);
}
END_TEST

START_TEST(lock_request_argument_errors)
{
	struct pager pg;
	struct vm_object *obj;

	two_pages(&pg);
	obj = control_object(&pg);
	spl_t s = splhigh();
	ck_assert_int_eq(memory_object_control_lock_request(
				 obj, 0, P, 4, false, VM_PROT_NONE, NULL, 0),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(memory_object_control_lock_request(
				 obj, 0, P, -1, false, VM_PROT_NONE, NULL, 0),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(memory_object_control_lock_request(obj, 0, P, 0, false,
							    0x20, NULL, 0),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(memory_object_control_lock_request(
				 obj, 5, P, 0, true, VM_PROT_NONE, NULL, 0),
			 KERN_INVALID_ARGUMENT);
	splx(s);
	/* Nothing was done. */
	ck_assert_uint_eq(pg.obj->resident, 2);
	ck_assert_int_eq(user_store(pg.addr, 'z'), 0);
	vm_object_unref(obj);
	expect_no_message(&pg);
	pager_unmap(&pg);
}
END_TEST

/* ---- Locks ------------------------------------------------------------------
 */

START_TEST(lock_unlock_round_trip)
{
	struct pager pg;
	struct faulter f, g;

	pager_map(&pg, 2 * P);
	/* Supplied write-locked: a read maps it read-only, asks nothing. */
	fault_in(&pg, 0, VM_FAULT_READ, 0xEE, VM_PROT_WRITE, false);
	ck_assert(mapped(map(), 0 + pg.addr));
	ck_assert_int_eq(kread(pg.addr), 0xEE);
	expect_no_message(&pg);
	/* A write waits for the pager: one data_unlock for two faults. */
	fault_start(&f, pg.addr, VM_FAULT_WRITE);
	struct faulter *gp = &g;
	*gp = (struct faulter){.map = map(),
			       .addr = pg.addr + 8,
			       .access = VM_FAULT_WRITE,
			       .kr = -1};
	ck_assert_ptr_nonnull(
		thread_create(NULL, "faulter2", faulter_run, gp, 2, false));
	settle_ms(50);
	ck_assert(!f.done && !g.done);
	expect_page_msg(&pg, MO_DATA_UNLOCK, 0, VM_PROT_WRITE);
	expect_no_message(&pg);
	/* A lock_request that keeps the lock does not release them. */
	lock_request(&pg, 0, P, MEMORY_OBJECT_RETURN_NONE, false,
		     VM_PROT_WRITE);
	expect_lock_completed(&pg, 0, P);
	settle_ms(50);
	ck_assert(!f.done && !g.done);
	expect_no_message(&pg); /* and nothing is asked again */
	/* Lowered: both go on, and the page is dirty from now on. */
	lock_request(&pg, 0, P, MEMORY_OBJECT_RETURN_NONE, false, VM_PROT_NONE);
	expect_lock_completed(&pg, 0, P);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_SUCCESS);
	ck_assert_int_eq(fault_wait(&g, 1000), KERN_SUCCESS);
	ck_assert_int_eq(user_store(pg.addr, 'w'), 0);
	/* Raising the lock write-protects the mapping at once. */
	lock_request(&pg, 0, P, MEMORY_OBJECT_RETURN_NONE, false,
		     VM_PROT_WRITE);
	expect_lock_completed(&pg, 0, P);
	ck_assert(mapped(map(), pg.addr));
	ck_assert_int_eq(kread(pg.addr), 'w');
	/* ... and data_error refuses the next unlock: the fault fails,
	 * the page stays with its data. */
	fault_start(&f, pg.addr, VM_FAULT_WRITE);
	settle_ms(1);
	expect_page_msg(&pg, MO_DATA_UNLOCK, 0, VM_PROT_WRITE);
	struct vm_object *obj = control_object(&pg);
	spl_t s = splhigh();
	ck_assert_int_eq(
		memory_object_control_data_error(obj, 0, P, KERN_FAILURE),
		KERN_SUCCESS);
	splx(s);
	vm_object_unref(obj);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_MEMORY_ERROR);
	ck_assert_int_eq(kread(pg.addr), 'w');
	ck_assert_uint_eq(pg.obj->resident, 1);
	/* A read lock: even a read asks. */
	lock_request(&pg, 0, P, MEMORY_OBJECT_RETURN_NONE, false, VM_PROT_ALL);
	expect_lock_completed(&pg, 0, P);
	ck_assert(!mapped(map(), pg.addr));
	fault_start(&f, pg.addr, VM_FAULT_READ);
	settle_ms(1);
	expect_page_msg(&pg, MO_DATA_UNLOCK, 0, VM_PROT_READ);
	lock_request(&pg, 0, P, MEMORY_OBJECT_RETURN_NONE, false,
		     VM_PROT_WRITE);
	expect_lock_completed(&pg, 0, P);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_SUCCESS);
	expect_no_message(&pg);
	pager_unmap(&pg);
}
END_TEST

START_TEST(lock_waiter_fails_when_pager_dies)
{
	struct pager pg;
	struct faulter f;

	pager_map(&pg, P);
	fault_in(&pg, 0, VM_FAULT_READ, 0xEE, VM_PROT_WRITE, false);
	fault_start(&f, pg.addr, VM_FAULT_WRITE);
	settle_ms(1);
	expect_page_msg(&pg, MO_DATA_UNLOCK, 0, VM_PROT_WRITE);
	ck_assert_int_eq(mach_port_destroy(pg.sp, pg.name), KERN_SUCCESS);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_MEMORY_ERROR);
	ck_assert_int_eq(vm_map_remove(map(), pg.addr, pg.addr + P),
			 KERN_SUCCESS);
}
END_TEST

/* ---- Precious pages
 * ---------------------------------------------------------- */

START_TEST(precious_pages_come_back)
{
	struct pager pg;
	struct vm_page *page;

	pager_map(&pg, 2 * P);
	fault_in(&pg, 0, VM_FAULT_READ, 0xEE, VM_PROT_NONE, true);
	fault_in(&pg, P, VM_FAULT_READ, 0xEE, VM_PROT_NONE, true);
	/* Unmodified: RETURN_DIRTY without flush keeps them quiet ... */
	lock_request(&pg, 0, 2 * P, MEMORY_OBJECT_RETURN_DIRTY, false,
		     VM_PROT_NO_CHANGE);
	expect_lock_completed(&pg, 0, 2 * P);
	expect_no_message(&pg);
	/* ... RETURN_ALL sends copies (not dirty, kernel keeps them) ... */
	lock_request(&pg, 0, P, MEMORY_OBJECT_RETURN_ALL, false,
		     VM_PROT_NO_CHANGE);
	expect_return(&pg, 0, 0xEE, false, true);
	expect_lock_completed(&pg, 0, P);
	/* ... and a flush returns them even under RETURN_DIRTY. */
	lock_request(&pg, 0, P, MEMORY_OBJECT_RETURN_DIRTY, true,
		     VM_PROT_NO_CHANGE);
	expect_return(&pg, 0, 0xEE, false, false);
	expect_lock_completed(&pg, 0, P);
	ck_assert_uint_eq(pg.obj->resident, 1);
	/* Pageout: a precious page never looks clean to it (it drops
	 * VM_PAGE_CLEAN pages), and goes back not dirty. */
	page = vm_object_page_lookup(pg.obj, P);
	ck_assert_ptr_nonnull(page);
	ck_assert(!(page->flags & VM_PAGE_CLEAN));
	spl_t s = splhigh();
	pmap_remove(vm_map_pmap(map()), pg.addr + P, pg.addr + 2 * P);
	ck_assert_int_eq(memory_object_page_return(page), KERN_SUCCESS);
	splx(s);
	expect_return(&pg, P, 0xEE, false, false);
	/* Written, it is dirty like any page. */
	fault_in(&pg, 0, VM_FAULT_WRITE, 0xEE, VM_PROT_NONE, true);
	ck_assert_int_eq(user_store(pg.addr, 'p'), 0);
	lock_request(&pg, 0, P, MEMORY_OBJECT_RETURN_DIRTY, false,
		     VM_PROT_NO_CHANGE);
	expect_return(&pg, 0, 'p', true, true);
	expect_lock_completed(&pg, 0, P);
	pager_unmap(&pg);
}
END_TEST

/* ---- Copy-on-write children -------------------------------------------------
 */

START_TEST(flush_reaches_cow_child)
{
	struct pager pg;
	struct vm_map *child;
	struct vm_page *own;
	phys_addr_t pa;

	two_pages(&pg);
	child = vm_map_fork(map());
	ck_assert_ptr_nonnull(child);
	ck_assert_int_eq(pager_receive(&pg), 0);
	/* The child writes page 1 (its own copy, a shadow over the pager's
	 * object), then reads page 0 from the pager's object, mapped
	 * read-only through that shadow. */
	ck_assert_int_eq(vm_map_fault(child, pg.addr + P, VM_FAULT_WRITE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_fault(child, pg.addr, VM_FAULT_READ),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_depth(child, pg.addr), 2);
	ck_assert(pmap_extract(vm_map_pmap(child), pg.addr, &pa));
	ck_assert_uint_eq(pa, vm_object_page_lookup(pg.obj, 0)->phys);
	ck_assert(pmap_extract(vm_map_pmap(child), pg.addr + P, &pa));
	own = vm_page_lookup(pa);
	ck_assert_ptr_ne(own->object, pg.obj);
	/* The parent (whose entry is now copy-on-write too) cleans and
	 * flushes: page 0 leaves every pmap, the child's own page stays. */
	lock_request(&pg, 0, 2 * P, MEMORY_OBJECT_RETURN_DIRTY, true,
		     VM_PROT_NO_CHANGE);
	expect_return(&pg, 0, 'w', true, false);
	expect_lock_completed(&pg, 0, 2 * P);
	ck_assert(!mapped(child, pg.addr));
	ck_assert(!mapped(map(), pg.addr));
	ck_assert(mapped(child, pg.addr + P));
	ck_assert_uint_eq(pg.obj->resident, 0);
	/* The child reads page 0 again: asked of the pager. */
	struct faulter f;
	fault_start_in(&f, child, pg.addr, VM_FAULT_READ);
	settle_ms(1);
	expect_page_msg(&pg, MO_DATA_REQUEST, 0, VM_FAULT_READ);
	supply(&pg, 0, 0x44, VM_PROT_NONE, false);
	ck_assert_int_eq(fault_wait(&f, 1000), KERN_SUCCESS);
	vm_map_destroy(child);
	pager_unmap(&pg);
}
END_TEST

/* ---- Injected reply delay
 * ------------------------------------------------------ */

struct replier {
	struct pager *pg;
	bool done;
};

static void replier_run(void *arg)
{
	struct replier *r = arg;

	supply(r->pg, 0, 0x55, VM_PROT_NONE, false);
	r->done = true;
}

START_TEST(delayed_reply)
{
	struct pager pg;
	struct faulter f, g;
	struct replier r = {.pg = &pg};

	pager_map(&pg, P);
	fault_start(&f, pg.addr, VM_FAULT_READ);
	settle_ms(1);
	expect_page_msg(&pg, MO_DATA_REQUEST, 0, VM_FAULT_READ);
	/* The reply waits 300 ms in the replying thread. */
	memory_object_reply_delay_ms = 300;
	uint64_t t0 = arch_clock_ns();
	ck_assert_ptr_nonnull(
		thread_create(NULL, "replier", replier_run, &r, 2, false));
	settle_ms(100);
	ck_assert_uint_eq(memory_object_reply_delay_ms, 0); /* taken */
	ck_assert(!r.done && !f.done);
	ck_assert(vm_object_page_lookup(pg.obj, 0)->flags & VM_PAGE_BUSY);
	/* A second faulter, interrupted while it waits (thread_abort):
	 * KERN_ABORTED, the page stays busy for the first one. */
	struct faulter *gp = &g;
	*gp = (struct faulter){.map = map(),
			       .addr = pg.addr + 1,
			       .access = VM_FAULT_READ,
			       .kr = -1};
	g.thread = thread_create(NULL, "faulter2", faulter_run, gp, 2, false);
	ck_assert_ptr_nonnull(g.thread);
	settle_ms(10);
	ck_assert(!g.done);
	spl_t s = splhigh();
	ck_assert(waitq_wakeup_thread(g.thread, WAIT_INTERRUPTED));
	splx(s);
	ck_assert_int_eq(fault_wait(&g, 1000), KERN_ABORTED);
	ck_assert(!f.done && !r.done);
	/* After the delay: the data is there, nothing busy, asked once. */
	ck_assert_int_eq(fault_wait(&f, 2000), KERN_SUCCESS);
	ck_assert(r.done);
	ck_assert_uint_ge(arch_clock_ns() - t0, 300ULL * 1000000);
	ck_assert_int_eq(kread(pg.addr), 0x55);
	ck_assert(!(vm_object_page_lookup(pg.obj, 0)->flags & VM_PAGE_BUSY));
	expect_no_message(&pg);
	pager_unmap(&pg);
}
END_TEST

/* ---- vm_object_sync ------------------------------------------------------
 */

START_TEST(object_sync)
{
	struct pager pg;
	vm_address_t addr;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	struct port *name;
	vm_offset_t off;
	struct vm_object *obj;

	two_pages(&pg);
	addr = pg.addr;
	ck_assert_int_eq(vm_region(map(), &addr, &size, &prot, &max, &inh,
				   &shared, &name, &off),
			 KERN_SUCCESS);
	ck_assert_ptr_nonnull(name);
	obj = vm_object_name_lookup(name);
	ck_assert_ptr_eq(obj, pg.obj);
	/* Return, no flush: the dirty page comes back (kernel_copy: it
	 * stays), no lock_completed, the injected delay not taken. */
	memory_object_reply_delay_ms = 50;
	ck_assert_int_eq(vm_object_sync(obj, 0, 2 * P, FALSE, TRUE, TRUE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(memory_object_reply_delay_ms, 50);
	memory_object_reply_delay_ms = 0;
	expect_return(&pg, 0, 'w', true, true);
	expect_no_message(&pg);
	ck_assert_uint_eq(pg.obj->resident, 2);
	/* Clean now: write-protected, the next store faults. */
	ck_assert_int_eq(user_store(pg.addr, 'v'), 1);
	/* Flush without return: the write is discarded, the page asked
	 * again. */
	ck_assert_int_eq(vm_object_sync(obj, 0, P, TRUE, FALSE, FALSE),
			 KERN_SUCCESS);
	expect_no_message(&pg);
	ck_assert_uint_eq(pg.obj->resident, 1);
	ck_assert(!mapped(map(), pg.addr));
	fault_in(&pg, 0, VM_FAULT_WRITE, 0xEE, VM_PROT_NONE, false);
	ck_assert_int_eq(kread(pg.addr), 0xEE);
	/* Flush with return (size reaching into the page): data_return
	 * without kernel_copy, the page gone. */
	ck_assert_int_eq(user_store(pg.addr + P, 'z'), 1);
	ck_assert_int_eq(vm_object_sync(obj, P, 1, TRUE, TRUE, FALSE),
			 KERN_SUCCESS);
	expect_return(&pg, P, 'z', true, false);
	expect_no_message(&pg);
	ck_assert(!mapped(map(), pg.addr + P));
	ck_assert_int_eq(vm_object_sync(obj, 3, P, TRUE, TRUE, FALSE),
			 KERN_INVALID_ARGUMENT);
	vm_object_unref(obj);
	pager_unmap(&pg);
	ck_assert_ptr_null(vm_object_name_lookup(name)); /* died with it */
	ipc_port_release_send(name);
}
END_TEST

static void boot(void)
{
	ipc_test_boot();
}

int main(void)
{
	Suite *s = suite_create("vm_lock");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, boot, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, return_none_no_flush);
	tcase_add_test(tc, return_dirty_cleans);
	tcase_add_test(tc, return_none_flush_discards);
	tcase_add_test(tc, return_dirty_flush);
	tcase_add_test(tc, return_all_and_anything);
	tcase_add_test(tc, lock_request_argument_errors);
	tcase_add_test(tc, lock_unlock_round_trip);
	tcase_add_test(tc, lock_waiter_fails_when_pager_dies);
	tcase_add_test(tc, precious_pages_come_back);
	tcase_add_test(tc, flush_reaches_cow_child);
	tcase_add_test(tc, delayed_reply);
	tcase_add_test(tc, object_sync);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
