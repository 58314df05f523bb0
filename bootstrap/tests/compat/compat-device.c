/*
 * bootstrap/tests/compat/compat-device.c - device reads that wait, as in
 * GNU Mach (docs/gnumach-ext.md, "Devices"):
 *
 *  (a) kmsg: a read without D_NOWAIT on an empty log is not answered: a
 *      thread blocked in the receive on its reply port (the request sent
 *      with device_read_request_inband, the reply decoded by
 *      device_reply_server) gets the line the main thread prints once the
 *      reader is seen blocked, and nothing before;
 *  (b) the MIG stub device_read (out of line) returns the line a helper
 *      thread prints while it waits;
 *  (c) waiting reads are answered oldest first, each with what is there;
 *  (d) D_NOWAIT on an empty log answers D_WOULD_BLOCK at once;
 *  (e) a waiting read whose reply port is destroyed leaves nothing behind;
 *  (f) closing the last open answers the waiting reads (inband and out of
 *      line) D_DEVICE_DOWN without data, not before; a read that would
 *      wait on a device nobody has open answers D_DEVICE_DOWN;
 *  (g) console: a waiting device_read_inband on "console" gets the line
 *      the runner types once the test says it waits (tests/boot/
 *      compat-device.boot, input-after / input);
 *  then the kernel's counts are back at their baseline.
 *
 * The reads that wait use reply ports of their own, so that one thread
 * can wait while another makes RPCs (libmach has one MIG reply port per
 * task). This task's printf goes to the kernel's log too (mach_print):
 * nothing is printed between emptying the log and the step that reads it.
 */
#include <string.h>

#include <device/device.h>
#include <device/device_reply_server.h>
#include <device/device_request.h>

#include "bootstrap/tests/compat/compat_util.h"

#define LINE_MAX_ 256

static mach_port_t self, kmsg;

/* The last reply device_reply_server decoded. */
static struct {
	mach_port_t port; /* the reply port it came on */
	kern_return_t rc;
	char data[4096];
	unsigned int len;
} last;

kern_return_t device_open_reply(mach_port_t reply_port,
				kern_return_t return_code,
				mach_port_t device_port)
{
	TEST_FAIL("unexpected device_open_reply");
}

kern_return_t device_write_reply(mach_port_t reply_port,
				 kern_return_t return_code, int bytes_written)
{
	TEST_FAIL("unexpected device_write_reply");
}

kern_return_t device_write_reply_inband(mach_port_t reply_port,
					kern_return_t return_code,
					int bytes_written)
{
	TEST_FAIL("unexpected device_write_reply_inband");
}

kern_return_t device_read_reply(mach_port_t reply_port,
				kern_return_t return_code, io_buf_ptr_t data,
				mach_msg_type_number_t dataCnt)
{
	CHECK(dataCnt <= sizeof(last.data));
	last.port = reply_port;
	last.rc = return_code;
	last.len = dataCnt;
	if (dataCnt > 0) {
		memcpy(last.data, data, dataCnt);
		EXPECT(vm_deallocate(self, (vm_address_t)data, dataCnt),
		       KERN_SUCCESS);
	}
	return KERN_SUCCESS;
}

kern_return_t device_read_reply_inband(mach_port_t reply_port,
				       kern_return_t return_code,
				       const io_buf_ptr_inband_t data,
				       mach_msg_type_number_t dataCnt)
{
	CHECK(dataCnt <= IO_INBAND_MAX);
	last.port = reply_port;
	last.rc = return_code;
	last.len = dataCnt;
	memcpy(last.data, data, dataCnt);
	return KERN_SUCCESS;
}

/* Receive one device reply on port and decode it into last; ms 0 waits
 * without limit. MACH_MSG_SUCCESS or the receive's code. */
static mach_msg_return_t get_reply(mach_port_t port, mach_msg_timeout_t ms)
{
	union {
		mach_msg_header_t h;
		char buf[device_reply_MAX_REQUEST_SIZE + 64];
	} in;
	union {
		mig_reply_header_t r;
		char buf[device_reply_MAX_REPLY_SIZE + 64];
	} out;
	mach_msg_return_t mr;

	mr = mach_msg(&in.h, MACH_RCV_MSG | (ms != 0 ? MACH_RCV_TIMEOUT : 0), 0,
		      sizeof(in), port, ms, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	CHECK(device_reply_server(&in.h, &out.r.Head));
	CHECK_EQ(last.port, port);
	return MACH_MSG_SUCCESS;
}

/* Does buf[0 .. n) contain word? */
static int contains(const char *buf, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i + w <= n; i++)
		if (memcmp(buf + i, word, w) == 0)
			return 1;
	return 0;
}

