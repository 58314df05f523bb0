# bootstrap/tests/host/host-policy.c: thread_policy and the set's policy
# switches (POLICY_TIMESHARE, POLICY_FIXEDPRI), as the info calls report them.
module bootstrap/tests/host/host-policy ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
expect-re host-policy: min_timeout
