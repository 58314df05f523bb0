# i386's boot-not-elf: the only module is not an ELF file (an ar
# archive): one line names the check that failed, with the i386 kernel's
# ELF32, and the machine stops (QEMU status 3).
module bootstrap/libmach.a $(task-create) $(task-resume)
expect-re ^bootstrap: no task could start: module 0: libmach.a: not an ELF32 executable \(ELF_BAD_MAGIC\)
exit-status 3
