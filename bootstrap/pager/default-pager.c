/*
 * bootstrap/pager/default-pager.c - a default pager that keeps pages in
 * its own memory.
 *
 * It registers its port with vm_set_default_memory_manager (argument:
 * the privileged host port, as for the boot tests) and serves, on one
 * port set, hand-decoded messages (ABI sheet §6):
 *
 *   memory_object_create (2250)      a new object: its receive right
 *                                    joins the set; a page table for it
 *   memory_object_data_initialize    store the page (first pageout)
 *   (2251), memory_object_data_return (2208)
 *   memory_object_data_request (2203) data_supply of the stored page,
 *                                    data_unavailable for one never
 *                                    stored (zero fill)
 *   memory_object_terminate (2201)   forget the object
 *
 * Storage: pages are kept run-length encoded by 64-bit word (pages of
 * few runs, zeros and patterns, cost a few bytes; others are stored
 * whole) in arenas of vm_allocate'd memory, a chain of them per object
 * (growing from ARENA_MIN to ARENA_MAX bytes), all given back when the
 * object terminates. The kernel never pages out this task's memory (it
 * is the default manager's). A real default pager writes to a paging
 * device; this one is as big as its RAM.
 *
 * One thread; libmach's single reply port is only used by it.
 */
#include <stdint.h>
#include <string.h>

#include <mach/mach_port.h>
#include <mach/memory_object.h>
#include <mach5/test.h>

#include "../tests/mach_test_util.h"

#define PAGE		   4096UL
#define WORDS		   (PAGE / 8) /* 64-bit words */
#define MAX_RUNS	   128	      /* above: stored whole */
#define ARENA_MIN	   (16 * 1024UL)
#define ARENA_MAX	   (1024 * 1024UL)
#define MAX_OBJECTS	   256
#define MO_INIT		   2200
#define MO_TERMINATE	   2201
#define MO_DATA_REQUEST	   2203
#define MO_DATA_RETURN	   2208
#define MO_CREATE	   2250
#define MO_DATA_INITIALIZE 2251

/* Wire layouts (<mach5/msg_body.h>): every item a descriptor and one
 * slot, 8 + 8 bytes on x86_64 (a port name padded by the alignment of
 * what follows), 4 + 4 on i386; the OOL data's descriptor has the long
 * form (8 bytes on x86_64, 12 on i386). */
struct port_item {
	mach_msg_type_t type;
	mach_port_t name;
};

struct word_item {
	mach_msg_type_t type;
	unsigned long value;
};

struct mo_create {
	mach_msg_header_t head;
	struct port_item object;
	struct word_item size;
	struct port_item control, name;
	struct word_item page_size;
};
_Static_assert(sizeof(struct mo_create) == MSG_WIRE(112, 64),
	       "memory_object_create");

/* data_initialize, and the first part of data_return. */
struct mo_data {
	mach_msg_header_t head;
	struct port_item control;
	struct word_item offset;
	mach_msg_type_long_t data_type;
	char *data;
};
_Static_assert(sizeof(struct mo_data) == MSG_WIRE(80, 56),
	       "memory_object_data_*");

struct mo_request {
	mach_msg_header_t head;
	struct port_item control;
	struct word_item offset, length;
	mach_msg_type_t access_type;
	int access;
};
_Static_assert(sizeof(struct mo_request) == MSG_WIRE(96, 56), "data_request");

/* A stored page: runs of equal words, or the page itself (nruns 0). */
struct stored {
	unsigned int nruns, cap; /* cap: bytes of data */
	uint64_t data[];	 /* nruns (count, value) pairs, or WORDS */
};

/* An arena: a vm_allocate'd chunk, bump-allocated after this header. */
struct arena {
	struct arena *next; /* older arenas of the object */
	unsigned long size; /* bytes, this header included */
	unsigned long used;
};

struct object {
	mach_port_t port; /* receive right, in the set; 0: free slot */
	mach_port_t control;
	unsigned long npages;
	struct stored **pages;
	struct arena *arenas; /* newest first */
};

