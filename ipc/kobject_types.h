/*
 * ipc/kobject_types.h - the kinds of kernel object a port can stand for.
 *
 * A message sent to such a port is served in the kernel by the interface
 * module registered for its msgh_id range (ipc/module.h).
 */
#ifndef KERN_KOBJECT_H
#define KERN_KOBJECT_H

enum kobject_type {
	KOBJ_NONE = 0,	/* an ordinary port: messages are queued */
	KOBJ_TASK,	/* struct task */
	KOBJ_THREAD,	/* struct thread */
	KOBJ_HOST,	/* the host, unprivileged */
	KOBJ_HOST_PRIV, /* the host, privileged */
	KOBJ_DEVICE_MASTER,
	KOBJ_DEVICE,
	KOBJ_PROCESSOR,
	KOBJ_PSET,
	KOBJ_PSET_NAME,
	KOBJ_MEMORY_OBJECT_CONTROL,
	KOBJ_TEST,	   /* modules/test */
	KOBJ_DEVICE_PAGER, /* struct vm_kobject (kern/vm_kobject.h) */
	KOBJ_MEMORY_PROXY, /* struct vm_kobject (kern/vm_kobject.h) */
	/* struct vm_object: its name port (vm_region, vm/vm_object.h) */
	KOBJ_MEMORY_OBJECT_NAME,
	KOBJ_NR_TYPES,
};

#endif /* KERN_KOBJECT_H */
