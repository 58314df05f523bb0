/*
 * tests/unit/vm/test_vm_smp.c - vm/ run by several processors at once.
 *
 * Host threads play processors (hosted_cpu_enter), each with a kernel
 * thread of its own of the test task, and call the vm_* RPCs' functions
 * (kern/vm_user.c) side by side on the task's one map, and on a second
 * task's map that they all write into. Each call holds the kernel lock
 * from entry to return, as the kernel's trap entry does (base/lock.h);
 * so does each "user" access, a copyin/copyout through
 * the hosted MMU whose missing page or right calls vm_map_fault as the
 * page fault handler would (the hosted MMU has no TLB to shoot down, so
 * its accesses are made as a trap makes them, inside the lock). No call
 * waits.
 *
 * Each processor, every round:
 *  - its own range, allocated anywhere: filled by user writes (zero-fill
 *    faults), a page made read-only (the user write fails, the read
 *    works, vm_copy onto it fails), vm_read (a copy-on-write copy: the
 *    source written after it, the copy unchanged), vm_write of that copy
 *    into the range and into its own pages of the second task's map,
 *    vm_copy within the range and from the shared range, vm_inherit; every
 *    few rounds a fork of the whole map (vm_map_fork, as task_create) in
 *    which the range is shared, copied or absent as its inheritance says,
 *    both ways (the parent written after the fork, the child written);
 *    then vm_deallocate;
 *  - its own fixed page: vm_allocate there, again (KERN_NO_SPACE), and
 *    vm_deallocate;
 *  - a range shared by all: vm_protect (read-only or read-write) and
 *    vm_inherit of overlapping pieces by every processor, a byte of its
 *    own in each page written (it works, or fails only where the entry is
 *    read-only now) and read back, and vm_read of the whole range, in
 *    which its bytes are the last it wrote;
 *  - a churn range: vm_allocate at a fixed place in it (KERN_SUCCESS, or
 *    KERN_NO_SPACE where another processor holds part of it); what it
 *    gets is zero and its own until its vm_deallocate; vm_protect and
 *    vm_inherit over the whole range, holes and all.
 * Every return code is the documented one. At the end the shared range's
 * bytes are each processor's last, the map passes vm_map_check, and its
 * entries, size and the VM object, resident page, map copy, kmem and free
 * page counts are back to their baseline.
 *
 * Built with ThreadSanitizer (not ASan), as test_ipc_smp: a byte of
 * kernel state touched by two processors without the lock's acquire and
 * release between them is a reported race, and the first one ends the
 * test, failed. Checked against two breakages, made by hand and undone:
 * processor 4 making its calls and accesses without the kernel lock
 * (TSan: a data race on vm_map_copy.c's count of live copies, copy_alloc
 * from vm_copy on two processors; the test ends with an error), and
 * kernel_lock_release's store made __ATOMIC_RELAXED in base/lock.h (TSan:
 * a data race between vm_map_lookup, in a user write's fault, and the
 * map tree's rotation in vm_allocate's entry link on another processor;
 * the test ends with an error). And the checks of what the map holds,
 * against processor 4 freeing the churn pieces it found taken (another
 * processor's piece was no longer its own: "processor 3: check at line"
 * of churn's last ucheck).
 */
#include <pthread.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/vm_page.h>
#include <kern/vm_user.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include "tests/unit/ipc/ipc_test.h"

#define NCPUS	     4
#define ROUNDS	     1000
#define FORK_EVERY   8
#define P	     PAGE_SIZE
#define SHARED_PAGES 8
#define CHURN_PAGES  16
#define CHURN_BASE   0x100000000000UL
#define FIXED_BASE   0x100000100000UL  /* + index * 16 pages */
#define SLOT(c)	     ((c)->index * 64) /* its byte in a shared page */
#define OWN_PAGES    4

struct smp_cpu {
	pthread_t host;
	unsigned int index;
	struct thread *thread;
	uint32_t rnd;
	unsigned char last[SHARED_PAGES]; /* its bytes of the shared range */
	vm_address_t other;		  /* its 2 pages in smp_other */
	unsigned long forks, churn_owned, churn_busy, write_refused;
	int error; /* the line of the first failed check */
};

static struct vm_map *smp_map;
static struct vm_map *smp_other; /* another task's map */
static vm_address_t smp_shared;
static pthread_barrier_t smp_start;

