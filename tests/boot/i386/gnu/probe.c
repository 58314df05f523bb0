/*
 * tests/boot/i386/gnu/probe.c - the gnu-i686 boot test: a bootstrap
 * program built as a GNU Mach i386 program is (ABI i386.md §7): gcc -m32
 * -ffreestanding against gnumach-dev's headers, GNU MIG for i686-gnu's
 * user stubs (stubs/), the traps of gnumach-dev's <mach/syscall_sw.h>,
 * linked by binutils for i686-gnu. tests/boot/i386/gnu-i686.boot boots it
 * on Mach5 and says what GNU Mach's i386 interface gives for each line.
 *
 * Each step prints one line "gnu-i686: STEP ..." with what it saw; a
 * mismatch prints "gnu-i686: FAIL ..." and gnumach-test-failure. At the
 * end: gnumach-test-success-and-reboot and host_reboot.
 */
#include <device/device_types.h>
#include <mach/host_info.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/notify.h>
#include <mach/task_info.h>
#include <mach/thread_special_ports.h>
#include <mach/thread_status.h>
#include <mach/vm_prot.h>
#include <mach/vm_inherit.h>

#include "gnu_i686.h"
#include "stubs/device.h"
#include "stubs/gnumach.h"
#include "stubs/mach.h"
#include "stubs/mach_host.h"
#include "stubs/mach_i386.h"
#include "stubs/mach_port.h"

#define PAGE	 4096u
#define USER_TOP 0xC0000000u

static mach_port_t host_priv, device_master, task;
static int failures;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			say("FAIL line %u: " #cond, __LINE__);                 \
			say(__VA_ARGS__);                                      \
			failures++;                                            \
		}                                                              \
	} while (0)

static unsigned int number(const char *s)
{
	unsigned int v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned int)(*s++ - '0');
	return v;
}

/* §5.2: argc, argv[], NULL, envp[], NULL at esp, 4-aligned, below the
 * top of user space; host_priv and the device master in argv[1], argv[2]. */
static void check_args(unsigned int *sp)
{
	unsigned int argc = sp[0];
	char **argv = (char **)(sp + 1);

	CHECK(argc == 3, "argc %u", argc);
	CHECK(((unsigned int)sp & 3) == 0, "sp %x", (unsigned int)sp);
	CHECK(argv[argc] == 0, "argv not NULL-terminated");
	CHECK(argv[argc + 1] == 0, "envp not empty");
	CHECK((unsigned int)argv[0] > (unsigned int)sp, "argv[0] %x",
	      (unsigned int)argv[0]);
	host_priv = number(argv[1]);
	device_master = number(argv[2]);
	say("args: argc %u argv[0] %s host_priv %u device_master %u", argc,
	    argv[0], host_priv, device_master);
}

static void check_names(void)
{
	mach_port_t t = mach_task_self(), r = mach_reply_port();
	mach_port_t h = mach_host_self(), th = mach_thread_self();

	say("names: task %u reply %u host %u thread %u", t, r, h, th);
	task = t;
}

