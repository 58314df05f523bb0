# bootstrap/tests/mach-smp.c on i386, one processor: the processor
# interface (host_info, host_processors, processor_info) for the one the
# kernel runs on. The i386 kernel starts no other processor (it has no
# ACPI or MP table parsing: x86_64/smp.c), so no "cpus: N found" line.
smp 1
module bootstrap/tests/mach-smp ${host-port} ${device-port} 1 $(task-create) $(task-resume)
expect success
expect-re ^mach-smp: host_info: max_cpus 1, avail_cpus 1
expect-re ^mach-smp: processor 0: slot 0, running, master
reject-re ^cpu[0-9]+: online