/* The first failed check of c: its line. */
#define FAIL_IF(c, cond)                                                       \
	do {                                                                   \
		if ((cond) && !(c)->error)                                     \
			(c)->error = __LINE__;                                 \
	} while (0)

/* A trap's entry and return: the kernel lock held in between. */
static void enter(void)
{
	kernel_lock_acquire();
}

static void leave(void)
{
	kernel_lock_release();
}

static uint32_t next(struct smp_cpu *c)
{
	c->rnd = c->rnd * 1103515245u + 12345u;
	return c->rnd >> 16;
}

/* ---- User accesses (lock held) ------------------------------------------ */

static bool uput(uintptr_t va, unsigned char v)
{
	return copyout(&v, (void *)va, 1) == 0;
}

static int uget(uintptr_t va)
{
	unsigned char v;

	return copyin((const void *)va, &v, 1) == 0 ? v : -1;
}

/* n pages at va, page i all bytes (seed + i); true if written. */
static bool ufill(uintptr_t va, size_t n, unsigned char seed)
{
	unsigned char buf[P];

	for (size_t i = 0; i < n; i++) {
		memset(buf, (unsigned char)(seed + i), sizeof(buf));
		if (copyout(buf, (void *)(va + i * P), P))
			return false;
	}
	return true;
}

/* The first and last byte of each of n pages at va are (seed + i). */
static bool ucheck(uintptr_t va, size_t n, unsigned char seed)
{
	for (size_t i = 0; i < n; i++) {
		int want = (unsigned char)(seed + i);

		if (uget(va + i * P) != want ||
		    uget(va + i * P + P - 1) != want)
			return false;
	}
	return true;
}

/* A trap of one user access: the byte at va (-1: not readable). */
static int trap_uget(uintptr_t va)
{
	int v;

	enter();
	v = uget(va);
	leave();
	return v;
}

/* ---- Its own range ------------------------------------------------------ */

/* The map forked; the range at a (inheritance inh, page 0 all w, page 2
 * all v) seen from the child, both ways, then the child destroyed. */
static void fork_check(struct smp_cpu *c, vm_address_t a, int inh,
		       unsigned char v, unsigned char w)
{
	struct vm_map *child;
	unsigned char b = 0, x = (unsigned char)(w ^ 0xff);
	int kr;

	enter();
	child = vm_map_fork(smp_map);
	leave();
	FAIL_IF(c, child == NULL);
	if (child == NULL)
		return;
	c->forks++;

	enter();
	kr = vm_map_read(child, a, &b, 1);
	leave();
	if (inh == VM_INHERIT_NONE) {
		FAIL_IF(c, kr != KERN_INVALID_ADDRESS);
	} else {
		FAIL_IF(c, kr != KERN_SUCCESS);
		FAIL_IF(c, b != w);
	}

	/* The parent writes (a copy-on-write fault if the child copied). */
	enter();
	FAIL_IF(c, !uput(a, x));
	kr = vm_map_read(child, a, &b, 1);
	leave();
	if (inh != VM_INHERIT_NONE) {
		FAIL_IF(c, kr != KERN_SUCCESS);
		FAIL_IF(c, b != (inh == VM_INHERIT_SHARE ? x : w));
	}

	/* The child writes. */
	enter();
	kr = vm_map_write(child, a + 2 * P, &x, 1);
	leave();
	FAIL_IF(c, kr != (inh == VM_INHERIT_NONE ? KERN_INVALID_ADDRESS
						 : KERN_SUCCESS));
	FAIL_IF(c, trap_uget(a + 2 * P) != (inh == VM_INHERIT_SHARE ? x : v));

	enter();
	vm_map_destroy(child);
	leave();
}

/* vm_read of a's pages 0-1, page 0 written after it, the copy vm_write'n
 * to pages 2-3 (page i was v + i, page 0 becomes w). */
