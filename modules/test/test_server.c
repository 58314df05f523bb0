/*
 * modules/test/test_server.c - the test interface (mach5_test 4600,
 * defs/mach/mach5_test.defs): echo, sink, counts, pageout, inject, served
 * on the test port for the stress tasks of bootstrap/stress/.
 *
 * Every routine first checks that its request port is the test port: the
 * message-id range alone would let any kernel-object port reach it.
 *
 * Lock: the S_* functions run with the kernel lock held (ipc/module.h).
 */
#include <ipc/mig_kernel.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/ipc_kernel.h>
#include <ipc/kobject.h>
#include <ipc/ool.h>
#include <kern/memory_object.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>
#include <kern/vm_pageout.h>
#include <ipc/module.h>
#include <modules/test/test_server.h>
#include <kern/bootstrap.h>
#include <modules/gen/mach5_testServer.h>

/* The kobject of the test port: nothing but a non-NULL address. */
static char test_object;
static struct port *test_port_ptr;

struct port *test_port(void)
{
	spl_t s = splhigh();

	if (test_port_ptr == NULL)
		test_port_ptr = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	splx(s);
	return test_port_ptr;
}

/* ${test-port} in a boot script. */
BOOT_PORT(test_boot_port, "test-port", test_port);

static bool is_test_port(mach_port_t port)
{
	return ipc_kobject_port_object(port, KOBJ_TEST) == &test_object;
}

/* A kernel-buffer copy of the count bytes of the request's copy. */
static kern_return_t echo_ool(vm_offset_t in, mach_msg_type_number_t count,
			      vm_offset_t *out)
{
	struct vm_map_copy *copy;

	*out = 0;
	if (count == 0 || in == 0)
		return KERN_SUCCESS;
	if (count > MACH5_TEST_ECHO_OOL_MAX)
		return KERN_INVALID_ARGUMENT;
	copy = vm_map_copy_kernel_alloc(count);
	if (copy == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (vm_map_copy_read((struct vm_map_copy *)in, 0,
			     vm_map_copy_kernel_data(copy),
			     count) != KERN_SUCCESS) {
		vm_map_copy_discard(copy);
		return KERN_INVALID_ARGUMENT;
	}
	*out = (vm_offset_t)copy;
	return KERN_SUCCESS;
}

/* The right of port_in (any disposition) goes back in the reply. */
kern_return_t
S_mach5_test_echo(mach_port_t test, const mach5_test_inline_t data_in,
		  mach_msg_type_number_t data_inCnt,
		  mach5_test_inline_t data_out,
		  mach_msg_type_number_t *data_outCnt, vm_offset_t ool_in,
		  mach_msg_type_number_t ool_inCnt, vm_offset_t *ool_out,
		  mach_msg_type_number_t *ool_outCnt, mach_port_t port_in,
		  mach_msg_type_name_t port_inPoly, mach_port_t *port_out,
		  mach_msg_type_name_t *port_outPoly)
{
	kern_return_t kr;

	if (!is_test_port(test))
		return KERN_INVALID_ARGUMENT;
	kr = echo_ool(ool_in, ool_inCnt, ool_out);
	if (kr != KERN_SUCCESS)
		return kr;
	memcpy(data_out, data_in, data_inCnt);
	*data_outCnt = data_inCnt;
	*ool_outCnt = *ool_out != 0 ? ool_inCnt : 0;
	*port_out = port_in;
	*port_outPoly = port_inPoly;
	return KERN_SUCCESS;
}

/* The stub frees the OOL copy after success; the right is ours. */
kern_return_t S_mach5_test_sink(mach_port_t test,
				const mach5_test_inline_t data,
				mach_msg_type_number_t dataCnt, vm_offset_t ool,
				mach_msg_type_number_t oolCnt, mach_port_t port,
				mach_msg_type_name_t portPoly)
{
	if (!is_test_port(test))
		return KERN_INVALID_ARGUMENT;
	mig_kernel_release_right(port, portPoly);
	return KERN_SUCCESS;
}

kern_return_t S_mach5_test_counts(mach_port_t test, mach5_test_counts_t counts)
{
	struct ipc_counts ipc;
	unsigned long total, free, resident;

	if (!is_test_port(test))
		return KERN_INVALID_ARGUMENT;
	vm_page_reclaim_all(); /* deferred frees done: the counts are final */
	kmem_reap_all();
	ipc_get_counts(&ipc);
	total = vm_page_count_total();
	free = vm_page_count_free();
	resident = vm_object_resident_count();
	memset(counts, 0, sizeof(mach5_test_counts_t));
	counts[MACH5_TEST_PORTS] = ipc.ports;
	counts[MACH5_TEST_PSETS] = ipc.psets;
	counts[MACH5_TEST_KMSGS] = ipc.kmsgs;
	counts[MACH5_TEST_ENTRIES] = ipc.entries;
	counts[MACH5_TEST_SPACES] = ipc.spaces;
	counts[MACH5_TEST_VM_OBJECTS] = vm_object_count();
	counts[MACH5_TEST_RESIDENT_PAGES] = resident;
	counts[MACH5_TEST_WIRED_PAGES] = total - free - resident;
	counts[MACH5_TEST_FREE_PAGES] = free;
	counts[MACH5_TEST_TOTAL_PAGES] = total;
	counts[MACH5_TEST_KMEM_OBJECTS] = kmem_live_objects();
	counts[MACH5_TEST_THREADS] = thread_count();
	counts[MACH5_TEST_TASKS] = task_count();
	return KERN_SUCCESS;
}

/* A pageout pass of up to pages pages (0: what the free-page target
 * asks for), kern/vm_pageout.h. */
kern_return_t S_mach5_test_pageout(mach_port_t test, natural_t pages,
				   natural_t *paged_out)
{
	*paged_out = 0;
	if (!is_test_port(test))
		return KERN_INVALID_ARGUMENT;
	*paged_out = (natural_t)vm_pageout_run(pages);
	return KERN_SUCCESS;
}

/* kmem caches (by name) and page allocations (base/vm_page.h) can be made
 * to fail; the next pager reply can be delayed by count ms
 * (kern/memory_object.h, memory_object_reply_delay_ms). */
kern_return_t S_mach5_test_inject(mach_port_t test, int kind,
				  const_mach5_test_name_t name, natural_t count)
{
	struct kmem_cache *cache;

	if (!is_test_port(test))
		return KERN_INVALID_ARGUMENT;
	if (kind == MACH5_TEST_INJECT_PAGE) {
		vm_page_fail_next = count;
		return KERN_SUCCESS;
	}
	if (kind == MACH5_TEST_INJECT_PAGER_DELAY) {
		memory_object_reply_delay_ms = count;
		return KERN_SUCCESS;
	}
	if (kind != MACH5_TEST_INJECT_KMEM)
		return KERN_FAILURE;
	/* The stub has NUL-terminated the fixed c_string. */
	cache = kmem_cache_find(name);
	if (cache == NULL)
		return KERN_INVALID_ARGUMENT;
	cache->fail_next = count;
	return KERN_SUCCESS;
}

static bool test_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return mach5_test_server(in, out);
}

MODULE_SUBSYSTEM_ROUTINES(mach5_test_subsystem, "mach5_test", MACH5_TEST_BASE,
			  MACH5_TEST_END, test_demux, mach5_test_MAX_REPLY_SIZE,
			  mach5_test_server_routines);