static void check_vm(void)
{
	vm_address_t a = 0, r;
	vm_size_t size;
	vm_prot_t prot, maxprot;
	vm_inherit_t inh;
	boolean_t shared;
	mach_port_t obj;
	vm_offset_t off;
	unsigned int i, nonzero = 0;
	kern_return_t kr;

	kr = vm_allocate(task, &a, 3 * PAGE, TRUE);
	CHECK(kr == KERN_SUCCESS, "vm_allocate: %x", kr);
	CHECK(a != 0 && a % PAGE == 0 && a < USER_TOP, "address %x", a);
	for (i = 0; i < 3 * PAGE; i++)
		nonzero += ((volatile char *)a)[i] != 0;
	memset((void *)a, 0x5a, 3 * PAGE);
	CHECK(nonzero == 0, "%u nonzero bytes", nonzero);
	r = a;
	kr = vm_region(task, &r, &size, &prot, &maxprot, &inh, &shared, &obj,
		       &off);
	CHECK(kr == KERN_SUCCESS && r <= a && r + size >= a + 3 * PAGE,
	      "vm_region: %x at %x size %x", kr, r, size);
	say("vm_region: protection %u max %u inheritance %u shared %u", prot,
	    maxprot, inh, shared);
	if (obj != MACH_PORT_NULL) /* Mach5: the object's name port */
		mach_port_deallocate(task, obj);
	kr = vm_protect(task, a + PAGE, PAGE, FALSE, VM_PROT_READ);
	CHECK(kr == KERN_SUCCESS, "vm_protect: %x", kr);
	r = a + PAGE;
	kr = vm_region(task, &r, &size, &prot, &maxprot, &inh, &shared, &obj,
		       &off);
	CHECK(kr == KERN_SUCCESS && r == a + PAGE && size == PAGE &&
		      prot == VM_PROT_READ,
	      "vm_region after vm_protect: %x at %x size %x prot %u", kr, r,
	      size, prot);
	CHECK(((volatile char *)a)[PAGE + 7] == 0x5a, "read back");
	kr = vm_deallocate(task, a, 3 * PAGE);
	CHECK(kr == KERN_SUCCESS, "vm_deallocate: %x", kr);
	say("vm: allocate, region, protect, deallocate ok");

	r = USER_TOP;
	kr = vm_allocate(task, &r, PAGE, FALSE);
	CHECK(kr != KERN_SUCCESS, "vm_allocate at 0xc0000000 succeeded");
	r = USER_TOP - PAGE;
	say("vm_allocate on the stack: %x", vm_allocate(task, &r, PAGE, FALSE));
}

static mach_msg_type_t int_type(void)
{
	mach_msg_type_t t = {
		.msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32,
		.msgt_number = 1,
		.msgt_inline = TRUE,
	};
	return t;
}

struct two_ints {
	mach_msg_header_t head;
	mach_msg_type_t t1;
	int a;
	mach_msg_type_t t2;
	int b;
};

struct right_and_ool {
	mach_msg_header_t head;
	mach_msg_type_t port_type;
	mach_port_t port;
	mach_msg_type_t ool_type;
	void *ool;
};

union rcv_buf {
	mach_msg_header_t head;
	struct two_ints ints;
	struct right_and_ool ro;
	char space[256];
};

