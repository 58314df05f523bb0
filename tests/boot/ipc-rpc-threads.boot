# bootstrap/tests/ipc/ipc-rpc-threads.c: see its header.
module bootstrap/tests/ipc/ipc-rpc-threads ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
