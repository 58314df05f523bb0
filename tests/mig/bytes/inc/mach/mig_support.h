/* tests/mig/bytes/inc/mach/mig_support.h - the MIG runtime's declarations
   (ABI sheet §5.4) for stubs compiled against gnumach-dev's headers, which
   leave this file to the C library. harness.c defines them. */
#ifndef TESTS_MIG_BYTES_MIG_SUPPORT_H
#define TESTS_MIG_BYTES_MIG_SUPPORT_H
#include <mach/std_types.h>
#include <mach/message.h>
extern mach_port_t mig_get_reply_port(void);
extern void mig_dealloc_reply_port(mach_port_t);
extern void mig_put_reply_port(mach_port_t);
extern void mig_allocate(vm_address_t *, vm_size_t);
extern void mig_deallocate(vm_address_t, vm_size_t);
extern vm_size_t mig_strncpy(char *, const char *, vm_size_t);
extern mach_msg_return_t mach_msg(mach_msg_header_t *, mach_msg_option_t,
				  mach_msg_size_t, mach_msg_size_t, mach_port_t,
				  mach_msg_timeout_t, mach_port_t);
#endif
