# bootstrap/tests/ipc/ipc-ports.c: see its header; privileged ports required.
module bootstrap/tests/ipc/ipc-ports ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
