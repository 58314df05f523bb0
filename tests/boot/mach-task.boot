# bootstrap/tests/mach-task.c: see its header.
module bootstrap/tests/mach-task ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
