/*
 * tests/fuzz/fuzz_ipc.c - the hosted IPC fuzz target.
 *
 * The whole of ipc/, the mach_port interface (ipc/mach_port.c)
 * and its server (mach_port_server.c) run on the hosted HAL with the
 * helpers of tests/unit/ipc/ipc_test.c: one user address map (OOL memory)
 * and the fake user window (message buffers). An input decodes into up to
 * FUZZ_MAX_OPS operations on up to FUZZ_SPACES name spaces, each with a
 * stand-in task and its task port (the mach_port server's request port):
 *
 *	space    new / destroy (task port first, as a dying task does)
 *	ports    mach_port_allocate, _allocate_name; a right moved from one
 *	         space to another (extract_right + copyout); a send right to
 *	         a task port or the host port inserted
 *	send     a message built from the input: header bits and names,
 *	         id, size (exact or mutated), up to 5 items (inline data,
 *	         inline rights of any disposition, OOL bytes and OOL port
 *	         arrays at valid, unmapped, window, kernel or non-canonical
 *	         addresses, with or without deallocate, raw descriptors);
 *	         send options (always with MACH_SEND_TIMEOUT: nothing may
 *	         block forever), notify name; optionally a receive in the
 *	         same call
 *	receive  on a name with random options (always MACH_RCV_TIMEOUT),
 *	         sizes and buffer addresses (valid, unmapped, half mapped)
 *	calls    any mach_port_* function with random arguments
 *	rpc      a mach_port request (3200-3223, or a bad id) in the current
 *	         wire layout, possibly mutated, to a task port through the
 *	         kernel-object dispatch, and the receive of its reply
 *
 * Names are mostly small numbers (spaces hand out the lowest free name,
 * so they hit live entries), sometimes MACH_PORT_DEAD or any 32 bits.
 *
 * After each input every space is destroyed, the user map emptied, the
 * kernel heap reaped, and the counts compared with the baseline taken at
 * start: ports, port sets, kmsgs, entries, spaces (ipc_get_counts), live
 * heap objects (kmem_live_objects), free pages (vm_page_count_free) and
 * the map's page mappings. Any difference is a leak: abort().
 *
 * A kernel panic (assert, panic) reaches the hosted arch_reboot, which
 * aborts the process; ASan and UBSan report memory errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kern/host.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/task.h>
#include <base/thread.h>
#include <mach/notify.h>
#include <vm/vm_map.h>
#include <base/vm_page.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/right.h>
#include <ipc/space.h>
#include <ipc/mach_port.h>
#include "tests/unit/ipc/ipc_test.h"
#include "fuzz_ipc.h"

#define FUZZ_SPACES  4
#define FUZZ_MAX_OPS 96
#define FUZZ_REGIONS 6

struct fuzz_stats fuzz_stats;

/* ---- Input reader: bytes run out as zeros ---- */

struct rd {
	const uint8_t *p;
	size_t n;
};

static uint8_t rd8(struct rd *r)
{
	if (r->n == 0)
		return 0;
	r->n--;
	return *r->p++;
}

static uint16_t rd16(struct rd *r)
{
	return rd8(r) | (uint16_t)rd8(r) << 8;
}

static uint32_t rd32(struct rd *r)
{
	return rd16(r) | (uint32_t)rd16(r) << 16;
}

static uint64_t rd64(struct rd *r)
{
	return rd32(r) | (uint64_t)rd32(r) << 32;
}

/* ---- State of one input ---- */

struct fspace {
	struct ipc_space *space;
	struct task *task;	/* its task port is the mach_port server */
	mach_port_name_t tname; /* a send right to it in this space */
};

static struct fspace fs[FUZZ_SPACES];
static uintptr_t region[FUZZ_REGIONS]; /* user map memory, 0 if none */
static size_t region_size[FUZZ_REGIONS];
static struct port *fuzz_host;

/* Baseline. */
static struct ipc_counts base;
static unsigned long base_kmem, base_pages, base_pmap;

static struct vm_map *user_map(void)
{
	return current_task()->map;
}

/*
 * A stand-in task on space with its task port (test_task of ipc_test.c
 * without its Check assertions, which need a Check runner); it ends with
 * test_task_destroy.
 */
static struct task *fuzz_task_new(struct ipc_space *space)
{
	struct task *task = hosted_task_new("fuzz-task");

	task->space = space;
	task->self = ipc_kernel_port_alloc(KOBJ_TASK, task);
	if (task->self == NULL)
		abort();
	return task;
}

