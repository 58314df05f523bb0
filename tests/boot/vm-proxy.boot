# bootstrap/tests/vm2/vm2-proxy.c: proxy memory objects of regions, of
# proxies and of an external pager; their codes; leak check.
module bootstrap/tests/vm2/vm2-proxy ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re vm2-proxy: round ok
expect-re vm2-proxy: kernel counts back to baseline ok
expect success
