#!/usr/bin/env bash
# Visits logged per second over HTTP at synchronous=FULL, beside the raw
# SQLite commit rate measured in the same run. relais demo serves on
# loopback; wrk (bench/visits.lua) POSTs /api/v1/visits as a signed-in
# mediator with CONNECTIONS concurrent clients, so concurrent writes share
# commits (group commit). The raw rate is relais_bench's
# BM_InsertOneRowPerTransaction: one row per transaction, FULL, one thread.
# Each target is measured ROUNDS times, alternating; medians are printed.
# Every response must be 2xx, and the visits stored must number the
# responses (give or take the requests in flight when wrk stops).
# Usage: bench/visits.sh [BUILD_DIR] (default build; needs wrk). RELAIS_WORKERS
# sets relais's worker pool (4 by default), hence how many writes can wait
# on one commit together.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
rounds="${ROUNDS:-3}"
duration="${DURATION:-5s}"
connections="${CONNECTIONS:-32}"
port="${PORT:-18090}"
command -v wrk >/dev/null || { echo "wrk manque : apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
source bench/lib.sh
start_demo "$port"
cookie=$(session_cookie "$port" mediator)
raw=()
http=()
for _ in $(seq "$rounds"); do
  raw+=("$(raw_rate)")
  [ -n "${raw[-1]}" ] || { echo "relais_bench n'a rien mesuré" >&2; exit 1; }
  http+=("$(visit_rate "$port" "$cookie" "$work/http")")
done
raw_median=$(median "${raw[@]}")
http_median=$(median "${http[@]}")

created=$(sum "$work/http.answered")
stored=$(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/visits" | grep -o '"id"' | wc -l)
# Requests still in flight when wrk stops are stored but not counted by it.
if [ "$stored" -lt "$created" ] || [ "$stored" -gt $((created + rounds * connections)) ]; then
  echo "visites enregistrées : $stored, réponses 201 : $created" >&2
  exit 1
fi

printf "%-52s %12s\n" "target" "per second (median)"
printf "%-52s %12.0f\n" "SQLite, 1 row per transaction, FULL (relais_bench)" "$raw_median"
printf "%-52s %12.0f\n" "POST /api/v1/visits, FULL, $connections clients (wrk)" "$http_median"
printf "ratio HTTP / raw commit: %.2f (%s visits stored)\n" \
  "$(awk -v a="$http_median" -v b="$raw_median" 'BEGIN {print a / b}')" "$stored"
printf "rounds: raw %s; http %s\n" "${raw[*]}" "${http[*]}"
