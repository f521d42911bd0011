# clerk-wasm: the two commands of the README, plus build and size.
#   make demo   build the SDK (release) and serve the demo on http://127.0.0.1:4000
#   make test   run every test (what CI runs)
#   make build  build pkg/ and the dev server without starting anything
#   make size   print the SDK's download sizes (raw, gzip, brotli)
#   make bench  build, then compare clerk-wasm with ClerkJS (bytes, time, FAPI round trips) into bench/
#   make load   build the dev server, then load-test its Frontend API (under 2 minutes)
.PHONY: demo test build size setup bench load

setup:
	bash scripts/setup.sh

build: setup
	bash scripts/build-sdk.sh
	cargo build -p clerk-devserver --profile server

demo: build
	target/server/clerk-devserver --addr 127.0.0.1:4000 --data .clerk-dev --static . --seed-demo

test:
	bash scripts/test.sh

size: build
	node scripts/size.mjs

bench: build
	node scripts/bench.mjs

load:
	cargo build -p clerk-devserver --profile server
	node scripts/load.mjs
