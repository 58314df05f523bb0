# bootstrap/tests/host/host-sched.c: priorities, the set's task and thread
# lists, thread_depress_abort, run times; privileged ports required.
module bootstrap/tests/host/host-sched ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
expect-re host-sched: run time
