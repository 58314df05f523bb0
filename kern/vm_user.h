/*
 * kern/vm_user.h - the kernel functions behind the vm_* RPCs.
 *
 * One function per routine of defs/mach/mach.defs (2021-2030, 2089,
 * 2099), mach_host.defs (vm_wire, 2636) and gnumach.defs (4200, 4207,
 * 4210, 4212, 4215, 4216), with the routine's name and argument list in
 * kernel types: a vm_task_t is the task's map (struct vm_map *, NULL when
 * the port was not a task: KERN_INVALID_ARGUMENT, or KERN_INVALID_TASK
 * where GNU Mach says so), a host_priv_t is the host (NULL: not the
 * privileged port), a plain mach_port_t is a referenced struct port *
 * (ipc/mig_kernel.h). The kernel server stubs (modules/mach3/) call
 * them after intran.
 *
 * Ranges: addresses are truncated and ends rounded to pages as GNU Mach
 * does; a range that wraps is KERN_INVALID_ARGUMENT; a size of 0 succeeds
 * and does nothing (vm_allocate returns address 0; vm_map refuses it).
 *
 * Out-of-line data (pointer_t): what the IPC internal format holds for an
 * OOL byte item (ipc/ool.h), a struct vm_map_copy *, cast to vm_offset_t.
 * A copy passed in (vm_write) stays the caller's (the stub discards it
 * after the call); a copy returned (vm_read, vm_pages_phys when the array
 * does not fit inline) belongs to the reply.
 *
 * Lock: callable with the kernel lock held or not; each takes it itself.
 */
#ifndef VM_VM_USER_H
#define VM_VM_USER_H

#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/machine/vm_types.h>
#include <mach/message.h>
#include <mach/vm_attributes.h>
#include <mach/vm_cache_statistics.h>
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>
#include <mach/vm_statistics.h>
#include <mach/vm_wire.h>

struct vm_map;
struct host;
struct port;
struct vm_object;

/* What vm_task_t translates to in the kernel. */
typedef struct vm_map *vm_map_t;

kern_return_t vm_allocate(vm_map_t map, vm_address_t *address, vm_size_t size,
			  boolean_t anywhere);
kern_return_t vm_deallocate(vm_map_t map, vm_address_t address, vm_size_t size);
kern_return_t vm_protect(vm_map_t map, vm_address_t address, vm_size_t size,
			 boolean_t set_maximum, vm_prot_t new_protection);
kern_return_t vm_inherit(vm_map_t map, vm_address_t address, vm_size_t size,
			 vm_inherit_t new_inheritance);
/* *data: a struct vm_map_copy * of the range (copy-on-write), *dataCnt
 * its size in bytes. */
kern_return_t vm_read(vm_map_t map, vm_address_t address, vm_size_t size,
		      vm_offset_t *data, mach_msg_type_number_t *dataCnt);
/* data: a struct vm_map_copy * (not consumed); address page aligned. */
kern_return_t vm_write(vm_map_t map, vm_address_t address, vm_offset_t data,
		       mach_msg_type_number_t dataCnt);
kern_return_t vm_copy(vm_map_t map, vm_address_t source_address, vm_size_t size,
		      vm_address_t dest_address);
/*
 * *object_name: a send right (for the caller) to the name port of the
 * region's VM object (KOBJ_MEMORY_OBJECT_NAME, made the first time, the
 * same for every region of the object while any send right to it lives,
 * destroyed with the object or with its last send right; it keeps the
 * object alive no more than a dead name would); NULL for a
 * region with no object yet (zero fill never touched).
 * KERN_RESOURCE_SHORTAGE when the port cannot be made.
 */
kern_return_t vm_region(vm_map_t map, vm_address_t *address, vm_size_t *size,
			vm_prot_t *protection, vm_prot_t *max_protection,
			vm_inherit_t *inheritance, boolean_t *is_shared,
			struct port **object_name, vm_offset_t *offset);
