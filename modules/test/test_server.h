/*
 * modules/test/test_server.h - the test port (defs/mach/mach5_test.defs).
 */
#ifndef MODULES_TEST_TEST_SERVER_H
#define MODULES_TEST_TEST_SERVER_H

struct port;

/*
 * The test port: a KOBJ_TEST kernel-object port, made on first use; the
 * kernel keeps its receive right forever. The boot script hands a send
 * right to it as ${test-port} (kern/bootstrap.c); NULL when memory is
 * short. Lock: any.
 */
struct port *test_port(void);

#endif /* MODULES_TEST_TEST_SERVER_H */
