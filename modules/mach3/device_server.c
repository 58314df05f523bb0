/*
 * modules/mach3/device_server.c - the device subsystem (2800-2814) on the
 * device master port and device ports: the ds_* functions the generated
 * stubs (modules/gen/deviceServer.c) call, and the kernel's devices.
 *
 * Devices (opened by name with device_open or device_open_new):
 *
 *	console   writes go to the kernel console (the serial line with
 *	          console=comN); reads take the bytes received on it (the
 *	          receive interrupt, kern/arch.h arch_console_input_start,
 *	          started at the first open; 256 bytes are kept, later ones
 *	          dropped while nobody reads); DEV_GET_SIZE gives size 0,
 *	          record size 1.
 *	time      the mapped time page of GNU Mach (a mapped_time_value_t
 *	          the clock rewrites on each tick, kern/clock.h): device_map
 *	          with offset 0, size at most one page and prot VM_PROT_READ
 *	          (or READ|EXECUTE, or NONE) gives a device pager (vm/
 *	          vm_kobject.h) whose maximum protection is prot; vm_map it
 *	          read-only. Codes: write in prot D_READ_ONLY, bits outside
 *	          VM_PROT_ALL D_INVALID_OPERATION, offset not 0
 *	          D_INVALID_RECNUM, size 0 or past the page D_INVALID_SIZE.
 *	          unmap is ignored. Read and write are not supported.
 *	kmsg      the kernel's message log, as GNU Mach serves it: device_read
 *	          (or _inband) takes what the kernel printed and nobody read
 *	          yet (the last 4 KiB, base/debug.h kmsg_log_read). Write,
 *	          map: D_INVALID_OPERATION.
 *
 * Reads that wait (console, kmsg), as GNU Mach: with data ready a read
 * takes what is there (at most what was asked, 4 KiB at most); with none,
 * D_NOWAIT answers D_WOULD_BLOCK, and a read without it waits: the server
 * routine keeps the reply right and answers MIG_NO_REPLY, the read joins
 * its device's queue, and the reply is sent later by the device thread
 * through the KernelUser stubs of device_reply.defs
 * (modules/gen/device_replyUser.c). The thread (made at the first open
 * of such a device) is woken when data comes: a kernel printf
 * (kmsg_log_set_notify) or a byte received (the console's receive
 * interrupt); it answers the oldest read first, each with what is there.
 * A waiting read ends:
 *	- with data: D_SUCCESS;
 *	- when its device's last open is closed (device_close brings the
 *	  count to 0): D_DEVICE_DOWN, no data; a read that would wait on a
 *	  device nobody has open answers D_DEVICE_DOWN at once;
 *	- when its reply port dies: dropped at once (a kernel watch on the
 *	  port, ipc/port.h), nothing left behind.
 *
 * Every other name is D_NO_SUCH_DEVICE; a request whose port is not the
 * master port (open) or a device port (the rest) is D_INVALID_OPERATION
 * (GNU Mach's answer to a bad master port), and an operation a device
 * does not have is D_INVALID_OPERATION too. Packet filters and interrupt
 * notifications (device_set_filter, device_intr_*) are not served. The
 * console cannot be mapped (D_INVALID_OPERATION). Every call but a
 * waiting read is answered at once, with an ordinary reply.
 *
 * Lock order: the stubs run with the kernel lock held; device state (the
 * queues, the console's input) is covered by it.
 */
#include <ipc/mig_kernel.h>
#include <modules/mach3/device.h>
#include <device/device_types.h>
#include <base/arch.h>
#include <base/debug.h>
#include <kern/host.h>
#include <base/kmem.h>
#include <ipc/kobject_types.h>
#include <base/list.h>
#include <base/lock.h>
#include <base/string.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <ipc/ipc_kernel.h>
#include <ipc/kobject.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <kern/vm_kobject.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <modules/gen/deviceServer.h>
#include <modules/gen/device_replyUser.h>

