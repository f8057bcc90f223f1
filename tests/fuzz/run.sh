#!/usr/bin/env bash
# Builds the libFuzzer targets with clang++ (libFuzzer, ASan, UBSan) and
# runs each for a bounded time, seeded: the opening_hours parser (with the
# malformed corpus and valid values), the reading of JSON request bodies
# and the decoding of forms, query strings and cookies. Exits non-zero on
# any finding.
# Usage: tests/fuzz/run.sh [BUILD_DIR] (default build-fuzz)
# Environment: FUZZ_SECONDS, per target (default 20), CXX_FUZZ (default
# clang++), FUZZ_TARGETS (default "opening_hours json_request form").
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build-fuzz}"
seconds="${FUZZ_SECONDS:-20}"
cxx="${CXX_FUZZ:-clang++}"
targets="${FUZZ_TARGETS:-opening_hours json_request form}"
command -v "$cxx" >/dev/null || { echo "clang++ manque : apt-get install clang libclang-rt-14-dev" >&2; exit 1; }

seeds_root=$(mktemp -d)
trap 'rm -rf "$seeds_root"' EXIT

# build NAME SOURCES...: compiles $build/NAME_fuzz from the sources.
build() {
  local name="$1"
  shift
  echo "fuzz: building $build/${name}_fuzz"
  "$cxx" -std=c++20 -O1 -g -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -Wall -Wextra -Werror -Isrc "$@" tests/fuzz/"${name}"_fuzz.cpp \
    -o "$build/${name}_fuzz"
}

# run NAME SEEDS DICT MAX_LEN: fuzzes for $seconds, keeping its corpus in
# $build/corpus/NAME and any crashing input in $build/NAME-crash-….
run() {
  local name="$1" seeds="$2" dict="$3" max_len="$4"
  mkdir -p "$build/corpus/$name"
  echo "fuzz: $name, $(ls "$seeds" | wc -l) seeds, ${seconds} s"
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
    "$build/${name}_fuzz" "$build/corpus/$name" "$seeds" -dict="$dict" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/${name}-"
}

# dictionary FILE TOKENS...: one libFuzzer dictionary entry per token.
dictionary() {
  local file="$1"
  shift
  : >"$file"
  local token
  for token in "$@"; do
    token="${token//\\/\\\\}"
    printf '"%s"\n' "${token//\"/\\\"}" >>"$file"
  done
}

opening_hours() {
  build opening_hours src/domain/opening_hours.cpp src/domain/holidays.cpp
  local seeds="$seeds_root/opening_hours"
  mkdir -p "$seeds"
  # The malformed corpus, decoded ("POSITION VALUE", with \xHH, \t, \n, \r, \\).
  local n=0 line
  while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    n=$((n + 1))
    printf '%b' "${line#* }" >"$seeds/malformed-$n"
  done <tests/corpus/opening_hours_malformed.txt
  # Valid values over the supported subset.
  local valid=(
    'Mo,We,Th 09:30-13:00,14:00-17:00; Tu,Fr 09:30-13:00; PH off'
    'Mo-Fr 08:00-12:00,13:30-17:30; Sa 09:00-12:00; PH off; Dec 24-Jan 01 off "Fermeture annuelle"'
    '24/7'
    'Fr-Mo 22:00-02:00'
    'Mo-Fr,PH 10:00-18:00, Sa 10:00-12:00'
    'PH Mo-Fr 09:00-12:00; Su off'
    'Nov-Feb Mo-Fr 09:00-17:00; Mar-Oct Mo-Fr 08:00-19:00'
    'week 1-53/2 Mo 09:00-12:00; week 02-52/2 Tu 14:00-17:00'
    '2025 Aug 04-2025 Aug 22 off; Aug 15,20 off; Jan 26-31 Mo-Fr 00:00-24:00'
    'Mo-Fr 09:00-12:00 open "sur rendez-vous", Sa off "fermé"'
  )
  local i
  for i in "${!valid[@]}"; do printf '%s' "${valid[$i]}" >"$seeds/valid-$i"; done
  # Tokens of the syntax, to guide mutations.
  dictionary "$seeds_root/opening_hours.dict" Mo Tu We Th Fr Sa Su PH Jan Feb Mar Apr May Jun \
    Jul Aug Sep Oct Nov Dec week open off closed 24/7 2025 2028 00:00 24:00 23:59 29 31 53 \
    / - , ';' : '"'
  run opening_hours "$seeds" "$seeds_root/opening_hours.dict" 512
}