static void space_new(unsigned int i)
{
	struct fspace *f = &fs[i];
	struct ipc_space *space;
	struct port *port;
	mach_msg_type_name_t type;
	mach_port_name_t name;
	spl_t s;

	if (f->space != NULL)
		return;
	s = splhigh();
	space = ipc_space_create();
	splx(s);
	if (space == NULL)
		abort();
	f->space = space;
	f->task = fuzz_task_new(space);
	/* As a task has: a send right to its own task port. */
	s = splhigh();
	ipc_port_make_send(f->task->self);
	if (ipc_right_copyout(space, f->task->self, MACH_MSG_TYPE_PORT_SEND,
			      false, &f->tname) != KERN_SUCCESS) {
		ipc_port_release_send(f->task->self);
		f->tname = MACH_PORT_NULL;
	}
	splx(s);
	/* Two receive rights (names 2, 3), a send right on the first. */
	mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &name);
	mach_port_allocate(space, MACH_PORT_RIGHT_RECEIVE, &name);
	if (mach_port_extract_right(space, 2, MACH_MSG_TYPE_MAKE_SEND, &port,
				    &type) == KERN_SUCCESS &&
	    mach_port_insert_right(space, 2, port, type) != KERN_SUCCESS)
		abort();
}

static void space_destroy(unsigned int i)
{
	struct fspace *f = &fs[i];
	spl_t s;

	if (f->space == NULL)
		return;
	test_task_destroy(f->task);
	s = splhigh();
	ipc_space_destroy(f->space);
	splx(s);
	memset(f, 0, sizeof(*f));
}

/* A live space (creating one if the chosen slot is empty). */
static struct fspace *pick_space(struct rd *r)
{
	uint8_t b = rd8(r);
	unsigned int i = b < 192 ? b % 2 : b % FUZZ_SPACES;

	space_new(i);
	return &fs[i];
}

static mach_port_name_t pick_name(struct rd *r)
{
	uint8_t b = rd8(r);

	if (b < 128)
		return 1 + b % 5; /* the names most inputs have */
	if (b < 232)
		return b % 12;
	switch (b & 7) {
	case 0:
		return MACH_PORT_DEAD;
	case 1:
		return rd32(r);
	case 2:
		return 12 + rd8(r);
	case 3:
		return 0x80000000u | rd8(r);
	default:
		return b % 12;
	}
}

static const mach_msg_type_name_t dispositions[] = {
	MACH_MSG_TYPE_MOVE_RECEIVE,   MACH_MSG_TYPE_MOVE_SEND,
	MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_MSG_TYPE_COPY_SEND,
	MACH_MSG_TYPE_MAKE_SEND,      MACH_MSG_TYPE_MAKE_SEND_ONCE,
};

static mach_msg_type_name_t pick_disp(struct rd *r)
{
	uint8_t b = rd8(r);

	if (b < 64)
		return MACH_MSG_TYPE_MAKE_SEND;
	if (b < 96)
		return MACH_MSG_TYPE_MAKE_SEND_ONCE;
	if (b < 128)
		return MACH_MSG_TYPE_COPY_SEND;
	if (b < 240)
		return dispositions[b % 6];
	return b & 0x1f; /* anything, valid or not */
}

/* For the header: mostly send dispositions. */
static mach_msg_type_name_t pick_send_disp(struct rd *r)
{
	uint8_t b = rd8(r);

	if (b < 240)
		return dispositions[1 + b % 5];
	return b & 0x1f;
}

/*
 * A name of space and a disposition its rights allow (most of the time a
 * send that passes translation); receive rights only when receive.
 */
static void pick_fit(struct rd *r, struct ipc_space *space,
		     mach_port_name_t *name, mach_msg_type_name_t *disp,
		     bool receive)
{
	mach_port_type_t type = 0;
	uint8_t b = rd8(r);

	*name = 1 + b % 6;
	mach_port_type(space, *name, &type);
	if ((type & MACH_PORT_TYPE_RECEIVE) && receive && (b & 0xc0) == 0xc0)
		*disp = MACH_MSG_TYPE_MOVE_RECEIVE;
	else if (type & MACH_PORT_TYPE_RECEIVE)
		*disp = (b & 0x40) ? MACH_MSG_TYPE_MAKE_SEND_ONCE
				   : MACH_MSG_TYPE_MAKE_SEND;
	else if (type & MACH_PORT_TYPE_SEND)
		*disp = (b & 0x40) ? MACH_MSG_TYPE_MOVE_SEND
				   : MACH_MSG_TYPE_COPY_SEND;
	else if (type & MACH_PORT_TYPE_SEND_ONCE)
		*disp = MACH_MSG_TYPE_MOVE_SEND_ONCE;
	else
		*disp = pick_send_disp(r);
}

