/*
 * <mach5/traps.h> - the Mach traps of ABI §2.2 as C functions, implemented
 * in bootstrap/libmach/traps.S. <mach/mach_traps.h> declares most of them;
 * this adds the ones the public headers leave out, and a raw trap for tests.
 */
#ifndef _MACH5_TRAPS_H_
#define _MACH5_TRAPS_H_

#include <mach/mach_traps.h>
#include <mach/message.h>

/* One element of the vector of syscall_device_writev_request. */
typedef struct {
	unsigned long data;
	unsigned long count;
} mach5_io_buf_vec_t;

/* Implemented by the kernel but not declared in the headers (ABI §2.2). */
kern_return_t syscall_device_write_request(mach_port_name_t device,
					   mach_port_name_t reply,
					   natural_t mode, unsigned long recnum,
					   vm_offset_t data, vm_size_t count);
kern_return_t
syscall_device_writev_request(mach_port_name_t device, mach_port_name_t reply,
			      natural_t mode, unsigned long recnum,
			      mach5_io_buf_vec_t *iov, vm_size_t iocount);

/*
 * Execute trap number `trap` (e.g. -1, or an out-of-range +5) with up to six
 * arguments, for tests. Returns rax as the kernel left it.
 */
long mach5_raw_trap(long trap, long a1, long a2, long a3, long a4, long a5,
		    long a6);

#endif /* _MACH5_TRAPS_H_ */
