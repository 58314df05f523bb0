# bootstrap/tests/compat/compat-fault.c: user faults at kernel and
# non-canonical addresses (rip, rsp, a load) are EXC_BAD_ACCESS,
# KERN_INVALID_ADDRESS, the address.
module bootstrap/tests/compat/compat-fault ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re compat-fault: rip at a kernel address: EXC_BAD_ACCESS
expect-re compat-fault: rip non-canonical: EXC_BAD_ACCESS
expect-re compat-fault: rsp at a kernel address: EXC_BAD_ACCESS
expect-re compat-fault: rsp non-canonical: EXC_BAD_ACCESS
expect-re compat-fault: load from a kernel address: EXC_BAD_ACCESS
expect-re compat-fault: kernel counts back to baseline ok
expect success
