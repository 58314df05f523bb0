/*
 * kern/memory_object.h - VM objects backed by external pagers: the kernel
 * as client of memory_object.defs (ABI sheet §6, 2200...) and server of
 * the control-port routines of mach.defs (2039-2095).
 *
 * vm_map of a memory object port gives an object with a pager
 * (memory_object_vm_object; one object per pager port). The first fault
 * on a page the object lacks sends memory_object_init (once: a new
 * control port, KOBJ_MEMORY_OBJECT_CONTROL, whose kobject is the VM
 * object, and the page size), then memory_object_data_request. The page
 * sits in the object marked VM_PAGE_BUSY meanwhile and the faulting
 * threads wait on the pager's queue until the pager answers on the
 * control port:
 *
 *   data_supply        the bytes (pages past the data are zero-filled)
 *   data_unavailable   zero fill
 *   data_error         VM_PAGE_ERROR: the next fault there fails with
 *                      KERN_MEMORY_ERROR (and asks again after it)
 *
 * A pager whose port dies (or that calls memory_object_destroy) makes
 * every waiting and later fault on a missing page fail with
 * KERN_MEMORY_ERROR. When the object's last reference goes, the pager
 * gets memory_object_terminate and the control port is destroyed.
 *
 * Page state kept for the pager (vm_page.flags, see vm_page.h):
 *   dirty      neither VM_PAGE_CLEAN nor VM_PAGE_PRECIOUS_CLEAN: mapped
 *              writable or written by the kernel since the pager had it;
 *   precious   VM_PAGE_PRECIOUS: returned even unmodified when it leaves;
 *   lock       VM_PROT_* the pager forbids (data_supply's lock_value, then
 *              lock_request's); a fault needing one of them sends
 *              memory_object_data_unlock (once per right) and waits for a
 *              lock_request that lowers it, or data_error (the fault fails
 *              with KERN_MEMORY_ERROR); mappings never carry locked rights.
 *
 * memory_object_lock_request, on each resident page of the range that is
 * not busy: return it (data_return) if should_return asks (NONE, DIRTY:
 * dirty pages, and precious ones that are flushed, ALL: dirty and
 * precious, 3 "anything": every page); flush it (out of every pmap and
 * out of the object; wired pages are cleaned instead); else, if returned,
 * clean it (write-protected everywhere, marked clean, kernel_copy TRUE);
 * then set the lock (VM_PROT_NO_CHANGE: keep it). Mappings are found by
 * walking every map for entries whose object is the object or shadows it
 * (copy-on-write children map its pages read-only), checking with
 * pmap_extract that the frame is the page's. Then lock_completed, when a
 * reply port is given.
 *
 * Links: object->pager is owned by the object (strong); pager->object is
 * a back pointer (weak); the control port's kobject is the object
 * (weak: the port is destroyed before the object is freed);
 * pager->port is a send right the pager holds.
 *
 * State of a pager: created (no init sent) -> initialized (init sent)
 * -> [ready (memory_object_ready / change_attributes)] -> dead (port
 * died, destroyed) -> terminated (object gone).
 *
 * Lock order: the kernel lock (splhigh) protects everything here;
 * messages are delivered under it (ipc_kmsg_deliver never blocks).
 */
#ifndef VM_MEMORY_OBJECT_H
#define VM_MEMORY_OBJECT_H

#include <stdbool.h>
#include <stdint.h>
#include <base/list.h>
#include <base/waitq.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/vm_prot.h>
#include <base/vm_page.h>
#include <vm/vm_pager.h>

struct port;
struct vm_object;
struct vm_page;
struct vm_map_copy;

/*
 * The VM object standing for the memory object pager (a send right the
 * caller keeps; the object takes its own), created on first use and at
 * least size bytes large: one reference for the caller in *objp.
 * KERN_SUCCESS, KERN_INVALID_ARGUMENT (not a live port, or a kernel
 * object port), KERN_RESOURCE_SHORTAGE. Lock: any.
 */
kern_return_t memory_object_vm_object(struct port *pager, uint64_t size,
				      struct vm_object **objp);

/*
 * The fault path met obj (which has a pager) lacking a usable page at
 * offset: page is what obj holds there (NULL, busy, in error, or locked
 * against access: vm_page_needs_pager). Asks the pager for a missing page
 * (data_request) or a locked one (data_unlock) and waits. Returns
 * KERN_SUCCESS when the fault should look again, KERN_MEMORY_ERROR
 * (pager error or dead pager), KERN_RESOURCE_SHORTAGE, or KERN_ABORTED
 * (the wait was interrupted). Kernel lock held; may block. Reached
 * through obj->pager->ops->fault (vm_fault.c does not link this file).
 */
