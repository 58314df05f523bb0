# The IPC benchmark, short: two tasks doing RPC through a port whose send
# right the client extracted from the server's task port.
module bootstrap/bench/bench-server $(server=task-create) $(task-resume)
module bootstrap/bench/ipc-bench ${host-port} ${server} 50 $(task-create) $(task-resume)
expect-re ^BENCH null_rpc 50 [0-9]+ [0-9]+
expect-re ^BENCH rpc_inline_4k 50 [0-9]+ [0-9]+
expect-re ^BENCH port_allocate_destroy 50 [0-9]+ [0-9]+
expect success