static void msg_two_ints(mach_port_t p)
{
	struct two_ints m = {
		.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.head.msgh_size = sizeof m,
		.head.msgh_remote_port = p,
		.head.msgh_id = 1234,
		.t1 = int_type(),
		.a = 0x11223344,
		.t2 = int_type(),
		.b = -5,
	};
	union rcv_buf buf;
	mach_msg_return_t mr;

	memset(&buf, 0, sizeof buf);
	mr = mach_msg(&m.head, MACH_SEND_MSG, sizeof m, 0, MACH_PORT_NULL,
		      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	CHECK(mr == MACH_MSG_SUCCESS, "send: %x", mr);
	mr = mach_msg(&buf.head, MACH_RCV_MSG, 0, sizeof buf, p,
		      MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	CHECK(mr == MACH_MSG_SUCCESS, "receive: %x", mr);
	CHECK(buf.ints.a == 0x11223344 && buf.ints.b == -5, "data %x %x",
	      buf.ints.a, buf.ints.b);
	CHECK(buf.head.msgh_local_port == p, "local %u",
	      buf.head.msgh_local_port);
	say("message: two integers: size %u bits %x remote %u id %u",
	    buf.head.msgh_size, buf.head.msgh_bits, buf.head.msgh_remote_port,
	    buf.head.msgh_id);
}

static void msg_right_and_ool(mach_port_t p)
{
	vm_address_t data = 0;
	struct right_and_ool m = {
		.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				  MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
						 MACH_MSG_TYPE_MAKE_SEND_ONCE),
		.head.msgh_size = sizeof m,
		.head.msgh_remote_port = p,
		.head.msgh_local_port = p,
		.head.msgh_id = 4321,
		.port_type =
			{
				.msgt_name = MACH_MSG_TYPE_MAKE_SEND,
				.msgt_size = 32,
				.msgt_number = 1,
				.msgt_inline = TRUE,
			},
		.port = p,
		.ool_type =
			{
				.msgt_name = MACH_MSG_TYPE_INTEGER_32,
				.msgt_size = 32,
				.msgt_number = 2 * PAGE / 4,
				.msgt_inline = FALSE,
			},
	};
	union rcv_buf buf;
	mach_msg_return_t mr;
	mach_port_urefs_t refs = 0;
	unsigned int i, bad = 0;
	kern_return_t kr;

	kr = vm_allocate(task, &data, 2 * PAGE, TRUE);
	CHECK(kr == KERN_SUCCESS, "vm_allocate: %x", kr);
	for (i = 0; i < 2 * PAGE; i++)
		((char *)data)[i] = (char)(i * 7);
	m.ool = (void *)data;
	memset(&buf, 0, sizeof buf);
	memcpy(&buf, &m, sizeof m);
	mr = mach_msg(&buf.head, MACH_SEND_MSG | MACH_RCV_MSG, sizeof m,
		      sizeof buf, p, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	CHECK(mr == MACH_MSG_SUCCESS, "send and receive: %x", mr);
	say("message: right and out-of-line: size %u bits %x local %u "
	    "id %u",
	    buf.head.msgh_size, buf.head.msgh_bits, buf.head.msgh_local_port,
	    buf.head.msgh_id);
	CHECK(buf.head.msgh_local_port == p, "local %u",
	      buf.head.msgh_local_port);
	CHECK(buf.head.msgh_remote_port != MACH_PORT_NULL &&
		      buf.head.msgh_remote_port != p,
	      "reply port %u", buf.head.msgh_remote_port);
	CHECK(buf.ro.port == p, "port %u", buf.ro.port);
	CHECK(buf.ro.ool != (void *)data, "out-of-line data not moved");
	for (i = 0; i < 2 * PAGE; i++)
		bad += ((char *)buf.ro.ool)[i] != (char)(i * 7);
	CHECK(bad == 0, "%u bytes differ", bad);
	say("message: port type %u size %u, ool type %u number %u inline %u",
	    buf.ro.port_type.msgt_name, buf.ro.port_type.msgt_size,
	    buf.ro.ool_type.msgt_name, buf.ro.ool_type.msgt_number,
	    buf.ro.ool_type.msgt_inline);
	kr = mach_port_get_refs(task, p, MACH_PORT_RIGHT_SEND, &refs);
	CHECK(kr == KERN_SUCCESS, "get_refs: %x", kr);
	say("message: send rights now %u", refs);
	/* A send-once right destroyed unused: a send-once notification. */
	kr = mach_port_deallocate(task, buf.head.msgh_remote_port);
	CHECK(kr == KERN_SUCCESS, "deallocate the send-once right: %x", kr);
	memset(&buf, 0, sizeof buf);
	mr = mach_msg(&buf.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof buf,
		      p, 0, MACH_PORT_NULL);
	CHECK(mr == MACH_MSG_SUCCESS, "receive the notification: %x", mr);
	say("message: notification: size %u bits %x remote %u id %u",
	    buf.head.msgh_size, buf.head.msgh_bits, buf.head.msgh_remote_port,
	    buf.head.msgh_id);
	vm_deallocate(task, (vm_address_t)buf.ro.ool, 2 * PAGE);
	vm_deallocate(task, data, 2 * PAGE);
}

static void msg_errors(mach_port_t p)
{
	struct two_ints m = {
		.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.head.msgh_size = sizeof m,
		.head.msgh_remote_port = MACH_PORT_NULL,
		.t1 = int_type(),
		.t2 = int_type(),
	};
	union rcv_buf buf;

	say("mach_msg to MACH_PORT_NULL: %x",
	    mach_msg(&m.head, MACH_SEND_MSG, sizeof m, 0, MACH_PORT_NULL,
		     MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL));
	say("mach_msg receive, empty, timeout 0: %x",
	    mach_msg(&buf.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof buf,
		     p, 0, MACH_PORT_NULL));
	m.head.msgh_remote_port = p;
	say("mach_msg of size 30: %x",
	    mach_msg(&m.head, MACH_SEND_MSG, 30, 0, MACH_PORT_NULL,
		     MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL));
}

static void check_ports(void)
{
	mach_port_t p = MACH_PORT_NULL;
	mach_port_type_t type = 0;
	mach_port_urefs_t refs = 0;
	kern_return_t kr;

	kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &p);
	CHECK(kr == KERN_SUCCESS, "mach_port_allocate: %x", kr);
	kr = mach_port_insert_right(task, p, p, MACH_MSG_TYPE_MAKE_SEND);
	CHECK(kr == KERN_SUCCESS, "mach_port_insert_right: %x", kr);
	kr = mach_port_type(task, p, &type);
	CHECK(kr == KERN_SUCCESS, "mach_port_type: %x", kr);
	kr = mach_port_get_refs(task, p, MACH_PORT_RIGHT_SEND, &refs);
	CHECK(kr == KERN_SUCCESS, "mach_port_get_refs: %x", kr);
	say("port: name %u type %x send rights %u", p, type, refs);

	msg_two_ints(p);
	msg_right_and_ool(p);
	msg_errors(p);

	say("mach_port_allocate of right 99: %x",
	    mach_port_allocate(task, 99, &type));
	say("mach_port_deallocate of an unused name: %x",
	    mach_port_deallocate(task, 0x1234));
	kr = mach_port_mod_refs(task, p, MACH_PORT_RIGHT_RECEIVE, -1);
	CHECK(kr == KERN_SUCCESS, "mach_port_mod_refs: %x", kr);
	kr = mach_port_type(task, p, &type);
	say("port: after its receive right is gone: %x type %x", kr, type);
}

/* Out-of-line replies through GNU MIG's stubs (whose type checks are
 * strict): port arrays (task_threads, host_processors), two arrays
 * (mach_port_names), data (vm_read); vm_write and vm_copy; a port's
 * status; a no-senders notification. */
static void check_ool(void)
{
	thread_array_t threads = 0;
	processor_array_t procs = 0;
	mach_port_name_array_t names = 0;
	mach_port_type_array_t types = 0;
	mach_msg_type_number_t n = 0, ntypes = 0;
	mach_port_t q = MACH_PORT_NULL, prev = MACH_PORT_NULL;
	mach_port_status_t st;
	vm_address_t a = 0, b = 0;
	vm_offset_t data = 0;
	unsigned int i, found_task = 0, found_q = 0, bad = 0;
	union rcv_buf buf;
	mach_msg_return_t mr;
	kern_return_t kr;

	kr = task_threads(task, &threads, &n);
	CHECK(kr == KERN_SUCCESS, "task_threads: %x", kr);
	say("task_threads: %u, the caller %s", n,
	    n == 1 && threads[0] == mach_thread_self() ? "yes" : "no");
	vm_deallocate(task, (vm_address_t)threads, n * sizeof *threads);
	kr = host_processors(host_priv, &procs, &n);
	CHECK(kr == KERN_SUCCESS, "host_processors: %x", kr);
	say("host_processors: %u", n);
	vm_deallocate(task, (vm_address_t)procs, n * sizeof *procs);

	kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &q);
	CHECK(kr == KERN_SUCCESS, "mach_port_allocate: %x", kr);
	kr = mach_port_names(task, &names, &n, &types, &ntypes);
	CHECK(kr == KERN_SUCCESS && n == ntypes, "mach_port_names: %x %u %u",
	      kr, n, ntypes);
	for (i = 0; i < n && i < ntypes; i++) {
		found_task |=
			names[i] == task && types[i] == MACH_PORT_TYPE_SEND;
		found_q |= names[i] == q && types[i] == MACH_PORT_TYPE_RECEIVE;
	}
	say("mach_port_names: the task port a send right %s, a new port a "
	    "receive right %s",
	    found_task ? "yes" : "no", found_q ? "yes" : "no");
	vm_deallocate(task, (vm_address_t)names, n * sizeof *names);
	vm_deallocate(task, (vm_address_t)types, ntypes * sizeof *types);

	kr = mach_port_get_receive_status(task, q, &st);
	CHECK(kr == KERN_SUCCESS, "mach_port_get_receive_status: %x", kr);
	say("receive status: qlimit %u msgcount %u mscount %u srights %u",
	    st.mps_qlimit, st.mps_msgcount, st.mps_mscount, st.mps_srights);
	kr = mach_port_insert_right(task, q, q, MACH_MSG_TYPE_MAKE_SEND);
	CHECK(kr == KERN_SUCCESS, "mach_port_insert_right: %x", kr);
	kr = mach_port_request_notification(task, q, MACH_NOTIFY_NO_SENDERS, 0,
					    q, MACH_MSG_TYPE_MAKE_SEND_ONCE,
					    &prev);
	CHECK(kr == KERN_SUCCESS && prev == MACH_PORT_NULL,
	      "mach_port_request_notification: %x %u", kr, prev);
	kr = mach_port_deallocate(task, q);
	CHECK(kr == KERN_SUCCESS, "mach_port_deallocate: %x", kr);
	memset(&buf, 0, sizeof buf);
	mr = mach_msg(&buf.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof buf,
		      q, 1000, MACH_PORT_NULL);
	CHECK(mr == MACH_MSG_SUCCESS, "receive the notification: %x", mr);
	say("no-senders notification: size %u id %u bits %x mscount %u",
	    buf.head.msgh_size, buf.head.msgh_id, buf.head.msgh_bits,
	    buf.ints.a);
	mach_port_mod_refs(task, q, MACH_PORT_RIGHT_RECEIVE, -1);

	kr = vm_allocate(task, &a, 2 * PAGE, TRUE);
	CHECK(kr == KERN_SUCCESS, "vm_allocate: %x", kr);
	kr = vm_allocate(task, &b, 2 * PAGE, TRUE);
	CHECK(kr == KERN_SUCCESS, "vm_allocate: %x", kr);
	for (i = 0; i < 2 * PAGE; i++)
		((char *)a)[i] = (char)(i * 3 + 1);
	kr = vm_read(task, a, 2 * PAGE, &data, &n);
	CHECK(kr == KERN_SUCCESS && n == 2 * PAGE, "vm_read: %x %u", kr, n);
	kr = vm_write(task, b, data, n);
	CHECK(kr == KERN_SUCCESS, "vm_write: %x", kr);
	for (i = 0; i < 2 * PAGE; i++)
		bad += ((char *)b)[i] != (char)(i * 3 + 1);
	kr = vm_copy(task, a, PAGE, b + PAGE);
	CHECK(kr == KERN_SUCCESS, "vm_copy: %x", kr);
	for (i = 0; i < PAGE; i++)
		bad += ((char *)b)[PAGE + i] != (char)(i * 3 + 1);
	CHECK(bad == 0, "%u bytes differ", bad);
	say("vm_read of 8192 bytes: %u, vm_write and vm_copy %s", n,
	    bad == 0 ? "ok" : "differ");
	vm_deallocate(task, data, n);
	vm_deallocate(task, a, 2 * PAGE);
	vm_deallocate(task, b, 2 * PAGE);
}

