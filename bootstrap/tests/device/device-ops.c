/*
 * bootstrap/tests/device/device-ops.c - device.defs on the device master
 * port (argv[2]) and device ports.
 *
 * Checks: device_open of "console" and device_write_inband /
 * device_write (out of line) to it (the runner looks for both lines on
 * the serial console), device_read_inband and device_read with D_NOWAIT
 * (no console input comes: D_WOULD_BLOCK; reads that wait:
 * compat-device), device_get_status (DEV_GET_SIZE),
 * device_set_status (D_INVALID_OPERATION), device_open_new of "console"
 * (the same port), "time" and device_map on it (a memory object: see
 * bootstrap/tests/vm/vm-time.c), "kmsg" (the kernel's message log:
 * reads take what the kernel printed, this task's printf included, then
 * D_WOULD_BLOCK with D_NOWAIT; writes D_INVALID_OPERATION),
 * device_close, an unknown name
 * (D_NO_SUCH_DEVICE), a port that is not the master port
 * (D_INVALID_OPERATION) and a request to the master port that needs a
 * device (D_INVALID_OPERATION).
 */
#include <string.h>

#include <device/device.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>

#include "mach_test_util.h"

static void check_console(mach_port_t master)
{
	static char inband[] =
		"device-ops: hello through device_write_inband\n";
	static char ool[] =
		"device-ops: hello through device_write (out of line)\n";
	mach_port_t console, again;
	io_buf_ptr_inband_t wbuf, rbuf;
	io_buf_ptr_t data;
	mach_msg_type_number_t count;
	int written = 0;
	int status[DEV_STATUS_MAX];

	EXPECT(device_open(master, D_READ | D_WRITE, "console", &console),
	       D_SUCCESS);
	CHECK(MACH_PORT_VALID(console));
	memcpy(wbuf, inband, sizeof(inband));
	EXPECT(device_write_inband(console, 0, 0, wbuf, sizeof(inband) - 1,
				   &written),
	       D_SUCCESS);
	CHECK_EQ(written, sizeof(inband) - 1);
	EXPECT(device_write(console, 0, 0, (io_buf_ptr_t)ool, sizeof(ool) - 1,
			    &written),
	       D_SUCCESS);
	CHECK_EQ(written, sizeof(ool) - 1);

	count = sizeof(rbuf);
	EXPECT(device_read_inband(console, D_NOWAIT, 0, 16, rbuf, &count),
	       D_WOULD_BLOCK);
	EXPECT(device_read(console, D_NOWAIT, 0, 16, &data, &count),
	       D_WOULD_BLOCK);

	count = DEV_STATUS_MAX;
	EXPECT(device_get_status(console, DEV_GET_SIZE, status, &count),
	       D_SUCCESS);
	CHECK_EQ(count, DEV_GET_SIZE_COUNT);
	CHECK_EQ(status[DEV_GET_SIZE_RECORD_SIZE], 1);
	EXPECT(device_set_status(console, DEV_GET_SIZE, status, 1),
	       D_INVALID_OPERATION);

	EXPECT(device_open_new(master, D_WRITE, "console", &again), D_SUCCESS);
	CHECK_EQ(again, console); /* one port per device */
	EXPECT(device_close(again), D_SUCCESS);
	EXPECT(device_close(console), D_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), console), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), again), KERN_SUCCESS);
	printf("device-ops: console ok\n");
}

static void check_time(mach_port_t master)
{
	mach_port_t time_dev, pager = MACH_PORT_NULL;

	EXPECT(device_open(master, D_READ, "time", &time_dev), D_SUCCESS);
	/* The mapped time page: bootstrap/tests/vm/vm-time.c maps it. */
	EXPECT(device_map(time_dev, VM_PROT_READ, 0, 4096, &pager, 0),
	       D_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), pager), KERN_SUCCESS);
	EXPECT(device_close(time_dev), D_SUCCESS);
	printf("device-ops: time ok\n");
}

static void check_errors(mach_port_t master)
{
	mach_port_t dev = MACH_PORT_NULL;
	io_buf_ptr_inband_t buf = "x";
	int written;

	EXPECT(device_open(master, D_READ, "nonesuch", &dev), D_NO_SUCH_DEVICE);
	EXPECT(device_open(master, D_READ, "", &dev), D_NO_SUCH_DEVICE);
	/* The task port is no master port. */
	EXPECT(device_open(mach_task_self(), D_READ, "console", &dev),
	       D_INVALID_OPERATION);
	/* The master port is no device. */
	EXPECT(device_write_inband(master, 0, 0, buf, 1, &written),
	       D_INVALID_OPERATION);
	EXPECT(device_close(master), D_INVALID_OPERATION);
	printf("device-ops: errors ok\n");
}

/* True if data[0, n) contains word. */
static int contains(const char *data, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i + w <= n; i++)
		if (memcmp(data + i, word, w) == 0)
			return 1;
	return 0;
}

static void check_kmsg(mach_port_t master)
{
	static const char marker[] = "device-ops: a line for the kmsg log";
	mach_port_t kmsg;
	io_buf_ptr_inband_t rbuf;
	io_buf_ptr_t data;
	mach_msg_type_number_t count;
	size_t drained = 0;
	int written, found;
	io_return_t rc;

	EXPECT(device_open(master, D_READ, "kmsg", &kmsg), D_SUCCESS);
	/* What the kernel printed since boot (4 KiB at most), then empty. */
	for (int i = 0;; i++) {
		CHECK(i <= 4096 / 64 + 1);
		count = sizeof(rbuf);
		rc = device_read_inband(kmsg, D_NOWAIT, 0, 64, rbuf, &count);
		if (rc == D_WOULD_BLOCK)
			break;
		EXPECT(rc, D_SUCCESS);
		CHECK(count > 0 && count <= 64);
		drained += count;
	}
	CHECK(drained > 0);
	count = sizeof(rbuf);
	EXPECT(device_read_inband(kmsg, D_NOWAIT, 0, 64, rbuf, &count),
	       D_WOULD_BLOCK);
	EXPECT(device_read(kmsg, D_NOWAIT, 0, 64, &data, &count),
	       D_WOULD_BLOCK);
	/* A line this task prints (mach_print) is in the log. */
	printf("%s\n", marker);
	EXPECT(device_read(kmsg, 0, 0, 4096, &data, &count), D_SUCCESS);
	found = contains((const char *)data, count, marker);
	EXPECT(vm_deallocate(mach_task_self(), (vm_address_t)data, count),
	       KERN_SUCCESS);
	CHECK(found);
	EXPECT(device_write_inband(kmsg, 0, 0, rbuf, 1, &written),
	       D_INVALID_OPERATION);
	EXPECT(device_close(kmsg), D_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), kmsg), KERN_SUCCESS);
	printf("device-ops: kmsg ok (%u bytes from boot)\n", (unsigned)drained);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t master = test_device_master();

	CHECK(master != MACH_PORT_NULL);
	check_console(master);
	check_time(master);
	check_kmsg(master);
	check_errors(master);
	TEST_SUCCESS();
}
