#!/usr/bin/env bash
# HTTP throughput, side by side in one run: relais's GET /api/v1/site,
# GET /healthz and GET /api/v1/slots (a week of one type) against a bare
# RESTinio server answering a small JSON body (bench/hello_server.cpp),
# both on 2 I/O threads, driven by wrk on
# loopback. Each target is measured ROUNDS times, alternating, and the
# median is reported with the ratio to the bare server.
# Usage: bench/http.sh [BUILD_DIR] (default build; needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
rounds="${ROUNDS:-5}"
duration="${DURATION:-5s}"
command -v wrk >/dev/null || { echo "wrk manque : apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
source bench/lib.sh
"$build/bench/hello_server" 18081 2 >/dev/null 2>&1 &
start_demo 18080
for _ in $(seq 100); do curl -sf "http://127.0.0.1:18081/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
# A week of free slots, as the booking page asks for them (about 5 kB of JSON).
slots="http://127.0.0.1:18080/api/v1/slots?type=caf-prime-activite&from=$(date -d '+1 day' +%F)&to=$(date -d '+7 days' +%F)"
curl -sf "$slots" | grep -q '"start"' || { echo "aucun créneau : $slots" >&2; exit 1; }

measure() {  # URL -> requests per second
  wrk -t1 -c32 -d"$duration" "$1" | awk '/Requests\/sec/ {print $2}'
}
declare -A results
targets=("hello=http://127.0.0.1:18081/" "site=http://127.0.0.1:18080/api/v1/site" "healthz=http://127.0.0.1:18080/healthz" "slots=$slots")
for round in $(seq "$rounds"); do
  for target in "${targets[@]}"; do
    name=${target%%=*}
    results[$name]+="$(measure "${target#*=}") "
  done
done
hello=$(median ${results[hello]})
printf "%-28s %12s %8s\n" "target" "req/s (med)" "ratio"
for target in "${targets[@]}"; do
  name=${target%%=*}
  value=$(median ${results[$name]})
  printf "%-28s %12.0f %8.2f\n" "$name" "$value" "$(awk -v a="$value" -v b="$hello" 'BEGIN {print a / b}')"
done