static void check_info(void)
{
	struct task_basic_info tbi;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;
	struct host_basic_info hbi;
	struct i386_thread_state ts;
	kern_return_t kr;

	kr = task_info(task, TASK_BASIC_INFO, (task_info_t)&tbi, &count);
	CHECK(kr == KERN_SUCCESS, "task_info: %x", kr);
	CHECK(tbi.virtual_size > 0 && tbi.resident_size > 0, "sizes %x %x",
	      tbi.virtual_size, tbi.resident_size);
	say("task_info: count %u suspend_count %u", count, tbi.suspend_count);
	count = 2;
	say("task_info with count 2: %x",
	    task_info(task, TASK_BASIC_INFO, (task_info_t)&tbi, &count));

	count = HOST_BASIC_INFO_COUNT;
	kr = host_info(mach_host_self(), HOST_BASIC_INFO, (host_info_t)&hbi,
		       &count);
	CHECK(kr == KERN_SUCCESS, "host_info: %x", kr);
	CHECK(hbi.memory_size > 0, "memory_size %x", hbi.memory_size);
	say("host_info: count %u max_cpus %u avail_cpus %u", count,
	    hbi.max_cpus, hbi.avail_cpus);

	count = i386_THREAD_STATE_COUNT;
	memset(&ts, 0, sizeof ts);
	kr = thread_get_state(mach_thread_self(), i386_THREAD_STATE,
			      (thread_state_t)&ts, &count);
	CHECK(kr == KERN_SUCCESS, "thread_get_state: %x", kr);
	CHECK(ts.eip >= 0x08048000 && ts.eip < 0x08100000, "eip %x", ts.eip);
	CHECK(ts.uesp >= USER_TOP - 0x20000 && ts.uesp < USER_TOP, "uesp %x",
	      ts.uesp);
	say("thread_get_state: count %u cs %x ss %x ds %x es %x", count, ts.cs,
	    ts.ss, ts.ds, ts.es);
}