/* What a device can do; a NULL operation is D_INVALID_OPERATION. */
struct device_ops {
	io_return_t (*write)(const char *buf, size_t len);
	/* Take at most len bytes of what is ready into buf; the count taken
	 * (0: nothing ready). Lock held; never blocks. */
	size_t (*read)(char *buf, size_t len);
	io_return_t (*get_status)(dev_flavor_t flavor, dev_status_t status,
				  mach_msg_type_number_t *count);
	/* device_map: a send right to a memory object in *pager. */
	io_return_t (*map)(vm_prot_t prot, vm_offset_t offset, vm_size_t size,
			   struct port **pager);
	/* At the first open (the device's port just made); 0 or a D_ code. */
	io_return_t (*first_open)(void);
};

struct device {
	const char *name;
	const struct device_ops *ops;
	struct port *port; /* KOBJ_DEVICE, made at first open, kept */
	unsigned int open_count;
	bool started;	     /* ops->first_open done */
	struct list waiting; /* struct device_wait, oldest first */
};

/* A read waiting for data (on dev->waiting). Owns its reply right. */
struct device_wait {
	struct list node;
	struct device *dev;
	struct port *reply;		 /* the reply right, of reply_type */
	mach_msg_type_name_t reply_type; /* carried type, 17 or 18 */
	bool inband;			 /* device_read_inband's reply */
	size_t wanted;			 /* 1 .. DEVICE_READ_MAX */
	struct ipc_dnreq watch;		 /* a kernel watch on reply */
};

/* Largest read answered (bytes_wanted is clipped to it): the kmsg log
 * holds 4 KiB, the console's input less. */
#define DEVICE_READ_MAX 4096

static const struct device_ops console_ops, time_ops, kmsg_ops;

enum { DEV_CONSOLE, DEV_TIME, DEV_KMSG, NR_DEVICES };

static struct device devices[NR_DEVICES] = {
	[DEV_CONSOLE] = {.name = "console",
			 .ops = &console_ops,
			 .waiting = LIST_INITIALIZER(
				 devices[DEV_CONSOLE].waiting)},
	[DEV_TIME] = {.name = "time",
		      .ops = &time_ops,
		      .waiting = LIST_INITIALIZER(devices[DEV_TIME].waiting)},
	[DEV_KMSG] = {.name = "kmsg",
		      .ops = &kmsg_ops,
		      .waiting = LIST_INITIALIZER(devices[DEV_KMSG].waiting)},
};

static int device_thread_start(void);
static void device_wake(struct device *dev);

/* ---- The console ------------------------------------------------------ */

/* Bytes received on the console and not read yet, oldest at
 * console_in_head. Under the lock. */
#define CONSOLE_IN_SIZE 256
static unsigned char console_in[CONSOLE_IN_SIZE];
static size_t console_in_head, console_in_len;

/* The receive interrupt's hook (interrupts off). A full buffer drops the
 * byte. */
static void console_input(int c)
{
	if (console_in_len == CONSOLE_IN_SIZE)
		return;
	console_in[(console_in_head + console_in_len) % CONSOLE_IN_SIZE] =
		(unsigned char)c;
	console_in_len++;
	device_wake(&devices[DEV_CONSOLE]);
}

static io_return_t console_first_open(void)
{
	if (device_thread_start() != 0)
		return D_NO_MEMORY;
	arch_console_input_start(console_input);
	return D_SUCCESS;
}

static io_return_t console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		arch_console_putc((unsigned char)buf[i]);
	return D_SUCCESS;
}

static size_t console_read(char *buf, size_t len)
{
	size_t n = len < console_in_len ? len : console_in_len;

	for (size_t i = 0; i < n; i++)
		buf[i] = (char)
			console_in[(console_in_head + i) % CONSOLE_IN_SIZE];
	console_in_head = (console_in_head + n) % CONSOLE_IN_SIZE;
	console_in_len -= n;
	return n;
}

