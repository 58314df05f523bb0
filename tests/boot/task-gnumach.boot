# bootstrap/tests/ext/ext-gnumach.c: see its header.
module bootstrap/tests/ext/ext-gnumach ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
