/*
 * The MIG runtime (ABI §5.4) for single-threaded tasks: the reply port is
 * cached in one variable. With threads it becomes per-thread state.
 *
 * Operations that need RPCs (destroying a receive right, vm_allocate when
 * the fast trap declines) call the MIG-generated user stubs if the program
 * links them; they are referenced weakly so libmach does not depend on them.
 */
#include <string.h>

#include <mach5/libmach.h>

extern kern_return_t mach_port_destroy(mach_port_t task, mach_port_name_t name)
	__attribute__((weak));
extern kern_return_t vm_allocate(mach_port_t task, vm_address_t *addr,
				 vm_size_t size, boolean_t anywhere)
	__attribute__((weak));
extern kern_return_t vm_deallocate(mach_port_t task, vm_address_t addr,
				   vm_size_t size) __attribute__((weak));

static mach_port_t reply_port = MACH_PORT_NULL;

/* Reset the runtime of the calling thread; `first` is unused. */
void mig_init(void *first)
{
	reply_port = MACH_PORT_NULL;
}

/* The reply port of the calling thread, created on first use and cached. */
mach_port_t mig_get_reply_port(void)
{
	if (reply_port == MACH_PORT_NULL)
		reply_port = mach_reply_port();
	return reply_port;
}

/* Give back a reply port after a successful RPC (it stays cached). */
void mig_put_reply_port(mach_port_t port)
{
}

/*
 * Destroy and forget a reply port after a failed RPC. The receive right is
 * destroyed when mach_port_destroy is linked in; otherwise it is only
 * forgotten (a leaked name, harmless in a test).
 *
 * The next reply port is made first: if the old right is already gone (a
 * program destroyed it), names being reused lowest-first, the new port may
 * get its name, and then there is nothing left to destroy. Destroying by
 * name then would destroy the new port, fail the RPC and recurse.
 */
void mig_dealloc_reply_port(mach_port_t port)
{
	if (port != reply_port)
		return;
	reply_port = mach_reply_port();
	if (reply_port != port && mach_port_destroy)
		mach_port_destroy(mach_task_self(), port);
}

/* Allocate `size` bytes anywhere in this task; *addr = 0 on failure. */
void mig_allocate(vm_address_t *addr, vm_size_t size)
{
	kern_return_t kr;

	*addr = 0;
	kr = syscall_vm_allocate(mach_task_self(), addr, size, TRUE);
	if (kr == MACH_SEND_INTERRUPTED && vm_allocate)
		kr = vm_allocate(mach_task_self(), addr, size, TRUE);
	if (kr != KERN_SUCCESS)
		*addr = 0;
}

/* Deallocate [addr, addr + size) in this task. */
void mig_deallocate(vm_address_t addr, vm_size_t size)
{
	kern_return_t kr;

	kr = syscall_vm_deallocate(mach_task_self(), addr, size);
	if (kr == MACH_SEND_INTERRUPTED && vm_deallocate)
		vm_deallocate(mach_task_self(), addr, size);
}

/*
 * Copy at most len - 1 characters of src and a NUL into dst (nothing if
 * len is 0). Returns the number of characters copied, NUL excluded.
 */
vm_size_t mig_strncpy(char *dst, const char *src, vm_size_t len)
{
	vm_size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return i;
}

/* Fill `reply` as the error-free mig_reply_header_t answer to `request`. */
void mig_reply_setup(const mach_msg_header_t *request, mach_msg_header_t *reply)
{
	mig_reply_header_t *r = (mig_reply_header_t *)reply;
	static const mach_msg_type_t retcode_type = {
		.msgt_name = MACH_MSG_TYPE_INTEGER_32,
		.msgt_size = 32,
		.msgt_number = 1,
		.msgt_inline = 1,
	};

	memset(r, 0, sizeof(*r));
	r->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(request->msgh_bits), 0);
	r->Head.msgh_size = sizeof(*r);
	r->Head.msgh_remote_port = request->msgh_remote_port;
	r->Head.msgh_local_port = MACH_PORT_NULL;
	r->Head.msgh_id = request->msgh_id + 100;
	r->RetCodeType = retcode_type;
	r->RetCode = KERN_SUCCESS;
}
