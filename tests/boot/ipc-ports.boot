# bootstrap/tests/ext3/ext3-ports.c: see its header; privileged ports required.
module bootstrap/tests/ext3/ext3-ports ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
