# bootstrap/tests/ext2/ext2-policy.c: thread_policy and the set's policy
# switches (POLICY_TIMESHARE, POLICY_FIXEDPRI), as the info calls report them.
module bootstrap/tests/ext2/ext2-policy ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
expect-re ext2-policy: min_timeout
