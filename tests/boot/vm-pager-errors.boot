# bootstrap/tests/vm/vm-pager-errors.c: data_error and a pager task that
# dies while a fault waits: both give EXC_BAD_ACCESS / KERN_MEMORY_ERROR.
module bootstrap/tests/vm/vm-pager-errors ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
expect-re vm-pager-errors: data_error gives KERN_MEMORY_ERROR ok
expect-re vm-pager-errors: pager task died, fault failed ok
