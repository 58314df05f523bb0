/*
 * bootstrap/i386/abi-msg.c - mach_msg in GNU Mach's i386 message layout,
 * raw traps only: the two worked examples of the i386 ABI sheet (§3.5
 * two integers, §3.6 a port right and an out-of-line region), sent and
 * received byte for byte; the size and type rules of §3.1-3.2; and
 * kernel-built messages in the i386 layout: a kernel server's reply
 * (mach_port_request_notification, 56-byte request, 40-byte reply) and a
 * no-senders notification (32 bytes).
 *
 * Messages are arrays of 32-bit words written from the sheet's tables,
 * not C structures, so the test does not depend on the headers it checks.
 */
#include <stdint.h>

int mach_print(const char *s);
unsigned int mach_task_self(void);
int task_terminate(unsigned int task);
int mach_msg_trap(void *msg, int option, unsigned int send_size,
		  unsigned int rcv_size, unsigned int rcv_name,
		  unsigned int timeout, unsigned int notify);
int mach_port_allocate_name(unsigned int task, unsigned int right,
			    unsigned int name);
int mach_port_insert_right(unsigned int task, unsigned int name,
			   unsigned int poly, unsigned int poly_type);
int mach_port_deallocate(unsigned int task, unsigned int name);

#define SEND	      0x1
#define RCV	      0x2
#define RCV_TIMEOUT   0x100
#define RIGHT_RECEIVE 1
#define MAKE_SEND     20

static int ok = 1;

/* Print line when every check so far passed. */
static void passed(const char *line)
{
	if (ok)
		mach_print(line);
}

