/*
 * tests/unit/ipc/ipc_test.h - helpers of the ipc/ unit tests.
 *
 * One user address space (a vm_map, current for copyin/copyout) shared by
 * the test spaces; messages are built in the hosted user window. Every
 * test checks that the IPC object counts return to their baseline.
 */
#ifndef TESTS_UNIT_IPC_IPC_TEST_H
#define TESTS_UNIT_IPC_IPC_TEST_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <mach/message.h>
#include <mach/port.h>
#include <ipc/ipc_kernel.h>
#include "tests/unit/unit.h"

struct ipc_space;
struct kmem_cache;
struct port;

/* Boot once: memory, threads, vm maps, IPC; a current task with a map. */
void ipc_test_boot(void);
/* The task current_task() gives every thread (its map is the user
 * window's pmap; its space is NULL unless a test sets one). */
struct task *ipc_test_task(void);
/* A kernel thread of the test task for a host thread that plays a
 * processor (hosted_cpu_enter), never run as a coroutine; and its end,
 * the host thread joined. */
struct thread *ipc_test_cpu_thread(void);
void ipc_test_cpu_thread_end(struct thread *t);
/* Per test: record the baseline counts / check them again. */
void ipc_test_setup(void);
void ipc_test_teardown(void);

/* A user address in the window and the host pointer to it. */
#define UADDR(off) (HOSTED_USER_BASE + (off))
static inline void *uptr(uintptr_t uaddr)
{
	return (uint8_t *)hosted_user_window() + (uaddr - HOSTED_USER_BASE);
}

/* The standard message buffer (user address) and its host view. */
#define UMSG	  UADDR(0x1000)
#define UMSG_SIZE 0x4000
static inline mach_msg_header_t *umsg(void)
{
	return uptr(UMSG);
}

/* Build a header-only message in UMSG. */
void msg_header(mach_msg_bits_t bits, mach_port_name_t remote,
		mach_port_name_t local, mach_msg_id_t id);
/* Append an item to the message in UMSG (returns the new size). */
mach_msg_size_t msg_add_int(mach_msg_size_t size, uint32_t value);
mach_msg_size_t msg_add_port(mach_msg_size_t size, mach_msg_type_name_t disp,
			     mach_port_name_t name);
mach_msg_size_t msg_add_ool(mach_msg_size_t size, unsigned int name,
			    unsigned int bits, uint32_t number, uintptr_t addr,
			    bool dealloc);

/*
 * Out-of-line byte regions travel by copy-on-write mapping (ipc/ool.h),
 * so they must be memory of the test task's map, not the hosted window:
 * size bytes of fresh zero-fill memory there (user address), and its
 * removal. Read and write it with copyin/copyout.
 */
uintptr_t test_ool_region(size_t size);
void test_ool_region_free(uintptr_t addr, size_t size);

/* mach_msg in space on UMSG. */
mach_msg_return_t msg_send(struct ipc_space *space, mach_msg_size_t size);
mach_msg_return_t msg_send_opt(struct ipc_space *space, mach_msg_size_t size,
			       mach_msg_option_t option,
			       mach_msg_timeout_t timeout,
			       mach_port_name_t notify);
mach_msg_return_t msg_receive(struct ipc_space *space, mach_port_name_t name,
			      mach_msg_size_t rcv_size);
mach_msg_return_t msg_receive_opt(struct ipc_space *space,
				  mach_port_name_t name,
				  mach_msg_size_t rcv_size,
				  mach_msg_option_t option,
				  mach_msg_timeout_t timeout);

/* New space (destroyed by ipc_test_teardown if the test did not). */
struct ipc_space *test_space(void);
void test_space_destroy(struct ipc_space *space);
/* A receive right in space; its name. */
mach_port_name_t test_port(struct ipc_space *space);
/* The space's urefs of right on name (0 if none). */
mach_port_urefs_t test_refs(struct ipc_space *space, mach_port_name_t name,
			    mach_port_right_t right);
/* Take a right (disposition disp) from name in from and give it to to
 * under its lowest free (or merged) name; returns that name. */
mach_port_name_t test_give(struct ipc_space *from, mach_port_name_t name,
			   mach_msg_type_name_t disp, struct ipc_space *to);
mach_port_type_t test_type(struct ipc_space *space, mach_port_name_t name);
/* The port an entry with send/receive/send-once rights names (no ref). */
struct port *test_port_of(struct ipc_space *space, mach_port_name_t name);
/* Make a send right to port and give it to space; its name. */
mach_port_name_t test_insert_send(struct ipc_space *space, struct port *port);
/* A send-once right made from the receive right name (referenced). */
struct port *test_make_send_once(struct ipc_space *space,
				 mach_port_name_t name);

/* A stand-in task whose space is space, with a task port; and its end
 * (the task port dies; the space is left to the caller). */
struct task *test_task(struct ipc_space *space);
void test_task_destroy(struct task *task);

/*
 * Receive (poll) on name in space and check a notification: id, size,
 * bits as received (§6); returns the 32-bit value at offset 40 (0 for a
 * 32-byte one).
 */
uint32_t test_notification(struct ipc_space *space, mach_port_name_t name,
			   mach_msg_id_t id, mach_msg_size_t size,
			   mach_msg_bits_t bits);
/* Nothing queued on name. */
void test_no_message(struct ipc_space *space, mach_port_name_t name);

/*
 * Fault injection (base/kmem.h fail_next): the kalloc cache serving size
 * bytes, and the one serving the kmsg of a msg_size-byte message (NULL
 * above the largest cache).
 */
struct kmem_cache *test_kalloc_cache(size_t size);
struct kmem_cache *test_kmsg_cache(mach_msg_size_t msg_size);

#endif /* TESTS_UNIT_IPC_IPC_TEST_H */