/* ---- User memory ---- */

static uintptr_t region_new(size_t size)
{
	uintptr_t addr = USER_ADDR_MIN;

	size = (size + PAGE_MASK) & ~PAGE_MASK;
	if (vm_map_enter(user_map(), &addr, size, true, VM_PROT_DEFAULT,
			 VM_PROT_ALL, VM_INHERIT_DEFAULT) != KERN_SUCCESS)
		return 0;
	return addr;
}

static void op_region(struct rd *r)
{
	unsigned int i = rd8(r) % FUZZ_REGIONS;
	size_t size = PAGE_SIZE * (1 + rd8(r) % 4);
	uint8_t fill = rd8(r);
	uint8_t page[64];

	if (region[i] != 0)
		vm_map_remove(user_map(), region[i],
			      region[i] + region_size[i]);
	region[i] = region_new(size);
	region_size[i] = region[i] ? size : 0;
	if (region[i] == 0)
		return;
	memset(page, fill, sizeof(page));
	copyout(page, (void *)region[i], sizeof(page)); /* touch a page */
}

/* An out-of-line address: valid, inside a region, or bad in some way. */
static uintptr_t pick_addr(struct rd *r)
{
	uint8_t b = rd8(r);
	unsigned int i = rd8(r) % FUZZ_REGIONS;

	if (b < 160 && region[i] == 0) { /* valid: make the region */
		region[i] = region_new(4 * PAGE_SIZE);
		region_size[i] = region[i] ? 4 * PAGE_SIZE : 0;
	}
	if (b < 128)
		return region[i];
	if (b < 160)
		return region[i] + rd16(r) % (3 * PAGE_SIZE);
	switch (b % 10) {
	case 0:
	case 1:
	case 2:
	case 3:
		return region[i] + rd16(r) % (6 * PAGE_SIZE); /* may run off */
	case 4:
		return 0;
	case 5:
		return UMSG + 0x8000; /* the window: not in the map */
	case 6:
		return 0xffffffff80000000ul + rd16(r); /* kernel */
	case 7:
		return 0x0000800000000000ul - rd8(r); /* end of user space */
	case 8:
		return 0x00007f0000000000ul; /* unmapped */
	default:
		return rd64(r);
	}
}

/* ---- Messages ---- */

static uint8_t *msg_at(mach_msg_size_t off)
{
	return (uint8_t *)umsg() + off;
}

static void put_desc(mach_msg_size_t off, unsigned int name, unsigned int bits,
		     uint32_t number, bool is_inline, bool longform,
		     bool dealloc)
{
	mach_msg_type_t *t = (mach_msg_type_t *)msg_at(off);

	memset(t, 0, sizeof(*t));
	t->msgt_name = name;
	t->msgt_size = bits;
	t->msgt_number = number;
	t->msgt_inline = is_inline;
	t->msgt_longform = longform;
	t->msgt_deallocate = dealloc;
}

/* Write names to user memory at addr (for an OOL port array). */
static void put_names(struct rd *r, uintptr_t addr, unsigned int n)
{
	uint32_t names[8];

	for (unsigned int i = 0; i < n && i < 8; i++)
		names[i] = pick_name(r);
	if (addr != 0 && n > 0)
		copyout(names, (void *)addr, (n < 8 ? n : 8) * 4);
}

