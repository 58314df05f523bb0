/*
 * modules/mach3/mach_i386_server.c - the mach_i386 subsystem (3800-3809):
 * the S_* functions the generated stubs (modules/gen/mach_i386Server.c)
 * call.
 *
 * Served: i386_get_xstate_size (3809), the size of the i386_XFLOAT_STATE
 * buffer thread_get_state fills (x86_64/thread_state.c: the 16-byte
 * header, the 512-byte FXSAVE image and the 64-byte XSAVE header).
 *
 * Not served: user LDT/GDT descriptors and I/O permission ports. A 64-bit
 * task runs on the kernel's flat segments and has no use for them; these
 * answer KERN_FAILURE (GNU Mach without the feature answers the same).
 *
 * Lock order: the stubs run with the kernel lock held.
 */
#include <ipc/mig_kernel.h>
#include <mach/machine/thread_status.h>
#include <modules/gen/mach_i386Server.h>

#define FXSAVE_BYTES	   512
#define XSAVE_HEADER_BYTES 64
#define XFLOAT_STATE_BYTES                                                     \
	(sizeof(struct i386_xfloat_state) + FXSAVE_BYTES + XSAVE_HEADER_BYTES)

_Static_assert(XFLOAT_STATE_BYTES == 592, "ABI: i386_XFLOAT_STATE bytes");

struct port *convert_port_to_io_perm(struct port *port)
{
	return NULL;
}

struct port *convert_io_perm_to_port(struct port *io_perm)
{
	return NULL;
}

void io_perm_deallocate(struct port *io_perm)
{
}

kern_return_t S_i386_get_xstate_size(host_t host, vm_size_t *size)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	*size = XFLOAT_STATE_BYTES;
	return KERN_SUCCESS;
}

kern_return_t S_i386_set_ldt(thread_t target_thread, int first_selector,
			     const_descriptor_list_t desc_list,
			     mach_msg_type_number_t desc_listCnt,
			     boolean_t desc_listSCopy)
{
	return target_thread == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}

kern_return_t S_i386_get_ldt(thread_t target_thread, int first_selector,
			     int selector_count, descriptor_list_t *desc_list,
			     mach_msg_type_number_t *desc_listCnt)
{
	return target_thread == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}

kern_return_t S_i386_io_perm_create(mach_port_t master_port, io_port_t from,
				    io_port_t to, io_perm_t *io_perm)
{
	return KERN_FAILURE;
}

kern_return_t S_i386_io_perm_modify(task_t target_task, io_perm_t io_perm,
				    boolean_t enable)
{
	return target_task == NULL || io_perm == NULL ? KERN_INVALID_ARGUMENT
						      : KERN_FAILURE;
}

kern_return_t S_i386_set_gdt(thread_t target_thread, int *selector,
			     descriptor_t desc)
{
	return target_thread == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}

kern_return_t S_i386_get_gdt(thread_t target_thread, int selector,
			     descriptor_t *desc)
{
	return target_thread == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
}
