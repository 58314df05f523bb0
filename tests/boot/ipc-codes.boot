# bootstrap/tests/ipc2/ipc2-codes.c: see its header.
module bootstrap/tests/ipc2/ipc2-codes ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
