# The key-value example (bootstrap/examples/kv/): kv-server serves two
# clients through a port set; the last client to finish prints the
# success marker and reboots.
module bootstrap/examples/kv/kv-server ${client-a} ${client-b} $(task-create) $(task-resume)
module bootstrap/examples/kv/kv-client ${host-port} a b $(client-a=task-create)
module bootstrap/examples/kv/kv-client ${host-port} b a $(client-b=task-create)
expect-re kv-server: serving 2 clients
expect-re kv-client a: a.k1 = value 1 of a
expect-re kv-client b: b.k1 = value 1 of b
expect-re kv demo over
expect success