static io_return_t console_get_status(dev_flavor_t flavor, dev_status_t status,
				      mach_msg_type_number_t *count)
{
	if (flavor != DEV_GET_SIZE)
		return D_INVALID_OPERATION;
	if (*count < DEV_GET_SIZE_COUNT)
		return D_INVALID_SIZE;
	status[DEV_GET_SIZE_DEVICE_SIZE] = 0;
	status[DEV_GET_SIZE_RECORD_SIZE] = 1;
	*count = DEV_GET_SIZE_COUNT;
	return D_SUCCESS;
}

static const struct device_ops console_ops = {
	.write = console_write,
	.read = console_read,
	.get_status = console_get_status,
	.first_open = console_first_open,
};

/* ---- The mapped time page -------------------------------------------- */

static io_return_t time_map(vm_prot_t prot, vm_offset_t offset, vm_size_t size,
			    struct port **pager)
{
	struct vm_object *obj = vm_kobject_time_object();

	if ((prot & ~VM_PROT_ALL) != 0)
		return D_INVALID_OPERATION;
	if ((prot & VM_PROT_WRITE) != 0)
		return D_READ_ONLY;
	if (offset != 0)
		return D_INVALID_RECNUM;
	if (size == 0 || size > PAGE_SIZE)
		return D_INVALID_SIZE;
	if (vm_kobject_create(KOBJ_DEVICE_PAGER, vm_object_ref(obj), 0, 0,
			      PAGE_SIZE, prot, pager) != KERN_SUCCESS)
		return D_NO_MEMORY;
	return D_SUCCESS;
}

static const struct device_ops time_ops = {.map = time_map};

/* ---- The kernel's message log ---------------------------------------- */

/* kmsg_log_set_notify's hook: any context, so only a wake-up. */
static void kmsg_logged(void)
{
	device_wake(&devices[DEV_KMSG]);
}

static io_return_t kmsg_first_open(void)
{
	if (device_thread_start() != 0)
		return D_NO_MEMORY;
	kmsg_log_set_notify(kmsg_logged);
	return D_SUCCESS;
}

static size_t kmsg_read(char *buf, size_t len)
{
	return kmsg_log_read(buf, len);
}

static const struct device_ops kmsg_ops = {
	.read = kmsg_read,
	.first_open = kmsg_first_open,
};

/* ---- Reads that wait -------------------------------------------------- */

static struct thread *device_thread;
static struct waitq device_wq;
static bool device_work; /* a device with waiting reads may have data */

/* Data may have come for dev: wake the device thread if a read waits
 * there. Any context. */
static void device_wake(struct device *dev)
{
	spl_t s = splhigh();

	if (!list_empty(&dev->waiting)) {
		device_work = true;
		waitq_wakeup_one(&device_wq, WAIT_AWAKENED);
	}
	splx(s);
}

/* Take w off its device and its reply port's watch; the caller then owns
 * w and its reply right. */
static void device_wait_unlink(struct device_wait *w)
{
	list_remove(&w->node);
	ipc_port_dnreq_remove(&w->watch);
}

/* The reply port of a waiting read died: drop the read (inside the
 * port's death, lock held). */
static void device_wait_reply_died(struct ipc_dnreq *watch)
{
	struct device_wait *w =
		(struct device_wait *)((char *)watch -
				       offsetof(struct device_wait, watch));

	list_remove(&w->node); /* the watch is off the port already */
	ipc_port_release_right(w->reply, w->reply_type);
	kfree(w, sizeof(*w));
}

/* Answer and free w (unlinked): rc with len bytes of buf (an
 * ipc_ool_alloc buffer of DEVICE_READ_MAX bytes for an out-of-line
 * reply, which the reply takes; NULL for none). */
