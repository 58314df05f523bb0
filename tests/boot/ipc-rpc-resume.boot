# bootstrap/tests/ipc/ipc-rpc-resume.c: see its header. On one processor,
# where the RPC's sender drops its kernel frames (arch_thread_switch_drop):
# each case resumes it another way (ipc-rpc-resume-smp: the same with the
# kernel lock shared).
smp 1
module bootstrap/tests/ipc/ipc-rpc-resume ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
