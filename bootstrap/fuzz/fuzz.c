/*
 * bootstrap/fuzz/fuzz.c - the in-guest IPC fuzzer: random and mutated
 * messages through the real mach_msg trap, and random mach_port calls.
 *
 *   fuzz HOST_PRIV DEVICE TEST [SEED [COUNT [TRACE_FROM]]]
 *
 * (boot-script arguments: ${host-port} ${device-port} ${test-port} SEED
 * COUNT; TEST 0 skips the kernel leak check). From
 * SEED (default 1; printed first, "fuzz: seed S count N") a private PRNG
 * drives COUNT iterations (default 20000): no time input, so the same seed
 * replays the same sequence exactly. Each iteration is one of
 *
 *	send     a message built at random: header bits and dispositions,
 *	         names (its ports, invalid, dead, its task port and host
 *	         port as COPY_SEND), id, size (exact or mutated), up to five
 *	         items: inline data, inline rights of every disposition, OOL
 *	         bytes and OOL port arrays at valid, unmapped, kernel or
 *	         non-canonical addresses; send options and notify name;
 *	         sometimes with a receive in the same call. MACH_SEND_TIMEOUT
 *	         and MACH_RCV_TIMEOUT are always set: nothing blocks forever
 *	rpc      a mach_port request (3200-3223) built for the task port, or
 *	         a request with a random id and body to the host port, and
 *	         the receive of the reply
 *	receive  on one of its ports with random sizes and options
 *	call     a mach_port_* call through the MIG stubs, random arguments
 *	port     allocate a port, port set, dead name or reply port
 *
 * It keeps its ports in a table. The names it held at start (task port,
 * host ports, device port, the MIG reply port) are protected: they appear
 * only as COPY_SEND rights or destinations, never in a call or disposition
 * that could take them away. Every SWEEP iterations and at the end it
 * destroys every name that was not there at start and frees every OOL
 * region it received. At the end it checks that its name space is back to
 * what it was (mach_port_names before/after, names and types) and that
 * the kernel still answers (mach_port_allocate + destroy). Through the test
 * port (defs/mach/mach5_test.defs) it reads the kernel's object counts
 * after a warm-up at start and after the final sweep, and fails unless
 * they are back (kernel_leak_check); then it prints the success marker.
 * The test port is one of the protected names: never a target.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/notify.h>
#include <mach5/msg_body.h>
#include <mach5/test.h>
#include <mach/mach5_test_types.h>
#include <test/mach5_test.h>

#define TABLE	  24   /* ports it made */
#define PROTECTED 64   /* names it had at start */
#define SWEEP	  500  /* iterations between sweeps */
#define BUF_SIZE  8192 /* message buffers */
#define SCRATCH	  (4 * 4096)

/* The target's wire layout (<mach5/msg_body.h>): a short descriptor, an
 * inline port name or OOL pointer slot (8 and 8 on x86_64, 4 and 4 on
 * i386; a long descriptor is 12 bytes on i386). */
#define DESC sizeof(mach_msg_type_t)
#define SLOT sizeof(msg_slot_t)

/* Addresses no user buffer has: the kernel's, the end of user space, a
 * likely unmapped one, and (x86_64) non-canonical ones. */
#ifdef __x86_64__
#define KERNEL_ADDR   0xffffffff80000000ul
#define USER_END      0x0000800000000000ul
#define UNMAPPED_ADDR 0x00007f0000000000ul
#define WILD_ADDR(r)  (0x8000000000000000ul | (r)) /* non-canonical */
#else
#define KERNEL_ADDR   0xC0000000ul
#define USER_END      0xC0000000ul
#define UNMAPPED_ADDR 0xB0000000ul
#define WILD_ADDR(r)  (0xF0000000ul | (vm_address_t)(r)) /* kernel, high */
#endif

static mach_port_t self, host;
static mach_port_t table[TABLE];
static mach_port_t start_names[PROTECTED];
static mach_port_type_t start_types[PROTECTED];
static unsigned int nstart;

union msg_buf {
	mach_msg_header_t h;
	unsigned char b[BUF_SIZE];
};
static union msg_buf rcv;
/*
 * The message buffer, data_area and ool_names are OOL sources: virtual copies
 * of them leave shadow objects in this task's map. They are vm_allocated, and
 * made anew (buffers_renew) before the baseline and before the leak check, so
 * that those objects do not outlive the run.
 */
static union msg_buf *msg_ptr;
#define msg (*msg_ptr)

static vm_address_t scratch; /* OOL source that may be deallocated */
#define DATA_AREA_SIZE (3 * 4096)
static unsigned char *data_area;
static uint32_t *ool_names;

static void buffers_renew(void)
{
	vm_address_t a = 0;

	if (msg_ptr != NULL)
		vm_deallocate(self, (vm_address_t)msg_ptr, sizeof(*msg_ptr));
	if (data_area != NULL)
		vm_deallocate(self, (vm_address_t)data_area, DATA_AREA_SIZE);
	if (ool_names != NULL)
		vm_deallocate(self, (vm_address_t)ool_names, 4096);
	CHECK_KR(vm_allocate(self, &a, sizeof(*msg_ptr), TRUE));
	msg_ptr = (union msg_buf *)a;
	a = 0;
	CHECK_KR(vm_allocate(self, &a, DATA_AREA_SIZE, TRUE));
	data_area = (unsigned char *)a;
	a = 0;
	CHECK_KR(vm_allocate(self, &a, 4096, TRUE));
	ool_names = (uint32_t *)a;
}

