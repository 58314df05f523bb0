# ./build.sh bench: IPC scaling over processors (bootstrap/bench/smp_scale.c),
# 1, 2 and 4 client/server pairs of tasks, booted with -smp 4 under QEMU's
# multi-threaded TCG without -icount (round trips per second of wall time).
module bootstrap/bench/smp-scale ${host-port} window=1000 pairs=1,2,4 $(task-create) $(task-resume)
memory 256
smp 4
timeout 600
expect success
