# bootstrap/tests/compat/compat-syscall.c: the syscall_* traps served as
# GNU Mach serves them.
module bootstrap/tests/compat/compat-syscall ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re compat-syscall: mach_port traps ok
expect-re compat-syscall: vm traps ok
expect-re compat-syscall: task traps ok
expect-re compat-syscall: non-task targets answer MACH_SEND_INTERRUPTED ok
expect-re compat-syscall: kernel counts back to baseline ok
expect success