static int trace; /* print what each operation does (argv[6]) */

static struct {
	unsigned long sends, sends_ok, receives_ok, rpcs, replies, calls,
		calls_ok, swept;
} stats;

/* ---- PRNG: xorshift64*, seeded through splitmix64 ---- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)((rnd64() >> 32) % n) : 0;
}

static void rng_seed(uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	rng_state = (z ^ (z >> 31)) | 1;
}

/* ---- Names ---- */

static int is_protected(mach_port_t name)
{
	for (unsigned int i = 0; i < nstart; i++)
		if (start_names[i] == name)
			return 1;
	return 0;
}

static void table_add(mach_port_t name)
{
	if (!MACH_PORT_VALID(name) || is_protected(name))
		return;
	for (unsigned int i = 0; i < TABLE; i++)
		if (table[i] == name)
			return;
	table[rnd(TABLE)] = name; /* may forget one: the sweep finds it */
}

/* A name safe to hand to any call: its own, or one that names nothing. */
static mach_port_t pick_name(void)
{
	mach_port_t name;

	switch (rnd(10)) {
	case 0:
		return MACH_PORT_NULL;
	case 1:
		return MACH_PORT_DEAD;
	case 2:
		name = rnd(48);
		break;
	case 3:
		name = (mach_port_t)rnd64();
		break;
	default:
		name = table[rnd(TABLE)];
		break;
	}
	/* Nor the MIG reply port of the moment: destroying it inside an RPC
	 * sends libmach's mig_dealloc_reply_port into endless recursion
	 * (reported; see tests/fuzz/README.md). */
	if (is_protected(name) || name == mig_get_reply_port())
		return MACH_PORT_NULL;
	return name;
}

static const mach_msg_type_name_t dispositions[] = {
	MACH_MSG_TYPE_MOVE_RECEIVE,   MACH_MSG_TYPE_MOVE_SEND,
	MACH_MSG_TYPE_MOVE_SEND_ONCE, MACH_MSG_TYPE_COPY_SEND,
	MACH_MSG_TYPE_MAKE_SEND,      MACH_MSG_TYPE_MAKE_SEND_ONCE,
};

static mach_msg_type_name_t pick_disp(void)
{
	return rnd(16) ? dispositions[rnd(6)] : (mach_msg_type_name_t)rnd(32);
}

/*
 * A right for a message: a name and disposition. Protected names only as
 * COPY_SEND of the task or host port (they carry send rights only).
 */
static void pick_right(mach_port_t *name, mach_msg_type_name_t *disp)
{
	*disp = pick_disp();
	if (rnd(8) == 0) {
		*name = rnd(2) ? self : host;
		*disp = MACH_MSG_TYPE_COPY_SEND;
		return;
	}
	*name = pick_name();
}

/* ---- OOL addresses ---- */

static void scratch_renew(void)
{
	if (scratch != 0)
		vm_deallocate(self, scratch, SCRATCH);
	scratch = 0;
	if (vm_allocate(self, &scratch, SCRATCH, TRUE) != KERN_SUCCESS)
		scratch = 0;
	else
		memset((void *)scratch, 0x5a, 64);
}

/* *dealloc cleared unless the address is the scratch region or can not
 * be user memory (0, kernel, non-canonical). */
static vm_address_t pick_addr(int *dealloc, int *used_scratch)
{
	switch (rnd(10)) {
	case 0:
	case 1:
	case 2:
		*used_scratch = 1;
		return scratch + rnd(2) * rnd(SCRATCH);
	case 3:
		*dealloc = 0;
		return (vm_address_t)data_area + rnd(DATA_AREA_SIZE);
	case 4:
		*dealloc = 0;
		return (vm_address_t)&msg; /* the message itself */
	case 5:
		return 0;
	case 6:
		return KERNEL_ADDR + rnd(1 << 20); /* kernel */
	case 7: /* at and just past the end of user space (not below it:
		 * the stack is there, and virtual copies of it leave shadow
		 * objects in this task's map that outlive the run and would
		 * blur the kernel leak check) */
		*dealloc = 0;
		return USER_END + rnd(64);
	case 8: /* unmapped, most likely */
		*dealloc = 0;
		return UNMAPPED_ADDR;
	default:
		return WILD_ADDR(rnd64());
	}
}

/* ---- Messages ---- */

/* Write a descriptor at off (the long form when longform is set; fields
 * too wide for the short form are cut, as a fuzzer may); returns its
 * size. */
static mach_msg_size_t put_desc(mach_msg_size_t off, unsigned int name,
				unsigned int size, uint32_t number,
				int is_inline, int longform, int dealloc)
{
	struct msg_item item = {
		.name = name,
		.bits = size,
		.number = number,
		.is_inline = is_inline,
		.longform = longform,
		.dealloc = dealloc,
	};

	return (mach_msg_size_t)msg_put_type(msg.b + off, &item);
}

/* The round-up of n bytes to the item alignment, without wrapping. */
static uint64_t item_align(uint64_t n)
{
	return (n + MSG_ALIGN - 1) & ~(uint64_t)(MSG_ALIGN - 1);
}