/* Empty the kernel's log (D_NOWAIT reads until D_WOULD_BLOCK). */
static void drain(void)
{
	io_buf_ptr_inband_t buf;
	mach_msg_type_number_t count;
	kern_return_t rc;

	for (int i = 0; i <= 4096 / IO_INBAND_MAX + 1; i++) {
		count = sizeof(buf);
		rc = device_read_inband(kmsg, D_NOWAIT, 0, IO_INBAND_MAX, buf,
					&count);
		if (rc == D_WOULD_BLOCK)
			return;
		EXPECT(rc, D_SUCCESS);
	}
	TEST_FAIL("the kmsg log does not empty");
}

static mach_port_t new_port(void)
{
	mach_port_t port;

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port),
	       KERN_SUCCESS);
	return port;
}

/* ---- (a) a thread blocked in a read gets what another prints ---------- */

static const char marker_a[] = "compat-device: a line for the blocked reader";
static mach_port_t a_port;
static char a_buf[LINE_MAX_ * 4];
static unsigned int a_len;
static volatile int a_done;

/* Reads (each waiting) until the marker came. Traps only. */
static void reader_a(void)
{
	while (!contains(a_buf, a_len, marker_a)) {
		EXPECT(device_read_request_inband(kmsg, a_port, 0, 0, 64),
		       KERN_SUCCESS);
		CHECK_EQ(get_reply(a_port, 0), MACH_MSG_SUCCESS);
		EXPECT(last.rc, D_SUCCESS);
		CHECK(last.len > 0 && a_len + last.len <= sizeof(a_buf));
		memcpy(a_buf + a_len, last.data, last.len);
		a_len += last.len;
	}
	a_done = 1;
	idle_forever();
}

static void test_blocked_reader(void)
{
	mach_port_t thread;

	a_port = new_port();
	drain();
	thread = start_thread(reader_a);
	wait_thread_waiting(thread, "the kmsg reader");
	CHECK(!a_done && a_len == 0); /* no answer while the log is empty */
	printf("%s\n", marker_a);
	wait_flag(&a_done, "the kmsg reader");
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, a_port), KERN_SUCCESS);
	printf("compat-device: a blocked kmsg reader gets a later line ok\n");
}

/* ---- (b) the MIG stub waits ------------------------------------------- */

static const char marker_b[] = "compat-device: a line printed by a helper";

static void printer_b(void)
{
	sleep_ms(50); /* most likely the main thread waits by then */
	printf("%s\n", marker_b);
	idle_forever();
}

static void test_stub_waits(void)
{
	char got[LINE_MAX_ * 4];
	size_t n = 0;
	mach_port_t thread;

	drain();
	thread = start_thread(printer_b);
	while (!contains(got, n, marker_b)) {
		io_buf_ptr_t data;
		mach_msg_type_number_t count;

		EXPECT(device_read(kmsg, 0, 0, 4096, &data, &count), D_SUCCESS);
		CHECK(count > 0 && n + count <= sizeof(got));
		memcpy(got + n, data, count);
		n += count;
		EXPECT(vm_deallocate(self, (vm_address_t)data, count),
		       KERN_SUCCESS);
	}
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	printf("compat-device: device_read waits for a line ok\n");
}

/* ---- (c) oldest first; (d) D_NOWAIT ----------------------------------- */

static void test_order(void)
{
	mach_port_t r1 = new_port(), r2 = new_port();
	io_buf_ptr_inband_t buf;
	io_buf_ptr_t data;
	mach_msg_type_number_t count = sizeof(buf);

	drain();
	EXPECT(device_read_inband(kmsg, D_NOWAIT, 0, 64, buf, &count),
	       D_WOULD_BLOCK);
	EXPECT(device_read(kmsg, D_NOWAIT, 0, 64, &data, &count),
	       D_WOULD_BLOCK);
	EXPECT(device_read_request_inband(kmsg, r1, 0, 0, 64), KERN_SUCCESS);
	EXPECT(device_read_request(kmsg, r2, 0, 0, 64), KERN_SUCCESS);
	CHECK_EQ(get_reply(r1, 20), MACH_RCV_TIMED_OUT);
	CHECK_EQ(get_reply(r2, 20), MACH_RCV_TIMED_OUT);
	/* A new D_NOWAIT read does not take data ahead of them either. */
	count = sizeof(buf);
	EXPECT(device_read_inband(kmsg, D_NOWAIT, 0, 64, buf, &count),
	       D_WOULD_BLOCK);
	printf("compat-device: first\n");
	CHECK_EQ(get_reply(r1, 0), MACH_MSG_SUCCESS);
	EXPECT(last.rc, D_SUCCESS);
	CHECK(contains(last.data, last.len, "compat-device: first"));
	CHECK_EQ(get_reply(r2, 20), MACH_RCV_TIMED_OUT); /* all taken */
	printf("compat-device: second\n");
	CHECK_EQ(get_reply(r2, 0), MACH_MSG_SUCCESS); /* out of line */
	EXPECT(last.rc, D_SUCCESS);
	CHECK(contains(last.data, last.len, "compat-device: second"));
	EXPECT(mach_port_destroy(self, r1), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, r2), KERN_SUCCESS);
	printf("compat-device: oldest read first, D_NOWAIT ok\n");
}

