# bootstrap/tests/vm/vm-proxy.c: proxy memory objects of regions, of
# proxies and of an external pager; their codes; leak check.
module bootstrap/tests/vm/vm-proxy ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re vm-proxy: round ok
expect-re vm-proxy: kernel counts back to baseline ok
expect success
