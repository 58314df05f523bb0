# A trap number below -129 raises EXC_BAD_INSTRUCTION / EXC_I386_INVOP and,
# with no handler, terminates the task.
module bootstrap/tests/bad-trap-range ${host-port} ${device-port} $(task-create) $(task-resume) -200
expect-re bad-trap-range: calling trap -200
expect-re task bad-trap-range: exception 2 code 0x1 subcode 0x0.*task terminated
