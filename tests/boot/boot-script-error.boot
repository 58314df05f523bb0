# A boot-script error (an undefined variable) in the only module line: one
# line says which word, and the machine stops (QEMU status 3).
module bootstrap/hello/hello ${no-such-variable} $(task-create) $(task-resume)
expect-re ^bootstrap: no task could start: module 0: boot-script error: cannot expand '\$\{no-such-variable\}'
exit-status 3
