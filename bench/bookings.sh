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
admin=$(session_cookie "$port" admin)
api() {  # METHOD PATH [BODY]
  curl -sf -X "$1" -H "Cookie: $admin" -H 'Content-Type: application/json' ${3:+-d "$3"} \
    "http://127.0.0.1:$port$2"
}

api PUT /api/v1/appointment-types/banc-essai \
  '{"name":"Banc d essai","duration_minutes":15,"online":true,"horizon_days":366}' >/dev/null
for i in $(seq -w "$mediators"); do
  echo "mot de passe du banc d essai" |
    "$build/src/cli/relais" user add --db "$work/demo.sqlite" --login "banc$i" --role mediator --site antony >/dev/null
  api PUT "/api/v1/mediators/banc$i" '{"weekly_hours":"Mo-Su 00:00-24:00","types":["banc-essai"]}' >/dev/null
done
# Every free slot of the year, once per free mediator (the staff view tells how many).
first=$(date -d '+1 day' +%F)
for quarter in 0 1 2 3; do
  from=$(date -d "$first + $((quarter * 92)) days" +%F)
  to=$(date -d "$first + $((quarter * 92 + 91)) days" +%F)
  api GET "/api/v1/slots?type=banc-essai&from=$from&to=$to" |
    jq -r '.slots[] | . as $s | range(.free_mediators) | $s.start'
done >"$work/starts"
available=$(wc -l <"$work/starts")

http_rate() {  # bookings per second; fails on any answer but 201
  local out offset
  offset=$(cat "$work/offset" 2>/dev/null || echo 0)
  out=$(RELAIS_STARTS="$work/starts" RELAIS_OFFSET="$offset" RELAIS_TYPE=banc-essai \
    wrk -t1 -c"$connections" -d"$duration" -s bench/bookings.lua "http://127.0.0.1:$port/api/v1/appointments")
  if grep -q 'Non-2xx' <<<"$out"; then echo "réponses en erreur :" >&2; echo "$out" >&2; exit 1; fi
  local answered
  answered=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$answered" >>"$work/answered"
  # The next round starts past the requests that may still have been in flight.
  echo $((offset + answered + connections)) >"$work/offset"
  [ $((offset + answered + connections)) -lt "$available" ] ||
    { echo "plus assez de créneaux libres ($available) : réduisez DURATION" >&2; exit 1; }
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

raw=()
http=()
for _ in $(seq "$rounds"); do
  raw+=("$(raw_rate)")
  [ -n "${raw[-1]}" ] || { echo "relais_bench n'a rien mesuré" >&2; exit 1; }
  http+=("$(http_rate)")
done
raw_median=$(median "${raw[@]}")
http_median=$(median "${http[@]}")

created=$(awk '{n += $1} END {print n}' "$work/answered")
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
