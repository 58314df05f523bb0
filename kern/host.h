/*
 * kern/host.h - the host object and its ports.
 */
#ifndef KERN_HOST_H
#define KERN_HOST_H

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

#endif /* KERN_HOST_H */
