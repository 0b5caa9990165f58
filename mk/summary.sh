#!/bin/sh
# summary.sh — adds up the [PASS]/[FAIL] lines every test runner wrote under
# a results folder (one VARIANT-SUITE.log per suite and variant, e.g.
# gcc-san-corpus.log), lists each failure with the variant it failed in
# (compiler family, plain or san), and ends with the line
# "N passed, M failed".  Exits 1 if anything failed, nothing ran, or a
# BROKEN name was given (a variant whose make -k check failed, or "tree").
#
# Usage: mk/summary.sh RESULTS_DIR [BROKEN...]
dir=${1:-build/results}
shift
files=$(ls "$dir"/*.log 2>/dev/null)
if [ -z "$files" ]; then
  echo "0 passed, 0 failed"
  exit 1
fi
# shellcheck disable=SC2086
pass=$(cat $files | grep -c '^\[PASS\]')
# shellcheck disable=SC2086
fail=$(cat $files | grep -c '^\[FAIL\]')
if [ "$fail" -gt 0 ]; then
  echo "Failed tests:"
  for f in $files; do
    variant=$(basename "$f" .log)
    variant=${variant%-*}
    grep '^\[FAIL\]' "$f" | sed "s/^/  $variant: /"
  done
fi
if [ $# -gt 0 ]; then
  echo "Broken (a make step or check failed):$(printf ' %s' "$@")"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ] && [ $# -eq 0 ]
