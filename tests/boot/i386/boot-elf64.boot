# i386's counterpart of boot-elf32: the only module is a 64-bit ELF
# program (tests/boot/i386/elf64.S, built with gcc -m64): not ELF32
# (ELF_NOT_32BIT); the machine stops (QEMU status 3).
module tests/boot/i386/elf64 $(task-create) $(task-resume)
expect-re ^bootstrap: no task could start: module 0: elf64: not an ELF32 executable \(ELF_NOT_32BIT\)
exit-status 3