static void device_wait_answer(struct device_wait *w, io_return_t rc, char *buf,
			       size_t len)
{
	struct port *reply = w->reply;
	mach_msg_type_name_t type = w->reply_type;

	if (w->inband) {
		io_buf_ptr_inband_t data;

		if (len > 0)
			memcpy(data, buf, len);
		ipc_ool_free(buf, DEVICE_READ_MAX);
		(void)ds_device_read_reply_inband(reply, type, rc, data, len);
	} else {
		if (len == 0) {
			ipc_ool_free(buf, DEVICE_READ_MAX);
			buf = NULL;
		}
		(void)ds_device_read_reply(
			reply, type, rc, (io_buf_ptr_t)ipc_ool_buffer_copy(buf),
			len);
	}
	kfree(w, sizeof(*w));
}

/* Answer the oldest waiting read of dev if data is ready; false if there
 * is none (or no memory for it). Lock held; may block (allocation). */
static bool device_serve_one(struct device *dev)
{
	struct device_wait *w;
	size_t len;
	char *buf;

	if (list_empty(&dev->waiting))
		return false;
	buf = ipc_ool_alloc(DEVICE_READ_MAX);
	if (buf == NULL)
		return false;
	if (list_empty(&dev->waiting)) { /* gone while allocating */
		ipc_ool_free(buf, DEVICE_READ_MAX);
		return false;
	}
	w = list_entry(list_first(&dev->waiting), struct device_wait, node);
	len = dev->ops->read(buf, w->wanted);
	if (len == 0) {
		ipc_ool_free(buf, DEVICE_READ_MAX);
		return false;
	}
	device_wait_unlink(w);
	device_wait_answer(w, D_SUCCESS, buf, len);
	return true;
}

/* The device thread: answer waiting reads as data comes. */
static noreturn void device_thread_main(void *arg)
{
	spl_t s = splhigh();

	(void)arg;
	(void)s;
	for (;;) {
		while (!device_work)
			(void)waitq_wait(&device_wq, WAITQ_FOREVER);
		device_work = false;
		for (size_t i = 0; i < NR_DEVICES; i++)
			while (device_serve_one(&devices[i]))
				;
	}
}

/* Make the device thread if there is none yet: 0, or -1 when memory is
 * short. Lock held. */
static int device_thread_start(void)
{
	if (device_thread != NULL)
		return 0;
	waitq_init(&device_wq);
	device_thread = thread_create(NULL, "device", device_thread_main, NULL,
				      PRIO_KERNEL, false);
	return device_thread != NULL ? 0 : -1;
}

/* Queue a read of wanted bytes (1 .. DEVICE_READ_MAX) on dev; reply (of
 * carried type reply_type) is kept on success (MIG_NO_REPLY). */
static kern_return_t device_wait_start(struct device *dev, struct port *reply,
				       mach_msg_type_name_t reply_type,
				       bool inband, size_t wanted)
{
	struct device_wait *w;

	if (dev->open_count == 0)
		return D_DEVICE_DOWN;
	if (!PORT_VALID(reply) || !reply->active)
		return D_WOULD_BLOCK; /* nobody would hear the answer */
	w = kalloc(sizeof(*w));
	if (w == NULL)
		return D_NO_MEMORY;
	w->dev = dev;
	w->reply = reply;
	w->reply_type = reply_type;
	w->inband = inband;
	w->wanted = wanted;
	w->watch.kernel_fn = device_wait_reply_died; /* space, notify NULL */
	ipc_port_dnreq_add(reply, &w->watch);
	list_insert_tail(&dev->waiting, &w->node);
	return MIG_NO_REPLY;
}

/* The last open was closed: every waiting read answers D_DEVICE_DOWN. */
static void device_wait_flush(struct device *dev)
{
	while (!list_empty(&dev->waiting)) {
		struct device_wait *w = list_entry(list_first(&dev->waiting),
						   struct device_wait, node);

		device_wait_unlink(w);
		device_wait_answer(w, D_DEVICE_DOWN, NULL, 0);
	}
}

/* ---- Translations (modules/mach3/device.h) ---------------------------- */

device_t dev_port_lookup(mach_port_t port)
{
	return ipc_kobject_port_object(port, KOBJ_DEVICE);
}

mach_port_t convert_device_to_port(device_t device)
{
	return device != NULL ? ipc_port_make_send(device->port) : NULL;
}

