# bootstrap/tests/ipc/ipc-rpc-tasks.c on two processors: the RPC between
# the two tasks runs with the kernel lock shared.
smp 2
module bootstrap/tests/ipc/ipc-rpc-tasks ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
