/*
 * kern/host.h - the host object and its ports.
 */
#ifndef KERN_HOST_H
#define KERN_HOST_H

#include <mach/port.h>

struct port;
struct host;

/* Boot: create the host, host_priv and device master ports, and the
 * processor and its set (kern/processor.h). */
void host_init(void);

/* The host object (the kernel object of both host ports). */
struct host *host_self(void);

/* The ports (the kernel keeps one reference on each). */
struct port *host_port(void);	   /* unprivileged: mach_host_self */
struct port *host_priv_port(void); /* privileged: ${host-port} */
struct port *device_master_port(void);

/* The mach_host_self trap: a send right to host_port() in the current
 * task's space, its name (MACH_PORT_NULL without a task or on failure). */
mach_port_name_t ipc_trap_host_self(void);

#endif /* KERN_HOST_H */