static void check_device(void)
{
	static const char text[] = "gnu-i686: written by device_write_inband\n";
	io_buf_ptr_inband_t line;
	mach_port_t dev = MACH_PORT_NULL, none = MACH_PORT_NULL;
	int written = 0;
	kern_return_t kr;

	memset(line, 0, sizeof line);
	memcpy(line, text, sizeof text);
	kr = device_open(device_master, D_READ | D_WRITE, "console", &dev);
	CHECK(kr == D_SUCCESS, "device_open: %x", kr);
	kr = device_write_inband(dev, 0, 0, line, sizeof text - 1, &written);
	CHECK(kr == D_SUCCESS, "device_write_inband: %x", kr);
	say("device: console write of %u bytes: %u written", sizeof text - 1,
	    written);
	say("device_open of nosuchdev: %x",
	    device_open(device_master, D_READ, "nosuchdev", &none));
	kr = device_close(dev);
	CHECK(kr == D_SUCCESS, "device_close: %x", kr);
}

/* A 32-bit data segment (present, DPL 3, read-write) of limit bytes at
 * base, as glibc makes its TLS segment. */
static descriptor_t data_segment(unsigned int base, unsigned int limit)
{
	descriptor_t d = {
		.low_word = (limit & 0xffff) | (base & 0xffff) << 16,
		.high_word = ((base >> 16) & 0xff) | 0xf2u << 8 |
			     (limit & 0xf0000) | 0x4u << 20 |
			     (base & 0xff000000),
	};
	return d;
}

