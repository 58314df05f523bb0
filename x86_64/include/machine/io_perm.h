/*
 * <machine/io_perm.h> - I/O permission ports of mach_i386.defs, kernel
 * side: the same on both x86 ports (x86/io_perm.h).
 */
#ifndef _MACHINE_IO_PERM_H_
#define _MACHINE_IO_PERM_H_

#include "../../../x86/io_perm.h"

#endif /* _MACHINE_IO_PERM_H_ */
