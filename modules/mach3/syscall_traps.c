/*
 * modules/mach3/syscall_traps.c - the syscall_* traps (see
 * modules/mach3/syscall_traps.h): name translation in the caller's space,
 * then the RPC's own S_* function under the kernel lock.
 *
 * Port arguments other than the target (vm_map's memory object,
 * task_set_special_port's port, mach_port_insert_right's right) are
 * taken from the caller's space as the message path would take them:
 * a copy of a send right (the insert_right disposition for that one);
 * MACH_PORT_NULL and MACH_PORT_DEAD pass as the null and dead port. A
 * name that does not hold the right answers the copyin's code
 * (KERN_INVALID_NAME, KERN_INVALID_RIGHT).
 *
 * Lock order: user memory is read and written outside the kernel lock;
 * the S_* functions and the translations run inside it, as in the RPC.
 */
#include <ipc/mig_kernel.h>
#include <base/arch.h>
#include <base/lock.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/port.h>
#include <ipc/right.h>
#include <ipc/space.h>
#include <modules/gen/machServer.h>
#include <modules/gen/mach_hostServer.h>
#include <ipc/mach_port.h>
#include <modules/mach3/syscall_traps.h>
#include <kern/syscall.h>

/* The port name denotes as a send right in the caller's space, or NULL
 * (no such name, no send right, dead). Lock held; no reference. */
static struct port *send_right_port(mach_port_name_t name)
{
	struct ipc_space *space = current_task()->space;
	struct ipc_entry *entry;

	if (!MACH_PORT_VALID(name) || space == NULL || !space->active)
		return NULL;
	entry = ipc_space_lookup_checked(space, name);
	if (entry == NULL || !(entry->type & MACH_PORT_TYPE_SEND))
		return NULL;
	return entry->port;
}

/* The task a target name stands for, referenced, or NULL. Lock held. */
static task_t target_task(uint64_t name)
{
	return convert_port_to_task(send_right_port((mach_port_name_t)name));
}

/*
 * Take a right of disposition disp named name from the caller's space,
 * as a message would carry it: *port gets it (NULL / PORT_DEAD for the
 * null and dead names) and *type its carried type. Lock held.
 */
static kern_return_t take_right(uint64_t name, mach_msg_type_name_t disp,
				struct port **port, mach_msg_type_name_t *type)
{
	mach_port_name_t n = (mach_port_name_t)name;

	if (!MACH_PORT_VALID(n)) {
		*port = n == MACH_PORT_DEAD ? PORT_DEAD : NULL;
		*type = ipc_right_carried_type(disp);
		return KERN_SUCCESS;
	}
	return mach_port_extract_right(current_task()->space, n, disp, port,
				       type);
}

/* ---- Virtual memory -------------------------------------------------- */

/* Undo an allocation whose address could not be given back. */
static void vm_undo(task_t task, vm_address_t address, vm_size_t size)
{
	spl_t s = splhigh();
	(void)S_vm_deallocate(task, address, size);
	splx(s);
}

/*
 * vm_allocate and vm_map: the address at user pointer a[1] read, fn run
 * under the lock on the target task, the address written back (the new
 * region undone if it cannot be). MACH_SEND_INTERRUPTED if a[0] is not a
 * kernel task port.
 */
static uint64_t trap_vm_inout(const uint64_t *a,
			      kern_return_t (*fn)(task_t, vm_address_t *,
						  const uint64_t *))
{
	spl_t s = splhigh();
	task_t task = target_task(a[0]);
	splx(s);
	vm_address_t address;
	kern_return_t kr;

	if (task == NULL)
		return MACH_SEND_INTERRUPTED;
	if (copyin((const void *)a[1], &address, sizeof(address)) != 0) {
		kr = KERN_INVALID_ADDRESS;
		goto out;
	}
	s = splhigh();
	kr = fn(task, &address, a);
	splx(s);
	if (kr == KERN_SUCCESS &&
	    copyout(&address, (void *)a[1], sizeof(address)) != 0) {
		vm_undo(task, address, (vm_size_t)a[2]);
		kr = KERN_INVALID_ADDRESS;
	}
out:
	task_deallocate(task);
	return kr;
}

/* S_vm_allocate with the trap's arguments. Lock held. */
static kern_return_t vm_allocate_locked(task_t task, vm_address_t *address,
					const uint64_t *a)
{
	return S_vm_allocate(task, address, (vm_size_t)a[2], (boolean_t)a[3]);
}

uint64_t syscall_trap_vm_allocate(const uint64_t *a)
{
	return trap_vm_inout(a, vm_allocate_locked);
}

