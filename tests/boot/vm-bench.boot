# The VM benchmark, short: zero-fill and copy-on-write faults, vm_allocate
# + touch + vm_deallocate, and out-of-line RPCs of 4 KiB to 64 MiB to
# bench-server (moved by copy-on-write mapping: the server keeps 24
# regions of 64 MiB that all share the sender's one resident copy).
module bootstrap/bench/bench-server $(server=task-create) $(task-resume)
module bootstrap/bench/vm-bench ${host-port} ${server} 20 $(task-create) $(task-resume)
memory 192
timeout 120
expect-re ^BENCH vm_fault_zero_fill 20 [0-9]+ [0-9]+
expect-re ^BENCH vm_fault_cow 20 [0-9]+ [0-9]+
expect-re ^BENCH vm_allocate_touch_deallocate 20 [0-9]+ [0-9]+
expect-re ^BENCH ool_1m 20 [0-9]+ [0-9]+
expect-re ^BENCH ool_64m 20 [0-9]+ [0-9]+
expect-re ^BENCH ool_move_64k 20 [0-9]+ [0-9]+
expect-re ^BENCH ool_move_1m 20 [0-9]+ [0-9]+
expect success
