#!/usr/bin/env bash
# Sourced by scripts/test.sh: starts a dev server for the browser tests on a free loopback
# port, in memory, with a fresh secret key, and stops it when the calling shell exits (it also
# stops by itself after --exit-after, so it can never outlive a test run).
#   start_test_devserver <workdir>   sets DEVSERVER_READY (ready-file path) and CLERK_SECRET_KEY
start_test_devserver() {
  local dir="$1"
  mkdir -p "$dir"
  DEVSERVER_READY="$dir/ready.json"
  rm -f "$DEVSERVER_READY"
  CLERK_SECRET_KEY="sk_test_$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
  export CLERK_SECRET_KEY
  CLERK_SECRET_KEY="$CLERK_SECRET_KEY" target/debug/clerk-devserver --addr 127.0.0.1:0 --in-memory \
    --exit-after 2400 --ready-file "$DEVSERVER_READY" --static . > "$dir/devserver.log" 2>&1 &
  DEVSERVER_PID=$!
  trap 'kill $DEVSERVER_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    [ -s "$DEVSERVER_READY" ] && return 0
    kill -0 "$DEVSERVER_PID" 2>/dev/null || { cat "$dir/devserver.log"; return 1; }
    sleep 0.1
  done
  echo "the dev server did not start"; cat "$dir/devserver.log"; return 1
}
