#!/usr/bin/env bash
# SQLite beside PostgreSQL, in one run: the same relais binary serves two
# demo desks on loopback, one on an SQLite file, one on a throwaway
# PostgreSQL cluster with fsync on (both commit durably: SQLite at
# synchronous=FULL, PostgreSQL at synchronous_commit=on). Rounds alternate
# the two databases for
#   - visits logged per second (POST /api/v1/visits, bench/visits.lua),
#   - public bookings per second (POST /api/v1/appointments, bench/bookings.lua),
#   - the annual activity report of one site (report_bench over REPORT_VISITS
#     visits of 2024 across 10 sites, loaded into each database),
# and prints the medians and the ratio PostgreSQL / SQLite. Fails on any
# answer but 201, when the rows stored do not match the answers, or when the
# two reports disagree.
# Usage: bench/postgres.sh [BUILD_DIR] (default build; needs wrk, jq,
# oathtool and PostgreSQL's server: scripts/setup --test)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
rounds="${ROUNDS:-3}"
duration="${DURATION:-4s}"
connections="${CONNECTIONS:-32}"
report_visits="${REPORT_VISITS:-200000}"
sqlite_port="${PORT:-18096}"
postgres_port=$((sqlite_port + 1))
for tool in wrk jq oathtool psql sqlite3; do
  command -v "$tool" >/dev/null || { echo "$tool manque : scripts/setup --test" >&2; exit 1; }
done

work=$(mktemp -d)
cluster=""
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  [[ -n $cluster ]] && scripts/postgres-test-cluster stop "$cluster"
  rm -rf "$work"
}
trap cleanup EXIT
source bench/lib.sh
eval "$(POSTGRES_FSYNC=on scripts/postgres-test-cluster start)"
cluster="$RELAIS_TEST_POSTGRES_DIR"
database() {  # NAME: a new database of the cluster, its URL
  psql -q "$RELAIS_TEST_POSTGRES" -c "CREATE DATABASE $1" >&2
  echo "${RELAIS_TEST_POSTGRES%/*}/$1"
}
sqlite_db="$work/demo.sqlite"
postgres_db=$(database demo)
declare -A db=([sqlite]="$sqlite_db" [postgres]="$postgres_db")
declare -A port=([sqlite]="$sqlite_port" [postgres]="$postgres_port")

echo "chargement des deux démos…" >&2
start_demo "${port[sqlite]}" "${db[sqlite]}"
start_demo "${port[postgres]}" "${db[postgres]}"
declare -A cookie
for target in sqlite postgres; do
  cookie[$target]=$(session_cookie "${port[$target]}" mediator)
  prepare_bookings "${port[$target]}" "${db[$target]}" "$work/$target.starts"
done

echo "chargement de $report_visits passages pour le rapport…" >&2
mkdir -p "$work/report-sqlite" "$work/report-postgres"
"$build/bench/report_bench" load "$work/report-sqlite" "$report_visits" 10 >/dev/null
RELAIS_BENCH_DB=$(database report) \
  "$build/bench/report_bench" load "$work/report-postgres" "$report_visits" 10 >/dev/null
report_url="${RELAIS_TEST_POSTGRES%/*}/report"

declare -A visits bookings reports
for _ in $(seq "$rounds"); do
  for target in sqlite postgres; do
    visits[$target]+=" $(visit_rate "${port[$target]}" "${cookie[$target]}" "$work/$target-visits")"
    bookings[$target]+=" $(booking_rate "${port[$target]}" "$work/$target.starts" "$work/$target-bookings")"
    if [[ $target == postgres ]]; then
      line=$(RELAIS_BENCH_DB="$report_url" "$build/bench/report_bench" report "$work/report-postgres" site-001 11)
    else
      line=$("$build/bench/report_bench" report "$work/report-sqlite" site-001 11)
    fi
    echo "$line" >"$work/$target.report"
    reports[$target]+=" $(jq -r .median_ms <<<"$line")"
  done
  for field in visits communes massy; do
    [[ $(jq -r .$field "$work/sqlite.report") == $(jq -r .$field "$work/postgres.report") ]] || {
      echo "désaccord sur $field : $(cat "$work/sqlite.report") / $(cat "$work/postgres.report")" >&2
      exit 1
    }
  done
done

# What was answered 201 is stored (give or take the requests in flight when wrk stopped).
stored_visits() {
  curl -sf -H "Cookie: ${cookie[$1]}" "http://127.0.0.1:${port[$1]}/api/v1/visits" | grep -o '"id"' | wc -l
}
for target in sqlite postgres; do
  for kind in visits bookings; do
    created=$(sum "$work/$target-$kind.answered")
    if [[ $kind == visits ]]; then
      stored=$(stored_visits "$target")
    else
      query="SELECT count(*) FROM appointments WHERE type_id = 'banc-essai'"
      if [[ $target == postgres ]]; then
        stored=$(psql -At "${db[postgres]}" -c "$query")
      else
        stored=$(sqlite3 "${db[sqlite]}" "$query")
      fi
    fi
    if [ "$stored" -lt "$created" ] || [ "$stored" -gt $((created + rounds * connections)) ]; then
      echo "$target, $kind : $stored enregistrés pour $created réponses 201" >&2
      exit 1
    fi
  done
done

row() {  # LABEL UNIT SQLITE_VALUES POSTGRES_VALUES
  local s p
  s=$(median $3)
  p=$(median $4)
  printf "%-44s %12.1f %12.1f %8.2f\n" "$1 ($2)" "$s" "$p" "$(awk -v a="$p" -v b="$s" 'BEGIN {print a / b}')"
}
printf "%-44s %12s %12s %8s\n" "median of $rounds rounds" "SQLite" "PostgreSQL" "PG/SQLite"
row "POST /api/v1/visits, $connections clients" "per s" "${visits[sqlite]}" "${visits[postgres]}"
row "POST /api/v1/appointments, $connections clients" "per s" "${bookings[sqlite]}" "${bookings[postgres]}"
row "annual report, $(jq -r .visits "$work/sqlite.report") visits of the site" "ms" "${reports[sqlite]}" "${reports[postgres]}"
printf "rounds: visits %s /%s; bookings %s /%s; report %s /%s\n" "${visits[sqlite]}" "${visits[postgres]}" \
  "${bookings[sqlite]}" "${bookings[postgres]}" "${reports[sqlite]}" "${reports[postgres]}"
