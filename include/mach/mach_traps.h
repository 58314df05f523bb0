/*
 * <mach/mach_traps.h> - user prototypes of the Mach traps
 * (../shared/abi/x86_64.md §2.2). mach_msg_trap is in <mach/message.h>.
 * The kernel implements these with its own signatures: not declared there.
 */
#ifndef _MACH_MACH_TRAPS_H_
#define _MACH_MACH_TRAPS_H_

#include <mach/std_types.h>
#include <mach/message.h>
#include <mach/machine/vm_types.h>
#include <mach/vm_prot.h>
#include <mach/vm_inherit.h>

#ifndef KERNEL

/* Port names for the caller: each adds a user reference (reply port: a
   new receive right). */
extern mach_port_name_t mach_reply_port(void);
extern mach_port_name_t mach_thread_self(void);
extern mach_port_name_t mach_task_self(void);
extern mach_port_name_t mach_host_self(void);

/* Print a NUL-terminated string on the kernel console. */
extern void mach_print(const char *s);

/* Yield; TRUE if other threads were runnable. */
extern boolean_t swtch(void);
extern boolean_t swtch_pri(int pri);
extern kern_return_t thread_switch(mach_port_name_t thread_name, int option,
				   mach_msg_timeout_t option_time);

extern kern_return_t evc_wait(natural_t event);
extern kern_return_t evc_wait_clear(natural_t event);

/* Fast paths of the equivalent RPCs; MACH_SEND_INTERRUPTED means "use the
   RPC instead". */
extern kern_return_t
syscall_vm_map(mach_port_name_t target_task, vm_address_t *address,
	       vm_size_t size, vm_address_t mask, boolean_t anywhere,
	       mach_port_name_t memory_object, vm_offset_t offset,
	       boolean_t copy, vm_prot_t cur_protection,
	       vm_prot_t max_protection, vm_inherit_t inheritance);
extern kern_return_t syscall_vm_allocate(mach_port_name_t target_task,
					 vm_address_t *address, vm_size_t size,
					 boolean_t anywhere);
extern kern_return_t syscall_vm_deallocate(mach_port_name_t target_task,
					   vm_address_t start, vm_size_t size);
extern kern_return_t syscall_task_create(mach_port_name_t parent_task,
					 boolean_t inherit_memory,
					 mach_port_name_t *child_task);
extern kern_return_t syscall_task_terminate(mach_port_name_t task);
extern kern_return_t syscall_task_suspend(mach_port_name_t task);
extern kern_return_t syscall_task_set_special_port(mach_port_name_t task,
						   int which_port,
						   mach_port_name_t port_name);
extern kern_return_t syscall_mach_port_allocate(mach_port_name_t task,
						mach_port_right_t right,
						mach_port_name_t *name);
extern kern_return_t syscall_mach_port_deallocate(mach_port_name_t task,
						  mach_port_name_t name);
extern kern_return_t
syscall_mach_port_insert_right(mach_port_name_t task, mach_port_name_t name,
			       mach_port_name_t right,
			       mach_msg_type_name_t rightType);
extern kern_return_t syscall_mach_port_allocate_name(mach_port_name_t task,
						     mach_port_right_t right,
						     mach_port_name_t name);
extern kern_return_t syscall_thread_depress_abort(mach_port_name_t thread);

/* Load the calling thread's state (flavor 1 does not return). */
extern kern_return_t thread_set_self_state(int flavor, natural_t *state,
					   natural_t count);

#endif /* !KERNEL */

#endif /* _MACH_MACH_TRAPS_H_ */