uint64_t syscall_trap_vm_deallocate(const uint64_t *a)
{
	spl_t s = splhigh();
	task_t task = target_task(a[0]);
	kern_return_t kr = MACH_SEND_INTERRUPTED;

	if (task != NULL)
		kr = S_vm_deallocate(task, (vm_address_t)a[1], (vm_size_t)a[2]);
	task_deallocate(task);
	splx(s);
	return kr;
}

/* S_vm_map with the memory object name a[5] taken from the caller's
 * space (a copied send right, released afterwards). Lock held. */
static kern_return_t vm_map_locked(task_t task, vm_address_t *address,
				   const uint64_t *a)
{
	struct port *object;
	mach_msg_type_name_t type;
	kern_return_t kr =
		take_right(a[5], MACH_MSG_TYPE_COPY_SEND, &object, &type);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = S_vm_map(task, address, (vm_size_t)a[2], (vm_address_t)a[3],
		      (boolean_t)a[4], object, (vm_offset_t)a[6],
		      (boolean_t)a[7], (vm_prot_t)a[8], (vm_prot_t)a[9],
		      (vm_inherit_t)a[10]);
	ipc_port_release_right(object, type);
	return kr;
}

uint64_t syscall_trap_vm_map(const uint64_t *a)
{
	return trap_vm_inout(a, vm_map_locked);
}

/* ---- Tasks ----------------------------------------------------------- */

/* Give the caller a send right to child (consumes the creation
 * reference) under *name. KERN_SUCCESS, or the child is ended. Lock
 * held. */
static kern_return_t child_name(task_t child, mach_port_name_t *name)
{
	struct port *port;
	kern_return_t kr;

	task_ref(child); /* for the termination on failure */
	port = convert_task_to_port(child);
	*name = MACH_PORT_NULL;
	kr = port == NULL
		     ? KERN_RESOURCE_SHORTAGE
		     : ipc_right_copyout(current_task()->space, port,
					 MACH_MSG_TYPE_PORT_SEND, true, name);
	if (kr != KERN_SUCCESS) {
		ipc_port_release_send(port);
		task_terminate(child);
	}
	task_unref(child);
	return kr;
}

/* The child could not be named to the caller: drop the name, end it. */
static void child_undo(mach_port_name_t name)
{
	spl_t s = splhigh();
	struct ipc_space *space = current_task()->space;
	struct ipc_entry *entry = ipc_space_lookup(space, name);
	task_t child = entry != NULL && (entry->type & MACH_PORT_TYPE_SEND)
			       ? convert_port_to_task(entry->port)
			       : NULL;

	(void)mach_port_deallocate(space, name);
	if (child != NULL)
		task_terminate(child);
	task_deallocate(child);
	splx(s);
}

uint64_t syscall_trap_task_create(const uint64_t *a)
{
	spl_t s = splhigh();
	task_t parent = target_task(a[0]), child = NULL;
	mach_port_name_t name = MACH_PORT_NULL;
	kern_return_t kr = MACH_SEND_INTERRUPTED;

	if (parent != NULL)
		kr = S_task_create(parent, (boolean_t)a[1], &child);
	if (kr == KERN_SUCCESS)
		kr = child_name(child, &name);
	splx(s);
	if (kr == KERN_SUCCESS &&
	    copyout(&name, (void *)a[2], sizeof(name)) != 0) {
		child_undo(name);
		kr = KERN_INVALID_ADDRESS;
	}
	s = splhigh();
	task_deallocate(parent);
	splx(s);
	return kr;
}

/* fn on the task a[0] names (the two one-argument task traps). */
static uint64_t task_call(const uint64_t *a, kern_return_t (*fn)(task_t))
{
	spl_t s = splhigh();
	task_t task = target_task(a[0]);
	kern_return_t kr = task != NULL ? fn(task) : MACH_SEND_INTERRUPTED;

	task_deallocate(task);
	splx(s);
	return kr;
}

uint64_t syscall_trap_task_terminate(const uint64_t *a)
{
	return task_call(a, S_task_terminate);
}

uint64_t syscall_trap_task_suspend(const uint64_t *a)
{
	return task_call(a, S_task_suspend);
}

uint64_t syscall_trap_task_set_special_port(const uint64_t *a)
{
	spl_t s = splhigh();
	task_t task = target_task(a[0]);
	struct port *port;
	mach_msg_type_name_t type;
	kern_return_t kr = MACH_SEND_INTERRUPTED;

	if (task != NULL)
		kr = take_right(a[2], MACH_MSG_TYPE_COPY_SEND, &port, &type);
	if (task != NULL && kr == KERN_SUCCESS) {
		kr = S_task_set_special_port(task, (int)a[1], port);
		if (kr != KERN_SUCCESS)
			ipc_port_release_right(port, type);
	}
	task_deallocate(task);
	splx(s);
	return kr;
}

