/*
 * x86/io_perm.h - <machine/io_perm.h> of both x86 ports: the I/O
 * permission ports of mach_i386.defs, kernel side (the simport of the
 * KernelServer stubs).
 *
 * Mach5 grants no I/O ports to user tasks yet: no port is an io_perm
 * port, and modules/mach3/mach_i386_server.c refuses to make one.
 */
#ifndef X86_IO_PERM_H
#define X86_IO_PERM_H

struct port;

/* The kernel's types for the stubs (<mach/machine/mach_i386_types.h>
 * leaves them to the kernel). */
typedef unsigned short io_port_t;
typedef struct port *io_perm_t;

/* NULL: no port is an io_perm port. */
struct port *convert_port_to_io_perm(struct port *port);
/* Consumes nothing (there are no io_perm objects); returns NULL. */
struct port *convert_io_perm_to_port(struct port *io_perm);
void io_perm_deallocate(struct port *io_perm);

#endif /* X86_IO_PERM_H */
