/*
 * modules/mach3/device_server.c - the device subsystem (2800-2814) on the
 * device master port and device ports: the ds_* functions the generated
 * stubs (modules/gen/deviceServer.c) call, and the kernel's devices.
 *
 * Devices (opened by name with device_open or device_open_new):
 *
 *	console   writes go to the kernel console (the serial line with
 *	          console=comN); reads answer D_WOULD_BLOCK, because the
 *	          kernel has no console input path yet; DEV_GET_SIZE gives
 *	          size 0, record size 1.
 *	time      the mapped time page of GNU Mach (a mapped_time_value_t
 *	          the clock rewrites on each tick, base/clock.h): device_map
 *	          with offset 0, size at most one page and prot VM_PROT_READ
 *	          (or READ|EXECUTE, or NONE) gives a device pager (vm/
 *	          vm_kobject.h) whose maximum protection is prot; vm_map it
 *	          read-only. Codes: write in prot D_READ_ONLY, bits outside
 *	          VM_PROT_ALL D_INVALID_OPERATION, offset not 0
 *D_INVALID_RECNUM, size 0 or past the page D_INVALID_SIZE. unmap is ignored.
 *	          Read and write are not supported.
 *	kmsg      the kernel's message log, as GNU Mach serves it: device_read
 *	          (or _inband) takes what the kernel printed and nobody read
 *	          yet (the last 4 KiB, base/debug.h kmsg_log_read); empty:
 *	          D_WOULD_BLOCK (GNU Mach waits without D_NOWAIT; here every
 *	          call is answered at once). Write, map: D_INVALID_OPERATION.
 *
 * Every other name is D_NO_SUCH_DEVICE; a request whose port is not the
 * master port (open) or a device port (the rest) is D_INVALID_OPERATION
 * (GNU Mach's answer to a bad master port), and an operation a device
 * does not have is D_INVALID_OPERATION too. Packet filters and interrupt
 * notifications (device_set_filter, device_intr_*) are not served. The
 * console cannot be mapped (D_INVALID_OPERATION).
 *
 * Every call is answered at once, with an ordinary reply, so the reply
 * port arguments are not needed.
 *
 * Lock order: the stubs run with the kernel lock held; device state is
 * covered by it.
 */
#include <ipc/mig_kernel.h>
#include <modules/mach3/device.h>
#include <device/device_types.h>
#include <base/arch.h>
#include <base/debug.h>
#include <kern/host.h>
#include <ipc/kobject_types.h>
#include <base/string.h>
#include <ipc/ipc_kernel.h>
#include <ipc/kobject.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <kern/vm_kobject.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <modules/gen/deviceServer.h>

/* What a device can do; a NULL operation is D_INVALID_OPERATION. */
struct device_ops {
	io_return_t (*write)(const char *buf, size_t len);
	/* Fill buf with at most *len bytes; *len the count read. */
	io_return_t (*read)(char *buf, size_t *len, dev_mode_t mode);
	io_return_t (*get_status)(dev_flavor_t flavor, dev_status_t status,
				  mach_msg_type_number_t *count);
	/* device_map: a send right to a memory object in *pager. */
	io_return_t (*map)(vm_prot_t prot, vm_offset_t offset, vm_size_t size,
			   struct port **pager);
};

struct device {
	const char *name;
	const struct device_ops *ops;
	struct port *port; /* KOBJ_DEVICE, made at first open, kept */
	unsigned int open_count;
};

/* Largest read answered (bytes_wanted is clipped to it). */
#define DEVICE_READ_MAX (64 * 1024)

/* ---- The console ------------------------------------------------------ */

static io_return_t console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		arch_console_putc((unsigned char)buf[i]);
	return D_SUCCESS;
}

static io_return_t console_read(char *buf, size_t *len, dev_mode_t mode)
{
	return D_WOULD_BLOCK; /* no input path yet */
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

/* What the kernel printed and nobody read yet (base/debug.h); empty:
 * D_WOULD_BLOCK, with or without D_NOWAIT (every call is answered at
 * once: a read never waits). */
static io_return_t kmsg_read(char *buf, size_t *len, dev_mode_t mode)
{
	(void)mode;
	*len = kmsg_log_read(buf, *len);
	return *len != 0 ? D_SUCCESS : D_WOULD_BLOCK;
}

static const struct device_ops kmsg_ops = {.read = kmsg_read};

static struct device devices[] = {
	{.name = "console", .ops = &console_ops},
	{.name = "time", .ops = &time_ops},
	{.name = "kmsg", .ops = &kmsg_ops},
};

#define NR_DEVICES (sizeof(devices) / sizeof(devices[0]))

/* ---- Translations (modules/mach3/device.h) ---------------------------- */

device_t dev_port_lookup(mach_port_t port)
{
	return ipc_kobject_port_object(port, KOBJ_DEVICE);
}

mach_port_t convert_device_to_port(device_t device)
{
	return device != NULL ? port_make_send(device->port) : NULL;
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
	if (device->open_count > 0)
		device->open_count--;
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

kern_return_t ds_device_read(device_t device, mach_port_t reply_port,
			     mach_msg_type_name_t reply_portPoly,
			     dev_mode_t mode, recnum_t recnum, int bytes_wanted,
			     io_buf_ptr_t *data,
			     mach_msg_type_number_t *dataCnt)
{
	size_t len = bytes_wanted < 0 ? 0 : (size_t)bytes_wanted, alloc;
	char *buf;
	io_return_t rc;

	if (device == NULL || device->ops->read == NULL)
		return D_INVALID_OPERATION;
	if (len > DEVICE_READ_MAX)
		len = DEVICE_READ_MAX;
	alloc = len;
	if (len == 0) {
		*data = NULL;
		*dataCnt = 0;
		return D_SUCCESS;
	}
	buf = ipc_ool_alloc(len);
	if (buf == NULL)
		return D_NO_MEMORY;
	rc = device->ops->read(buf, &len, mode);
	if (rc != D_SUCCESS || len == 0) {
		ipc_ool_free(buf, alloc);
		*data = NULL;
		*dataCnt = 0;
		return rc;
	}
	/* The copy keeps the whole buffer; the reply says how much counts. */
	*data = (io_buf_ptr_t)ipc_ool_buffer_copy(buf);
	*dataCnt = len;
	return D_SUCCESS;
}

kern_return_t ds_device_read_inband(device_t device, mach_port_t reply_port,
				    mach_msg_type_name_t reply_portPoly,
				    dev_mode_t mode, recnum_t recnum,
				    int bytes_wanted, io_buf_ptr_inband_t data,
				    mach_msg_type_number_t *dataCnt)
{
	size_t len = bytes_wanted < 0 ? 0 : (size_t)bytes_wanted;
	io_return_t rc;

	if (device == NULL || device->ops->read == NULL)
		return D_INVALID_OPERATION;
	if (len > IO_INBAND_MAX)
		len = IO_INBAND_MAX;
	rc = len == 0 ? D_SUCCESS : device->ops->read(data, &len, mode);
	*dataCnt = rc == D_SUCCESS ? len : 0;
	return rc;
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