static void print_hex(uint32_t v)
{
	char buf[11] = "0x";

	for (int i = 0; i < 8; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
	buf[10] = '\0';
	mach_print(buf);
}

static void fail(const char *what, uint32_t got, uint32_t want)
{
	mach_print("abi32: FAIL ");
	mach_print(what);
	mach_print(": got ");
	print_hex(got);
	mach_print(" want ");
	print_hex(want);
	mach_print("\n");
	ok = 0;
}

static void expect_eq(const char *what, uint32_t got, uint32_t want)
{
	if (got != want)
		fail(what, got, want);
}

/* Compare n words of got with want, skipping the words marked in skip
 * (a bit per word). */
static void expect_words(const char *what, const uint32_t *got,
			 const uint32_t *want, int n, uint32_t skip)
{
	for (int i = 0; i < n; i++) {
		if ((skip >> i) & 1)
			continue;
		if (got[i] != want[i]) {
			mach_print("abi32: word ");
			print_hex((uint32_t)i * 4);
			mach_print(" of ");
			fail(what, got[i], want[i]);
		}
	}
}

/* §3.5: INTEGER_32 0x11223344 and -2 from 8 (MAKE_SEND) with reply 10
 * (MAKE_SEND_ONCE), id 1000; received as the first message on 8. */
static void example_two_ints(void)
{
	uint32_t msg[10] = {0x00001514, 40,	   8,	       0,
			    0,		1000,	   0x10012002, 0x11223344,
			    0x10012002, 0xfffffffe};
	const uint32_t want[10] = {
		0x00001112, 40,		0 /* fresh */, 8,	   0,
		1000,	    0x10012002, 0x11223344,    0x10012002, 0xfffffffe};
	const uint32_t want_so[6] = {0x00001200, 24, 0, 10, 0, 0107};
	uint32_t rcv[16] = {0};
	int kr;

	msg[3] = 10;
	kr = mach_msg_trap(msg, SEND, 40, 0, 0, 0, 0);
	expect_eq("example 1 send", (uint32_t)kr, 0);
	kr = mach_msg_trap(rcv, RCV | RCV_TIMEOUT, 0, sizeof(rcv), 8, 0, 0);
	expect_eq("example 1 receive", (uint32_t)kr, 0);
	expect_words("example 1", rcv, want, 10, 1u << 2);
	/* The reply right arrives under a name the task did not use. */
	if (rcv[2] == 0 || rcv[2] == 8 || rcv[2] == 10 || rcv[2] == 12 ||
	    rcv[2] == 0xffffffff)
		fail("example 1 reply name", rcv[2], 13);
	passed("abi32: example 1 (two integers, 40 bytes) ok\n");

	/* Dropping the send-once right makes the kernel send a send-once
	 * notification (id 71, a header alone: 24 bytes) to port 10. */
	kr = mach_port_deallocate(mach_task_self(), rcv[2]);
	expect_eq("drop the reply right", (uint32_t)kr, 0);
	kr = mach_msg_trap(rcv, RCV | RCV_TIMEOUT, 0, sizeof(rcv), 10, 0, 0);
	expect_eq("receive send-once notification", (uint32_t)kr, 0);
	expect_words("send-once notification", rcv, want_so, 6, 0);
	passed("abi32: send-once notification (24 bytes) ok\n");
}

static uint8_t region[8192] __attribute__((aligned(4096)));

/* §3.6: a send right made from receive right 12 and 8192 bytes out of
 * line, COMPLEX, id 2000, to 8; received as the second message on 8. */
static void example_port_and_ool(void)
{
	uint32_t msg[12] = {0x80000014, 48,   8,
			    0,		0,    2000,
			    0x10012014, 12,   0x20000000,
			    0x00080009, 8192, (uintptr_t)region};
	const uint32_t want[12] = {0x80001100, 48,	   0,	       8,
				   1,	       2000,	   0x10012011, 12,
				   0x60000000, 0x00080009, 8192,       0};
	uint32_t rcv[16] = {0};
	const uint8_t *copy;
	int kr;

	for (unsigned int i = 0; i < sizeof(region); i++)
		region[i] = (uint8_t)(i * 7 + 3);
	kr = mach_msg_trap(msg, SEND, 48, 0, 0, 0, 0);
	expect_eq("example 2 send", (uint32_t)kr, 0);
	kr = mach_msg_trap(rcv, RCV | RCV_TIMEOUT, 0, sizeof(rcv), 8, 0, 0);
	expect_eq("example 2 receive", (uint32_t)kr, 0);
	expect_words("example 2", rcv, want, 12, 1u << 11);
	copy = (const uint8_t *)(uintptr_t)rcv[11];
	if (copy == region || ((uintptr_t)copy & 4095) != 0 ||
	    (uintptr_t)copy >= 0xc0000000u) {
		fail("example 2 OOL address", (uint32_t)(uintptr_t)copy, 0);
		return;
	}
	for (unsigned int i = 0; i < sizeof(region); i++) {
		if (copy[i] != (uint8_t)(i * 7 + 3)) {
			fail("example 2 OOL byte", i, copy[i]);
			break;
		}
	}
	passed("abi32: example 2 (port right + 8192 bytes OOL, 48 bytes) "
	       "ok\n");
}

/* §3.1-3.2: sizes not a multiple of 4 or below 24; inline rights of 64
 * bits; msgt_unused set. A 36-byte message (not a multiple of 8) goes
 * through. */
static void size_and_type_rules(void)
{
	uint32_t msg[12] = {0x00000014, 0,	    8, 0,	   0,
			    3000,	0x10012002, 1, 0x10012002, 2};
	uint32_t rcv[16] = {0};
	int kr;

	msg[1] = 20;
	kr = mach_msg_trap(msg, SEND, 20, 0, 0, 0, 0);
	expect_eq("send size 20", (uint32_t)kr, 0x10000008);
	msg[1] = 30;
	kr = mach_msg_trap(msg, SEND, 30, 0, 0, 0, 0);
	expect_eq("send size 30", (uint32_t)kr, 0x10000008);

	/* header + INTEGER_32 x2 inline: 24 + 4 + 8 = 36 bytes. */
	msg[1] = 36;
	msg[6] = 0x10022002;
	msg[7] = 0xaaaa5555;
	msg[8] = 0x5555aaaa;
	kr = mach_msg_trap(msg, SEND, 36, 0, 0, 0, 0);
	expect_eq("send 36 bytes", (uint32_t)kr, 0);
	kr = mach_msg_trap(rcv, RCV | RCV_TIMEOUT, 0, sizeof(rcv), 8, 0, 0);
	expect_eq("receive 36 bytes", (uint32_t)kr, 0);
	expect_eq("36-byte size", rcv[1], 36);
	expect_eq("36-byte word 7", rcv[7], 0xaaaa5555);
	expect_eq("36-byte word 8", rcv[8], 0x5555aaaa);

	/* An inline send right of 64 bits. */
	msg[0] = 0x80000014;
	msg[1] = 32;
	msg[6] = 0x10014014;
	msg[7] = 12;
	kr = mach_msg_trap(msg, SEND, 32, 0, 0, 0, 0);
	expect_eq("inline right of 64 bits", (uint32_t)kr, 0x1000000f);
	/* msgt_unused set on an INTEGER_32 (in a COMPLEX message: the
	 * kernel checks the descriptors of those). */
	msg[0] = 0x80000014;
	msg[6] = 0x90012002;
	kr = mach_msg_trap(msg, SEND, 32, 0, 0, 0, 0);
	expect_eq("msgt_unused set", (uint32_t)kr, 0x1000000f);
	passed("abi32: size and type rules ok\n");
}

/*
 * A kernel server's reply and a kernel notification: ask for a
 * no-senders notification of a fresh port 14 (sync 1) to port 10
 * (mach_port_request_ notification, id 3214: the 56-byte request of §4.2, the
 * 40-byte reply with the previous right), then make a send right of 12 and drop
 * it.
 */
static void kernel_messages(unsigned int task)
{
	uint32_t req[14] = {
		0x80001513, 56,	  task,	      0 /* reply */,
		0,	    3214, 0x1001200f, 14, /* name */
		0x10012002, 0106,		  /* MACH_NOTIFY_NO_SENDERS */
		0x10012002, 1,			  /* sync */
		0x10012015, 10,			  /* notify: MAKE_SEND_ONCE */
	};
	const uint32_t want_reply[10] = {0x80001200, 40, 0,	     9, 0, 3314,
					 0x10012002, 0,	 0x10012012, 0};
	const uint32_t want_notify[8] = {0x00001200, 32,   0,	       10,
					 1,	     0106, 0x10012002, 1};
	uint32_t rcv[32] = {0};
	int kr;

	kr = mach_port_allocate_name(task, RIGHT_RECEIVE, 9);
	expect_eq("allocate reply port 9", (uint32_t)kr, 0);
	kr = mach_port_allocate_name(task, RIGHT_RECEIVE, 14);
	expect_eq("allocate port 14", (uint32_t)kr, 0);
	req[3] = 9;
	for (int i = 0; i < 14; i++) /* the reply comes in the same buffer */
		rcv[i] = req[i];
	kr = mach_msg_trap(rcv, SEND | RCV, 56, sizeof(rcv), 9, 0, 0);
	expect_eq("mach_port_request_notification", (uint32_t)kr, 0);
	/* COMPLEX (the previous right), arrived through send-once right 9;
	 * RetCode 0; previous: a null send-once right. */
	expect_words("kernel reply", rcv, want_reply, 10, 0);
	passed("abi32: kernel reply (mach_port_request_notification, 40 "
	       "bytes) ok\n");

	kr = mach_port_insert_right(task, 14, 14, MAKE_SEND);
	expect_eq("insert send right", (uint32_t)kr, 0);
	kr = mach_port_deallocate(task, 14);
	expect_eq("drop send right", (uint32_t)kr, 0);
	kr = mach_msg_trap(rcv, RCV | RCV_TIMEOUT, 0, sizeof(rcv), 10, 0, 0);
	expect_eq("receive no-senders", (uint32_t)kr, 0);
	expect_words("no-senders notification", rcv, want_notify, 8, 0);
	passed("abi32: no-senders notification (32 bytes) ok\n");
}

void c_start(uint32_t *sp)
{
	unsigned int task = mach_task_self();

	(void)sp;
	/* The sheet's names: receive rights 8, 10 and 12. */
	if (mach_port_allocate_name(task, RIGHT_RECEIVE, 8) != 0 ||
	    mach_port_allocate_name(task, RIGHT_RECEIVE, 10) != 0 ||
	    mach_port_allocate_name(task, RIGHT_RECEIVE, 12) != 0) {
		mach_print("abi32: mach_port_allocate_name failed\n");
		ok = 0;
	} else {
		example_two_ints();
		example_port_and_ool();
		size_and_type_rules();
		kernel_messages(task);
	}
	mach_print(ok ? "abi32: all checks passed\n"
		      : "abi32: gnumach-test-failure\n");
	task_terminate(task);
	for (;;)
		;
}
