# bootstrap/tests/ext4/ext4-pcsample.c: PC sampling of a spinning thread
# and of its task (pcs in the spin loop, seqno, overflow, disable), codes,
# kernel counts back to baseline after a thread and a task die sampling.
module bootstrap/tests/ext4/ext4-pcsample ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re ext4-pcsample: codes ok
expect-re ext4-pcsample: seqno advances ok
expect-re ext4-pcsample: oldest retained first, rest without loss ok
expect-re ext4-pcsample: thread sampling ok
expect-re ext4-pcsample: task sampling: .* ok
expect-re ext4-pcsample: kernel counts back to baseline ok
expect success
