# bootstrap/tests/vm/vm-cow.c: copy-on-write between a task and its child.
module bootstrap/tests/vm/vm-cow ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
