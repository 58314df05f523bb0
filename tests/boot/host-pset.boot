# bootstrap/tests/ext3/ext3-pset.c: see its header; privileged ports required.
module bootstrap/tests/ext3/ext3-pset ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