static mach_msg_size_t add_item(mach_msg_size_t off, int *used_scratch)
{
	uint32_t n, v;
	vm_address_t addr;
	mach_msg_type_name_t disp;
	mach_port_t name;
	mach_msg_size_t d;
	int dealloc;

	if (off + 16 + 64 > BUF_SIZE)
		return off;
	switch (rnd(8)) {
	case 0: /* inline integers */
		n = 1 + rnd(4);
		d = put_desc(off, MACH_MSG_TYPE_INTEGER_32, 32, n, 1, 0, 0);
		for (uint32_t i = 0; i < n; i++) {
			v = (uint32_t)rnd64();
			memcpy(msg.b + off + d + 4 * i, &v, 4);
		}
		return off + d + (mach_msg_size_t)item_align(4 * n);
	case 1:
	case 2: /* inline rights */
		n = 1 + rnd(3);
		pick_right(&name, &disp);
		d = put_desc(off, disp, MSG_PORT_BITS, n, 1, rnd(8) == 0, 0);
		for (uint32_t i = 0; i < n; i++)
			msg_put_slot(msg.b + off + d + SLOT * i,
				     (i == 0 || rnd(2)) ? name : pick_name());
		return off + d + SLOT * n;
	case 3:
	case 4: /* OOL bytes */
		dealloc = rnd(4) == 0;
		addr = pick_addr(&dealloc, used_scratch);
		n = rnd(3) ? rnd(4097) : rnd(5 * 4096);
		/* What it deallocates stays inside the scratch region. */
		if (dealloc && addr >= scratch && addr < scratch + SCRATCH)
			n = rnd(scratch + SCRATCH - addr + 1);
		d = put_desc(off, MACH_MSG_TYPE_BYTE, 8, n, 0, rnd(2), dealloc);
		msg_put_slot(msg.b + off + d, addr);
		return off + d + SLOT;
	case 5: /* OOL port array (names chosen like inline rights) */
		n = rnd(6);
		pick_right(&name, &disp);
		for (uint32_t i = 0; i < 8; i++)
			ool_names[i] = (i == 0 || rnd(2)) ? name : pick_name();
		dealloc = 0;
		addr = rnd(4) ? (vm_address_t)ool_names
			      : pick_addr(&dealloc, used_scratch);
		if (addr == scratch)
			memcpy((void *)scratch, ool_names,
			       8 * sizeof(*ool_names));
		d = put_desc(off, disp, 32, n, 0, 1, dealloc);
		msg_put_slot(msg.b + off + d, addr);
		return off + d + SLOT;
	case 6: /* any plain type, one slot */
		d = put_desc(off, rnd(32), rnd(2) ? 32 : rnd(256), 1 + rnd(2),
			     1, 0, 0);
		msg_put_slot(msg.b + off + d, pick_name());
		return off + d + SLOT;
	default: { /* raw descriptor (a short one's bytes, its longform bit
		    * random too); a protected name can not hide in it as a
		    * right: the slot is a filtered name */
		uint64_t raw = rnd64();
		memcpy(msg.b + off, &raw, DESC);
		msg_put_slot(msg.b + off + DESC, pick_name());
		return off + DESC + SLOT;
	}
	}
}

static mach_msg_size_t mutate_size(mach_msg_size_t size)
{
	if (rnd(8))
		return size;
	switch (rnd(6)) {
	case 0:
		return size - MSG_ALIGN;
	case 1:
		return size + MSG_ALIGN;
	case 2:
		return size + 1 + rnd(7);
	case 3:
		return rnd(40);
	case 4:
		return BUF_SIZE + MSG_ALIGN;
	default:
		return (mach_msg_size_t)rnd64();
	}
}

static mach_msg_timeout_t pick_timeout(void)
{
	return rnd(64) ? 0 : 1 + rnd(2);
}

