/*
 * The demo: greet from user mode through mach_print, show the arguments the
 * boot script gave, then host_reboot(host_priv, RB_AUTOBOOT) so that QEMU
 * (-no-reboot) exits.
 */
#include <stdio.h>
#include <stdlib.h>

#include <mach5/libmach.h>

int main(int argc, char **argv, char **envp)
{
	mach_port_t host_priv;
	kern_return_t kr;
	int i;

	printf("Hello from Mach5 user mode: task %s\n",
	       argc > 0 ? argv[0] : "?");
	printf("hello: argc %d:", argc);
	for (i = 0; i < argc; i++)
		printf(" '%s'", argv[i]);
	printf("\n");

	host_priv = argc > 1 ? (mach_port_t)atoi(argv[1]) : MACH_PORT_NULL;
	printf("hello: rebooting through host_priv port %u\n", host_priv);
	fflush(NULL);
	kr = host_reboot(host_priv, RB_AUTOBOOT);
	printf("hello: host_reboot returned 0x%x\n", kr);
	return 1;
}
