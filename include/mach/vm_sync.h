/* <mach/vm_sync.h> - vm_msync / vm_object_sync flags. */
#ifndef _MACH_VM_SYNC_H_
#define _MACH_VM_SYNC_H_

typedef int vm_sync_t;
#define VM_SYNC_ASYNCHRONOUS ((vm_sync_t)0x01)
#define VM_SYNC_SYNCHRONOUS  ((vm_sync_t)0x02)
#define VM_SYNC_INVALIDATE   ((vm_sync_t)0x04)

#endif /* _MACH_VM_SYNC_H_ */
