# bootstrap/tests/smp-parallel.c: two user threads spin at the same time
# on two processors, each seeing the other's counter advance tick after
# tick of the guest clock.
smp 2
# Truly at once: a host thread per processor (under tcg single they would
# take turns, and the test would see the turns, not parallel threads).
tcg multi
module bootstrap/tests/smp-parallel ${host-port} ${device-port} 2 $(task-create) $(task-resume)
expect success
expect-re ^smp-parallel: thread 1: the other advanced in