/* ---- (e) a reply port that dies; (f) close ---------------------------- */

static void test_reply_port_dies(const mach5_test_counts_t base)
{
	mach_port_t r = new_port(), r2 = new_port();

	drain();
	EXPECT(device_read_request_inband(kmsg, r, 0, 0, 64), KERN_SUCCESS);
	EXPECT(device_read_request(kmsg, r2, 0, 0, 64), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, r), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, r2), KERN_SUCCESS);
	check_counts("compat-device: reply ports died", base);
	printf("compat-device: a waiting read's reply port dies ok\n");
}

static void test_close(mach_port_t master, const mach5_test_counts_t base)
{
	mach_port_t again, r1 = new_port(), r2 = new_port();
	io_buf_ptr_inband_t buf;
	mach_msg_type_number_t count = sizeof(buf);

	/* A second open: the same port, the count is 2. */
	EXPECT(device_open(master, D_READ, "kmsg", &again), D_SUCCESS);
	CHECK_EQ(again, kmsg);
	drain();
	EXPECT(device_read_request_inband(kmsg, r1, 0, 0, 64), KERN_SUCCESS);
	EXPECT(device_read_request(kmsg, r2, 0, 0, 64), KERN_SUCCESS);
	EXPECT(device_close(kmsg), D_SUCCESS);
	CHECK_EQ(get_reply(r1, 20), MACH_RCV_TIMED_OUT); /* still open */
	EXPECT(device_close(kmsg), D_SUCCESS);
	CHECK_EQ(get_reply(r1, 0), MACH_MSG_SUCCESS);
	EXPECT(last.rc, D_DEVICE_DOWN);
	CHECK_EQ(last.len, 0);
	CHECK_EQ(get_reply(r2, 0), MACH_MSG_SUCCESS);
	EXPECT(last.rc, D_DEVICE_DOWN);
	CHECK_EQ(last.len, 0);
	/* Nobody has it open: a read that would wait is refused, D_NOWAIT
	 * still answers. */
	drain();
	EXPECT(device_read_inband(kmsg, 0, 0, 64, buf, &count), D_DEVICE_DOWN);
	count = sizeof(buf);
	EXPECT(device_read_inband(kmsg, D_NOWAIT, 0, 64, buf, &count),
	       D_WOULD_BLOCK);
	EXPECT(mach_port_destroy(self, r1), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, r2), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, again), KERN_SUCCESS);
	check_counts("compat-device: close", base);
	printf("compat-device: close answers D_DEVICE_DOWN ok\n");
}

/* ---- (g) console input ------------------------------------------------ */

static void test_console(mach_port_t master)
{
	static const char want[] = "typed-on-the-console-42\n";
	mach_port_t console, r = new_port();
	io_buf_ptr_inband_t buf;
	mach_msg_type_number_t count = sizeof(buf);
	char line[LINE_MAX_];
	size_t n = 0;

	EXPECT(device_open(master, D_READ | D_WRITE, "console", &console),
	       D_SUCCESS);
	EXPECT(device_read_inband(console, D_NOWAIT, 0, 64, buf, &count),
	       D_WOULD_BLOCK);
	/* The request is queued when the send returns (the kernel serves it
	 * in this thread): only then is the runner told to type. */
	EXPECT(device_read_request_inband(console, r, 0, 0, 64), KERN_SUCCESS);
	printf("compat-device: waiting for console input\n");
	for (;;) {
		CHECK_EQ(get_reply(r, 30000), MACH_MSG_SUCCESS);
		EXPECT(last.rc, D_SUCCESS);
		CHECK(last.len > 0 && n + last.len <= sizeof(line));
		memcpy(line + n, last.data, last.len);
		n += last.len;
		if (line[n - 1] == '\n')
			break;
		EXPECT(device_read_request_inband(console, r, 0, 0, 64),
		       KERN_SUCCESS);
	}
	CHECK_EQ(n, sizeof(want) - 1);
	CHECK(memcmp(line, want, n) == 0);
	EXPECT(device_close(console), D_SUCCESS);
	EXPECT(mach_port_deallocate(self, console), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, r), KERN_SUCCESS);
	printf("compat-device: console input ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t master;
	mach5_test_counts_t base;

	compat_init(argc, argv);
	self = mach_task_self();
	master = (mach_port_t)strtol(argv[2], NULL, 10);
	CHECK(MACH_PORT_VALID(master));
	EXPECT(device_open(master, D_READ, "kmsg", &kmsg), D_SUCCESS);
	test_blocked_reader();
	test_stub_waits();
	test_order();
	test_sleep_ms(1); /* its port, made on first use: in the baseline */
	counts(base);
	test_reply_port_dies(base);
	test_close(master, base);
	test_console(master);
	printf("compat-device: kernel counts back to baseline ok\n");
	TEST_SUCCESS();
}
