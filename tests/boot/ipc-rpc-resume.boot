# bootstrap/tests/ipc/ipc-rpc-resume.c: see its header.
module bootstrap/tests/ipc/ipc-rpc-resume ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
