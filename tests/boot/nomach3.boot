# A kernel without modules/mach3 (./build.sh check-nomach3): the test
# module answers on ${test-port}, the mach_port interface and its traps
# do not (bootstrap/tests/nomach3/nomach3.c).
module bootstrap/tests/nomach3/nomach3 ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re ^nomach3: ok
reject-re nomach3: FAIL
