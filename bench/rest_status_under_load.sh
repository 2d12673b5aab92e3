#!/usr/bin/env bash
# The REST status endpoint under load while a session runs: `shardline serve`
# with local workers, a session of no-op tests (`true`), and wrk on
# GET .../status. Prints wrk's requests/s and latency percentiles, and the
# session's dispatch throughput (tests finished per second) measured over the
# same seconds without wrk (baseline) and with it; their ratio is the cost of
# serving the status to that many clients.
# Usage: bench/rest_status_under_load.sh [SECONDS] [CONNECTIONS]   (needs wrk, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
shardline=build/shardline
[[ -x $shardline ]] || { echo "build first: tools/build" >&2; exit 2; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
# SHARDLINE_SERVE_ARGS adds options to serve, e.g. "--http-nice 0" to compare.
# shellcheck disable=SC2086
$shardline serve --http 127.0.0.1:0 --no-token --local-workers 2 --slots 4 --log-level warn \
  --artifacts "$work/artifacts" --db "$work/shardline.db" ${SHARDLINE_SERVE_ARGS:-} >"$work/serve.txt" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q listening "$work/serve.txt" && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.txt" | head -1 | cut -d: -f2)
base=http://127.0.0.1:$port/api/execution/parallel

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
start_session() { # N tests of `true`
  python3 -c "import json; print(json.dumps({'tests': [{'id': f't{i}', 'path': 'noop', 'title': str(i)} for i in range($1)],
    'config': {'workerCount': 2, 'runner': {'kind': 'command', 'argv': ['true']}}}))" >"$work/body.json"
  curl -sf -XPOST -H 'Content-Type: application/json' --data-binary @"$work/body.json" "$base" | json "d['sessionId']"
}
completed() { curl -sf "$base/$1/status" | json "d['progress']['completed']"; }
now() { date +%s.%N; }
rate() { awk -v a="$1" -v b="$2" -v t0="$3" -v t1="$4" 'BEGIN { printf "%.0f", (b - a) / (t1 - t0) }'; }

# Tests per second over `seconds`, in the middle of a session long enough for it.
measure() { # $1: "wrk" or "idle"
  local id a b t0 t1
  id=$(start_session 100000)
  sleep 2
  a=$(completed "$id"); t0=$(now)
  if [[ $1 == wrk ]]; then
    wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base/$id/status" >"$work/wrk.txt"
  else
    sleep "$seconds"
  fi
  b=$(completed "$id"); t1=$(now)
  curl -sf -XPOST "$base/$id/cancel" >/dev/null || true
  rate "$a" "$b" "$t0" "$t1"
}

idle=$(measure idle)
loaded=$(measure wrk)
requests=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt")
p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")
p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")
printf '# shardline serve, 2 local workers x 4 slots, no-op tests; wrk -t2 -c%s -d%ss on GET .../status\n' "$connections" "$seconds"
printf '%-44s %12s\n' "status requests/s (wrk)" "$requests"
printf '%-44s %12s\n' "status latency p50 / p99" "$p50 / $p99"
printf '%-44s %12s\n' "dispatch, tests/s, no HTTP load (baseline)" "$idle"
printf '%-44s %12s\n' "dispatch, tests/s, under wrk" "$loaded"
awk -v l="$loaded" -v i="$idle" 'BEGIN { printf "dispatch under load / baseline: %.3f\n", l / i }'
echo "# reproduce: bench/rest_status_under_load.sh $seconds $connections"
