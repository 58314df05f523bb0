# bootstrap/tests/ext3/ext3-pager.c: see its header; privileged ports required.
module bootstrap/tests/ext3/ext3-pager ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
