# A child task with no exception port faults: the kernel logs the
# exception and terminates it; the parent sees its task port die.
module bootstrap/tests/mach-exception-nohandler ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re task mach-exception-nohandler: exception 1 code 0x1 subcode 0x10: no handler, task terminated
expect-re mach-exception-nohandler: child task terminated, parent alive