/* §6.4: i386_set_gdt(-1) gives the first free per-thread slot, 0x4b, as
 * glibc uses it for TLS: %gs loaded with it reads the block. */
static void check_tls(void)
{
	static unsigned int block[4] = {0x7715a11, 0xbeef, 3, 4};
	descriptor_t d = data_segment((unsigned int)block, sizeof block - 1);
	descriptor_t back = {0, 0};
	int sel = -1;
	unsigned int v0 = 0, v1 = 0;
	kern_return_t kr;

	kr = i386_set_gdt(mach_thread_self(), &sel, d);
	CHECK(kr == KERN_SUCCESS, "i386_set_gdt: %x", kr);
	kr = i386_get_gdt(mach_thread_self(), sel, &back);
	CHECK(kr == KERN_SUCCESS && back.low_word == d.low_word &&
		      back.high_word == d.high_word,
	      "i386_get_gdt: %x %x %x", kr, back.low_word, back.high_word);
	__asm__ volatile("movw %w2, %%gs\n\t"
			 "movl %%gs:0, %0\n\t"
			 "movl %%gs:4, %1"
			 : "=r"(v0), "=r"(v1)
			 : "r"(sel)
			 : "memory");
	CHECK(v0 == block[0] && v1 == block[1], "%%gs:0 %x %%gs:4 %x", v0, v1);
	say("tls: i386_set_gdt selector %x, %%gs reads the block", sel);
}

