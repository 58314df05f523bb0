# bootstrap/tests/task/task-gsync.c: see its header.
module bootstrap/tests/task/task-gsync ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
