# bootstrap/bench/smp_scale.c, short: 1 then 2 client/server pairs of tasks
# on two processors, three 300 ms windows; every pair makes round trips
# over them, each with the right reply, and the tasks end cleanly
# (./build.sh bench runs 1, 2 and 4 pairs for the figures).
smp 2
memory 256
module bootstrap/bench/smp-scale ${host-port} window=300 pairs=1,2 $(task-create) $(task-resume)
expect-re ^SCALE pairs=2 rtt_per_s=[0-9]+ ratio=
expect success
