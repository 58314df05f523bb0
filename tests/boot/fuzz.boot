# The in-guest IPC fuzzer (bootstrap/fuzz/fuzz.c), bounded: 20000
# iterations from seed 1, then the kernel leak check through the test port
# (its object counts back to their baseline). A failing seed replays
# exactly: boot bootstrap/fuzz/fuzz with the same SEED COUNT arguments.
module bootstrap/fuzz/fuzz ${host-port} ${device-port} ${test-port} 1 20000 $(task-create) $(task-resume)
timeout 300
expect-re ^fuzz: seed 1 count 20000
expect-re ^fuzz: seed 1 passed
expect success
