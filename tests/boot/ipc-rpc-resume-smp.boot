# bootstrap/tests/ipc/ipc-rpc-resume.c on two processors: the RPC runs
# with the kernel lock shared, and a thread switched back to by a
# processor holding it shared upgrades it (the replaced-registers case
# panicked before: "kernel lock: cpu0 releases it, free").
smp 2
module bootstrap/tests/ipc/ipc-rpc-resume ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
