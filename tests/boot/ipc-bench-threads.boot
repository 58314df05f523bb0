# The null_rpc_threads benchmark, short: null RPC between two threads of
# one task (bootstrap/bench/ipc_bench_threads.c).
module bootstrap/bench/ipc-bench-threads ${host-port} 50 $(task-create) $(task-resume)
expect-re ^BENCH null_rpc_threads 50 [0-9]+ [0-9]+
expect success
