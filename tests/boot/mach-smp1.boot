# One processor (QEMU's default): the same processor interface test as
# mach-smp4, for 1 processor found; no application processor is started.
smp 1
module bootstrap/tests/mach-smp ${host-port} ${device-port} 1 $(task-create) $(task-resume)
expect success
expect-re ^cpus: 1 found \(ACPI MADT\)
expect-re ^mach-smp: host_info: max_cpus 1, avail_cpus 1
reject-re ^cpu[0-9]+: online
