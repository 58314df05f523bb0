# bootstrap/tests/mach-thread.c: see its header.
module bootstrap/tests/mach-thread ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
