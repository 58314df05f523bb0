# ./build.sh bench: the nine operations of the outside ipc_bench binary,
# measured as it measures them (bootstrap/bench/mach_bench.c), booted with
# qemu -icount shift=0.
module bootstrap/bench/mach-bench ${host-port} $(task-create) $(task-resume)
memory 256
timeout 600
expect success