/* Append one body item at off (room permitting); the new offset. */
static mach_msg_size_t add_item(struct rd *r, struct ipc_space *space,
				mach_msg_size_t off)
{
	uint8_t k = rd8(r);
	/* Mostly well-formed items; 1 in 8 a plain type, 1 in 16 raw. */
	uint8_t kind = k < 224 ? k % 6 : k < 240 ? 6 : 7;
	uint8_t flags = rd8(r);
	uint32_t n;
	uintptr_t addr;

	if (off + 16 + 8 * 8 > UMSG_SIZE)
		return off;
	switch (kind) {
	case 0: /* inline integers */
		n = 1 + flags % 4;
		put_desc(off, MACH_MSG_TYPE_INTEGER_32, 32, n, true, false,
			 false);
		for (uint32_t i = 0; i < n; i++) {
			uint32_t v = rd32(r);
			memcpy(msg_at(off + 8 + 4 * i), &v, 4);
		}
		return off + 8 + ((4 * n + 7) & ~7u);
	case 1:
	case 2: { /* inline rights */
		mach_msg_type_name_t disp = pick_disp(r);
		mach_port_name_t fit;

		n = 1 + flags % 3;
		if (flags & 0x20) /* one right that fits, n times */
			pick_fit(r, space, &fit, &disp, true);
		put_desc(off, disp, 64, n, true, flags & 0x80, false);
		for (uint32_t i = 0; i < n; i++) {
			uint64_t v = (flags & 0x20) ? fit : pick_name(r);
			if (flags & 0x40)
				v |= (uint64_t)rd32(r) << 32; /* high bits */
			memcpy(msg_at(off + 8 + 8 * i), &v, 8);
		}
		return off + 8 + 8 * n;
	}
	case 3:
	case 4: /* OOL bytes */
		n = rd16(r) % (4 * PAGE_SIZE + 1);
		addr = pick_addr(r);
		put_desc(off, MACH_MSG_TYPE_BYTE, 8, n, false, flags & 1,
			 flags & 2);
		memcpy(msg_at(off + 8), &addr, 8);
		return off + 16;
	case 5: /* OOL port array */
		n = flags % 6;
		addr = pick_addr(r);
		put_names(r, addr, n);
		put_desc(off, pick_disp(r), 32, n, false, flags & 0x40,
			 flags & 0x80);
		memcpy(msg_at(off + 8), &addr, 8);
		return off + 16;
	case 6: /* PORT_NAME / other plain types */
		put_desc(off, rd8(r) % 32, 32, 1 + flags % 2, true, false,
			 false);
		memset(msg_at(off + 8), 0, 8);
		memcpy(msg_at(off + 8), (uint32_t[]){pick_name(r)}, 4);
		return off + 16;
	default: { /* raw descriptor and slot */
		uint64_t d = rd64(r), v = rd64(r);
		memcpy(msg_at(off), &d, 8);
		memcpy(msg_at(off + 8), &v, 8);
		return off + 16;
	}
	}
}

static mach_msg_id_t pick_id(struct rd *r)
{
	uint8_t b = rd8(r);

	switch (b % 6) {
	case 0:
		return 3200 + b % 26;
	case 1:
		return MACH_NOTIFY_FIRST + b % 16;
	case 2:
		return (mach_msg_id_t)rd32(r);
	default:
		return b;
	}
}

/* The size to send: the built size, or a mutation of it. */
static mach_msg_size_t pick_size(struct rd *r, mach_msg_size_t size)
{
	uint8_t b = rd8(r);

	if (b < 232)
		return size;
	switch (b % 8) {
	case 0:
		return size - 8;
	case 1:
		return size + 8;
	case 2:
		return size + 1 + b % 7;
	case 3:
		return b % 40;
	case 4:
		return UMSG_SIZE + 8;
	case 5:
		return IPC_KMSG_MAX_SIZE + 8;
	default:
		return rd32(r);
	}
}

/* Build a message in UMSG from the input; its size. */
static mach_msg_size_t build_message(struct rd *r, struct ipc_space *space)
{
	mach_msg_header_t *m = umsg();
	uint8_t flags = rd8(r);
	mach_msg_type_name_t rdisp = pick_send_disp(r);
	mach_msg_type_name_t ldisp = (flags & 3) == 0 ? 0 : pick_send_disp(r);
	mach_msg_size_t size = sizeof(*m);
	unsigned int nitems = rd8(r) % 6;

	memset(m, 0, 0x800);
	m->msgh_bits = MACH_MSGH_BITS(rdisp, ldisp);
	if (flags & 4)
		m->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	if ((flags & 0x18) == 0x18)
		m->msgh_bits |= rd32(r) & ~MACH_MSGH_BITS_PORTS_MASK;
	m->msgh_remote_port = pick_name(r);
	if (flags & 0x80) { /* a destination that fits */
		pick_fit(r, space, &m->msgh_remote_port, &rdisp, false);
		m->msgh_bits =
			(m->msgh_bits & ~MACH_MSGH_BITS_REMOTE_MASK) | rdisp;
	}
	/* No reply disposition: a name there is an error, sometimes. */
	m->msgh_local_port = ldisp != 0 || (flags & 0x40) ? pick_name(r) : 0;
	if (flags & 0x20)
		m->msgh_remote_port_do_not_use |= (uint64_t)rd32(r) << 32;
	m->msgh_id = pick_id(r);
	for (unsigned int i = 0; i < nitems; i++)
		size = add_item(r, space, size);
	m->msgh_size = size;
	return pick_size(r, size);
}

