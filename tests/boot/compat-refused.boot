# bootstrap/tests/compat/compat-refused.c: the routines Mach5 does not serve
# answer their documented codes (docs/interfaces.md).
module bootstrap/tests/compat/compat-refused ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re compat-refused: console still writes
expect success
