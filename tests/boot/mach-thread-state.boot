# bootstrap/tests/mach-thread-state.c: see its header.
module bootstrap/tests/mach-thread-state ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
