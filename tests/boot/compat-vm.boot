# bootstrap/tests/compat/compat-vm.c: vm_set_size_limit does not count
# VM_PROT_NONE memory; vm_wire through the unprivileged host port.
module bootstrap/tests/compat/compat-vm ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re compat-vm: VM_PROT_NONE memory is not counted against the size limit ok
expect-re compat-vm: vm_wire through the unprivileged host port, up to 8 MiB ok
expect-re compat-vm: kernel counts back to baseline ok
expect success
