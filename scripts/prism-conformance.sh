#!/usr/bin/env bash
# Conformance check of the generated client against Prism (a mock server that validates
# requests against the OpenAPI description and answers from it).
#
#   bash scripts/prism-conformance.sh
#
# Needs node, npm, curl and cargo. Skips (exit 0) when ../shared/specs/openai-latest.yaml is
# absent, except under CI (`CI` set), where that fails. Installs Prism into target/prism (pinned below) when it is not there yet, prepares
# the served document with scripts/prism-document.cjs, starts two Prism servers on free
# 127.0.0.1 ports (static examples, and dynamic random responses with a fixed seed), and runs
# `cargo test -p generated-client --test prism` against them.
set -euo pipefail

PRISM_VERSION=5.16.0
JS_YAML_VERSION=4.1.0

started=$(date +%s)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

spec="$root/../shared/specs/openai-latest.yaml"
if [[ ! -f "$spec" ]]; then
  # Under CI the test data must be there: a run that lost it fails, naming what is missing.
  if [[ -n "${CI:-}" && "${CI}" != "false" && "${CI}" != "0" ]]; then
    echo "prism-conformance: FAILED: CI is set but $spec is absent" >&2
    exit 1
  fi
  echo "prism-conformance: skipped: $spec is absent"
  exit 0
fi
for tool in node npm curl cargo; do
  command -v "$tool" >/dev/null || { echo "prism-conformance: $tool is required" >&2; exit 1; }
done

prism_dir="$root/target/prism"
installed_version() { # package name -> version installed under target/prism, or nothing
  node -e 'try { console.log(require(process.argv[1] + "/package.json").version) } catch {}' \
    "$prism_dir/node_modules/$1" 2>/dev/null || true
}
if [[ "$(installed_version @stoplight/prism-cli)" != "$PRISM_VERSION" ||
      "$(installed_version js-yaml)" != "$JS_YAML_VERSION" ]]; then
  echo "prism-conformance: installing @stoplight/prism-cli@$PRISM_VERSION into target/prism"
  mkdir -p "$prism_dir"
  npm install --prefix "$prism_dir" --no-audit --no-fund --save-exact \
    "@stoplight/prism-cli@$PRISM_VERSION" "js-yaml@$JS_YAML_VERSION"
fi
prism="$prism_dir/node_modules/.bin/prism"

document="$prism_dir/cut.json"
NODE_PATH="$prism_dir/node_modules" node "$root/scripts/prism-document.cjs" "$spec" "$document"

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# start NAME PORT [prism options...]: starts Prism in the background, logging to target/prism/NAME.log.
start() {
  local name=$1 port=$2
  shift 2
  "$prism" mock --host 127.0.0.1 --port "$port" --errors=false "$@" "$document" \
    >"$prism_dir/$name.log" 2>&1 &
  pids+=("$!")
}

# wait_for NAME PORT PID: until Prism answers (any HTTP status), for up to 90 s.
wait_for() {
  local name=$1 port=$2 pid=$3
  for _ in $(seq 1 180); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "prism-conformance: $name Prism exited; its log:" >&2
      cat "$prism_dir/$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "prism-conformance: $name Prism did not answer on port $port within 90 s; its log:" >&2
  cat "$prism_dir/$name.log" >&2
  exit 1
}

static_port=$(free_port)
start static "$static_port"
dynamic_port=$(free_port)
while [[ "$dynamic_port" == "$static_port" ]]; do dynamic_port=$(free_port); done
start dynamic "$dynamic_port" -d --seed 1
wait_for static "$static_port" "${pids[0]}"
wait_for dynamic "$dynamic_port" "${pids[1]}"
echo "prism-conformance: Prism $PRISM_VERSION up: static on $static_port, dynamic on $dynamic_port ($(($(date +%s) - started)) s)"

status=0
PRISM_URL="http://127.0.0.1:$static_port" PRISM_DYNAMIC_URL="http://127.0.0.1:$dynamic_port" \
  cargo test -p generated-client --test prism --locked -- --ignored --nocapture 2>&1 |
  tee "$prism_dir/cargo-test.log" || status=$?

summary=$(grep -E '^test result:' "$prism_dir/cargo-test.log" | tail -n 1 || true)
elapsed=$(($(date +%s) - started))
if [[ $status -eq 0 ]]; then
  echo "prism-conformance: PASSED against Prism $PRISM_VERSION in ${elapsed} s: ${summary:-no summary}"
else
  echo "prism-conformance: FAILED (cargo test exit $status) against Prism $PRISM_VERSION in ${elapsed} s: ${summary:-no summary}" >&2
  echo "prism-conformance: Prism logs: $prism_dir/static.log, $prism_dir/dynamic.log" >&2
fi
exit "$status"
