# exception_raise to a thread exception port, then to the task's: a
# handler thread fixes the faulting thread's state and resumes it.
module bootstrap/tests/mach-exception ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
expect-re mach-exception: fault at 0x10 handled
expect-re mach-exception: breakpoint handled through the task port