/* ---- Ports ----------------------------------------------------------- */

/* The target task's name space, referenced, or NULL. Lock held. */
static ipc_space_t target_space(uint64_t name)
{
	return convert_port_to_space(send_right_port((mach_port_name_t)name));
}

uint64_t syscall_trap_mach_port_allocate(const uint64_t *a)
{
	spl_t s = splhigh();
	ipc_space_t space = target_space(a[0]);
	splx(s);
	mach_port_name_t name = MACH_PORT_NULL;
	kern_return_t kr;

	if (space == NULL)
		return MACH_SEND_INTERRUPTED;
	kr = mach_port_allocate(space, (mach_port_right_t)a[1], &name);
	if (kr == KERN_SUCCESS &&
	    copyout(&name, (void *)a[2], sizeof(name)) != 0) {
		(void)mach_port_destroy(space, name);
		kr = KERN_INVALID_ADDRESS;
	}
	s = splhigh();
	space_deallocate(space);
	splx(s);
	return kr;
}

uint64_t syscall_trap_mach_port_deallocate(const uint64_t *a)
{
	spl_t s = splhigh();
	ipc_space_t space = target_space(a[0]);
	kern_return_t kr = MACH_SEND_INTERRUPTED;

	if (space != NULL)
		kr = mach_port_deallocate(space, (mach_port_name_t)a[1]);
	space_deallocate(space);
	splx(s);
	return kr;
}

uint64_t syscall_trap_mach_port_allocate_name(const uint64_t *a)
{
	spl_t s = splhigh();
	ipc_space_t space = target_space(a[0]);
	kern_return_t kr = MACH_SEND_INTERRUPTED;

	if (space != NULL)
		kr = mach_port_allocate_name(space, (mach_port_right_t)a[1],
					     (mach_port_name_t)a[2]);
	space_deallocate(space);
	splx(s);
	return kr;
}

/*
 * mach_port_insert_right(task, name, poly, disposition): poly is taken
 * from the caller's space with the disposition, then inserted. A
 * disposition that is not a port disposition goes to the RPC, whose
 * message check answers it.
 */
uint64_t syscall_trap_mach_port_insert_right(const uint64_t *a)
{
	mach_msg_type_name_t disp = (mach_msg_type_name_t)a[3], type;
	spl_t s = splhigh();
	ipc_space_t space = target_space(a[0]);
	struct port *poly;
	kern_return_t kr = MACH_SEND_INTERRUPTED;

	if (space != NULL && MACH_MSG_TYPE_PORT_ANY(disp))
		kr = take_right(a[2], disp, &poly, &type);
	if (kr == KERN_SUCCESS) {
		kr = mach_port_insert_right(space, (mach_port_name_t)a[1], poly,
					    type);
		if (kr != KERN_SUCCESS)
			ipc_port_release_right(poly, type);
	}
	space_deallocate(space);
	splx(s);
	return kr;
}

/* ---- Threads --------------------------------------------------------- */

uint64_t syscall_trap_thread_depress_abort(const uint64_t *a)
{
	spl_t s = splhigh();
	thread_t thread =
		convert_port_to_thread(send_right_port((mach_port_name_t)a[0]));
	kern_return_t kr = MACH_SEND_INTERRUPTED;

	if (thread != NULL)
		kr = S_thread_depress_abort(thread);
	thread_deallocate(thread);
	splx(s);
	return kr;
}

/* The trap numbers (ABI sheet §2.2), joined to kern/syscall.c's table at
 * boot. */
SYSCALL_TRAP(64, syscall_trap_vm_map, 11);
SYSCALL_TRAP(65, syscall_trap_vm_allocate, 4);
SYSCALL_TRAP(66, syscall_trap_vm_deallocate, 3);
SYSCALL_TRAP(68, syscall_trap_task_create, 3);
SYSCALL_TRAP(69, syscall_trap_task_terminate, 1);
SYSCALL_TRAP(70, syscall_trap_task_suspend, 1);
SYSCALL_TRAP(71, syscall_trap_task_set_special_port, 3);
SYSCALL_TRAP(72, syscall_trap_mach_port_allocate, 3);
SYSCALL_TRAP(73, syscall_trap_mach_port_deallocate, 2);
SYSCALL_TRAP(74, syscall_trap_mach_port_insert_right, 4);
SYSCALL_TRAP(75, syscall_trap_mach_port_allocate_name, 3);
SYSCALL_TRAP(76, syscall_trap_thread_depress_abort, 1);
