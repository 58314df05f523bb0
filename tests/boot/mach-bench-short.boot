# mach-bench (bootstrap/bench/mach_bench.c), the nine operations of the
# outside ipc_bench, rpc_rtt_tls, rpc_rtt_names and rpc_rtt_fpu at 5 % of
# their iterations: each runs and checks its replies (./build.sh bench
# runs them in full under -icount).
module bootstrap/bench/mach-bench ${host-port} scale=5 $(task-create) $(task-resume)
expect-re ^BENCH ool_1m 2 [0-9]+ [0-9]+
expect-re ^BENCH rpc_rtt_names 250 [0-9]+ [0-9]+
expect-re ^BENCH rpc_rtt_fpu 250 [0-9]+ [0-9]+
expect success