static void read_write(struct smp_cpu *c, vm_address_t a, unsigned char v,
		       unsigned char w)
{
	vm_offset_t data = 0;
	mach_msg_type_number_t cnt = 0;
	struct vm_map_copy *copy;
	unsigned char b[2] = {0, 0};
	int kr;

	enter();
	kr = vm_read(smp_map, a, 2 * P, &data, &cnt);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS || cnt != 2 * P);
	if (kr != KERN_SUCCESS)
		return;
	copy = (struct vm_map_copy *)data;

	enter();
	FAIL_IF(c, !ufill(a, 1, w)); /* a copy-on-write fault */
	FAIL_IF(c, vm_map_copy_read(copy, 0, &b[0], 1) != KERN_SUCCESS);
	FAIL_IF(c, vm_map_copy_read(copy, 2 * P - 1, &b[1], 1) != KERN_SUCCESS);
	leave();
	FAIL_IF(c, b[0] != v || b[1] != (unsigned char)(v + 1));

	enter();
	kr = vm_write(smp_map, a + 2 * P, data, cnt);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);

	/* The same copy into the other task's map, where every processor
	 * writes too (each its own pages). */
	enter();
	kr = vm_write(smp_other, c->other, data, cnt);
	vm_map_copy_discard(copy); /* not consumed */
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	enter();
	kr = vm_map_read(smp_other, c->other, &b[0], 1);
	FAIL_IF(c, vm_map_read(smp_other, c->other + 2 * P - 1, &b[1], 1) !=
			   KERN_SUCCESS);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	FAIL_IF(c, b[0] != v || b[1] != (unsigned char)(v + 1));

	enter();
	FAIL_IF(c, !ucheck(a, 1, w));
	FAIL_IF(c, !ucheck(a + 2 * P, 2, v));
	leave();
}

static void own_range(struct smp_cpu *c, uint32_t n)
{
	static const int inherits[] = {VM_INHERIT_SHARE, VM_INHERIT_COPY,
				       VM_INHERIT_NONE};
	unsigned char v = (unsigned char)(c->index * 32 + n),
		      w = (unsigned char)(v ^ 0x5a);
	unsigned int j = next(c) % SHARED_PAGES;
	int inh = inherits[(n / FORK_EVERY) % 3];
	vm_address_t a = 0;
	bool ok;
	int kr, got;

	enter();
	kr = vm_allocate(smp_map, &a, OWN_PAGES * P, TRUE);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	if (kr != KERN_SUCCESS)
		return;

	enter();
	ok = ufill(a, OWN_PAGES, v); /* zero-fill faults */
	leave();
	FAIL_IF(c, !ok);

	/* Page 1 read-only: written no more, read still. */
	enter();
	kr = vm_protect(smp_map, a + P, P, FALSE, VM_PROT_READ);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	enter();
	ok = uput(a + P + 5, 0);
	got = uget(a + P + 5);
	leave();
	FAIL_IF(c, ok);
	FAIL_IF(c, got != (unsigned char)(v + 1));

	read_write(c, a, v, w); /* page 0 now w, pages 2-3 v and v + 1 */

	/* vm_copy: page 0 onto page 3; onto the read-only page 1, refused. */
	enter();
	kr = vm_copy(smp_map, a, P, a + 3 * P);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	FAIL_IF(c, trap_uget(a + 3 * P + P - 1) != w);
	enter();
	kr = vm_copy(smp_map, a, P, a + P);
	leave();
	FAIL_IF(c, kr != KERN_PROTECTION_FAILURE);

	/* vm_copy from the shared range, which the others change: its byte
	 * there is what it last wrote. */
	enter();
	kr = vm_copy(smp_map, smp_shared + j * P, P, a + 3 * P);
	got = uget(a + 3 * P + SLOT(c));
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	FAIL_IF(c, got != c->last[j]);

	enter();
	kr = vm_inherit(smp_map, a, OWN_PAGES * P, inh);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	if (n % FORK_EVERY == c->index % FORK_EVERY)
		fork_check(c, a, inh, v, w);

	enter();
	kr = vm_deallocate(smp_map, a, OWN_PAGES * P);
	ok = vm_map_lookup(smp_map, a) == NULL &&
	     vm_map_lookup(smp_map, a + 3 * P) == NULL;
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS || !ok);
}

/* Its own fixed page: allocated, refused the second time, freed. */
static void own_fixed(struct smp_cpu *c)
{
	vm_address_t f = FIXED_BASE + c->index * 16 * P, g = f;
	int kr1, kr2, kr3;

	enter();
	kr1 = vm_allocate(smp_map, &f, P, FALSE);
	leave();
	enter();
	kr2 = vm_allocate(smp_map, &g, P, FALSE);
	leave();
	enter();
	kr3 = vm_deallocate(smp_map, f, P);
	leave();
	FAIL_IF(c, kr1 != KERN_SUCCESS || f != FIXED_BASE + c->index * 16 * P);
	FAIL_IF(c, kr2 != KERN_NO_SPACE);
	FAIL_IF(c, kr3 != KERN_SUCCESS);
}

/* ---- The shared range ---------------------------------------------------- */

