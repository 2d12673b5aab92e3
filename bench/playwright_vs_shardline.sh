#!/usr/bin/env bash
# The bundled Playwright example run by Playwright's own parallel runner and
# by shardline, N workers each, alternating, RUNS times; prints the median
# wall time of each and their ratio (shardline / playwright: below 1 is
# faster). shardline runs with a history of durations from a warm-up run.
# Usage: bench/playwright_vs_shardline.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
workers=${1:-2}
runs=${2:-3}
example=examples/playwright
shardline=build/shardline
[[ -x $shardline && -d $example/node_modules ]] || { echo "build first: tools/build, tools/install-deps" >&2; exit 2; }

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# shardline learns each test's duration in its history; one warm-up run of
# each (which also warms Playwright's transpile cache) comes first, untimed.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run_shardline() {
  $shardline run --dir $example --workers "$workers" --quiet --artifacts "$work/artifacts" \
    --db "$work/shardline.db"
}
(cd $example && npx playwright test --workers "$workers" --reporter=dot >/dev/null 2>&1) || true
run_shardline >/dev/null 2>&1 || true

playwright=() shard=()
for ((i = 1; i <= runs; i++)); do
  playwright+=("$(cd $example && seconds npx playwright test --workers "$workers" --reporter=dot)")
  shard+=("$(seconds run_shardline)")
  echo "run $i: playwright ${playwright[-1]} s, shardline ${shard[-1]} s" >&2
done
p=$(median "${playwright[@]}")
s=$(median "${shard[@]}")
printf '# %s: %d tests, %d workers, %d runs each, alternating; medians of wall time\n' \
  "$example" "$(cd $example && npx playwright test --list 2>/dev/null | grep -c ' › ' || true)" "$workers" "$runs"
printf '%-34s %8s\n' "runner" "median s"
printf '%-34s %8.2f\n' "npx playwright test --workers $workers" "$p"
printf '%-34s %8.2f\n' "shardline run --workers $workers" "$s"
awk -v s="$s" -v p="$p" 'BEGIN { printf "ratio shardline / playwright: %.3f\n", s / p }'
echo "# reproduce: bench/playwright_vs_shardline.sh $workers $runs"
