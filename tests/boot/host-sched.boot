# bootstrap/tests/ext2/ext2-sched.c: priorities, the set's task and thread
# lists, thread_depress_abort, run times; privileged ports required.
module bootstrap/tests/ext2/ext2-sched ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
expect-re ext2-sched: run time