static mach_msg_timeout_t pick_timeout(struct rd *r)
{
	uint8_t b = rd8(r);

	return b < 240 ? 0 : 1 + b % 3;
}

static void op_send(struct rd *r, bool with_receive)
{
	struct fspace *f = pick_space(r);
	mach_msg_size_t size = build_message(r, f->space);
	uint8_t o = rd8(r);
	mach_msg_option_t option = MACH_SEND_MSG | MACH_SEND_TIMEOUT;
	mach_port_name_t notify =
		(o & 0x30) == 0x30 ? pick_name(r) : MACH_PORT_NULL;
	mach_port_name_t rcv_name = MACH_PORT_NULL;
	mach_msg_size_t rcv_size = 0;
	mach_msg_return_t mr;

	if ((o & 0x31) == 0x31)
		option |= MACH_SEND_NOTIFY;
	if ((o & 0x32) == 0x32)
		option |= MACH_SEND_CANCEL;
	if (o & 4)
		option |= MACH_SEND_INTERRUPT;
	if (with_receive) {
		option |= MACH_RCV_MSG | MACH_RCV_TIMEOUT;
		if (o & 8)
			option |= MACH_RCV_LARGE;
		if (o & 0x40)
			option |= MACH_RCV_NOTIFY;
		rcv_name = pick_name(r);
		rcv_size = (o & 0x80) ? rd16(r) : UMSG_SIZE;
	}
	fuzz_stats.sends++;
	mr = ipc_mach_msg(f->space, UMSG, option, size, rcv_size, rcv_name,
			  pick_timeout(r), notify);
	if (mr == MACH_MSG_SUCCESS || mr == MACH_SEND_WILL_NOTIFY)
		fuzz_stats.sends_ok++;
}

static uintptr_t pick_rcv_buffer(struct rd *r)
{
	uint8_t b = rd8(r);

	if (b < 220)
		return UMSG;
	switch (b % 5) {
	case 0:
		return 0;
	case 1: /* runs off the end of the window */
		return HOSTED_USER_BASE + HOSTED_USER_SIZE - 8 * (1 + b % 8);
	case 2:
		return 0x00007f0000000000ul;
	case 3:
		return 0xffffffff80001000ul;
	default:
		return region[b % FUZZ_REGIONS];
	}
}

static mach_msg_size_t pick_rcv_size(struct rd *r)
{
	uint8_t b = rd8(r);

	switch (b % 6) {
	case 0:
		return 0;
	case 1:
		return 32 + 8 * (b % 8);
	case 2:
		return rd16(r);
	default:
		return UMSG_SIZE;
	}
}

static void op_receive(struct rd *r)
{
	struct fspace *f = pick_space(r);
	mach_port_name_t name = pick_name(r);
	uint8_t o = rd8(r);
	mach_msg_option_t option = MACH_RCV_MSG | MACH_RCV_TIMEOUT;
	mach_port_name_t notify = (o & 2) ? pick_name(r) : MACH_PORT_NULL;
	mach_msg_size_t size = pick_rcv_size(r);
	uintptr_t buf = pick_rcv_buffer(r);

	if (o & 1)
		option |= MACH_RCV_LARGE;
	if (o & 2)
		option |= MACH_RCV_NOTIFY;
	if (o & 4)
		option |= MACH_RCV_INTERRUPT;
	if (buf == UMSG)
		memset(umsg(), 0xEE, sizeof(mach_msg_header_t));
	if (ipc_mach_msg(f->space, buf, option, 0, size, name, pick_timeout(r),
			 notify) == MACH_MSG_SUCCESS)
		fuzz_stats.receives_ok++;
}

/* ---- Rights moved between spaces, kernel ports inserted ---- */

static void op_give(struct rd *r)
{
	struct fspace *from = pick_space(r);
	struct fspace *to = pick_space(r);
	mach_port_name_t name = pick_name(r);
	mach_msg_type_name_t disp = pick_disp(r);
	struct port *port;
	mach_msg_type_name_t type;
	mach_port_name_t out;
	spl_t s;

	if (mach_port_extract_right(from->space, name, disp, &port, &type) !=
	    KERN_SUCCESS)
		return;
	s = splhigh();
	if (ipc_right_copyout(to->space, port, type, rd8(r) & 1, &out) !=
	    KERN_SUCCESS)
		ipc_port_release_right(port, type);
	splx(s);
}

