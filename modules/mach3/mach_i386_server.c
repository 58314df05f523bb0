/*
 * modules/mach3/mach_i386_server.c - the mach_i386 subsystem (3800-3809):
 * the S_* functions the generated stubs (modules/gen/mach_i386Server.c)
 * call.
 *
 * Served: i386_get_xstate_size (3809), the size of the i386_XFLOAT_STATE
 * buffer thread_get_state fills (x86_64/thread_state.c: the 16-byte
 * header, the 512-byte FXSAVE image and the 64-byte XSAVE header).
 *
 * User LDT and GDT descriptors (3803, 3804, 3807, 3808): the arch's
 * arch_set_ldt / arch_get_ldt / arch_set_gdt / arch_get_gdt (base/arch.h).
 * A port without user segments (x86_64: a 64-bit task runs on the
 * kernel's flat segments) keeps the weak defaults below, KERN_FAILURE (GNU
 * Mach without the feature answers the same); i386/ldt.c replaces them.
 *
 * Not served: I/O permission ports (KERN_FAILURE).
 *
 * Lock order: the stubs run with the kernel lock held.
 */
#include <base/arch.h>
#include <base/kmem.h>
#include <ipc/mig_kernel.h>
#include <mach/machine/thread_status.h>
#include <modules/gen/mach_i386Server.h>

#define FXSAVE_BYTES	   512
#define XSAVE_HEADER_BYTES 64
#define XFLOAT_STATE_BYTES                                                     \
	(sizeof(struct i386_xfloat_state) + FXSAVE_BYTES + XSAVE_HEADER_BYTES)

_Static_assert(XFLOAT_STATE_BYTES == 592, "ABI: i386_XFLOAT_STATE bytes");
_Static_assert(sizeof(struct descriptor) == 8, "ABI: struct descriptor");

/* An arch may replace these (a strong definition wins). */
#define ARCH_MAY_REPLACE __attribute__((weak))

ARCH_MAY_REPLACE int arch_set_ldt(struct thread *t, unsigned int first,
				  const uint64_t *desc, unsigned int count)
{
	return KERN_FAILURE;
}

ARCH_MAY_REPLACE int arch_get_ldt(struct thread *t, unsigned int first,
				  uint64_t *desc, unsigned int *count)
{
	return KERN_FAILURE;
}

ARCH_MAY_REPLACE int arch_set_gdt(struct thread *t, int *selector,
				  uint64_t desc)
{
	return KERN_FAILURE;
}

ARCH_MAY_REPLACE int arch_get_gdt(struct thread *t, int selector,
				  uint64_t *desc)
{
	return KERN_FAILURE;
}

static uint64_t desc_to_u64(const struct descriptor *d)
{
	return (uint64_t)d->high_word << 32 | d->low_word;
}

static void desc_from_u64(struct descriptor *d, uint64_t v)
{
	d->low_word = (uint32_t)v;
	d->high_word = (uint32_t)(v >> 32);
}

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

/* Selectors name LDT entries by index (bits 3-15); the list is at most
 * 8192 entries: the copy below is bounded by the caller's count. */
kern_return_t S_i386_set_ldt(thread_t target_thread, int first_selector,
			     const_descriptor_list_t desc_list,
			     mach_msg_type_number_t desc_listCnt,
			     boolean_t desc_listSCopy)
{
	uint64_t *v;
	kern_return_t kr;

	if (target_thread == NULL || first_selector < 0 || desc_listCnt > 8192)
		return KERN_INVALID_ARGUMENT;
	v = kalloc(desc_listCnt * sizeof(*v) + 1);
	if (v == NULL)
		return KERN_RESOURCE_SHORTAGE;
	for (mach_msg_type_number_t i = 0; i < desc_listCnt; i++)
		v[i] = desc_to_u64(&desc_list[i]);
	kr = arch_set_ldt(target_thread, (unsigned int)first_selector >> 3, v,
			  desc_listCnt);
	kfree(v, desc_listCnt * sizeof(*v) + 1);
	return kr;
}

/* At most *desc_listCnt (the inline room, 256) entries are returned. */
kern_return_t S_i386_get_ldt(thread_t target_thread, int first_selector,
			     int selector_count, descriptor_list_t *desc_list,
			     mach_msg_type_number_t *desc_listCnt)
{
	uint64_t v[256];
	unsigned int n;
	kern_return_t kr;

	if (target_thread == NULL || first_selector < 0 || selector_count < 0)
		return KERN_INVALID_ARGUMENT;
	n = (unsigned int)selector_count < *desc_listCnt
		    ? (unsigned int)selector_count
		    : *desc_listCnt;
	if (n > 256)
		n = 256;
	kr = arch_get_ldt(target_thread, (unsigned int)first_selector >> 3, v,
			  &n);
	if (kr != KERN_SUCCESS)
		return kr;
	for (unsigned int i = 0; i < n; i++)
		desc_from_u64(&(*desc_list)[i], v[i]);
	*desc_listCnt = n;
	return KERN_SUCCESS;
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
	if (target_thread == NULL)
		return KERN_INVALID_ARGUMENT;
	return arch_set_gdt(target_thread, selector, desc_to_u64(&desc));
}

kern_return_t S_i386_get_gdt(thread_t target_thread, int selector,
			     descriptor_t *desc)
{
	uint64_t v = 0;
	kern_return_t kr;

	if (target_thread == NULL)
		return KERN_INVALID_ARGUMENT;
	kr = arch_get_gdt(target_thread, selector, &v);
	if (kr == KERN_SUCCESS)
		desc_from_u64(desc, v);
	return kr;
}
