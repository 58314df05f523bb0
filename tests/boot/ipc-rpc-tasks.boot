# bootstrap/tests/ipc/ipc-rpc-tasks.c: see its header. On one processor
# (the RPC under the kernel lock exclusive; ipc-rpc-tasks-smp: shared).
smp 1
module bootstrap/tests/ipc/ipc-rpc-tasks ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