kern_return_t memory_object_fault(struct vm_object *obj, uint64_t offset,
				  struct vm_page *page, int access);

/* ---- The control-port routines of mach.defs (2039...2095) ------------
 * obj: the control port's object (NULL when the port is not a live
 * control port: KERN_INVALID_ARGUMENT). A reply_to right (reply_type its
 * carried type) is consumed on KERN_SUCCESS. Kernel lock held. */

kern_return_t memory_object_control_data_supply(
	struct vm_object *obj, uint64_t offset, struct vm_map_copy *data,
	uint64_t size, int lock_value, bool precious, struct port *reply_to,
	mach_msg_type_name_t reply_type);
kern_return_t memory_object_control_data_unavailable(struct vm_object *obj,
						     uint64_t offset,
						     uint64_t size);
kern_return_t memory_object_control_data_error(struct vm_object *obj,
					       uint64_t offset, uint64_t size,
					       kern_return_t error);
kern_return_t memory_object_control_ready(struct vm_object *obj, bool may_cache,
					  int copy_strategy);
kern_return_t memory_object_control_change_attributes(
	struct vm_object *obj, bool may_cache, int copy_strategy,
	struct port *reply_to, mach_msg_type_name_t reply_type);
kern_return_t memory_object_control_get_attributes(struct vm_object *obj,
						   bool *ready, bool *may_cache,
						   int *copy_strategy);
kern_return_t memory_object_control_lock_request(
	struct vm_object *obj, uint64_t offset, uint64_t size,
	int should_return, bool should_flush, int lock_value,
	struct port *reply_to, mach_msg_type_name_t reply_type);
kern_return_t memory_object_control_destroy(struct vm_object *obj,
					    kern_return_t reason);

/*
 * vm_object_sync (gnumach.defs, kern/vm_user.h): what lock_request does
 * with should_return ? RETURN_DIRTY : RETURN_NONE, should_flush and the
 * lock unchanged, as the kernel's own request: no lock_completed, and
 * the injected reply delay is left for the pager's replies. The
 * data_return messages are queued before it returns. obj without pager:
 * KERN_SUCCESS, nothing to do. obj NULL, offset unaligned, range
 * wrapping: KERN_INVALID_ARGUMENT. Kernel lock held.
 */
kern_return_t memory_object_sync(struct vm_object *obj, uint64_t offset,
				 uint64_t size, bool should_flush,
				 bool should_return);

/* ---- Pageout (kern/vm_pageout.c) --------------------------------------- */

/*
 * Give the anonymous object obj (no pager, no shadow) a pager from the
 * default memory manager dm (a send right the caller keeps): a new port
 * whose receive right goes to dm with memory_object_create (which stands
 * for memory_object_init: the object is initialized and ready). Absent
 * pages are then asked of it (it answers data_unavailable for pages it
 * never got). KERN_SUCCESS, KERN_INVALID_ARGUMENT, KERN_RESOURCE_SHORTAGE
 * (dm dead, or memory short). Kernel lock held.
 */
kern_return_t memory_object_default_create(struct vm_object *obj,
					   struct port *dm);

/*
 * Send page (resident, not busy, not wired, mapped nowhere) to its
 * object's pager: memory_object_data_initialize for a default-pager page
 * the pager never supplied, else memory_object_data_return (dirty TRUE
 * unless the page is precious and unmodified, kernel_copy FALSE). The
 * frame moves, uncopied, into the message's out-of-line copy (it is freed
 * when the pager deallocates it); the object no longer has it, so a later
 * fault asks the pager. KERN_SUCCESS; KERN_FAILURE (pager dead) or
 * KERN_RESOURCE_SHORTAGE: the page stays. Kernel lock held.
 */
kern_return_t memory_object_page_return(struct vm_page *page);

/*
 * Fault injection (modules/test, MACH5_TEST_INJECT_PAGER_DELAY): when
 * non-zero, the next pager reply processed (data_supply, data_unavailable,
 * data_error, lock_request) first waits this many milliseconds in the
 * pager's thread, then takes effect; it is reset to 0. Kernel lock held.
 */
extern unsigned long memory_object_reply_delay_ms;

/* The object of a live control port, with a reference; or NULL. */
struct vm_object *memory_object_control_lookup(struct port *control);

/* Number of live pagers (leak checks). */
unsigned long memory_object_count(void);

#endif /* VM_MEMORY_OBJECT_H */
