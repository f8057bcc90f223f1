# Shared by the HTTP benchmarks (sourced, not run): start relais demo, sign
# in, the raw SQLite commit rate, medians.
# REQUIRES: $build (the build directory) and $work (a scratch directory).

# start_demo PORT: relais demo on loopback with its database in $work.
start_demo() {
  "$build/src/cli/relais" demo --db "$work/demo.sqlite" --listen "127.0.0.1:$1" >"$work/relais.log" 2>&1 &
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "relais ne démarre pas :" >&2
  cat "$work/relais.log" >&2
  exit 1
}

# session_cookie PORT LOGIN: "relais_session=…" for a demo account.
session_cookie() {
  local cookie
  cookie=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"login\":\"$2\",\"password\":\"demo\"}" "http://127.0.0.1:$1/api/v1/session" |
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