static void op_send(int with_receive)
{
	mach_msg_type_name_t rdisp, ldisp = 0;
	mach_port_t remote, local = MACH_PORT_NULL;
	mach_msg_size_t size = sizeof(mach_msg_header_t);
	mach_msg_option_t option = MACH_SEND_MSG | MACH_SEND_TIMEOUT;
	mach_port_t notify = MACH_PORT_NULL, rcv_name = MACH_PORT_NULL;
	mach_msg_size_t rcv_size = 0;
	int used_scratch = 0;
	unsigned int nitems = rnd(6);
	mach_msg_return_t mr;

	memset(msg.b, 0, 1024);
	pick_right(&remote, &rdisp);
	if (rdisp == MACH_MSG_TYPE_MOVE_RECEIVE)
		rdisp = MACH_MSG_TYPE_MAKE_SEND;
	if (rnd(2))
		pick_right(&local, &ldisp);
	else if (rnd(8) == 0)
		local = pick_name(); /* a name without a disposition */
	msg.h.msgh_bits = MACH_MSGH_BITS(rdisp, ldisp);
	if (rnd(2))
		msg.h.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	if (rnd(16) == 0)
		msg.h.msgh_bits |=
			(uint32_t)rnd64() & ~MACH_MSGH_BITS_PORTS_MASK;
	msg.h.msgh_remote_port = remote;
	msg.h.msgh_local_port = local;
	/* Kernel-object destinations: only ids that no server takes from
	 * a fuzz body (mach_port requests go through op_rpc). */
	if (remote == self)
		msg.h.msgh_id = rnd(2) ? 3224 + rnd(100) : 100000 + rnd(1000);
	else if (remote == host)
		msg.h.msgh_id = 2600 + rnd(50);
	else
		msg.h.msgh_id = rnd(4) ? (mach_msg_id_t)rnd(4000)
				       : (mach_msg_id_t)rnd64();
	if (msg.h.msgh_id == 2635) /* host_reboot: not on the host port,
				      but never take the chance */
		msg.h.msgh_id = 2634;
	for (unsigned int i = 0; i < nitems; i++)
		size = add_item(size, &used_scratch);
	msg.h.msgh_size = size;
	size = mutate_size(size);
	if (rnd(8) == 0)
		option |= MACH_SEND_NOTIFY;
	if (rnd(16) == 0)
		option |= MACH_SEND_CANCEL;
	if (rnd(8) == 0)
		option |= MACH_SEND_INTERRUPT;
	if (option & (MACH_SEND_NOTIFY | MACH_SEND_CANCEL))
		notify = pick_name();
	if (with_receive) {
		option |= MACH_RCV_MSG | MACH_RCV_TIMEOUT;
		if (rnd(4) == 0)
			option |= MACH_RCV_LARGE;
		rcv_name = table[rnd(TABLE)];
		rcv_size = rnd(4) ? BUF_SIZE : rnd(200);
	}
	stats.sends++;
	if (trace)
		for (mach_msg_size_t k = 0; k < msg.h.msgh_size && k < 256;
		     k += 8) {
			uint64_t w;

			memcpy(&w, msg.b + k, 8);
			printf("fuzz:  %3u: %016llx\n", k,
			       (unsigned long long)w);
		}
	mr = mach_msg_trap(&msg.h, option, size, rcv_size, rcv_name,
			   pick_timeout(), notify);
	if (trace)
		printf("fuzz:  send option %#x size %u rcv %u/%u notify %u: "
		       "%#x\n",
		       option, size, rcv_name, rcv_size, notify, mr);
	if (mr == MACH_MSG_SUCCESS || mr == MACH_SEND_WILL_NOTIFY)
		stats.sends_ok++;
	if (used_scratch)
		scratch_renew();
}

/* Take what a received message carries: names into the table, OOL
 * regions deallocated. */
