# bootstrap/tests/compat/compat-codes.c: GNU Mach's codes for odd input
# (holes, kernel space, wrapping ranges, dead names, ports of the wrong
# kind) and Mach5's deliberate differences (docs/gnumach-compat.md).
module bootstrap/tests/compat/compat-codes ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re compat-codes: vm_protect / vm_inherit / vm_deallocate over holes and kernel space ok
expect-re compat-codes: vm_allocate of 2\^64-1 bytes, of page 0 ok
expect-re compat-codes: vm_map of a dead name, a wrapping offset ok
expect-re compat-codes: host_processor_set_priv / thread_wire on a port of the wrong kind ok
expect-re compat-codes: task_set_special_port\(TASK_KERNEL_PORT\) ok
expect-re compat-codes: mach_msg with send_size 2\^31 ok
expect-re compat-codes: vm_read of 256 MiB untouched ok
expect-re compat-codes: kernel counts back to baseline ok
expect success
