/*
 * <mach/machine/vm_types.h> - basic machine types (x86_64 user ABI,
 * ../shared/abi/x86_64.md §1). Also used by the kernel.
 *
 * The same header serves an i386 (classic 32-bit) compile: every type
 * keeps its C name and takes the width of the target's long.
 */
#ifndef _MACH_MACHINE_VM_TYPES_H_
#define _MACH_MACHINE_VM_TYPES_H_

#ifndef __ASSEMBLER__

typedef unsigned int natural_t;
typedef int integer_t;
typedef unsigned long long_natural_t;
typedef long long_integer_t;
typedef unsigned long rpc_long_natural_t;
typedef long rpc_long_integer_t;

typedef unsigned long vm_offset_t;
typedef unsigned long vm_address_t;
typedef unsigned long vm_size_t;
typedef vm_offset_t pointer_t;
typedef vm_offset_t *vm_offset_array_t;
typedef vm_size_t *vm_size_array_t;
typedef unsigned long rpc_vm_offset_t;
typedef unsigned long rpc_vm_address_t;
typedef unsigned long rpc_vm_size_t;
typedef unsigned long rpc_uintptr_t;
typedef rpc_vm_offset_t *rpc_vm_offset_array_t;
typedef rpc_vm_size_t *rpc_vm_size_array_t;
#if !defined(KERNEL) && !defined(HOSTED) /* the kernel has its own */
typedef unsigned long long phys_addr_t;
#endif
typedef unsigned long long rpc_phys_addr_t;

typedef signed char signed8_t;
typedef short signed16_t;
typedef int signed32_t;
#ifdef __LP64__
typedef long signed64_t;
#else
typedef long long signed64_t;
#endif
typedef unsigned char unsigned8_t;
typedef unsigned short unsigned16_t;
typedef unsigned int unsigned32_t;
#ifdef __LP64__
typedef unsigned long unsigned64_t;
#else
typedef unsigned long long unsigned64_t;
#endif
typedef float float32_t;
typedef double float64_t;

#endif /* __ASSEMBLER__ */

#define MACH_MSG_TYPE_INTEGER_T MACH_MSG_TYPE_INTEGER_32

#endif /* _MACH_MACHINE_VM_TYPES_H_ */