static void op_insert_kobject(struct rd *r)
{
	struct fspace *to = pick_space(r);
	uint8_t b = rd8(r);
	struct port *port = fuzz_host;
	mach_port_name_t out;
	spl_t s;

	if (b & 1) {
		struct fspace *of = &fs[(b >> 1) % FUZZ_SPACES];
		if (of->space == NULL)
			return;
		port = of->task->self;
	}
	s = splhigh();
	ipc_port_make_send(port);
	if (ipc_right_copyout(to->space, port, MACH_MSG_TYPE_PORT_SEND, false,
			      &out) != KERN_SUCCESS)
		ipc_port_release_send(port);
	splx(s);
}

/* ---- mach_port_* called directly ---- */

static mach_port_right_t pick_right(struct rd *r)
{
	uint8_t b = rd8(r);

	return b < 240 ? b % 6 : rd32(r);
}

static void free_ool32(void *buf, mach_msg_type_number_t n)
{
	spl_t s = splhigh();

	ipc_ool_free(buf, n * sizeof(uint32_t));
	splx(s);
}

static void op_port_call(struct rd *r)
{
	struct ipc_space *sp = pick_space(r)->space;
	uint8_t which = rd8(r) % 22;
	mach_port_name_t a = pick_name(r), b = pick_name(r);
	mach_port_name_t *names, *types;
	mach_msg_type_number_t n, nt;
	mach_port_type_t type;
	mach_port_urefs_t refs;
	mach_port_status_t status;
	struct port *port, *prev;
	mach_msg_type_name_t ptype;
	kern_return_t kr;
	spl_t s;

	fuzz_stats.port_calls++;
	switch (which) {
	case 0:
		if (mach_port_names(sp, &names, &n, &types, &nt) ==
		    KERN_SUCCESS) {
			free_ool32(names, n);
			free_ool32(types, nt);
		}
		break;
	case 1:
		mach_port_type(sp, a, &type);
		break;
	case 2:
		mach_port_rename(sp, a, b);
		break;
	case 3:
		mach_port_allocate_name(sp, pick_right(r), b);
		break;
	case 4:
		mach_port_allocate(sp, pick_right(r), &a);
		break;
	case 5:
		mach_port_destroy(sp, a);
		break;
	case 6:
		mach_port_deallocate(sp, a);
		break;
	case 7:
		mach_port_get_refs(sp, a, pick_right(r), &refs);
		break;
	case 8: {
		int8_t delta = (int8_t)rd8(r);
		mach_port_mod_refs(sp, a, pick_right(r),
				   delta > 100 ? (mach_port_delta_t)rd32(r)
					       : delta % 4);
		break;
	}
	case 9:
		mach_port_set_qlimit(sp, a, rd8(r) % 20);
		break;
	case 10:
		mach_port_set_mscount(sp, a, rd32(r));
		break;
	case 11:
		if (mach_port_get_set_status(sp, a, &names, &n) == KERN_SUCCESS)
			free_ool32(names, n);
		break;
	case 12:
		mach_port_move_member(sp, a, b);
		break;
	case 13: /* a notify right made from b (or none) */
		port = NULL;
		if ((rd8(r) & 3) != 0 &&
		    mach_port_extract_right(sp, b, pick_disp(r), &port,
					    &ptype) != KERN_SUCCESS)
			port = NULL;
		else if (port != NULL &&
			 ptype != MACH_MSG_TYPE_PORT_SEND_ONCE) {
			s = splhigh();
			ipc_port_release_right(port, ptype);
			splx(s);
			port = NULL;
		}
		prev = NULL;
		kr = mach_port_request_notification(sp, a, rd8(r) % 0x50,
						    rd32(r) % 4, port, &prev);
		s = splhigh();
		if (kr != KERN_SUCCESS)
			ipc_port_release_send_once(port);
		else
			ipc_port_release_send_once(prev);
		splx(s);
		break;
	case 14: /* a right from b inserted under a */
		if (mach_port_extract_right(sp, b, pick_disp(r), &port,
					    &ptype) != KERN_SUCCESS)
			break;
		if (mach_port_insert_right(pick_space(r)->space, a, port,
					   ptype) != KERN_SUCCESS) {
			s = splhigh();
			ipc_port_release_right(port, ptype);
			splx(s);
		}
		break;
	case 15:
		if (mach_port_extract_right(sp, a, pick_disp(r), &port,
					    &ptype) == KERN_SUCCESS) {
			s = splhigh();
			ipc_port_release_right(port, ptype);
			splx(s);
		}
		break;
	case 16:
		mach_port_get_receive_status(sp, a, &status);
		break;
	case 17:
		mach_port_set_seqno(sp, a, rd32(r));
		break;
	case 18:
		mach_port_set_protected_payload(sp, a, rd64(r));
		break;
	case 19:
		mach_port_clear_protected_payload(sp, a);
		break;
	case 20:
		mach_port_set_ktype(NULL, sp, a, pick_right(r), rd8(r) % 32);
		break;
	default:
		mach_port_move_member(sp, a, MACH_PORT_NULL);
		break;
	}
}

