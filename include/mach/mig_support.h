/*
 * <mach/mig_support.h> - the runtime that MIG-generated stubs call
 * (../shared/abi/x86_64.md §5.4). The user library provides it.
 */
#ifndef _MACH_MIG_SUPPORT_H_
#define _MACH_MIG_SUPPORT_H_

#include <mach/std_types.h>
#include <mach/message.h>

#ifndef KERNEL
extern mach_port_t mig_get_reply_port(void);
extern void mig_put_reply_port(mach_port_t reply_port);
extern void mig_dealloc_reply_port(mach_port_t reply_port);
extern void mig_allocate(vm_address_t *addr, vm_size_t size);
extern void mig_deallocate(vm_address_t addr, vm_size_t size);
extern vm_size_t mig_strncpy(char *dst, const char *src, vm_size_t len);
extern void mig_reply_setup(const mach_msg_header_t *request,
			    mach_msg_header_t *reply);
extern void mig_init(void *first);
#endif

#endif /* _MACH_MIG_SUPPORT_H_ */