void device_deallocate(device_t device)
{
}

/* ---- Open and close --------------------------------------------------- */

static struct device *device_lookup(const char *name)
{
	for (size_t i = 0; i < NR_DEVICES; i++)
		if (strcmp(devices[i].name, name) == 0)
			return &devices[i];
	return NULL;
}

static kern_return_t device_open_common(mach_port_t master, const char *name,
					device_t *device)
{
	struct device *dev;

	if (master != device_master_port())
		return D_INVALID_OPERATION;
	dev = device_lookup(name);
	if (dev == NULL)
		return D_NO_SUCH_DEVICE;
	if (dev->port == NULL) {
		dev->port = ipc_kobject_port_alloc(KOBJ_DEVICE, dev);
		if (dev->port == NULL)
			return D_NO_MEMORY;
	}
	if (!dev->started && dev->ops->first_open != NULL &&
	    dev->ops->first_open() != D_SUCCESS)
		return D_NO_MEMORY;
	dev->started = true;
	dev->open_count++;
	*device = dev;
	return D_SUCCESS;
}

kern_return_t ds_device_open(mach_port_t master_port, mach_port_t reply_port,
			     mach_msg_type_name_t reply_portPoly,
			     dev_mode_t mode, const_dev_name_t name,
			     device_t *device, mach_msg_type_name_t *devicePoly)
{
	return device_open_common(master_port, name, device);
}

kern_return_t ds_device_open_new(mach_port_t master_port,
				 mach_port_t reply_port,
				 mach_msg_type_name_t reply_portPoly,
				 dev_mode_t mode, const_dev_name_t name,
				 device_t *device)
{
	return device_open_common(master_port, name, device);
}

kern_return_t ds_device_close(device_t device)
{
	if (device == NULL)
		return D_INVALID_OPERATION;
	if (device->open_count > 0 && --device->open_count == 0)
		device_wait_flush(device);
	return D_SUCCESS;
}

/* ---- Data ------------------------------------------------------------- */

/* Write an out-of-line buffer (a struct vm_map_copy *) in pieces. */
static io_return_t device_write_copy(struct device *dev,
				     struct vm_map_copy *copy, size_t len)
{
	char chunk[256];
	io_return_t rc = D_SUCCESS;

	for (size_t off = 0; off < len && rc == D_SUCCESS;) {
		size_t n =
			len - off < sizeof(chunk) ? len - off : sizeof(chunk);

		if (vm_map_copy_read(copy, off, chunk, n) != KERN_SUCCESS)
			return D_INVALID_SIZE;
		rc = dev->ops->write(chunk, n);
		off += n;
	}
	return rc;
}

kern_return_t ds_device_write(device_t device, mach_port_t reply_port,
			      mach_msg_type_name_t reply_portPoly,
			      dev_mode_t mode, recnum_t recnum,
			      io_buf_ptr_t data, mach_msg_type_number_t dataCnt,
			      int *bytes_written)
{
	io_return_t rc;

	if (device == NULL || device->ops->write == NULL)
		return D_INVALID_OPERATION;
	rc = dataCnt == 0
		     ? D_SUCCESS
		     : device_write_copy(device, (struct vm_map_copy *)data,
					 dataCnt);
	if (rc == D_SUCCESS)
		*bytes_written = (int)dataCnt;
	return rc;
}

kern_return_t ds_device_write_inband(device_t device, mach_port_t reply_port,
				     mach_msg_type_name_t reply_portPoly,
				     dev_mode_t mode, recnum_t recnum,
				     const io_buf_ptr_inband_t data,
				     mach_msg_type_number_t dataCnt,
				     int *bytes_written)
{
	io_return_t rc;

	if (device == NULL || device->ops->write == NULL)
		return D_INVALID_OPERATION;
	if (dataCnt > IO_INBAND_MAX)
		return D_INVALID_SIZE;
	rc = device->ops->write(data, dataCnt);
	if (rc == D_SUCCESS)
		*bytes_written = (int)dataCnt;
	return rc;
}