/* gsync_wait and gsync_wake (gnumach.defs), as glibc's locks use them;
 * the flags are glibc's (the 2022 headers have no names for them). */
#define GSYNC_QUAD  0x02
#define GSYNC_TIMED 0x04

static void check_gsync(void)
{
	static unsigned int word[2] __attribute__((aligned(8))) = {5, 6};

	say("gsync_wait, another value: %x",
	    gsync_wait(task, (vm_address_t)word, 4, 0, 0, 0));
	say("gsync_wait, timed 10 ms: %x",
	    gsync_wait(task, (vm_address_t)word, 5, 0, 10, GSYNC_TIMED));
	say("gsync_wait, quad, another second word: %x",
	    gsync_wait(task, (vm_address_t)word, 5, 7, 10,
		       GSYNC_TIMED | GSYNC_QUAD));
	say("gsync_wait, misaligned: %x",
	    gsync_wait(task, (vm_address_t)word + 2, 5, 0, 10, GSYNC_TIMED));
	say("gsync_wake, no waiter: %x",
	    gsync_wake(task, (vm_address_t)word, 0, 0));
}

/* ---- A second thread's exception, served by GNU MIG's exc_server ---- */

#define FAULT_ADDRESS 0x100000u

static mach_port_t child;
static unsigned int child_stack[1024];
static int exc_seen;

static void child_fault(void)
{
	*(volatile int *)FAULT_ADDRESS = 1;
	for (;;)
		;
}

kern_return_t catch_exception_raise(mach_port_t exception_port,
				    mach_port_t thread, mach_port_t task_,
				    integer_t exception, integer_t code,
				    integer_t subcode)
{
	kern_return_t kr;

	exc_seen = 1;
	say("exception: %u code %u subcode %x, from the child %s, "
	    "its task %s",
	    exception, code, subcode, thread == child ? "yes" : "no",
	    task_ == task ? "yes" : "no");
	kr = thread_terminate(thread);
	CHECK(kr == KERN_SUCCESS, "thread_terminate: %x", kr);
	mach_port_deallocate(task, thread);
	mach_port_deallocate(task, task_);
	return KERN_SUCCESS;
}

boolean_t exc_server(mach_msg_header_t *in, mach_msg_header_t *out);

/* §6.3 through gnumach-dev's <mach/thread_status.h>: a fresh thread's
 * i386_THREAD_STATE, each flavor's count as its _COUNT macro says, and
 * the refusals (flavor 7, a short count). */
