/*
 * <mach5/libmach.h> - what bootstrap/libmach.a offers a bootstrap task:
 * traps, mach_msg, the MIG runtime, program start and exit, and the
 * MIG-generated user stubs of the kernel interfaces.
 */
#ifndef _MACH5_LIBMACH_H_
#define _MACH5_LIBMACH_H_

#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>
#include <mach5/traps.h>

/* host_reboot options (ABI §7.4). */
#ifndef RB_AUTOBOOT
#define RB_AUTOBOOT 0x0
#define RB_HALT	    0x8
#define RB_DEBUGGER 0x1000
#endif

/* The program's arguments as crt0 found them (ABI §7.2). */
extern int libmach_argc;
extern char **libmach_argv;
extern char **libmach_envp;

/* Called by crt0: save the arguments, run main, exit with its result. */
void libmach_start(int argc, char **argv, char **envp)
	__attribute__((noreturn));
int main(int argc, char **argv, char **envp);

/*
 * host_reboot (mach_host 2635), from the MIG-generated <mach/mach_host.h>
 * stubs in libmach. With RB_AUTOBOOT the machine resets and the call does
 * not return.
 */
kern_return_t host_reboot(mach_port_t host_priv, int options);

#endif /* _MACH5_LIBMACH_H_ */
