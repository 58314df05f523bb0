# bootstrap/bench/smp_scale.c on one processor: a client/server pair of
# tasks handing the processor to each other must not starve the task
# that measures them (it wakes from its sleep to end each window: the
# pair passes its quantum along, and the processor is preempted when it
# runs out).
smp 1
memory 256
module bootstrap/bench/smp-scale ${host-port} window=300 pairs=1,2 $(task-create) $(task-resume)
expect-re ^SCALE pairs=2 rtt_per_s=[0-9]+ ratio=
expect success