static struct object objects[MAX_OBJECTS];
static mach_port_t pset;
static unsigned long stored_pages, supplied_pages;

/* size bytes, zero-filled, from o's arenas (a new arena when the newest
 * is full); they go back to the kernel when o terminates. */
static void *alloc(struct object *o, unsigned long size)
{
	struct arena *a = o->arenas;
	void *p;

	size = (size + 15) & ~15UL;
	if (a == NULL || a->size - a->used < size) {
		unsigned long n = a == NULL ? ARENA_MIN : 2 * a->size;
		vm_address_t addr = 0;

		if (n > ARENA_MAX)
			n = ARENA_MAX;
		if (n < size + sizeof(*a))
			n = (size + sizeof(*a) + PAGE - 1) & ~(PAGE - 1);
		if (vm_allocate(mach_task_self(), &addr, n, TRUE) !=
		    KERN_SUCCESS)
			TEST_FAIL("default-pager: out of memory");
		a = (struct arena *)addr;
		a->next = o->arenas;
		a->size = n;
		a->used = (sizeof(*a) + 15) & ~15UL;
		o->arenas = a;
	}
	p = (char *)a + a->used;
	a->used += size;
	return p;
}

/* Give o's arenas back. */
static void free_arenas(struct object *o)
{
	while (o->arenas != NULL) {
		struct arena *a = o->arenas;

		o->arenas = a->next;
		EXPECT(vm_deallocate(mach_task_self(), (vm_address_t)a,
				     a->size),
		       KERN_SUCCESS);
	}
}

static struct object *object_of(mach_port_t port)
{
	for (int i = 0; i < MAX_OBJECTS; i++)
		if (objects[i].port == port)
			return &objects[i];
	return NULL;
}

static void serve_create(const struct mo_create *m)
{
	struct object *o = object_of(MACH_PORT_NULL);

	if (o == NULL || m->page_size.value != PAGE)
		TEST_FAIL("default-pager: create (page size %lu)",
			  m->page_size.value);
	o->port = m->object.name;
	o->control = m->control.name;
	o->npages = (m->size.value + PAGE - 1) / PAGE;
	o->arenas = NULL;
	o->pages = alloc(o, o->npages * sizeof(*o->pages)); /* zero-filled */
	EXPECT(mach_port_move_member(mach_task_self(), o->port, pset),
	       KERN_SUCCESS);
}

/* Number of runs of equal words in w (stops counting past MAX_RUNS). */
static unsigned int count_runs(const uint64_t *w)
{
	unsigned int n = 1;

	for (unsigned long i = 1; i < WORDS && n <= MAX_RUNS; i++)
		n += w[i] != w[i - 1];
	return n;
}

static void store(struct object *o, unsigned long offset, const char *data)
{
	const uint64_t *w = (const uint64_t *)data;
	unsigned long index = offset / PAGE;
	unsigned int runs = count_runs(w);
	unsigned int bytes = runs > MAX_RUNS ? PAGE : runs * 16;
	struct stored *s;

	if (index >= o->npages)
		TEST_FAIL("default-pager: offset %lu past the object", offset);
	s = o->pages[index];
	if (s == NULL || s->cap < bytes) {
		s = alloc(o, sizeof(*s) + bytes);
		s->cap = bytes;
		o->pages[index] = s;
	}
	stored_pages++;
	if (runs > MAX_RUNS) {
		s->nruns = 0;
		memcpy(s->data, data, PAGE);
		return;
	}
	s->nruns = 0;
	for (unsigned long i = 0; i < WORDS; i++) {
		if (i > 0 && w[i] == w[i - 1]) {
			s->data[2 * (s->nruns - 1)]++;
			continue;
		}
		s->data[2 * s->nruns] = 1;
		s->data[2 * s->nruns + 1] = w[i];
		s->nruns++;
	}
}