static void check_fresh_state(mach_port_t t)
{
	static const struct {
		int flavor;
		unsigned int count;
	} flavors[] = {
		{i386_FLOAT_STATE, i386_FLOAT_STATE_COUNT},
		{i386_ISA_PORT_MAP_STATE, i386_ISA_PORT_MAP_STATE_COUNT},
		{i386_V86_ASSIST_STATE, i386_V86_ASSIST_STATE_COUNT},
		{i386_REGS_SEGS_STATE, i386_THREAD_STATE_COUNT},
		{i386_DEBUG_STATE, i386_DEBUG_STATE_COUNT},
	};
	unsigned int state[256];
	struct i386_thread_state *ts = (void *)state;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;
	kern_return_t kr;

	kr = thread_get_state(t, i386_THREAD_STATE, state, &count);
	CHECK(kr == KERN_SUCCESS, "thread_get_state: %x", kr);
	say("fresh thread: gs %x fs %x es %x ds %x cs %x ss %x efl %x eip %x "
	    "uesp %x",
	    ts->gs, ts->fs, ts->es, ts->ds, ts->cs, ts->ss, ts->efl, ts->eip,
	    ts->uesp);
	for (unsigned int i = 0; i < sizeof flavors / sizeof flavors[0]; i++) {
		count = 256;
		kr = thread_get_state(t, flavors[i].flavor, state, &count);
		CHECK(kr == KERN_SUCCESS && count == flavors[i].count,
		      "flavor %u: %x count %u, header %u", flavors[i].flavor,
		      kr, count, flavors[i].count);
		say("flavor %u: count %u", flavors[i].flavor, count);
	}
	count = 256;
	say("flavor 7: %x", thread_get_state(t, 7, state, &count));
	count = i386_THREAD_STATE_COUNT - 1;
	say("i386_THREAD_STATE with count 16: %x",
	    thread_get_state(t, i386_THREAD_STATE, state, &count));
}

static void check_thread_exception(void)
{
	struct i386_thread_state ts;
	mach_port_t exc = MACH_PORT_NULL;
	union {
		mach_msg_header_t head;
		char space[256];
	} req, rep;
	mach_msg_return_t mr;
	kern_return_t kr;

	kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &exc);
	CHECK(kr == KERN_SUCCESS, "mach_port_allocate: %x", kr);
	kr = mach_port_insert_right(task, exc, exc, MACH_MSG_TYPE_MAKE_SEND);
	CHECK(kr == KERN_SUCCESS, "mach_port_insert_right: %x", kr);
	kr = thread_create(task, &child);
	CHECK(kr == KERN_SUCCESS, "thread_create: %x", kr);
	check_fresh_state(child);
	kr = thread_set_special_port(child, THREAD_EXCEPTION_PORT, exc);
	CHECK(kr == KERN_SUCCESS, "thread_set_special_port: %x", kr);
	memset(&ts, 0, sizeof ts);
	ts.cs = 0x17;
	ts.ss = ts.ds = ts.es = ts.fs = ts.gs = 0x1f;
	ts.efl = 0x202;
	ts.eip = (unsigned int)child_fault;
	ts.uesp = (unsigned int)&child_stack[1020];
	kr = thread_set_state(child, i386_THREAD_STATE, (thread_state_t)&ts,
			      i386_THREAD_STATE_COUNT);
	CHECK(kr == KERN_SUCCESS, "thread_set_state: %x", kr);
	kr = thread_resume(child);
	CHECK(kr == KERN_SUCCESS, "thread_resume: %x", kr);

	mr = mach_msg(&req.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof req,
		      exc, 10000, MACH_PORT_NULL);
	CHECK(mr == MACH_MSG_SUCCESS, "receive the exception: %x", mr);
	say("exception message: size %u id %u bits %x", req.head.msgh_size,
	    req.head.msgh_id, req.head.msgh_bits);
	CHECK(exc_server(&req.head, &rep.head), "exc_server refused it");
	CHECK(exc_seen, "catch_exception_raise not called");
	/* The thread is gone: where the reply goes does not matter. */
	mach_msg(&rep.head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
		 rep.head.msgh_size, 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

void c_start(unsigned int *sp)
{
	check_args(sp);
	check_names();
	check_vm();
	check_ports();
	check_ool();
	check_info();
	check_device();
	check_tls();
	check_gsync();
	check_thread_exception();
	if (failures) {
		say("%u checks failed", failures);
		mach_print("gnumach-test-failure\n");
	} else {
		say("all checks passed");
		mach_print("gnumach-test-success-and-reboot\n");
	}
	host_reboot(host_priv, 0);
	for (;;)
		mach_print("gnu-i686: host_reboot returned\n");
}
