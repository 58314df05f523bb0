/*
 * modules/mach3/mach4_server.c - the mach4 subsystem (4000-4005, 4010,
 * 4011): the S_* functions the generated stubs (modules/gen/mach4Server.c)
 * call.
 *
 * PC sampling (base/pc_sample.h) of a task's threads or of one thread.
 * Codes, checked in this order before anything changes:
 *
 *   KERN_INVALID_ARGUMENT  no task or thread (a port of another kind: the
 *                          stub's translation gives NULL); enable: a
 *                          terminated task or a dead thread, or a flavor
 *                          other than SAMPLED_PC_PERIODIC (or 0)
 *   KERN_FAILURE           enable: sampling already on; disable, get:
 *                          sampling off
 *   KERN_RESOURCE_SHORTAGE enable: no memory for the buffer
 *
 * enable answers tick = the sampling interval, one clock tick, in
 * microseconds (Mach's usec-per-tick). disable answers the number of
 * samples taken since enable. get answers at most PC_SAMPLE_REPLY_MAX
 * samples (the reply must fit the kernel's reply buffer): the caller calls
 * again, with the seqno it got, for the rest.
 *
 * Proxy memory objects (kern/vm_kobject.h): a port standing for a window
 * of another memory object, or of a task's memory, with at most a given
 * protection; vm_map of the proxy maps that memory. Codes, checked in
 * this order before anything changes:
 *
 *   KERN_INVALID_TASK      no task (or a dead one)
 *   KERN_INVALID_ARGUMENT  create_proxy: object/offset/start/len counts
 *                          other than 1 (one object per proxy, as in GNU
 *                          Mach); a protection outside VM_PROT_ALL; len
 *                          0; offset, start or len not page multiples;
 *                          a wrapping range; a window outside the
 *                          object's (kernel objects); a port that is no
 *                          memory object. region_proxy: len 0, wrapping,
 *                          or a range over more than one map entry.
 *   KERN_INVALID_ADDRESS   region_proxy: address not mapped
 *   KERN_PROTECTION_FAILURE max_protection above the proxied kernel
 *                          object's, or above the region's maximum
 *   KERN_RESOURCE_SHORTAGE
 *
 * On success the object send right of create_proxy is consumed (the
 * proxy keeps the VM object behind it, not the right); the proxy is
 * returned as a send right and lives until its last send right goes.
 * Rights and arrays of a failed request stay in it, and the IPC layer
 * destroys them.
 *
 * Lock order: the stubs run with the kernel lock held.
 */
#include <base/clock.h>
#include <ipc/mig_kernel.h>
#include <base/pc_sample.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/port.h>
#include <kern/vm_kobject.h>
#include <ipc/module.h>
#include <modules/gen/mach4Server.h>

/* The get_sampled_pcs reply: 72 bytes of header, return code, seqno and
 * array type, then the samples, within MODULE_REPLY_MAX bytes. */
#define PC_SAMPLE_REPLY_HEAD 72
#define PC_SAMPLE_REPLY_FIT                                                    \
	((MODULE_REPLY_MAX - PC_SAMPLE_REPLY_HEAD) / sizeof(sampled_pc_t))
/* At most what fits (x86_64), at most the array bound (i386's smaller
 * samples). */
#define PC_SAMPLE_REPLY_MAX                                                    \
	(PC_SAMPLE_REPLY_FIT < PC_SAMPLE_MAX ? PC_SAMPLE_REPLY_FIT             \
					     : PC_SAMPLE_MAX)
_Static_assert(PC_SAMPLE_REPLY_MAX >= 1 && PC_SAMPLE_REPLY_MAX <= PC_SAMPLE_MAX,
	       "PC_SAMPLE_REPLY_MAX");

/* The clock tick in microseconds: the sampling interval. */
#define PC_SAMPLE_TICK_USEC (1000000 / CLOCK_HZ)

