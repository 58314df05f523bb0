/*
 * bootstrap/examples/kv/kv_client.c - kv-client: a client of kv-server.
 *
 *	kv-client HOST-PRIV NAME OTHER
 *
 * Finds the server's port as its bootstrap port, stores, reads and
 * removes a few keys of its own (NAME.*), then records "done.NAME" and
 * looks for "done.OTHER": the client that finds the other one done is the
 * last to finish, and ends the run with the success marker and
 * host_reboot (the server serializes the requests, so at least one of two
 * clients sees the other's record).
 */
#include <stdio.h>
#include <string.h>

#include <mach/mach_interface.h>
#include <mach/task_special_ports.h>
#include <mach5/test.h>

#include "kv.h"

static char *client;

static void kv_check(kern_return_t kr, kern_return_t want, const char *what)
{
	if (kr != want)
		TEST_FAIL("kv-client %s: %s returned 0x%x, expected 0x%x",
			  client, what, kr, want);
}

static void key_of(kv_key_t key, const char *owner, const char *name)
{
	snprintf(key, sizeof(kv_key_t), "%s.%s", owner, name);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t server = MACH_PORT_NULL;
	kv_key_t key;
	kv_value_t value, expected;

	if (argc < 4)
		TEST_FAIL("usage: kv-client HOST-PRIV NAME OTHER");
	client = argv[2];
	kv_check(task_get_special_port(mach_task_self(), TASK_BOOTSTRAP_PORT,
				       &server),
		 KERN_SUCCESS, "task_get_special_port");
	if (!MACH_PORT_VALID(server))
		TEST_FAIL("kv-client %s: no bootstrap port", client);

	for (int i = 0; i < 3; i++) {
		char name[16], val[64];

		snprintf(name, sizeof(name), "k%d", i);
		snprintf(val, sizeof(val), "value %d of %s", i, client);
		key_of(key, client, name);
		kv_check(kv_put(server, key, val), KERN_SUCCESS, "kv_put");
	}
	key_of(key, client, "k1");
	kv_check(kv_get(server, key, value), KERN_SUCCESS, "kv_get");
	snprintf(expected, sizeof(expected), "value 1 of %s", client);
	if (strcmp(value, expected) != 0)
		TEST_FAIL("kv-client %s: got '%s'", client, value);
	printf("kv-client %s: %s = %s\n", client, key, value);
	kv_check(kv_remove(server, key), KERN_SUCCESS, "kv_remove");
	kv_check(kv_get(server, key, value), KV_NO_SUCH_KEY, "kv_get removed");
	kv_check(kv_remove(server, key), KV_NO_SUCH_KEY, "kv_remove again");

	key_of(key, "done", client);
	kv_check(kv_put(server, key, "yes"), KERN_SUCCESS, "kv_put done");
	key_of(key, "done", argv[3]);
	if (kv_get(server, key, value) != KERN_SUCCESS) {
		printf("kv-client %s: done, %s still running\n", client,
		       argv[3]);
		return 0;
	}
	printf("kv-client %s: done, the last one: kv demo over\n", client);
	TEST_SUCCESS();
}