static void absorb(mach_msg_header_t *h, mach_msg_size_t limit)
{
	mach_msg_size_t size = h->msgh_size, off = sizeof(*h);
	unsigned char *b = (unsigned char *)h;

	table_add(h->msgh_remote_port);
	if (!(h->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return;
	if (size > limit)
		size = limit;
	while (off + DESC <= size) {
		struct msg_item t;
		uint64_t bytes;

		off += msg_get_type(b + off, &t);
		bytes = ((uint64_t)t.number * t.bits + 7) / 8;
		if (off > size)
			return;
		if (!t.is_inline) {
			vm_address_t addr;
			if (off + SLOT > size)
				return;
			addr = msg_get_slot(b + off);
			if (MACH_MSG_TYPE_PORT_ANY(t.name) && addr != 0)
				for (uint32_t i = 0; i < t.number; i++)
					table_add(((uint32_t *)addr)[i]);
			if (trace)
				printf("fuzz:  received OOL %#lx %lu bytes\n",
				       (unsigned long)addr,
				       (unsigned long)bytes);
			if (addr != 0 && bytes != 0)
				vm_deallocate(self, addr, bytes);
			off += SLOT;
			continue;
		}
		if (MACH_MSG_TYPE_PORT_ANY(t.name) && t.bits == MSG_PORT_BITS)
			for (uint32_t i = 0;
			     i < t.number && off + SLOT * i + SLOT <= size; i++)
				table_add(msg_get_slot(b + off + SLOT * i));
		if (item_align(bytes) > size - off)
			return;
		off += (mach_msg_size_t)item_align(bytes);
	}
}

static void op_receive(void)
{
	mach_msg_option_t option = MACH_RCV_MSG | MACH_RCV_TIMEOUT;
	mach_msg_size_t size = rnd(4) ? BUF_SIZE : rnd(300);
	mach_port_t name = rnd(8) ? table[rnd(TABLE)] : pick_name();

	if (rnd(4) == 0)
		option |= MACH_RCV_LARGE;
	if (mach_msg_trap(&rcv.h, option, 0, size, name, pick_timeout(),
			  MACH_PORT_NULL) == MACH_MSG_SUCCESS) {
		stats.receives_ok++;
		absorb(&rcv.h, size);
	}
}

/* ---- mach_port requests by hand, to the task port ---- */

static const struct {
	mach_msg_id_t id;
	const char *args; /* N name, I int, L int64, O send-once, P right */
} shapes[] = {
	{3200, ""},   {3201, "N"}, {3202, "NN"}, {3203, "IN"},	 {3204, "I"},
	{3205, "N"},  {3206, "N"}, {3207, "NI"}, {3208, "NII"},	 {3210, "NI"},
	{3211, "NI"}, {3212, "N"}, {3213, "NN"}, {3214, "NIIO"}, {3215, "NP"},
	{3216, "NI"}, {3217, "N"}, {3218, "NI"}, {3221, "NL"},	 {3222, "N"},
};

static void op_rpc(void)
{
	unsigned int k = rnd(sizeof(shapes) / sizeof(shapes[0]));
	mach_port_t reply = table[rnd(TABLE)];
	mach_msg_size_t off = sizeof(mach_msg_header_t);
	mach_msg_type_name_t disp;
	mach_port_t name;
	mach_msg_size_t item_off[4], d, len;
	unsigned int nitems = 0;
	uint64_t v;

	memset(msg.b, 0, 512);
	msg.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					 rnd(8) ? MACH_MSG_TYPE_MAKE_SEND_ONCE
						: pick_disp());
	msg.h.msgh_remote_port = self;
	msg.h.msgh_local_port = reply;
	msg.h.msgh_id = shapes[k].id;
	/* Each argument: a descriptor and its datum (little-endian: the
	 * low bytes of v), len bytes rounded to the item alignment. */
	for (const char *a = shapes[k].args; *a; a++) {
		switch (*a) {
		case 'N':
			d = put_desc(off, MACH_MSG_TYPE_PORT_NAME, 32, 1, 1, 0,
				     0);
			v = pick_name(), len = 4;
			break;
		case 'I':
			d = put_desc(off, MACH_MSG_TYPE_INTEGER_32, 32, 1, 1, 0,
				     0);
			v = rnd(4) ? rnd(8) : (uint32_t)rnd64(), len = 4;
			break;
		case 'L':
			d = put_desc(off, MACH_MSG_TYPE_INTEGER_64, 64, 1, 1, 0,
				     0);
			v = rnd64(), len = 8;
			break;
		default:
			pick_right(&name, &disp);
			if (*a == 'O')
				disp = MACH_MSG_TYPE_MAKE_SEND_ONCE;
			d = put_desc(off, disp, MSG_PORT_BITS, 1, 1, 0, 0);
			v = name, len = SLOT;
			msg.h.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
			break;
		}
		memcpy(msg.b + off + d, &v, len);
		item_off[nitems++] = off;
		off += d + (mach_msg_size_t)item_align(len);
	}
	/* Mutations of the form only: a descriptor bit, COMPLEX, size. */
	if (rnd(4) == 0 && nitems > 0)
		msg.b[item_off[rnd(nitems)] + rnd(DESC)] ^= 1 << rnd(8);
	if (rnd(16) == 0)
		msg.h.msgh_bits ^= MACH_MSGH_BITS_COMPLEX;
	msg.h.msgh_size = off;
	stats.rpcs++;
	if (mach_msg_trap(&msg.h, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
			  mutate_size(off), 0, MACH_PORT_NULL, 0,
			  MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		return;
	if (mach_msg_trap(&rcv.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, BUF_SIZE,
			  reply, 0, MACH_PORT_NULL) == MACH_MSG_SUCCESS) {
		stats.replies++;
		absorb(&rcv.h, BUF_SIZE);
	}
}

/* ---- mach_port calls through the MIG stubs ---- */

static void op_call(void)
{
	mach_port_t a = pick_name(), b = pick_name(), out = MACH_PORT_NULL;
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t n, nt;
	mach_port_type_t type;
	mach_port_urefs_t refs;
	mach_port_status_t status;
	mach_msg_type_name_t disp;
	kern_return_t kr = KERN_FAILURE;

	unsigned int which = rnd(20);

	stats.calls++;
	if (trace) {
		mach_port_type_t ta = 0, tr = 0;
		mach_port_t r = mig_get_reply_port();
		kern_return_t k1 = mach_port_type(self, a, &ta);
		kern_return_t k2 = mach_port_type(self, r, &tr);
		printf("fuzz:  call %u a %u (%#x %#x) b %u reply %u (%#x "
		       "%#x)\n",
		       which, a, k1, ta, b, r, k2, tr);
	}
	switch (which) {
	case 0:
		kr = mach_port_names(self, &names, &n, &types, &nt);
		if (trace)
			printf("fuzz:  names %#x: %p %u %p %u\n", kr,
			       (void *)names, n, (void *)types, nt);
		if (kr == KERN_SUCCESS) {
			vm_deallocate(self, (vm_address_t)names, n * 4);
			vm_deallocate(self, (vm_address_t)types, nt * 4);
		}
		break;
	case 1:
		kr = mach_port_type(self, a, &type);
		break;
	case 2:
		kr = mach_port_rename(self, a, b);
		if (kr == KERN_SUCCESS)
			table_add(b);
		break;
	case 3:
		kr = mach_port_allocate_name(self, rnd(6), b);
		table_add(b);
		break;
	case 4:
		kr = mach_port_allocate(self, rnd(8) ? rnd(5) : rnd64(), &out);
		table_add(out);
		break;
	case 5:
		kr = mach_port_destroy(self, a);
		break;
	case 6:
		kr = mach_port_deallocate(self, a);
		break;
	case 7:
		kr = mach_port_get_refs(self, a, rnd(6), &refs);
		break;
	case 8:
		kr = mach_port_mod_refs(self, a, rnd(6),
					rnd(8) ? (int)rnd(5) - 2
					       : (int)rnd64());
		break;
	case 9:
		kr = mach_port_set_qlimit(self, a, rnd(20));
		break;
	case 10:
		kr = mach_port_set_mscount(self, a, rnd64());
		break;
	case 11:
		kr = mach_port_get_set_status(self, a, &names, &n);
		if (trace)
			printf("fuzz:  set status %#x: %p %u\n", kr,
			       (void *)names, n);
		if (kr == KERN_SUCCESS)
			vm_deallocate(self, (vm_address_t)names, n * 4);
		break;
	case 12:
		kr = mach_port_move_member(self, a,
					   rnd(2) ? b : MACH_PORT_NULL);
		break;
	case 13:
		kr = mach_port_request_notification(
			self, a, MACH_NOTIFY_FIRST + rnd(16), rnd(3), b,
			MACH_MSG_TYPE_MOVE_SEND_ONCE, &out);
		table_add(out);
		break;
	case 14: /* b as a right of a disposition, under a */
		pick_right(&b, &disp);
		kr = mach_port_insert_right(self, a, b, disp);
		break;
	case 15:
		kr = mach_port_extract_right(self, a, pick_disp(), &out, &disp);
		table_add(out);
		break;
	case 16:
		kr = mach_port_get_receive_status(self, a, &status);
		break;
	case 17:
		kr = mach_port_set_seqno(self, a, rnd64());
		break;
	case 18:
		kr = mach_port_set_protected_payload(self, a, rnd64());
		break;
	default:
		kr = mach_port_clear_protected_payload(self, a);
		break;
	}
	if (kr == KERN_SUCCESS)
		stats.calls_ok++;
}

static void op_port(void)
{
	mach_port_t name = MACH_PORT_NULL;

	switch (rnd(6)) {
	case 0:
	case 1:
	case 2:
		mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &name);
		if (rnd(2) && MACH_PORT_VALID(name))
			mach_port_insert_right(self, name, name,
					       MACH_MSG_TYPE_MAKE_SEND);
		break;
	case 3:
		mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &name);
		break;
	case 4:
		mach_port_allocate(self, MACH_PORT_RIGHT_DEAD_NAME, &name);
		break;
	default:
		name = mach_reply_port();
		break;
	}
	table_add(name);
}

/* ---- Sweep and the final checks ---- */

/* mach_port_names, again if the reply port was lost (the fuzzer may
 * have destroyed it; libmach then makes a new one). */
static kern_return_t names_retry(mach_port_name_array_t *names,
				 mach_msg_type_number_t *n,
				 mach_port_type_array_t *types,
				 mach_msg_type_number_t *nt)
{
	kern_return_t kr = KERN_FAILURE;

	for (int i = 0; i < 3 && kr != KERN_SUCCESS; i++)
		kr = mach_port_names(self, names, n, types, nt);
	return kr;
}

/* Destroy every name that was not there at start; drain the queues. */
static void sweep(void)
{
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t n, nt;

	for (unsigned int i = 0; i < TABLE; i++) {
		/* Receive what is queued (OOL memory to free). */
		for (int k = 0; k < 8 && MACH_PORT_VALID(table[i]); k++)
			if (mach_msg_trap(&rcv.h,
					  MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
					  BUF_SIZE, table[i], 0,
					  MACH_PORT_NULL) != MACH_MSG_SUCCESS)
				break;
			else
				absorb(&rcv.h, BUF_SIZE);
		table[i] = MACH_PORT_NULL;
	}
	CHECK_KR(names_retry(&names, &n, &types, &nt));
	for (unsigned int i = 0; i < n; i++)
		if (!is_protected(names[i]) &&
		    names[i] != mig_get_reply_port()) {
			mach_port_destroy(self, names[i]);
			stats.swept++;
		}
	vm_deallocate(self, (vm_address_t)names, n * 4);
	vm_deallocate(self, (vm_address_t)types, nt * 4);
}

/* Remove name from the names of the start. */
static void drop_name(mach_port_t name)
{
	for (unsigned int i = 0; i < nstart; i++)
		if (start_names[i] == name) {
			start_names[i] = start_names[nstart - 1];
			start_types[i] = start_types[--nstart];
			return;
		}
}

static void snapshot(void)
{
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t n, nt;

	CHECK_KR(names_retry(&names, &n, &types, &nt));
	CHECK(n == nt && n <= PROTECTED);
	for (unsigned int i = 0; i < n; i++) {
		start_names[i] = names[i];
		start_types[i] = types[i];
	}
	nstart = n;
	/* The MIG reply port comes and goes (libmach destroys it after a
	 * failed RPC): not protected, not compared. */
	drop_name(mig_get_reply_port());
	vm_deallocate(self, (vm_address_t)names, n * 4);
	vm_deallocate(self, (vm_address_t)types, nt * 4);
}

static void check_names_back(void)
{
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t n, nt;

	mach_port_t reply;
	unsigned int seen = 0;

	CHECK_KR(names_retry(&names, &n, &types, &nt));
	reply = mig_get_reply_port();
	for (unsigned int i = 0; i < n; i++) {
		unsigned int j = 0;
		if (names[i] == reply)
			continue;
		seen++;
		while (j < nstart && start_names[j] != names[i])
			j++;
		if (j == nstart)
			TEST_FAIL("name %u (type %#x) was not there at start",
				  names[i], types[i]);
		if (start_types[j] != types[i])
			TEST_FAIL("name %u: type %#x, at start %#x", names[i],
				  types[i], start_types[j]);
	}
	CHECK_EQ(seen, nstart);
	vm_deallocate(self, (vm_address_t)names, n * 4);
	vm_deallocate(self, (vm_address_t)types, nt * 4);
}

/* ---- The kernel's object counts (mach5_test_counts) ---- */

/* How long the checks wait for the kernel to settle (threads and tasks
 * are reaped a little later; stress.c waits the same way). */
#define SETTLE_TRIES	200
#define SETTLE_SLEEP_MS 10
/* Free pages may be this many lower, resident pages this many higher,
 * than at start: page tables and pages of this task that the run made
 * reach, which live as long as the task (stress.c's slack). */
#define PAGES_SLACK 64

static mach_port_t test_port; /* ${test-port}, or MACH_PORT_NULL */
static mach_port_t sleep_port;
static mach5_test_counts_t baseline;

static const char *const count_names[MACH5_TEST_NR_COUNTS] = {
	[MACH5_TEST_PORTS] = "ports",
	[MACH5_TEST_PSETS] = "psets",
	[MACH5_TEST_KMSGS] = "kmsgs",
	[MACH5_TEST_ENTRIES] = "entries",
	[MACH5_TEST_SPACES] = "spaces",
	[MACH5_TEST_VM_OBJECTS] = "vm_objects",
	[MACH5_TEST_RESIDENT_PAGES] = "resident",
	[MACH5_TEST_WIRED_PAGES] = "wired",
	[MACH5_TEST_FREE_PAGES] = "free",
	[MACH5_TEST_TOTAL_PAGES] = "total",
	[MACH5_TEST_KMEM_OBJECTS] = "kmem",
	[MACH5_TEST_THREADS] = "threads",
	[MACH5_TEST_TASKS] = "tasks",
};

static void counts_read(mach5_test_counts_t counts)
{
	CHECK_KR(mach5_test_counts(test_port, counts));
}

static void sleep_ms(unsigned int ms)
{
	mach_msg_header_t h;

	mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(h), sleep_port,
		 ms, MACH_PORT_NULL);
}

