/* <mach/machine/vm_param.h> - x86 page size and user address range. */
#ifndef _MACH_MACHINE_VM_PARAM_H_
#define _MACH_MACHINE_VM_PARAM_H_

#define BYTE_SIZE    8
#define I386_PGBYTES 4096
#define I386_PGSHIFT 12

/* Same tokens as the kernel's machine/arch.h, so both may be included. */
#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif

/* User addresses: [VM_MIN_ADDRESS, VM_MAX_ADDRESS) (ABI sheet §1). */
#define VM_MIN_ADDRESS (0UL)
#ifdef __x86_64__
#define VM_MAX_ADDRESS (0x800000000000UL)
#else
#define VM_MAX_ADDRESS (0xc0000000UL)
#endif

#endif /* _MACH_MACHINE_VM_PARAM_H_ */
