#!/usr/bin/env bash
# Runs one libFuzzer target of Sources/RegulaFuzz for SECONDS (see docs/fuzzing.md):
#   scripts/fuzz.sh TARGET SECONDS [BINARY]
# TARGET is script, csv, safetensors, record or json. The corpus grows in
# /tmp/regula-fuzz/TARGET/corpus (seeded from Sources/RegulaFuzz/Corpus/TARGET, or the
# script fixtures); crashes, leaks and timeouts are written to /tmp/regula-fuzz/TARGET/.
set -euo pipefail
target=${1:?target: script, csv, safetensors, record or json}
seconds=${2:?seconds}
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${3:-$root/.build-fuzz/release/RegulaFuzz}
work=/tmp/regula-fuzz/$target
mkdir -p "$work/corpus"
case $target in
  script) cp -n "$root"/Tests/RegulaInterpreterTests/Scripts/*.reg "$work/corpus/"; dict=$root/Sources/RegulaFuzz/regula.dict
          cd "$root/Tests/RegulaInterpreterTests/Scripts"; max_len=4096 ;;
  csv) dict=$root/Sources/RegulaFuzz/Dictionaries/csv.dict; max_len=4096 ;;
  safetensors) dict=$root/Sources/RegulaFuzz/Dictionaries/safetensors.dict; max_len=4096 ;;
  record) dict=$root/Sources/RegulaFuzz/Dictionaries/record.dict; max_len=16384 ;;
  json) dict=$root/Sources/RegulaFuzz/Dictionaries/json.dict; max_len=8192 ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
if [ "$target" != script ]; then cp -n "$root/Sources/RegulaFuzz/Corpus/$target"/* "$work/corpus/"; fi
export REGULA_FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no
exec "$binary" "$work/corpus" -dict="$dict" -use_value_profile=1 -max_len=$max_len -timeout=10 \
  -rss_limit_mb=2048 -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/"