/* Must this count come back exactly? (Wired and total pages move with
 * the kernel's caches; free and resident are bounded by PAGES_SLACK.) */
static int count_exact(int i)
{
	return i != MACH5_TEST_WIRED_PAGES && i != MACH5_TEST_FREE_PAGES &&
	       i != MACH5_TEST_TOTAL_PAGES && i != MACH5_TEST_RESIDENT_PAGES;
}

/* The first count of now that is off from ref, or -1. With slack, the
 * page counts may be off by PAGES_SLACK. */
static int counts_differ(const mach5_test_counts_t ref,
			 const mach5_test_counts_t now, uint64_t slack)
{
	for (int i = 0; i < MACH5_TEST_NR_COUNTS; i++)
		if (count_exact(i) && now[i] != ref[i])
			return i;
	if (now[MACH5_TEST_FREE_PAGES] + slack < ref[MACH5_TEST_FREE_PAGES])
		return MACH5_TEST_FREE_PAGES;
	if (now[MACH5_TEST_RESIDENT_PAGES] >
	    ref[MACH5_TEST_RESIDENT_PAGES] + slack)
		return MACH5_TEST_RESIDENT_PAGES;
	return -1;
}

static void counts_print(const char *what, const mach5_test_counts_t now)
{

	printf("fuzz: counts %s:", what);
	for (int i = 0; i < MACH5_TEST_NR_COUNTS; i++)
		printf(" %s %lu->%lu", count_names[i],
		       (unsigned long)baseline[i], (unsigned long)now[i]);
	printf("\n");
}