/* Mostly receive rights, some port sets and dead names, any right. */
static void op_allocate(struct rd *r)
{
	struct fspace *f = pick_space(r);
	uint8_t b = rd8(r);
	mach_port_right_t right = b < 160   ? MACH_PORT_RIGHT_RECEIVE
				  : b < 200 ? MACH_PORT_RIGHT_PORT_SET
				  : b < 220 ? MACH_PORT_RIGHT_DEAD_NAME
					    : pick_right(r);
	mach_port_name_t name;

	mach_port_allocate(f->space, right, &name);
}

/* ---- mach_port requests through the kernel-object dispatch ---- */

struct rpc_shape {
	mach_msg_id_t id;
	const char *args; /* N name, I int32, L int64, O send-once, P poly,
			     S task send right */
};

static const struct rpc_shape rpc_shapes[] = {
	{3200, ""},    {3201, "N"},    {3202, "NN"},   {3203, "IN"},
	{3204, "I"},   {3205, "N"},    {3206, "N"},    {3207, "NI"},
	{3208, "NII"}, {3209, "NI"},   {3210, "NI"},   {3211, "NI"},
	{3212, "N"},   {3213, "NN"},   {3214, "NIIO"}, {3215, "NP"},
	{3216, "NI"},  {3217, "N"},    {3218, "NI"},   {3221, "NL"},
	{3222, "N"},   {3223, "SNII"}, {3224, "N"},    {2000, "I"},
};

static mach_msg_size_t rpc_arg(struct rd *r, mach_msg_size_t off, char kind)
{
	uint32_t v32;
	uint64_t v64;

	switch (kind) {
	case 'N':
	case 'I':
		v32 = kind == 'N' ? pick_name(r)
				  : (rd8(r) < 200 ? rd8(r) % 8 : rd32(r));
		put_desc(off,
			 kind == 'N' ? MACH_MSG_TYPE_PORT_NAME
				     : MACH_MSG_TYPE_INTEGER_32,
			 32, 1, true, false, false);
		memset(msg_at(off + 8), 0, 8);
		memcpy(msg_at(off + 8), &v32, 4);
		break;
	case 'L':
		v64 = rd64(r);
		put_desc(off, MACH_MSG_TYPE_INTEGER_64, 64, 1, true, false,
			 false);
		memcpy(msg_at(off + 8), &v64, 8);
		break;
	default: /* a right */
		put_desc(off,
			 kind == 'O'   ? MACH_MSG_TYPE_MAKE_SEND_ONCE
			 : kind == 'S' ? MACH_MSG_TYPE_COPY_SEND
				       : pick_disp(r),
			 64, 1, true, false, false);
		v64 = pick_name(r);
		memcpy(msg_at(off + 8), &v64, 8);
		umsg()->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		break;
	}
	return off + 16;
}

