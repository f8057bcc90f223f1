#!/usr/bin/env bash
# A year of the seed desk's opening hours, side by side in one run: relais
# (bench/hours_bench.cpp, OpenIntervals) against the npm opening_hours library
# in Node (bench/hours_bench.mjs, getOpenIntervals), alternating, ROUNDS
# rounds. Prints each side's median (the median of the rounds' medians) and
# the ratio; fails when the two disagree on the number of intervals or when
# relais is less than MIN_RATIO times faster. Builds nothing.
# Usage: bench/hours.sh [BUILD_DIR] (default build; needs node, jq and the
# test tools: npm ci --prefix tests)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
rounds="${ROUNDS:-3}"
relais_runs="${RELAIS_RUNS:-201}"
node_runs="${NODE_RUNS:-11}"
min_ratio="${MIN_RATIO:-100}"
bench="$build/bench/hours_bench"
[[ -x "$bench" ]] || { echo "$bench manque : ninja -C $build hours_bench" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq manque : apt-get install jq" >&2; exit 1; }

relais_medians=()
node_medians=()
for round in $(seq "$rounds"); do
  relais_line=$("$bench" "$relais_runs")
  node_line=$(TZ=Europe/Paris node bench/hours_bench.mjs "$node_runs")
  echo "round $round: $relais_line"
  echo "round $round: $node_line"
  relais_medians+=("$(jq -r .median_us <<<"$relais_line")")
  node_medians+=("$(jq -r .median_us <<<"$node_line")")
  relais_intervals=$(jq -r .intervals <<<"$relais_line")
  node_intervals=$(jq -r .intervals <<<"$node_line")
  if [[ "$relais_intervals" != "$node_intervals" ]]; then
    echo "intervals differ: relais $relais_intervals, opening_hours $node_intervals" >&2
    exit 1
  fi
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
relais=$(median "${relais_medians[@]}")
node=$(median "${node_medians[@]}")
ratio=$(awk -v a="$node" -v b="$relais" 'BEGIN {printf "%.0f", a / b}')
printf "%-34s %14s\n" "a year of the seed's hours" "median (us)"
printf "%-34s %14.2f\n" "relais OpenIntervals" "$relais"
printf "%-34s %14.2f\n" "opening_hours getOpenIntervals" "$node"
printf "%-34s %14s\n" "ratio" "x$ratio"
echo "{\"bench\":\"hours\",\"intervals\":$relais_intervals,\"relais_median_us\":$relais,\"opening_hours_median_us\":$node,\"ratio\":$ratio}"
if ((ratio < min_ratio)); then
  echo "relais is only x$ratio faster (at least x$min_ratio expected)" >&2
  exit 1
fi
