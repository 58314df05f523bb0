# bootstrap/tests/ext/ext-refused.c: the routines Mach5 does not serve
# answer their documented codes (docs/interfaces.md).
module bootstrap/tests/ext/ext-refused ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re ext-refused: console still writes
expect success
