# bootstrap/tests/host/host-pcsample.c: PC sampling of a spinning thread
# and of its task (pcs in the spin loop, seqno, overflow, disable), codes,
# kernel counts back to baseline after a thread and a task die sampling.
module bootstrap/tests/host/host-pcsample ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re host-pcsample: codes ok
expect-re host-pcsample: seqno advances ok
expect-re host-pcsample: oldest retained first, rest without loss ok
expect-re host-pcsample: thread sampling ok
expect-re host-pcsample: task sampling: .* ok
expect-re host-pcsample: kernel counts back to baseline ok
expect success
