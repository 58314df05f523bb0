# bootstrap/tests/vm/vm-pager-control.c: see its header; privileged ports required.
module bootstrap/tests/vm/vm-pager-control ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