static kern_return_t pc_sample_enable_reply(struct pc_sample **slot, int *tick,
					    sampled_pc_flavor_t flavor)
{
	kern_return_t kr = pc_sample_enable(slot, flavor);

	if (kr == KERN_SUCCESS)
		*tick = PC_SAMPLE_TICK_USEC;
	return kr;
}

static kern_return_t pc_sample_disable_reply(struct pc_sample **slot,
					     int *samplecnt)
{
	unsigned int n = 0;
	kern_return_t kr = pc_sample_disable(slot, &n);

	*samplecnt = (int)n;
	return kr;
}

static kern_return_t pc_sample_get_reply(const struct pc_sample *ps,
					 sampled_pc_seqno_t *seqno,
					 sampled_pc_array_t sampled_pcs,
					 mach_msg_type_number_t *count)
{
	unsigned int max =
		*count < PC_SAMPLE_REPLY_MAX ? *count : PC_SAMPLE_REPLY_MAX;

	return pc_sample_get(ps, seqno, sampled_pcs, max, count);
}

kern_return_t S_task_enable_pc_sampling(task_t task, int *tick,
					sampled_pc_flavor_t flavor)
{
	if (task == NULL || !task->active)
		return KERN_INVALID_ARGUMENT;
	return pc_sample_enable_reply(&task->pc_sample, tick, flavor);
}

kern_return_t S_task_disable_pc_sampling(task_t task, int *samplecnt)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	return pc_sample_disable_reply(&task->pc_sample, samplecnt);
}

kern_return_t S_task_get_sampled_pcs(task_t task, sampled_pc_seqno_t *seqno,
				     sampled_pc_array_t sampled_pcs,
				     mach_msg_type_number_t *sampled_pcsCnt)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	return pc_sample_get_reply(task->pc_sample, seqno, sampled_pcs,
				   sampled_pcsCnt);
}

kern_return_t S_thread_enable_pc_sampling(thread_t thread, int *tick,
					  sampled_pc_flavor_t flavor)
{
	if (thread == NULL || thread->state == THREAD_DEAD)
		return KERN_INVALID_ARGUMENT;
	return pc_sample_enable_reply(&thread->pc_sample, tick, flavor);
}

kern_return_t S_thread_disable_pc_sampling(thread_t thread, int *samplecnt)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	return pc_sample_disable_reply(&thread->pc_sample, samplecnt);
}

kern_return_t S_thread_get_sampled_pcs(thread_t thread,
				       sampled_pc_seqno_t *seqno,
				       sampled_pc_array_t sampled_pcs,
				       mach_msg_type_number_t *sampled_pcsCnt)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	return pc_sample_get_reply(thread->pc_sample, seqno, sampled_pcs,
				   sampled_pcsCnt);
}

kern_return_t S_memory_object_create_proxy(
	ipc_space_t task, vm_prot_t max_protection,
	memory_object_array_t object, mach_msg_type_number_t objectCnt,
	rpc_vm_offset_array_t offset, mach_msg_type_number_t offsetCnt,
	rpc_vm_offset_array_t start, mach_msg_type_number_t startCnt,
	rpc_vm_size_array_t len, mach_msg_type_number_t lenCnt,
	mach_port_t *proxy)
{
	kern_return_t kr;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (objectCnt != 1 || offsetCnt != 1 || startCnt != 1 || lenCnt != 1)
		return KERN_INVALID_ARGUMENT;
	kr = vm_kobject_proxy_create(object[0], max_protection, offset[0],
				     start[0], len[0], proxy);
	if (kr == KERN_SUCCESS)
		ipc_port_release_send(object[0]);
	return kr;
}

kern_return_t S_vm_region_create_proxy(task_t task, vm_address_t address,
				       vm_prot_t max_protection, vm_size_t len,
				       mach_port_t *proxy)
{
	if (task == NULL || !task->active || task->map == NULL)
		return KERN_INVALID_TASK;
	return vm_kobject_region_proxy(task->map, address, len, max_protection,
				       proxy);
}