static void load(const struct stored *s, char *page)
{
	uint64_t *w = (uint64_t *)page;
	unsigned long k = 0;

	if (s->nruns == 0) {
		memcpy(page, s->data, PAGE);
		return;
	}
	for (unsigned int r = 0; r < s->nruns; r++)
		for (unsigned long c = 0; c < s->data[2 * r]; c++)
			w[k++] = s->data[2 * r + 1];
}

static void serve_data(const struct mo_data *m)
{
	struct object *o = object_of(m->head.msgh_local_port);

	if (o == NULL)
		TEST_FAIL("default-pager: data for unknown port %u",
			  m->head.msgh_local_port);
	if (m->data_type.msgtl_header.msgt_inline ||
	    m->data_type.msgtl_number != PAGE)
		TEST_FAIL("default-pager: data of %u bytes",
			  (unsigned int)m->data_type.msgtl_number);
	store(o, m->offset.value, m->data);
	EXPECT(vm_deallocate(mach_task_self(), (vm_address_t)m->data, PAGE),
	       KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), m->control.name);
}

static void serve_request(const struct mo_request *m)
{
	struct object *o = object_of(m->head.msgh_local_port);
	unsigned long index = m->offset.value / PAGE;
	vm_address_t page = 0;

	if (o == NULL || m->length.value != PAGE)
		TEST_FAIL("default-pager: bad data_request");
	if (index >= o->npages || o->pages[index] == NULL) {
		EXPECT(memory_object_data_unavailable(m->control.name,
						      m->offset.value, PAGE),
		       KERN_SUCCESS);
	} else {
		EXPECT(vm_allocate(mach_task_self(), &page, PAGE, TRUE),
		       KERN_SUCCESS);
		load(o->pages[index], (char *)page);
		/* data_supply moves the page (deallocated here). */
		EXPECT(memory_object_data_supply(
			       m->control.name, m->offset.value, page, PAGE,
			       TRUE, VM_PROT_NONE, FALSE, MACH_PORT_NULL),
		       KERN_SUCCESS);
		supplied_pages++;
	}
	mach_port_deallocate(mach_task_self(), m->control.name);
}

static void serve_terminate(const mach_msg_header_t *head)
{
	struct object *o = object_of(head->msgh_local_port);

	if (o == NULL)
		return;
	free_arenas(o);
	mach_port_mod_refs(mach_task_self(), o->port, MACH_PORT_RIGHT_RECEIVE,
			   -1);
	if (o->control != MACH_PORT_NULL)
		mach_port_deallocate(mach_task_self(), o->control);
	memset(o, 0, sizeof(*o));
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), port, old = MACH_PORT_NULL;
	union {
		mach_msg_header_t head;
		struct mo_create create;
		struct mo_data data;
		struct mo_request request;
		char buf[512];
	} in;

	(void)argc;
	(void)argv;
	(void)envp;
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pset),
	       KERN_SUCCESS);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port),
	       KERN_SUCCESS);
	EXPECT(mach_port_move_member(self, port, pset), KERN_SUCCESS);
	old = port;
	EXPECT(vm_set_default_memory_manager(test_host_priv(), &old),
	       KERN_SUCCESS);
	if (old != MACH_PORT_NULL)
		TEST_FAIL("default-pager: a default pager was already there");
	printf("default-pager: registered\n");
	for (;;) {
		if (mach_msg(&in.head, MACH_RCV_MSG, 0, sizeof(in), pset, 0,
			     MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			TEST_FAIL("default-pager: receive");
		switch (in.head.msgh_id) {
		case MO_CREATE:
			serve_create(&in.create);
			break;
		case MO_DATA_INITIALIZE:
		case MO_DATA_RETURN:
			serve_data(&in.data);
			break;
		case MO_DATA_REQUEST:
			serve_request(&in.request);
			break;
		case MO_TERMINATE:
			serve_terminate(&in.head);
			break;
		default:
			printf("default-pager: message %d ignored\n",
			       in.head.msgh_id);
			break;
		}
	}
}