json_request() {
  build json_request src/web/json.cpp src/web/http.cpp
  local seeds="$seeds_root/json_request"
  mkdir -p "$seeds"
  # The API's own bodies (DESIGN.md), then edges of the syntax and of the
  # readers: nesting at and over kMaxJsonDepth, escapes, big numbers.
  local bodies=(
    '{"type":"orientation","start":"2025-07-07T09:30:00+02:00","person":{"first_name":"Awa","last_name":"Diallo","phone":"06 12 34 56 78","email":"awa.diallo@exemple.fr","commune_insee":"92002"},"consent":true}'
    '{"at":"2025-03-30T10:00:00Z","commune_insee":"92002","qpv":null,"partner":"caf","themes":["logement","famille"],"outcome":"referred","duration_minutes":25}'
    '{"login":"mediator","password":"demo"}'
    '{"professionalism":5,"efficiency":4,"listening":3,"comment":"Très bien, merci \u00e9\ud83d\ude00"}'
    '{"token":"abc","duration_minutes":-1,"qpv":false,"n":18446744073709551615,"m":-9223372036854775808}'
    '{"x":1e400,"y":-0.0,"z":1.5e-320,"w":123456789012345678901234567890}'
    '{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}'
    '{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}'
    '{"a":"[[[[{{{{\"","b":"\\\\"}'
    '{"":"","\u0000":"\u0000"}'
    '[]'
    '"text"'
    '{"a":'
  )
  local i
  for i in "${!bodies[@]}"; do printf '%s' "${bodies[$i]}" >"$seeds/body-$i"; done
  dictionary "$seeds_root/json_request.dict" '{' '}' '[' ']' ':' ',' '"' '\' '\u' '\ud83d' \
    true false null 0 -1 1e400 18446744073709551616 -9223372036854775809 '"type"' '"start"' \
    '"person"' '"consent"' '"outcome"' '"themes"' '"duration_minutes"'
  run json_request "$seeds" "$seeds_root/json_request.dict" 4096
}

form() {
  build form src/web/http.cpp
  local seeds="$seeds_root/form"
  mkdir -p "$seeds"
  local forms=(
    'login=mediator&password=demo&csrf=0123456789abcdef'
    'type=orientation&date=2025-07-07&time=1430&prenom=Ana%C3%AFs&nom=N%27Diaye&commune=Ch%C3%A2tenay-Malabry+(92019)&consentement=on'
    'q=saint+ma&limit=10'
    'a=1&a=2&&b&=c&d='
    '%C3%A9=%E2%82%AC&%F0%9F%98%80=%ED%A0%80'
    '%zz=1&%4=2&x=%'
    'relais_session=abc; relais_csrf=def; other=x=y'
  )
  local i
  for i in "${!forms[@]}"; do printf '%s' "${forms[$i]}" >"$seeds/form-$i"; done
  dictionary "$seeds_root/form.dict" '&' '=' '+' '%' '%00' '%25' '%26' '%3D' '%2B' '%C3%A9' \
    '%E2%82%AC' '%F0%9F%98%80' '%ED%A0%80' '%C0%80' '%F4%90%80%80' '; ' relais_session= relais_csrf=
  run form "$seeds" "$seeds_root/form.dict" 1024
}

mkdir -p "$build"
for target in $targets; do
  case "$target" in
    opening_hours | json_request | form) "$target" ;;
    *) echo "fuzz: unknown target $target" >&2; exit 2 ;;
  esac
done