/* bytes_wanted clipped to 0 .. max. */
static size_t device_read_size(int bytes_wanted, size_t max)
{
	if (bytes_wanted < 0)
		return 0;
	return (size_t)bytes_wanted < max ? (size_t)bytes_wanted : max;
}

/* Reads are served in order: while reads wait, a new one takes no data
 * ahead of them. */
kern_return_t ds_device_read(device_t device, mach_port_t reply_port,
			     mach_msg_type_name_t reply_portPoly,
			     dev_mode_t mode, recnum_t recnum, int bytes_wanted,
			     io_buf_ptr_t *data,
			     mach_msg_type_number_t *dataCnt)
{
	size_t len = device_read_size(bytes_wanted, DEVICE_READ_MAX), n;
	char *buf;

	if (device == NULL || device->ops->read == NULL)
		return D_INVALID_OPERATION;
	*data = NULL;
	*dataCnt = 0;
	if (len == 0)
		return D_SUCCESS;
	buf = ipc_ool_alloc(len);
	if (buf == NULL)
		return D_NO_MEMORY;
	n = list_empty(&device->waiting) ? device->ops->read(buf, len) : 0;
	if (n > 0) {
		/* The copy keeps the whole buffer; the reply says how much
		 * counts. */
		*data = (io_buf_ptr_t)ipc_ool_buffer_copy(buf);
		*dataCnt = n;
		return D_SUCCESS;
	}
	ipc_ool_free(buf, len);
	if (mode & D_NOWAIT)
		return D_WOULD_BLOCK;
	return device_wait_start(device, reply_port, reply_portPoly, false,
				 len);
}

kern_return_t ds_device_read_inband(device_t device, mach_port_t reply_port,
				    mach_msg_type_name_t reply_portPoly,
				    dev_mode_t mode, recnum_t recnum,
				    int bytes_wanted, io_buf_ptr_inband_t data,
				    mach_msg_type_number_t *dataCnt)
{
	size_t len = device_read_size(bytes_wanted, IO_INBAND_MAX);

	if (device == NULL || device->ops->read == NULL)
		return D_INVALID_OPERATION;
	*dataCnt = 0;
	if (len == 0)
		return D_SUCCESS;
	if (list_empty(&device->waiting))
		*dataCnt = device->ops->read(data, len);
	if (*dataCnt > 0)
		return D_SUCCESS;
	if (mode & D_NOWAIT)
		return D_WOULD_BLOCK;
	return device_wait_start(device, reply_port, reply_portPoly, true, len);
}

/* ---- Mapping and status ----------------------------------------------- */

kern_return_t ds_device_map(device_t device, vm_prot_t prot, vm_offset_t offset,
			    vm_size_t size, mach_port_t *pager, int unmap)
{
	if (device == NULL || device->ops->map == NULL)
		return D_INVALID_OPERATION;
	return device->ops->map(prot, offset, size, pager);
}

kern_return_t ds_device_set_status(device_t device, dev_flavor_t flavor,
				   dev_status_t status,
				   mach_msg_type_number_t statusCnt)
{
	return D_INVALID_OPERATION;
}

kern_return_t ds_device_get_status(device_t device, dev_flavor_t flavor,
				   dev_status_t status,
				   mach_msg_type_number_t *statusCnt)
{
	if (device == NULL || device->ops->get_status == NULL)
		return D_INVALID_OPERATION;
	return device->ops->get_status(flavor, status, statusCnt);
}

kern_return_t ds_device_set_filter(device_t device, mach_port_t receive_port,
				   int priority, filter_array_t filter,
				   mach_msg_type_number_t filterCnt)
{
	return D_INVALID_OPERATION;
}

kern_return_t ds_device_intr_register(device_t device, int id, int flags,
				      mach_port_t receive_port)
{
	return D_INVALID_OPERATION;
}

kern_return_t ds_device_intr_ack(device_t device, mach_port_t receive_port)
{
	return D_INVALID_OPERATION;
}
