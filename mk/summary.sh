#!/bin/sh
# summary.sh — adds up the [PASS]/[FAIL] lines every test runner wrote under
# a results folder, lists the failures, and ends with the line
# "N passed, M failed".  Exits 1 if anything failed or nothing ran.
#
# Usage: mk/summary.sh RESULTS_DIR
dir=${1:-build/results}
files=$(ls "$dir"/*.log 2>/dev/null)
if [ -z "$files" ]; then
  echo "0 passed, 0 failed"
  exit 1
fi
pass=$(cat $files | grep -c '^\[PASS\]')
fail=$(cat $files | grep -c '^\[FAIL\]')
if [ "$fail" -gt 0 ]; then
  echo "Failed tests:"
  # Each failure is named with its log (VARIANT-SUITE: plain, san or pt).
  for f in $files; do
    grep '^\[FAIL\]' "$f" | sed "s|^|  $(basename "$f" .log) |"
  done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
