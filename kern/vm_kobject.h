/*
 * kern/vm_kobject.h - memory objects served by the kernel itself: device
 * pagers (device_map) and proxies (memory_object_create_proxy,
 * vm_region_create_proxy).
 *
 * Such a memory object is a kernel-object port (KOBJ_DEVICE_PAGER or
 * KOBJ_MEMORY_PROXY, ipc/kobject.h) whose kobject is a struct vm_kobject:
 * a window of a VM object, seen at offsets [offset, offset + size) of the
 * memory object, with a maximum protection. Nothing is paged: vm_map of
 * the port (kern/vm_user.c) maps the window's VM object directly, and the
 * fault path finds its pages as it finds any object's (the device pager's
 * object holds its pages resident and wired; a region proxy's object is
 * anonymous memory). Every vm_map through the port must stay inside the
 * window and ask no more than max_prot (current and maximum protection
 * alike), else KERN_INVALID_ARGUMENT / KERN_PROTECTION_FAILURE.
 *
 * A proxy of a kernel memory object (proxy of a proxy, of a device pager)
 * is flattened: it references the underlying VM object with the windows
 * composed and the protections intersected. A proxy of an external
 * memory object (a port whose receive right a pager holds) references the
 * pager's VM object (kern/memory_object.h), made at proxy creation.
 *
 * Links: vm_kobject->object strong (one reference, dropped when the port
 * goes); vm_kobject->port is the kernel's receive right (owned); the
 * port's kobject points back (weak: the port is destroyed before the
 * struct is freed). A mapping made through the port holds its own
 * object reference, so it outlives the port.
 *
 * Lifetime: the port is made with one send right for the caller; when its
 * last send right goes (no-senders, ipc/kobject.h), the port is destroyed
 * and the object reference dropped.
 *
 * The mapped time page (GNU Mach's "time" device): one wired page in a VM
 * object the kernel keeps for ever (one reference never dropped, so its
 * page is never paged out or freed), holding a mapped_time_value_t that
 * the clock rewrites on each tick (base/clock.h). The object is marked
 * shared (the kernel keeps writing it), so a copy-on-write copy of it is
 * a snapshot taken at once (vm_object_copy_now).
 *
 * Lock order: the kernel lock (splhigh) protects everything here; every
 * function takes it itself (callable with it held or not).
 */
#ifndef VM_VM_KOBJECT_H
#define VM_VM_KOBJECT_H

#include <stdbool.h>
#include <stdint.h>
#include <ipc/kobject_types.h>
#include <mach/boolean.h>
#include <mach/kern_return.h>

struct port;
struct vm_map;
struct vm_object;

struct vm_kobject {
	struct port *port;	  /* kernel receive right; NULL once gone */
	struct vm_object *object; /* strong */
	uint64_t object_offset;	  /* the window's start in object */
	uint64_t offset;	  /* the window's start in the memory object */
	uint64_t size;		  /* bytes, page multiple, > 0 */
	int max_prot;		  /* VM_PROT_* */
};

/* Boot, after ipc_kernel_init: no-senders hooks, and the time page
 * (which it hands to the clock, clock_map_time). */
void vm_kobject_init(void);

/*
 * A new kernel memory object port of type (KOBJ_DEVICE_PAGER or
 * KOBJ_MEMORY_PROXY) for [object_offset, object_offset + size) of object
 * (a reference consumed, also on failure), seen at offset, with max_prot.
 * Offsets and size are page multiples. *sendp gets a send right.
 * KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_kobject_create(enum kobject_type type,
				struct vm_object *object,
				uint64_t object_offset, uint64_t offset,
				uint64_t size, int max_prot,
				struct port **sendp);

/* The vm_kobject of an active kernel memory object port, or NULL. */
struct vm_kobject *vm_kobject_lookup(struct port *port);

/*
 * vm_map of a kernel memory object port (vm_kobject_lookup(port) !=
 * NULL): check that [*offset, *offset + size) lies in the window and
 * that cur_prot and max_prot are within its max_prot, then give the VM
 * object with a reference in *objp and *offset turned into an offset in
 * it. With *copy and a shared object (the time page, a region proxy's
 * memory), the object is a snapshot copy instead and *copy is cleared.
 * KERN_SUCCESS, KERN_INVALID_ARGUMENT (outside the window),
 * KERN_PROTECTION_FAILURE, KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_kobject_map_object(struct port *port, uint64_t *offset,
				    uint64_t size, int cur_prot, int max_prot,
				    boolean_t *copy, struct vm_object **objp);

/*
 * memory_object_create_proxy with one object: a proxy of [start, start +
 * len) of the memory object port (a send right the caller keeps: a
 * kernel memory object, or a pager's port) seen at offset, with at most
 * max_prot. *proxyp gets a send right. KERN_SUCCESS;
 * KERN_INVALID_ARGUMENT (bad protection, len 0, an offset or length not
 * a page multiple, a wrapping range, a window outside a kernel object's,
 * not a memory object port); KERN_PROTECTION_FAILURE (max_prot above a
 * kernel memory object's); KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_kobject_proxy_create(struct port *object, int max_prot,
				      uint64_t offset, uint64_t start,
				      uint64_t len, struct port **proxyp);

/*
 * vm_region_create_proxy: a proxy of the memory at [address, address +
 * len) (whole pages) of map, seen at offset 0, with at most max_prot and
 * the entry's maximum protection. The range must lie in one entry; its
 * memory is made shared (as for VM_INHERIT_SHARE), so writes through
 * either side are seen by the other. KERN_SUCCESS;
 * KERN_INVALID_ARGUMENT (bad protection, len 0, wrapping range, range
 * over several entries); KERN_INVALID_ADDRESS (address not mapped);
 * KERN_PROTECTION_FAILURE (max_prot above the entry's maximum);
 * KERN_RESOURCE_SHORTAGE.
 */
kern_return_t vm_kobject_region_proxy(struct vm_map *map, uintptr_t address,
				      uint64_t len, int max_prot,
				      struct port **proxyp);

/* The mapped time object (one page; no reference given). */
struct vm_object *vm_kobject_time_object(void);

/* Number of live kernel memory objects (leak checks). */
unsigned long vm_kobject_count(void);

#endif /* VM_VM_KOBJECT_H */
