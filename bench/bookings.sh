#!/usr/bin/env bash
# Public bookings per second over HTTP at synchronous=FULL, beside the raw
# SQLite commit rate (one row per FULL transaction) measured in the same
# run. relais demo serves on loopback with a bench type (15 minutes, a
# year's horizon) taken by MEDIATORS extra mediators; the free slots are
# listed once, and wrk (bench/bookings.lua) books each of them exactly as
# many times as it has free mediators, with CONNECTIONS concurrent clients,
# so concurrent bookings share commits (group commit) while every booking
# still takes its units under the overlap constraint. Rounds alternate;
# medians are printed. Any answer but 201 fails the run, and the bookings
# stored must number the 201s (give or take those in flight at the end).
# Usage: bench/bookings.sh [BUILD_DIR] (default build; needs wrk, jq, sqlite3)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
rounds="${ROUNDS:-3}"
duration="${DURATION:-4s}"
connections="${CONNECTIONS:-32}"
mediators="${MEDIATORS:-20}"
port="${PORT:-18095}"
for tool in wrk jq sqlite3; do
  command -v "$tool" >/dev/null || { echo "$tool manque : apt-get install $tool" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
source bench/lib.sh
start_demo "$port"
prepare_bookings "$port" "$work/demo.sqlite" "$work/starts"
available=$(wc -l <"$work/starts")

raw=()
http=()
for _ in $(seq "$rounds"); do
  raw+=("$(raw_rate)")
  [ -n "${raw[-1]}" ] || { echo "relais_bench n'a rien mesuré" >&2; exit 1; }
  http+=("$(booking_rate "$port" "$work/starts" "$work/http")")
done
raw_median=$(median "${raw[@]}")
http_median=$(median "${http[@]}")

created=$(sum "$work/http.answered")
stored=$(sqlite3 "$work/demo.sqlite" "SELECT count(*) FROM appointments WHERE type_id = 'banc-essai'")
if [ "$stored" -lt "$created" ] || [ "$stored" -gt $((created + rounds * connections)) ]; then
  echo "rendez-vous enregistrés : $stored, réponses 201 : $created" >&2
  exit 1
fi

printf "%-56s %12s\n" "target" "per second (median)"
printf "%-56s %12.0f\n" "SQLite, 1 row per transaction, FULL (relais_bench)" "$raw_median"
printf "%-56s %12.0f\n" "POST /api/v1/appointments, FULL, $connections clients (wrk)" "$http_median"
printf "ratio HTTP / raw commit: %.2f (%s bookings stored, %s free slots listed)\n" \
  "$(awk -v a="$http_median" -v b="$raw_median" 'BEGIN {print a / b}')" "$stored" "$available"
printf "rounds: raw %s; http %s\n" "${raw[*]}" "${http[*]}"