static void op_rpc(struct rd *r)
{
	struct fspace *f = pick_space(r);
	const struct rpc_shape *shape =
		&rpc_shapes[rd8(r) %
			    (sizeof(rpc_shapes) / sizeof(rpc_shapes[0]))];
	mach_msg_header_t *m = umsg();
	mach_port_name_t reply = pick_name(r);
	uint8_t mut = rd8(r);
	mach_msg_size_t size = sizeof(*m);
	mach_port_name_t dest = (mut & 0xc0) == 0xc0 ? pick_name(r) : f->tname;

	memset(m, 0, 0x400);
	m->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				      (mut & 3) ? MACH_MSG_TYPE_MAKE_SEND_ONCE
						: pick_disp(r));
	m->msgh_remote_port = dest;
	m->msgh_local_port = reply;
	m->msgh_id = shape->id;
	for (const char *a = shape->args; *a != '\0'; a++)
		size = rpc_arg(r, size, *a);
	if ((mut & 0x1c) == 0x1c) { /* flip a byte of the body */
		mach_msg_size_t at = size > 32 ? 32 + rd8(r) % (size - 32) : 0;
		if (at)
			msg_at(at)[0] ^= 1 << (rd8(r) % 8);
	}
	if ((mut & 0x1c) == 0x18)
		m->msgh_bits ^= MACH_MSGH_BITS_COMPLEX;
	if ((mut & 0x1c) == 0x14)
		size = pick_size(r, size);
	m->msgh_size = size;
	fuzz_stats.rpcs++;
	if (ipc_mach_msg(f->space, UMSG, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			 size, 0, MACH_PORT_NULL, 0,
			 MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return;
	fuzz_stats.rpcs_sent++;
	/* The reply (replies carry OOL arrays: mapped into the user map). */
	if (ipc_mach_msg(f->space, UMSG, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			 UMSG_SIZE, reply, 0,
			 MACH_PORT_NULL) == MACH_MSG_SUCCESS)
		fuzz_stats.replies++;
}

/* ---- One input ---- */

static void fuzz_fail(const char *what, unsigned long now, unsigned long was)
{
	fprintf(stderr, "fuzz_ipc: leak: %s %lu, baseline %lu\n", what, now,
		was);
	kmem_print_stats();
	fflush(stdout);
	abort();
}

static void measure(struct ipc_counts *c, unsigned long *kmem,
		    unsigned long *pages, unsigned long *pmap)
{
	/* The reply buffer this thread keeps for its kernel calls
	 * (ipc/kobject.c) goes with the thread, which lives on: free it
	 * here, so that every count has it or none does. */
	ipc_kobject_thread_free(current_thread());
	kmem_reap_all();
	ipc_get_counts(c);
	*kmem = kmem_live_objects();
	*pages = vm_page_count_free();
	*pmap = hosted_pmap_count(vm_map_pmap(user_map()));
}

static void cleanup(void)
{
	struct ipc_counts now;
	unsigned long kmem, pages, pmap;

	/* Task ports first (a dying task's order), then the spaces. */
	for (unsigned int i = 0; i < FUZZ_SPACES; i++)
		if (fs[i].space != NULL) {
			test_task_destroy(fs[i].task);
			fs[i].task = NULL;
		}
	for (unsigned int i = 0; i < FUZZ_SPACES; i++)
		if (fs[i].space != NULL) {
			spl_t s = splhigh();
			ipc_space_destroy(fs[i].space);
			splx(s);
			fs[i].space = NULL;
		}
	memset(fs, 0, sizeof(fs));
	vm_map_remove(user_map(), USER_ADDR_MIN, USER_ADDR_MAX);
	memset(region, 0, sizeof(region));
	memset(region_size, 0, sizeof(region_size));
	measure(&now, &kmem, &pages, &pmap);
	if (now.ports != base.ports)
		fuzz_fail("ports", now.ports, base.ports);
	if (now.psets != base.psets)
		fuzz_fail("port sets", now.psets, base.psets);
	if (now.kmsgs != base.kmsgs)
		fuzz_fail("kmsgs", now.kmsgs, base.kmsgs);
	if (now.entries != base.entries)
		fuzz_fail("entries", now.entries, base.entries);
	if (now.spaces != base.spaces)
		fuzz_fail("spaces", now.spaces, base.spaces);
	if (kmem != base_kmem)
		fuzz_fail("kmem objects", kmem, base_kmem);
	if (pages != base_pages)
		fuzz_fail("free pages", pages, base_pages);
	if (pmap != base_pmap)
		fuzz_fail("user mappings", pmap, base_pmap);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	ipc_test_boot();
	fuzz_host = host_port();
	hosted_user_window();
	measure(&base, &base_kmem, &base_pages, &base_pmap);
	if (getenv("FUZZ_IPC_DEBUG") != NULL)
		kmem_print_stats();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd r = {data, size};
	unsigned int ops = 0;

	fuzz_stats.inputs++;
	space_new(0);
	space_new(1);
	while (r.n > 0 && ops++ < FUZZ_MAX_OPS) {
		fuzz_stats.ops++;
		switch (rd8(&r) % 16) {
		case 0:
			space_new(rd8(&r) % FUZZ_SPACES);
			break;
		case 1:
			space_destroy(rd8(&r) % FUZZ_SPACES);
			break;
		case 2:
		case 3:
			op_allocate(&r);
			break;
		case 4:
			op_give(&r);
			break;
		case 5:
			op_insert_kobject(&r);
			break;
		case 6:
			op_region(&r);
			break;
		case 7:
		case 8:
		case 9:
			op_send(&r, false);
			break;
		case 10:
			op_send(&r, true);
			break;
		case 11:
		case 12:
			op_receive(&r);
			break;
		case 13:
			op_port_call(&r);
			break;
		default:
			op_rpc(&r);
			break;
		}
	}
	cleanup();
	return 0;
}