static void shared_range(struct smp_cpu *c, uint32_t n)
{
	static const int inherits[] = {VM_INHERIT_SHARE, VM_INHERIT_COPY,
				       VM_INHERIT_NONE};
	uint32_t r = next(c);
	unsigned int k = r % (SHARED_PAGES - 2), j = (r >> 4) % SHARED_PAGES;
	int prot = (r & 0x100) ? VM_PROT_READ : VM_PROT_DEFAULT;
	unsigned char val = (unsigned char)(n % 255 + 1);
	uintptr_t mine = smp_shared + j * P + SLOT(c);
	struct vm_map_entry *e;
	bool ok, refused_ok = false;
	int kr, got;

	enter();
	kr = vm_protect(smp_map, smp_shared + k * P, 2 * P, FALSE, prot);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);

	/* Its byte: written, or refused only by a read-only entry. */
	enter();
	ok = uput(mine, val);
	if (!ok) {
		e = vm_map_lookup(smp_map, mine);
		refused_ok = e != NULL && !(e->prot & VM_PROT_WRITE) &&
			     (e->prot & VM_PROT_READ);
	}
	got = uget(mine);
	leave();
	if (ok) {
		c->last[j] = val;
	} else {
		c->write_refused++;
		FAIL_IF(c, !refused_ok);
	}
	FAIL_IF(c, got != c->last[j]);

	enter();
	kr = vm_inherit(smp_map, smp_shared + k * P, 3 * P,
			inherits[(r >> 9) % 3]);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);

	if (n % 4 == 0) {
		vm_offset_t data = 0;
		mach_msg_type_number_t cnt = 0;
		unsigned char b;

		enter();
		kr = vm_read(smp_map, smp_shared, SHARED_PAGES * P, &data,
			     &cnt);
		leave();
		FAIL_IF(c, kr != KERN_SUCCESS || cnt != SHARED_PAGES * P);
		if (kr != KERN_SUCCESS)
			return;
		for (unsigned int i = 0; i < SHARED_PAGES; i++) {
			enter();
			kr = vm_map_copy_read((struct vm_map_copy *)data,
					      i * P + SLOT(c), &b, 1);
			leave();
			FAIL_IF(c, kr != KERN_SUCCESS || b != c->last[i]);
		}
		enter();
		vm_map_copy_discard((struct vm_map_copy *)data);
		leave();
	}
}

/* ---- The churn range ----------------------------------------------------- */

static void churn(struct smp_cpu *c, uint32_t n)
{
	uint32_t r = next(c);
	vm_address_t x = CHURN_BASE + (r % (CHURN_PAGES - 1)) * P;
	unsigned char v = (unsigned char)(c->index * 16 + n);
	bool fresh = true, mine = true;
	int kr, kr_alloc;

	enter();
	kr_alloc = vm_allocate(smp_map, &x, 2 * P, FALSE);
	if (kr_alloc == KERN_SUCCESS) {
		fresh = uget(x) == 0 && uget(x + 2 * P - 1) == 0;
		mine = ufill(x, 2, v);
	}
	leave();
	if (kr_alloc == KERN_NO_SPACE)
		c->churn_busy++;
	else if (kr_alloc == KERN_SUCCESS)
		c->churn_owned++;
	FAIL_IF(c, kr_alloc != KERN_SUCCESS && kr_alloc != KERN_NO_SPACE);
	FAIL_IF(c, !fresh || !mine);

	/* Over the whole range: the others' pieces, holes and all. */
	enter();
	kr = vm_protect(smp_map, CHURN_BASE, CHURN_PAGES * P, FALSE,
			VM_PROT_DEFAULT);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	enter();
	kr = vm_inherit(smp_map, CHURN_BASE, CHURN_PAGES * P,
			(r & 0x100) ? VM_INHERIT_NONE : VM_INHERIT_COPY);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	if (kr_alloc != KERN_SUCCESS)
		return;

	/* Still its own, as it left it; then freed. */
	enter();
	mine = ucheck(x, 2, v);
	kr = vm_deallocate(smp_map, x, 2 * P);
	leave();
	FAIL_IF(c, !mine);
	FAIL_IF(c, kr != KERN_SUCCESS);
}

/* ---- The processors -------------------------------------------------------
 */

