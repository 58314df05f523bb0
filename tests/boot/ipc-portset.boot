# bootstrap/tests/ipc/ipc-portset.c: see its header.
module bootstrap/tests/ipc/ipc-portset ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
