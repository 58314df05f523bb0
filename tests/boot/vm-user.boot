# bootstrap/tests/vm/vm-user.c: the vm_* routines and their error codes.
module bootstrap/tests/vm/vm-user ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