kern_return_t vm_statistics(vm_map_t map, vm_statistics_data_t *vm_stats);
/*
 * The object a name port (vm_region) names, with a reference for the
 * caller (vm_object_unref); NULL if port is not a live name port. Takes
 * the kernel lock.
 */
struct vm_object *vm_object_name_lookup(struct port *port);
/*
 * gnumach vm_object_sync: memory_object_lock_request on obj as the
 * kernel's own (memory_object_sync: should_return ? RETURN_DIRTY :
 * RETURN_NONE, should_flush, the lock unchanged, no reply, no injected
 * delay). The data_return messages are queued to the pager before the
 * call returns; that is all should_iosync can promise here (the kernel
 * does not wait for the pager to write them), so it changes nothing.
 * An object without pager (anonymous memory): KERN_SUCCESS, nothing
 * done. obj NULL, offset not page aligned, offset + size wrapping:
 * KERN_INVALID_ARGUMENT (size need not be aligned: it reaches into the
 * last page). Takes the kernel lock.
 */
kern_return_t vm_object_sync(struct vm_object *obj, vm_offset_t offset,
			     vm_size_t size, boolean_t should_flush,
			     boolean_t should_return, boolean_t should_iosync);
kern_return_t vm_machine_attribute(vm_map_t map, vm_address_t address,
				   vm_size_t size,
				   vm_machine_attribute_t attribute,
				   vm_machine_attribute_val_t *value);
/*
 * memory_object: NULL or PORT_DEAD for anonymous zero-fill memory (the
 * offset is then ignored), else a send right
 * to a memory object (a referenced struct port *, not consumed: the
 * object takes its own reference) whose pager supplies the pages
 * (kern/memory_object.h). offset page aligned.
 */
kern_return_t vm_map(vm_map_t map, vm_address_t *address, vm_size_t size,
		     vm_address_t mask, boolean_t anywhere,
		     struct port *memory_object, vm_offset_t offset,
		     boolean_t copy, vm_prot_t cur_protection,
		     vm_prot_t max_protection, vm_inherit_t inheritance);

/* mach_host.defs. host: a host port (privileged or not). access
 * VM_PROT_NONE unwires (always allowed). Through the unprivileged port a
 * map may have at most 8 MiB wired once the call is done, as in GNU
 * Mach: KERN_NO_ACCESS beyond, nothing wired. */
kern_return_t vm_wire(struct port *host, vm_map_t map, vm_address_t address,
		      vm_size_t size, vm_prot_t access);

/* gnumach.defs. */
kern_return_t vm_cache_statistics(vm_map_t map,
				  vm_cache_statistics_data_t *vm_cache_stats);
kern_return_t vm_wire_all(struct port *host, vm_map_t map, vm_wire_t flags);
kern_return_t vm_allocate_contiguous(struct host *host_priv, vm_map_t map,
				     vm_address_t *vaddr,
				     rpc_phys_addr_t *paddr, vm_size_t size,
				     rpc_phys_addr_t pmin, rpc_phys_addr_t pmax,
				     rpc_phys_addr_t palign);
/*
 * *pages points to room for *pagesCnt entries (the reply's inline
 * array); when more are needed, *pages becomes a struct vm_map_copy *
 * (cast) holding them, the OOL form. Entry i: the physical address of
 * page i, or 0 when not resident.
 */
kern_return_t vm_pages_phys(struct host *host_priv, vm_map_t map,
			    vm_address_t vaddr, vm_size_t size,
			    rpc_phys_addr_t **pages,
			    mach_msg_type_number_t *pagesCnt);
/* host_port: any host port; only the privileged one may raise max. */
kern_return_t vm_set_size_limit(struct port *host_port, vm_map_t map,
				vm_size_t current_limit, vm_size_t max_limit);
kern_return_t vm_get_size_limit(vm_map_t map, vm_size_t *current_limit,
				vm_size_t *max_limit);

#endif /* VM_VM_USER_H */