/*
 * This task's regions at the baseline. Memory it received (OOL data in a
 * reply or message it did not free) is its own, not a kernel leak:
 * regions_trim frees, and names, every region that was not there.
 */
#define MAX_REGIONS 32
static struct {
	vm_address_t addr;
	vm_size_t size;
} regions[MAX_REGIONS];
static unsigned int nregions;

static int region_next(vm_address_t *addr, vm_size_t *size)
{
	vm_prot_t prot, max_prot;
	vm_inherit_t inherit;
	boolean_t shared;
	mach_port_t object;
	vm_offset_t offset;

	if (vm_region(self, addr, size, &prot, &max_prot, &inherit, &shared,
		      &object, &offset) != KERN_SUCCESS)
		return 0;
	if (MACH_PORT_VALID(object))
		mach_port_deallocate(self, object);
	return 1;
}

static void regions_snapshot(void)
{
	vm_address_t a = 0;
	vm_size_t size;

	nregions = 0;
	while (region_next(&a, &size)) {
		CHECK(nregions < MAX_REGIONS);
		regions[nregions].addr = a;
		regions[nregions++].size = size;
		a += size;
	}
}

static void regions_trim(void)
{
	vm_address_t a = 0;
	vm_size_t size;

	while (region_next(&a, &size)) {
		unsigned int i = 0;
		while (i < nregions &&
		       (regions[i].addr != a || regions[i].size != size))
			i++;
		if (i == nregions) {
			printf("fuzz: freeing region %#lx size %#lx it kept\n",
			       (unsigned long)a, (unsigned long)size);
			CHECK_KR(vm_deallocate(self, a, size));
		}
		a += size;
	}
}

