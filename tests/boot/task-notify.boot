# bootstrap/tests/task/task-notify.c: see its header.
module bootstrap/tests/task/task-notify ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
