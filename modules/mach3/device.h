/*
 * modules/mach3/device.h - the kernel's devices, as the device interface
 * (device.defs) sees them: device_t is a struct device *.
 *
 * A device is a static object that lives forever; its port (a KOBJ_DEVICE
 * kernel-object port, ipc/kobject.h) is made at its first open and kept,
 * so every open hands out send rights to the same port, and a send right
 * keeps working after device_close (GNU Mach behaves the same for devices
 * opened more than once). No references are counted.
 *
 * Included by the generated stubs (DEVICE_IMPORTS) after
 * ipc/mig_kernel.h, and by modules/mach3/device_server.c.
 */
#ifndef MODULES_MACH3_DEVICE_H
#define MODULES_MACH3_DEVICE_H

#include <ipc/mig_kernel.h>

#include <mach/machine/vm_types.h>

struct device;
typedef struct device *device_t;

/* The device of an active device port, or NULL. Kernel lock held. */
device_t dev_port_lookup(mach_port_t port);
/* A new send right to the device's port (NULL for no device). */
mach_port_t convert_device_to_port(device_t device);
/* Devices are not counted: nothing to drop. */
void device_deallocate(device_t device);

/* recnum_t (device_types.defs): the same 64 bits on both sides. */
static inline long_natural_t
convert_long_natural_from_user(rpc_long_natural_t n)
{
	return n;
}

#endif /* MODULES_MACH3_DEVICE_H */
