# Shared by the HTTP benchmarks (sourced, not run): start relais demo, sign
# in, the raw SQLite commit rate, medians.
# REQUIRES: $build (the build directory) and $work (a scratch directory).

# start_demo PORT [DB]: relais demo on loopback, its database DB (a file or
# a postgresql:// URL; $work/demo.sqlite by default). Waits up to 5 minutes:
# the demo's history loads in seconds on SQLite, tens of seconds on PostgreSQL.
start_demo() {
  local db="${2:-$work/demo.sqlite}"
  "$build/src/cli/relais" demo --db "$db" --listen "127.0.0.1:$1" >"$work/relais-$1.log" 2>&1 &
  for _ in $(seq 3000); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "relais ne démarre pas :" >&2
  cat "$work/relais-$1.log" >&2
  exit 1
}

# session_cookie PORT LOGIN: "relais_session=…" for a demo account; the
# admin and the coordinator give a code of the demo's published TOTP secret.
session_cookie() {
  local cookie code=""
  if [[ $2 == admin || $2 == coordinator ]]; then
    command -v oathtool >/dev/null || { echo "oathtool manque : apt-get install oathtool" >&2; exit 1; }
    code=",\"code\":\"$(oathtool --totp -b RELAISDEMOPIMMSANTONYDOUBLEFACTE)\""
  fi
  cookie=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"login\":\"$2\",\"password\":\"demo\"$code}" "http://127.0.0.1:$1/api/v1/session" |
    tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(relais_session=[^;]*\).*/\1/p')
  [ -n "$cookie" ] || { echo "connexion impossible ($2)" >&2; exit 1; }
  echo "$cookie"
}

# raw_rate: rows per second, one row per transaction at synchronous=FULL
# (relais_bench's BM_InsertOneRowPerTransaction, one thread, same disk).
raw_rate() {
  "$build/bench/relais_bench" --benchmark_filter='^BM_InsertOneRowPerTransaction' --benchmark_format=csv 2>/dev/null |
    awk -F, 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "items_per_second") col = i}
             /BM_InsertOneRowPerTransaction/ {print $col}'
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# prepare_bookings PORT DB STARTS: on the demo at PORT (database DB), a bench
# type (15 minutes, a year's horizon) taken by $mediators extra mediators
# (MEDIATORS, 20 by default); writes to STARTS every free slot of the year,
# once per free mediator (the staff view tells how many).
prepare_bookings() {
  local port=$1 db=$2 starts=$3 admin first from to
  admin=$(session_cookie "$port" admin)
  bench_api() {  # METHOD PATH [BODY]
    curl -sf -X "$1" -H "Cookie: $admin" -H 'Content-Type: application/json' ${3:+-d "$3"} \
      "http://127.0.0.1:$port$2"
  }
  bench_api PUT /api/v1/appointment-types/banc-essai \
    '{"name":"Banc d essai","duration_minutes":15,"online":true,"horizon_days":366}' >/dev/null
  for i in $(seq -w "${MEDIATORS:-20}"); do
    echo "mot de passe du banc d essai" |
      "$build/src/cli/relais" user add --db "$db" --login "banc$i" --role mediator --site antony >/dev/null
    bench_api PUT "/api/v1/mediators/banc$i" '{"weekly_hours":"Mo-Su 00:00-24:00","types":["banc-essai"]}' >/dev/null
  done
  first=$(date -d '+1 day' +%F)
  for quarter in 0 1 2 3; do
    from=$(date -d "$first + $((quarter * 92)) days" +%F)
    to=$(date -d "$first + $((quarter * 92 + 91)) days" +%F)
    bench_api GET "/api/v1/slots?type=banc-essai&from=$from&to=$to" |
      jq -r '.slots[] | . as $s | range(.free_mediators) | $s.start'
  done >"$starts"
}

# booking_rate PORT STARTS STATE: public bookings per second by wrk
# (bench/bookings.lua, $connections clients, $duration), each taking the
# next free slot of STARTS from the offset kept in STATE.offset; the 201s
# are appended to STATE.answered. Fails on any answer but 201.
booking_rate() {
  local port=$1 starts=$2 state=$3 out offset answered available
  offset=$(cat "$state.offset" 2>/dev/null || echo 0)
  available=$(wc -l <"$starts")
  out=$(RELAIS_STARTS="$starts" RELAIS_OFFSET="$offset" RELAIS_TYPE=banc-essai \
    wrk -t1 -c"$connections" -d"$duration" -s bench/bookings.lua "http://127.0.0.1:$port/api/v1/appointments")
  if grep -q 'Non-2xx' <<<"$out"; then echo "réponses en erreur :" >&2; echo "$out" >&2; exit 1; fi
  answered=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$answered" >>"$state.answered"
  # The next round starts past the requests that may still have been in flight.
  echo $((offset + answered + connections)) >"$state.offset"
  [ $((offset + answered + connections)) -lt "$available" ] ||
    { echo "plus assez de créneaux libres ($available) : réduisez DURATION" >&2; exit 1; }
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

# visit_rate PORT COOKIE STATE: visits logged per second by wrk
# (bench/visits.lua as the agent of COOKIE); the 201s are appended to
# STATE.answered. Fails on any answer but 201.
visit_rate() {
  local out
  out=$(RELAIS_COOKIE="$2" wrk -t1 -c"$connections" -d"$duration" -s bench/visits.lua \
    "http://127.0.0.1:$1/api/v1/visits")
  if grep -q 'Non-2xx' <<<"$out"; then echo "réponses en erreur :" >&2; echo "$out" >&2; exit 1; fi
  awk '/requests in/ {print $1}' <<<"$out" >>"$3.answered"
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}

# sum FILE: the sum of FILE's lines.
sum() { awk '{n += $1} END {print n + 0}' "$1"; }
