/*
 * modules/mach3/subsystems_ext.c - the generated servers of the GNU Mach
 * extension interfaces, registered by message-id range
 * (ipc/module.h): gnumach (gnumach_server.c), mach4
 * (mach4_server.c), mach_i386 (mach_i386_server.c) and device
 * (device_server.c).
 */
#include <ipc/mig_kernel.h>
#include <ipc/module.h>
#include <modules/mach3/device.h>
#include <modules/gen/gnumachServer.h>
#include <modules/gen/mach4Server.h>
#include <modules/gen/mach_i386Server.h>
#include <modules/gen/deviceServer.h>

#define GNUMACH_BASE   4200
#define GNUMACH_END    4217 /* one past vm_get_size_limit (4216) */
#define MACH4_BASE     4000
#define MACH4_END      4012 /* one past vm_region_create_proxy (4011) */
#define MACH_I386_BASE 3800
#define MACH_I386_END  3810 /* one past i386_get_xstate_size (3809) */
#define DEVICE_BASE    2800
#define DEVICE_END     2815 /* one past device_intr_ack (2814) */

static bool gnumach_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return gnumach_server(in, out);
}

static bool mach4_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return mach4_server(in, out);
}

static bool mach_i386_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return mach_i386_server(in, out);
}

static bool device_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return device_server(in, out);
}

MODULE_SUBSYSTEM_ROUTINES(gnumach_subsystem, "gnumach", GNUMACH_BASE,
			  GNUMACH_END, gnumach_demux, gnumach_MAX_REPLY_SIZE,
			  gnumach_server_routines);
/* mach4_MAX_REPLY_SIZE is above MODULE_REPLY_MAX: the default extent. */
MODULE_SUBSYSTEM(mach4_subsystem, "mach4", MACH4_BASE, MACH4_END, mach4_demux);
MODULE_SUBSYSTEM_ROUTINES(mach_i386_subsystem, "mach_i386", MACH_I386_BASE,
			  MACH_I386_END, mach_i386_demux,
			  mach_i386_MAX_REPLY_SIZE, mach_i386_server_routines);
MODULE_SUBSYSTEM_ROUTINES(device_subsystem, "device", DEVICE_BASE, DEVICE_END,
			  device_demux, device_MAX_REPLY_SIZE,
			  device_server_routines);
