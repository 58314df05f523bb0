# bootstrap/tests/ext/ext-gsync.c: see its header.
module bootstrap/tests/ext/ext-gsync ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
