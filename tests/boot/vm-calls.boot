# bootstrap/tests/ext3/ext3-vm.c: see its header; privileged ports required.
module bootstrap/tests/ext3/ext3-vm ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
