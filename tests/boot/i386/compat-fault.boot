# bootstrap/tests/compat/compat-fault.c on i386: user faults at kernel
# addresses (0xC0000000 and up: eip, esp, a load) are EXC_BAD_ACCESS,
# KERN_INVALID_ADDRESS, the address, as on x86_64 (tests/boot/compat-fault.boot).
module bootstrap/tests/compat/compat-fault ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re compat-fault: eip at a kernel address: EXC_BAD_ACCESS
expect-re compat-fault: eip in the last page: EXC_BAD_ACCESS
expect-re compat-fault: esp at a kernel address: EXC_BAD_ACCESS
expect-re compat-fault: esp 0, a push wraps: EXC_BAD_ACCESS
expect-re compat-fault: load from a kernel address: EXC_BAD_ACCESS
expect-re compat-fault: load from an unmapped user address: EXC_BAD_ACCESS
expect-re compat-fault: kernel counts back to baseline ok
expect success
