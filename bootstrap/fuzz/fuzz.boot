# A long in-guest fuzz run for ./build.sh fuzz-guest (not a test): five
# million iterations from seed 20240101; change the seed to explore,
# keep it to replay a failure.
module bootstrap/fuzz/fuzz ${host-port} ${device-port} ${test-port} 20240101 5000000 $(task-create) $(task-resume)
memory 256
timeout 36000
expect-re ^fuzz: seed 20240101 passed
expect success
