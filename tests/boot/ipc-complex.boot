# bootstrap/tests/ipc/ipc-complex.c: see its header.
module bootstrap/tests/ipc/ipc-complex ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
