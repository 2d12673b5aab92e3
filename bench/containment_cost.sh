#!/usr/bin/env bash
# What containing each test costs: `shardline run --runner command` runs TESTS
# no-op tests (`true`) on 2 workers with a cgroup v2 per test (where the
# machine allows) and with SHARDLINE_TEST_CGROUPS=off (the subreaper's marker
# scan only), alternating, RUNS times each. Prints each run's wall time, the
# medians and their ratio (cgroup / marker only).
# Usage: bench/containment_cost.sh [TESTS] [RUNS]
# SHARDLINE=path/to/shardline runs another build.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=${1:-1000}
runs=${2:-5}
shardline=${SHARDLINE:-build/shardline}
[[ -x $shardline ]] || { echo "build first: tools/build" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -c "import json,sys; json.dump([{'path': 't', 'title': str(i)} for i in range($tests)], sys.stdout)" \
  >"$work/suite.json"

one_run() { # prints the wall time in ms
  local start end
  start=$(date +%s%N)
  "$shardline" run --runner command --workers 2 --quiet --no-history \
    --artifacts "$work/artifacts" --tests "$work/suite.json" -- true >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

with=()
without=()
for _ in $(seq "$runs"); do
  with+=("$(one_run)")
  without+=("$(SHARDLINE_TEST_CGROUPS=off one_run)")
done
python3 - "${with[*]}" "${without[*]}" <<'PY'
import statistics, sys
with_cgroup = [int(x) for x in sys.argv[1].split()]
marker_only = [int(x) for x in sys.argv[2].split()]
print("cgroup per test (ms):", with_cgroup)
print("marker scan only (ms):", marker_only)
a, b = statistics.median(with_cgroup), statistics.median(marker_only)
print(f"medians {a:.0f} ms vs {b:.0f} ms; ratio {a / b:.2f}")
PY
