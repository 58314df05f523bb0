# bootstrap/tests/task/task-gnumach.c: see its header.
module bootstrap/tests/task/task-gnumach ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