/* The baseline: the first reading whose exact counts did not change
 * over SETTLE_SLEEP_MS. */
static void kernel_baseline(void)
{
	mach5_test_counts_t before;

	if (test_port == MACH_PORT_NULL)
		return;
	counts_read(before);
	for (int tries = 0; tries < SETTLE_TRIES; tries++) {
		sleep_ms(SETTLE_SLEEP_MS);
		counts_read(baseline);
		if (counts_differ(before, baseline, 0) < 0 &&
		    before[MACH5_TEST_FREE_PAGES] ==
			    baseline[MACH5_TEST_FREE_PAGES]) {
			counts_print("baseline", baseline);
			regions_snapshot();
			return;
		}
		memcpy(before, baseline, sizeof(before));
	}
	TEST_FAIL("the kernel's counts do not settle for a baseline");
}

/* The kernel leak check: every object count back to the baseline. */
static void kernel_leak_check(void)
{
	mach5_test_counts_t now;
	int bad = -1;

	if (test_port == MACH_PORT_NULL)
		return;
	regions_trim();
	for (int tries = 0; tries < SETTLE_TRIES; tries++) {
		counts_read(now);
		bad = counts_differ(baseline, now, PAGES_SLACK);
		if (bad < 0)
			break;
		sleep_ms(SETTLE_SLEEP_MS);
	}
	counts_print("end", now);
	if (bad >= 0)
		TEST_FAIL("kernel leak: %s %lu at start, %lu at the end",
			  count_names[bad], (unsigned long)baseline[bad],
			  (unsigned long)now[bad]);
}

/*
 * The warm-up before the baseline: the shapes of message and call the run
 * uses, once each, so that the kernel's first-use allocations (caches,
 * this task's page tables) are made before the counts are read. A private
 * PRNG stream: the run's sequence depends on the seed alone.
 */
static void warm_up(void);

/* One iteration's operation (rnd(16) picks op). */
static void run_op(unsigned int op)
{
	switch (op) {
	case 0:
	case 1:
		op_port();
		break;
	case 2:
	case 3:
	case 4:
	case 5:
	case 6:
		op_send(0);
		break;
	case 7:
		op_send(1);
		break;
	case 8:
	case 9:
	case 10:
		op_receive();
		break;
	case 11:
	case 12:
		op_rpc();
		break;
	default:
		op_call();
		break;
	}
}

#define WARM_UP 2000 /* iterations, from their own fixed seed */

static void warm_up(void)
{
	rng_seed(0x5741524d); /* not the run's seed: its stream starts after */
	scratch_renew();
	for (unsigned long i = 0; i < WARM_UP; i++) {
		run_op(rnd(16));
		if ((i + 1) % SWEEP == 0)
			sweep();
	}
	sweep();
	if (scratch != 0)
		vm_deallocate(self, scratch, SCRATCH);
	scratch = 0;
	memset(&stats, 0, sizeof(stats));
	buffers_renew();
}

static unsigned long parse(const char *s, unsigned long dflt)
{
	unsigned long v = 0;

	if (s == NULL || *s < '0' || *s > '9')
		return dflt;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

int main(int argc, char **argv, char **envp)
{
	unsigned long seed = parse(argc > 4 ? argv[4] : NULL, 1);
	unsigned long count = parse(argc > 5 ? argv[5] : NULL, 20000);
	unsigned long trace_from = parse(argc > 6 ? argv[6] : NULL, ~0ul);
	mach_port_t port;

	test_port = (mach_port_t)parse(argc > 3 ? argv[3] : NULL, 0);
	printf("fuzz: seed %lu count %lu\n", seed, count);
	self = mach_task_self();
	host = mach_host_self();
	mig_get_reply_port();
	sleep_port = mach_reply_port();
	buffers_renew();
	snapshot(); /* protected: everything there now */
	printf("fuzz: %u names at start\n", nstart);
	warm_up();
	kernel_baseline();
	rng_seed(seed);
	scratch_renew();
	for (unsigned long i = 0; i < count; i++) {
		unsigned int op = rnd(16);
		trace = i >= trace_from;
		if (trace)
			printf("fuzz: iteration %lu op %u\n", i, op);
		run_op(op);
		if ((i + 1) % SWEEP == 0)
			sweep();
		if ((i + 1) % 5000 == 0)
			printf("fuzz: %lu iterations (sp %p)\n", i + 1,
			       __builtin_frame_address(0));
	}
	sweep();
	if (scratch != 0)
		vm_deallocate(self, scratch, SCRATCH);
	printf("fuzz: %lu sends (%lu ok), %lu receives ok, %lu rpcs (%lu "
	       "replies), %lu calls (%lu ok), %lu names swept\n",
	       stats.sends, stats.sends_ok, stats.receives_ok, stats.rpcs,
	       stats.replies, stats.calls, stats.calls_ok, stats.swept);
	check_names_back();
	buffers_renew();
	kernel_leak_check();
	/* The kernel still answers. */
	CHECK_KR(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port));
	CHECK_KR(mach_port_destroy(self, port));
	printf("fuzz: seed %lu passed\n", seed);
	TEST_SUCCESS();
}