static void *cpu_main(void *arg)
{
	struct smp_cpu *c = arg;

	int kr;

	hosted_cpu_enter(c->index, c->thread);
	pthread_barrier_wait(&smp_start);
	enter();
	kr = vm_allocate(smp_other, &c->other, 2 * P, TRUE);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	for (uint32_t n = 0; n < ROUNDS && !c->error; n++) {
		own_range(c, n);
		own_fixed(c);
		shared_range(c, n);
		churn(c, n);
	}
	enter();
	kr = vm_deallocate(smp_other, c->other, 2 * P);
	leave();
	FAIL_IF(c, kr != KERN_SUCCESS);
	return NULL;
}

START_TEST(one_map_many_processors)
{
	struct smp_cpu cpus[NCPUS] = {0};
	unsigned long free0, objects0, resident0, copies0, live0;
	unsigned long forks = 0, owned = 0, busy = 0, refused = 0;
	size_t entries0, size0;

	smp_map = ipc_test_task()->map;
	vm_page_reclaim_all();
	kmem_reap_all();
	free0 = vm_page_count_free();
	objects0 = vm_object_count();
	resident0 = vm_object_resident_count();
	copies0 = vm_map_copy_count();
	live0 = kmem_live_objects();
	entries0 = vm_map_entry_count(smp_map);
	size0 = smp_map->size;

	smp_other = vm_map_create();
	ck_assert_ptr_nonnull(smp_other);
	smp_shared = 0;
	ck_assert_int_eq(
		vm_allocate(smp_map, &smp_shared, SHARED_PAGES * P, TRUE),
		KERN_SUCCESS);
	ck_assert_int_eq(pthread_barrier_init(&smp_start, NULL, NCPUS), 0);
	for (unsigned int i = 0; i < NCPUS; i++) {
		cpus[i].index = i + 1; /* processor 0 is the boot thread's */
		cpus[i].rnd = 0x9e3779b9u * (i + 1);
		cpus[i].thread = ipc_test_cpu_thread();
		ck_assert_int_eq(
			pthread_create(&cpus[i].host, NULL, cpu_main, &cpus[i]),
			0);
	}
	for (unsigned int i = 0; i < NCPUS; i++)
		ck_assert_int_eq(pthread_join(cpus[i].host, NULL), 0);
	pthread_barrier_destroy(&smp_start);

	for (unsigned int i = 0; i < NCPUS; i++) {
		ck_assert_msg(!cpus[i].error, "processor %u: check at line %d",
			      cpus[i].index, cpus[i].error);
		forks += cpus[i].forks;
		owned += cpus[i].churn_owned;
		busy += cpus[i].churn_busy;
		refused += cpus[i].write_refused;
	}
	ck_assert_uint_eq(forks, NCPUS * (ROUNDS / FORK_EVERY));
	ck_assert_uint_gt(owned, 0);
	ck_assert_uint_eq(owned + busy, NCPUS * ROUNDS);

	/* The shared range: every processor's bytes are its last. */
	ck_assert_int_eq(vm_protect(smp_map, smp_shared, SHARED_PAGES * P,
				    FALSE, VM_PROT_DEFAULT),
			 KERN_SUCCESS);
	for (unsigned int i = 0; i < NCPUS; i++)
		for (unsigned int j = 0; j < SHARED_PAGES; j++)
			ck_assert_int_eq(
				uget(smp_shared + j * P + SLOT(&cpus[i])),
				cpus[i].last[j]);
	ck_assert(vm_map_check(smp_map));
	ck_assert_int_eq(vm_deallocate(smp_map, smp_shared, SHARED_PAGES * P),
			 KERN_SUCCESS);

	/* Back to the baseline. */
	ck_assert(vm_map_check(smp_map));
	ck_assert(vm_map_check(smp_other));
	ck_assert_uint_eq(vm_map_entry_count(smp_other), 0);
	vm_map_destroy(smp_other);
	ck_assert_uint_eq(vm_map_entry_count(smp_map), entries0);
	ck_assert_uint_eq(smp_map->size, size0);
	vm_page_reclaim_all(); /* deferred frees done */
	kmem_reap_all();
	ck_assert_uint_eq(vm_object_count(), objects0);
	ck_assert_uint_eq(vm_object_resident_count(), resident0);
	ck_assert_uint_eq(vm_map_copy_count(), copies0);
	for (unsigned int i = 0; i < NCPUS; i++)
		ipc_test_cpu_thread_end(cpus[i].thread);
	kmem_reap_all();
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}
END_TEST

static Suite *vm_smp_suite(void)
{
	Suite *s = suite_create("vm_smp");
	TCase *tc = tcase_create("smp");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, one_map_many_processors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(vm_smp_suite());
}
