# bootstrap/tests/mach-smp.c on i386 under QEMU with two processors: the
# i386 kernel runs on the boot processor only (the x86_64 kernel's
# processor discovery and start-up, x86_64/smp.c, are not ported), so
# the second is never started and the task sees one processor, as with
# `smp 1` (mach-smp1).
smp 2
module bootstrap/tests/mach-smp ${host-port} ${device-port} 1 $(task-create) $(task-resume)
expect success
expect-re ^mach-smp: host_info: max_cpus 1, avail_cpus 1
expect-re ^mach-smp: processor 0: slot 0, running, master
reject-re ^cpu[0-9]+: online
