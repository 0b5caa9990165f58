#!/bin/sh
# run_cmocka.sh — runs cmocka test binaries (TAP output), one [PASS]/[FAIL]
# line per test in a fresh results log.  Each test has its own time limit
# (the runtime's fixture, tests/unit/runtime/rt_test.c, prints
# "TIMEOUT: NAME after N s"); BACKSTOP seconds bound a whole binary.  A
# binary that crashes, leaks (LeakSanitizer) or times out records a [FAIL]
# line for itself, or for the test that timed out.  After a binary's
# failures comes everything else it printed (cmocka's messages).  A test
# that cmocka skipped gets a [SKIP] line (counted neither way), with the
# reason from a "skipped: REASON" line it printed before skip().
#
# Usage: tests/run_cmocka.sh SUITE LOG BACKSTOP_SECONDS BINARY...
# Exit status: 1 if anything failed.
SUITE=$1 LOG=$2 backstop=$3
shift 3
. "$(dirname "$0")/lib.sh"
out=$(mktemp)
messages=$(mktemp)
trap 'rm -f "$out" "$messages"' EXIT
for bin in "$@"; do
  name=$(basename "$bin")
  CMOCKA_MESSAGE_OUTPUT=TAP limit "$backstop" "$bin" > "$out" 2>&1
  status=$?
  backstop_hit=$timed_out
  timed_out=
  failed=0
  reason=
  : > "$messages"
  while IFS= read -r line; do
    case $line in
      "ok "[0-9]*" - "*)
        ok "$name: ${line#* - }" ;;
      "not ok "[0-9]*" - "*)
        bad "$name: ${line#* - }"
        failed=1 ;;
      "skipped: "*)
        reason=${line#skipped: } ;;
      "not ok "[0-9]*" # SKIP "*)
        record "[SKIP] $SUITE: $name: ${line#* # SKIP }${reason:+: $reason}"
        reason= ;;
      TIMEOUT:*)
        test=${line#TIMEOUT: }
        timed_out="timed out after ${test##* after }"
        bad "$name: ${test% after *}"
        failed=1 ;;
      *) printf '%s\n' "$line" >> "$messages" ;;
    esac
  done < "$out"
  if [ $status -ne 0 ] && [ $failed = 0 ]; then
    timed_out=$backstop_hit
    bad "$name: exited with status $status"
    failed=1
  fi
  if [ $failed = 1 ]; then
    echo "  $name printed:" | tee -a "$LOG"
    sed 's/^/    /' "$messages" | tee -a "$LOG"
  fi
done
finish
