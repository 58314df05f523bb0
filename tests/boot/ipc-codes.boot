# bootstrap/tests/ipc/ipc-codes.c: see its header.
module bootstrap/tests/ipc/ipc-codes ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
