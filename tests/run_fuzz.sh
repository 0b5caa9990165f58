#!/bin/sh
# run_fuzz.sh — check-fuzz: every regression input in tests/fuzz/regress
# runs through the fuzz target once (each was a crash, hang or leak), then
# a short fuzzing run from the seed corpus must find nothing.  A finding
# fails the check and names the reproducer.
#
# Usage: FUZZ=build/fuzz/fuzz_acc DIR=build/fuzz DICT=acc.dict TIME=60 \
#        LOG=build/results/plain-fuzz.log sh tests/run_fuzz.sh
set -u
LOG=${LOG:-/dev/null}
TIME=${TIME:-60}
SUITE=fuzz
. "$(dirname "$0")/lib.sh"

# 1. Regression inputs: each one alone, so a failure names it.
for f in tests/fuzz/regress/*; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  if timeout 120 "$FUZZ" -timeout=60 -rss_limit_mb=2048 "$f" \
       > "$DIR/regress.out" 2>&1; then
    ok "regression $name"
  else
    bad "regression $name" "$(grep -m3 -E 'ERROR|SUMMARY|error' "$DIR/regress.out")"
  fi
done

# 2. The smoke run, from the seeds, writing new inputs to a scratch corpus.
#    The outer timeout only catches a fuzzer that stops answering.
rm -rf "$DIR/smoke" && mkdir -p "$DIR/smoke/corpus"
( cd "$DIR/smoke" &&
  timeout $((TIME + 300)) "$FUZZ" -max_total_time="$TIME" -timeout=10 \
    -rss_limit_mb=2048 -close_fd_mask=2 -dict="$DICT" \
    -artifact_prefix="$DIR/smoke/" corpus "$DIR/seeds" > log 2>&1 )
status=$?
if [ $status -eq 0 ]; then
  ok "smoke run of ${TIME}s: $(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$DIR/smoke/log" | tail -1 | cut -c1-60)"
else
  repro=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$DIR/smoke/log" | head -1)
  bad "smoke run of ${TIME}s (status $status)" \
    "$(grep -m3 -E 'ERROR|SUMMARY' "$DIR/smoke/log")" \
    "reproducer: ${repro:-none written; see $DIR/smoke/log}"
fi

finish
