/*
 * <mach/mach.h> - everything a Mach user program needs: the types, the
 * traps, the MIG runtime, and the generated interfaces once installed.
 */
#ifndef _MACH_MACH_H_
#define _MACH_MACH_H_

#include <mach/mach_types.h>
#include <mach/mach_traps.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>

#if defined(__has_include)
#if __has_include(<mach/mach_interface.h>)
#include <mach/mach_interface.h>
#endif
#if __has_include(<mach/mach_port.h>)
#include <mach/mach_port.h>
#endif
#if __has_include(<mach/mach_host.h>)
#include <mach/mach_host.h>
#endif
#endif

#endif /* _MACH_MACH_H_ */
