# bootstrap/tests/smp-parallel.c on one processor: the two spinning
# threads take turns, so neither sees the other advance while it runs
# (the test tells one processor from two).
smp 1
module bootstrap/tests/smp-parallel ${host-port} ${device-port} 1 $(task-create) $(task-resume)
expect success
expect-re ^smp-parallel: thread 1: the other advanced in
