/*
 * Boot test compat-hurd: the Hurd's own GRUB lines start their two tasks
 * with the right arguments and ports. One program plays both parts:
 *
 *   module .../compat-hurd --multiboot-command-line=${kernel-command-line}
 *          --host-priv-port=${host-port} --device-master-port=${device-port}
 *          --exec-server-task=${exec-task} -T typed ${root}
 *          $(task-create) $(task-resume)                  (the file system)
 *   module /boot/compat-hurd exec /hurd/exec $(exec-task=task-create)
 *                                                         (exec, argv[0])
 *
 * The file system checks its argv (the kernel command line, the root
 * device from root=), that the host port is the privileged one, that the
 * device port is the device master, and that the exec task is a task
 * still suspended (created, not resumed); it gives the exec task a
 * bootstrap port (as the Hurd's file system does) and resumes it. Exec
 * checks its argv and reports on its bootstrap port; the file system
 * then ends the test.
 */
#include <stdlib.h>
#include <string.h>

#include <device/device.h>
#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach5/test.h>

#include "bootstrap/tests/mach_test_util.h"

#define ROOT "device:hd0s1"

typedef struct {
	mach_msg_header_t head;
	mach_msg_type_t type;
	int ok;
} report_msg_t;

/* True if s contains word (the bootstrap C library has no strstr). */
static int contains(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s != '\0'; s++)
		if (strncmp(s, word, n) == 0)
			return 1;
	return 0;
}

/* The port name after prefix in arg (which must start with it). */
static mach_port_t port_arg(const char *arg, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(arg, prefix, n) != 0)
		TEST_FAIL("argument '%s' does not start with '%s'", arg,
			  prefix);
	return (mach_port_t)strtol(arg + n, NULL, 10);
}

static int exec_part(int argc, char **argv)
{
	mach_port_t boot;
	report_msg_t m = {0};

	CHECK_EQ(argc, 2);
	CHECK(strcmp(argv[1], "/hurd/exec") == 0);
	EXPECT(task_get_bootstrap_port(mach_task_self(), &boot), KERN_SUCCESS);
	CHECK(MACH_PORT_VALID(boot));
	printf("compat-hurd: exec: argv 'exec' '/hurd/exec', resumed by the "
	       "file system ok\n");
	m.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m.head.msgh_size = sizeof(m);
	m.head.msgh_remote_port = boot;
	m.head.msgh_id = 4242;
	m.type.msgt_name = MACH_MSG_TYPE_INTEGER_32;
	m.type.msgt_size = 32;
	m.type.msgt_number = 1;
	m.type.msgt_inline = 1;
	m.ok = 1;
	EXPECT(mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
			MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	for (;;)
		test_sleep_ms(1000);
}

/* The exec task: a task port, suspended once (created, not resumed). */
static void check_exec_task(mach_port_t task)
{
	struct task_basic_info info;
	mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;

	EXPECT(task_info(task, TASK_BASIC_INFO, (task_info_t)&info, &count),
	       KERN_SUCCESS);
	CHECK_EQ(info.suspend_count, 1);
	CHECK(task != mach_task_self());
}

static int fs_part(int argc, char **argv)
{
	mach_port_t host_priv, master, exec_task, name, set, dev, port;
	report_msg_t m;

	for (int i = 0; i < argc; i++)
		printf("compat-hurd: argv[%d] '%s'\n", i, argv[i]);
	CHECK_EQ(argc, 8);
	CHECK(strncmp(argv[1], "--multiboot-command-line=", 25) == 0);
	CHECK(contains(argv[1], "root=" ROOT));
	host_priv = port_arg(argv[2], "--host-priv-port=");
	master = port_arg(argv[3], "--device-master-port=");
	exec_task = port_arg(argv[4], "--exec-server-task=");
	CHECK(strcmp(argv[5], "-T") == 0 && strcmp(argv[6], "typed") == 0);
	CHECK(strcmp(argv[7], ROOT) == 0);
	/* The privileged host port: host_processor_set_priv needs it. */
	EXPECT(processor_set_default(host_priv, &name), KERN_SUCCESS);
	EXPECT(host_processor_set_priv(host_priv, name, &set), KERN_SUCCESS);
	/* The device master: it names devices. */
	EXPECT(device_open(master, D_WRITE, "console", &dev), D_SUCCESS);
	EXPECT(device_open(master, D_READ, "no-such-device", &dev),
	       D_NO_SUCH_DEVICE);
	check_exec_task(exec_task);
	printf("compat-hurd: file system: argv, host, device and exec task "
	       "ports ok\n");
	/* As the Hurd's file system does: a bootstrap port for exec, then
	 * resume it; exec reports on that port. */
	EXPECT(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				  &port),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(mach_task_self(), port, port,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	EXPECT(task_set_bootstrap_port(exec_task, port), KERN_SUCCESS);
	EXPECT(task_resume(exec_task), KERN_SUCCESS);
	EXPECT(mach_msg(&m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m),
			port, 20000, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(m.head.msgh_id, 4242);
	CHECK_EQ(m.ok, 1);
	printf("compat-hurd: file system: exec started and reported ok\n");
	/* TEST_SUCCESS takes the host port from argv[1]: not this line's. */
	puts(TEST_SUCCESS_MARKER);
	fflush(NULL);
	EXPECT(host_reboot(host_priv, RB_AUTOBOOT), KERN_SUCCESS);
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	CHECK(argc >= 1);
	if (strcmp(argv[0], "exec") == 0)
		return exec_part(argc, argv);
	return fs_part(argc, argv);
}
