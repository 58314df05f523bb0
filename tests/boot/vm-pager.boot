# bootstrap/tests/vm/vm-pager.c: a user-space pager serving a memory object.
module bootstrap/tests/vm/vm-pager ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
