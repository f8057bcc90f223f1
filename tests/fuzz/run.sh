#!/usr/bin/env bash
# Builds the libFuzzer target of the opening_hours parser with clang++
# (libFuzzer, ASan, UBSan) and runs it for a bounded time, seeded with the
# malformed corpus and a few valid values. Exits non-zero on any finding.
# Usage: tests/fuzz/run.sh [BUILD_DIR] (default build-fuzz)
# Environment: FUZZ_SECONDS (default 30), CXX_FUZZ (default clang++).
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build-fuzz}"
seconds="${FUZZ_SECONDS:-30}"
cxx="${CXX_FUZZ:-clang++}"
command -v "$cxx" >/dev/null || { echo "clang++ manque : apt-get install clang libclang-rt-14-dev" >&2; exit 1; }

mkdir -p "$build/corpus"
fuzzer="$build/opening_hours_fuzz"
echo "fuzz: building $fuzzer"
"$cxx" -std=c++20 -O1 -g -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -Wall -Wextra -Werror -Isrc \
  src/domain/opening_hours.cpp src/domain/holidays.cpp tests/fuzz/opening_hours_fuzz.cpp \
  -o "$fuzzer"

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
# The malformed corpus, decoded ("POSITION VALUE", with \xHH, \t, \n, \r, \\).
n=0
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  n=$((n + 1))
  printf '%b' "${line#* }" >"$seeds/malformed-$n"
done <tests/corpus/opening_hours_malformed.txt
# Valid values over the supported subset.
valid=(
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
for i in "${!valid[@]}"; do printf '%s' "${valid[$i]}" >"$seeds/valid-$i"; done
# Tokens of the syntax, to guide mutations.
dict="$seeds/tokens.dict"
for token in Mo Tu We Th Fr Sa Su PH Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec \
  week open off closed 24/7 2025 2028 00:00 24:00 23:59 29 31 53 / - , ';' : '"'; do
  printf '"%s"\n' "${token//\"/\\\"}" >>"$dict"
done

echo "fuzz: $n malformed and ${#valid[@]} valid seeds, ${seconds} s"
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" \
UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
  "$fuzzer" "$build/corpus" "$seeds" -dict="$dict" -max_total_time="$seconds" \
  -max_len=512 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$build/"
