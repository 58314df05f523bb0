# bootstrap/tests/ipc/ipc-notify.c: see its header.
module bootstrap/tests/ipc/ipc-notify ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
