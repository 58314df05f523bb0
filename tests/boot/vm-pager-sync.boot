# bootstrap/tests/vm/vm-pager-sync.c: vm_region's memory object name and
# gnumach's vm_object_sync (return, flush, discard) seen by a user pager.
module bootstrap/tests/vm/vm-pager-sync ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re vm-pager-sync: vm_region names the pager's object ok
expect-re vm-pager-sync: return sends the write, page stays ok
expect-re vm-pager-sync: flush with return, read back from the pager ok
expect-re vm-pager-sync: flush without return discards ok
expect-re vm-pager-sync: anonymous memory and dead names ok
expect-re vm-pager-sync: kernel counts back to baseline ok
expect success
