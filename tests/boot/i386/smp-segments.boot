# bootstrap/tests/smp-segments.c (i386) on two processors: a task's LDT
# replaced 64 times while a thread, on the other processor, reads
# through LDT selector 0x27 (every read sees its buffer's marker: the
# old LDT is in no processor's LDTR when it is freed), and two threads'
# own TLS slots 0x4B (i386_set_gdt) each read back through %gs as its
# own, across yields and switches (each processor's GDT holds the slots
# of the thread it runs).
smp 2
# The reader truly at once with the LDT's replacement: a host thread per
# processor.
tcg multi
module bootstrap/tests/smp-segments ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re ^smp-segments: 64 LDT replacements, the LDT reader read through each
expect success
