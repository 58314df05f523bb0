/*
 * bootstrap/examples/kv/kv_server.c - kv-server: a Hurd-style server of
 * kv.defs.
 *
 *	kv-server CLIENT-TASK...
 *
 * Each argument is a send right to a client task (a boot-script task
 * variable, ${name}), created suspended. For each client the server makes
 * a port of its own, puts its receive right in one port set, gives the
 * client a send right as its bootstrap port (TASK_BOOTSTRAP_PORT) and
 * resumes it. Then mach_msg_server serves the set with the MIG demux
 * (kv_server): the port a request arrives on tells which client asks.
 *
 * The store is a fixed table of KV_SLOTS entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/task_special_ports.h>
#include <mach5/libmach.h>
#include <mach5/msg_server.h>

#include "kvServer.h"

#define KV_SLOTS       32
#define KV_CLIENTS_MAX 8

struct kv_slot {
	int used;
	kv_key_t key;
	kv_value_t value;
};

static struct kv_slot store[KV_SLOTS];

/* The clients' ports (receive rights in the set), by client number. */
static mach_port_t client_port[KV_CLIENTS_MAX];
static int nr_clients;

static int client_of(mach_port_t port)
{
	for (int i = 0; i < nr_clients; i++)
		if (client_port[i] == port)
			return i;
	return -1;
}

static struct kv_slot *kv_find(const char *key)
{
	for (int i = 0; i < KV_SLOTS; i++)
		if (store[i].used && strcmp(store[i].key, key) == 0)
			return &store[i];
	return NULL;
}

kern_return_t S_kv_put(mach_port_t server, const_kv_key_t key,
		       const_kv_value_t value)
{
	struct kv_slot *slot = kv_find(key);

	for (int i = 0; slot == NULL && i < KV_SLOTS; i++)
		if (!store[i].used)
			slot = &store[i];
	if (slot == NULL)
		return KV_STORE_FULL;
	slot->used = 1;
	strncpy(slot->key, key, sizeof(slot->key) - 1);
	strncpy(slot->value, value, sizeof(slot->value) - 1);
	printf("kv-server: client %d put %s = %s\n", client_of(server), key,
	       value);
	return KERN_SUCCESS;
}

kern_return_t S_kv_get(mach_port_t server, const_kv_key_t key, kv_value_t value)
{
	struct kv_slot *slot = kv_find(key);

	if (slot == NULL)
		return KV_NO_SUCH_KEY;
	strncpy(value, slot->value, sizeof(kv_value_t) - 1);
	value[sizeof(kv_value_t) - 1] = '\0';
	return KERN_SUCCESS;
}

kern_return_t S_kv_remove(mach_port_t server, const_kv_key_t key)
{
	struct kv_slot *slot = kv_find(key);

	if (slot == NULL)
		return KV_NO_SUCH_KEY;
	slot->used = 0;
	printf("kv-server: client %d removed %s\n", client_of(server), key);
	return KERN_SUCCESS;
}

/* A port for the client task, in set, given to it as its bootstrap port. */
static kern_return_t kv_add_client(mach_port_t task, mach_port_t set)
{
	mach_port_t self = mach_task_self(), port;
	kern_return_t kr;

	kr = mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port);
	if (kr == KERN_SUCCESS)
		kr = mach_port_move_member(self, port, set);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(self, port, port,
					    MACH_MSG_TYPE_MAKE_SEND);
	if (kr == KERN_SUCCESS)
		kr = task_set_special_port(task, TASK_BOOTSTRAP_PORT, port);
	if (kr != KERN_SUCCESS)
		return kr;
	/* The client holds its own send right now. */
	mach_port_deallocate(self, port);
	client_port[nr_clients++] = port;
	return task_resume(task);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), set;
	mach_msg_size_t max = kv_MAX_REQUEST_SIZE > kv_MAX_REPLY_SIZE
				      ? kv_MAX_REQUEST_SIZE
				      : kv_MAX_REPLY_SIZE;
	kern_return_t kr;

	kr = mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set);
	if (kr != KERN_SUCCESS) {
		printf("kv-server: no port set: 0x%x\n", kr);
		return 1;
	}
	for (int i = 1; i < argc && nr_clients < KV_CLIENTS_MAX; i++) {
		kr = kv_add_client((mach_port_t)atoi(argv[i]), set);
		if (kr != KERN_SUCCESS)
			printf("kv-server: client %s: 0x%x\n", argv[i], kr);
	}
	printf("kv-server: serving %d clients\n", nr_clients);
	kr = mach_msg_server(kv_server, max, set);
	printf("kv-server: mach_msg_server returned 0x%x\n", kr);
	return 1;
}
