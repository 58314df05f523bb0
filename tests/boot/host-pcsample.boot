# bootstrap/tests/host/host-pcsample.c: PC sampling of a spinning thread
# and of its task (pcs in the spin loop, seqno, overflow, disable), codes,
# kernel counts back to baseline after a thread and a task die sampling.
# The overflow waits for 563 ticks of the spinner, which a loaded host
# spreads over more time (QEMU skips the timer periods it missed): 40 to
# 75 s at load 15 on the 2-core machine, 10 s idle.
timeout 240
module bootstrap/tests/host/host-pcsample ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re host-pcsample: codes ok
expect-re host-pcsample: seqno advances ok
expect-re host-pcsample: oldest retained first, rest without loss ok
expect-re host-pcsample: thread sampling ok
expect-re host-pcsample: task sampling: .* ok
expect-re host-pcsample: kernel counts back to baseline ok
expect success
