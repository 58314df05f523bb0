# bootstrap/tests/host/host-pset.c: see its header; privileged ports required.
module bootstrap/tests/host/host-pset ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
