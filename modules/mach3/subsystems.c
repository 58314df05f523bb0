/*
 * modules/mach3/subsystems.c - the generated Mach servers, registered by
 * message-id range (ipc/module.h).
 *
 * The demux functions come from modules/gen/<subsystem>Server.c (mig/ in
 * KernelServer mode); the routines they call are the S_* functions of
 * host_server.c, task_server.c, thread_server.c and vm_server.c.
 */
#include <ipc/mig_kernel.h>
#include <ipc/module.h>
#include <modules/gen/machServer.h>
#include <modules/gen/mach_hostServer.h>

#define MACH_BASE      2000
#define MACH_END       2100 /* one past vm_machine_attribute (2099) */
#define MACH_HOST_BASE 2600
#define MACH_HOST_END  2650 /* one past task_max_priority (2649) */

static bool mach_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return mach_server(in, out);
}

static bool mach_host_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return mach_host_server(in, out);
}

MODULE_SUBSYSTEM_ROUTINES(mach_subsystem, "mach", MACH_BASE, MACH_END,
			  mach_demux, mach_MAX_REPLY_SIZE,
			  mach_server_routines);
MODULE_SUBSYSTEM_ROUTINES(mach_host_subsystem, "mach_host", MACH_HOST_BASE,
			  MACH_HOST_END, mach_host_demux,
			  mach_host_MAX_REPLY_SIZE, mach_host_server_routines);
