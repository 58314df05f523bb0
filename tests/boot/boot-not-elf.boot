# The only module is not an ELF file (an ar archive): one line names the
# check that failed, and the machine stops (QEMU status 3).
module bootstrap/libmach.a $(task-create) $(task-resume)
expect-re ^bootstrap: no task could start: module 0: libmach.a: not an ELF64 executable \(ELF_BAD_MAGIC\)
exit-status 3
