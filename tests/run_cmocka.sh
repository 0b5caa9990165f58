#!/bin/sh
# run_cmocka.sh — runs one cmocka test binary under a time limit, prints its
# TAP output, and records one [PASS]/[FAIL] line per test in a results log.
# A binary that crashes or times out records a [FAIL] line for itself.
#
# Usage: tests/run_cmocka.sh BINARY LOG [TIMEOUT_SECONDS]
bin=$1; log=$2; limit=${3:-120}
name=$(basename "$bin")
mkdir -p "$(dirname "$log")"
out=$(CMOCKA_MESSAGE_OUTPUT=TAP timeout "$limit" "$bin" 2>&1)
status=$?
printf '%s\n' "$out"
printf '%s\n' "$out" | sed -n \
  -e "s/^ok [0-9]* - \(.*\)/[PASS] $name: \1/p" \
  -e "s/^not ok [0-9]* - \(.*\)/[FAIL] $name: \1/p" >> "$log"
if [ $status -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
  echo "[FAIL] $name: exited with status $status" >> "$log"
fi
exit 0
