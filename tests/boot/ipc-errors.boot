# bootstrap/tests/ipc/ipc-errors.c: see its header.
module bootstrap/tests/ipc/ipc-errors ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
