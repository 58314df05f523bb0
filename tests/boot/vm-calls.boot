# bootstrap/tests/vm/vm-calls.c: see its header; privileged ports required.
module bootstrap/tests/vm/vm-calls ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
