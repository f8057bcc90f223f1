#!/usr/bin/env bash
# The annual activity report, side by side in one run: relais
# (bench/report_bench.cpp: app::Reports over the visits' daily roll-ups in
# SQLite) against DuckDB (bench/report_duckdb.mjs: the same aggregates over
# the raw visits, loaded in memory), for one site's year, over a generated
# history of VISITS visits in 2024 across 100 sites, for each size in SIZES.
# ROUNDS rounds alternate the two; each prints its median of RUNS reports.
# Fails when the two disagree on the site's figures.
# Usage: bench/report.sh [BUILD_DIR] (default build; needs node, jq and the
# test tools: npm ci --prefix tests)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
sizes="${SIZES:-1000000 10000000}"
rounds="${ROUNDS:-3}"
runs="${RUNS:-11}"
site="site-001"
bench="$build/bench/report_bench"
[[ -x "$bench" ]] || { echo "$bench manque : ninja -C $build report_bench" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq manque : apt-get install jq" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source bench/lib.sh

printf "%-10s %10s %14s %14s %8s\n" "visits" "site" "relais (ms)" "duckdb (ms)" "ratio"
for size in $sizes; do
  "$bench" load "$work" "$size" 100 >"$work/load.json"
  relais_medians=()
  duckdb_medians=()
  for _ in $(seq "$rounds"); do
    relais_line=$("$bench" report "$work" "$site" "$runs")
    duckdb_line=$(node bench/report_duckdb.mjs "$work" "$site" 2024 "$runs")
    for field in visits communes massy; do
      [[ $(jq -r .$field <<<"$relais_line") == $(jq -r .$field <<<"$duckdb_line") ]] || {
        echo "désaccord sur $field : $relais_line / $duckdb_line" >&2
        exit 1
      }
    done
    relais_medians+=("$(jq -r .median_ms <<<"$relais_line")")
    duckdb_medians+=("$(jq -r .median_ms <<<"$duckdb_line")")
  done
  relais=$(median "${relais_medians[@]}")
  duckdb=$(median "${duckdb_medians[@]}")
  printf "%-10s %10s %14.2f %14.2f %8.1f\n" "$(jq -r .loaded_visits "$work/load.json")" \
    "$(jq -r .visits <<<"$relais_line")" "$relais" "$duckdb" \
    "$(awk -v a="$duckdb" -v b="$relais" 'BEGIN {print a / b}')"
done
echo "ratio = DuckDB / relais (above 1: relais faster)"
