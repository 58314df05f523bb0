# bootstrap/tests/ext/ext-task-notify.c: see its header.
module bootstrap/tests/ext/ext-task-notify ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
