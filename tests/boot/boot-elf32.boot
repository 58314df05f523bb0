# The only module is a 32-bit ELF program (the runner's fake kernel): not
# ELF64 (ELF_NOT_64BIT); the machine stops (QEMU status 3).
module tests/boot/fakekernel $(task-create) $(task-resume)
expect-re ^bootstrap: no task could start: module 0: fakekernel: not an ELF64 executable \(ELF_NOT_64BIT\)
exit-status 3
