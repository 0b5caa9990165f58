#!/bin/sh
# run_sync.sh — Queue, Lock, Event, Condition, Semaphore, Barrier
# (tests/sync/): every tests/sync/NAME.ac is built with acc (-Wall -Wextra
# -Werror) and linked with libacrt.a (the programs read the runtime's pool
# accounting), then run on the virtual clock.
#   - NAME.py exists: its asyncio twin, run by python3 at test time; each
#     "case: events" line of the program must equal the twin's line (one
#     result per case), and the program must exit 0 (a case that leaves an
#     object in the pools makes it fail);
#   - otherwise the program checks itself (the stress test): exit 0 passes.
# Then each tests/sync/NAME.sh (a sample against a local server) runs with
# a work directory of its own; exit status 0 passes.
# Every build and run has a time limit (LIMIT seconds, 300 by default).
#
# Usage: CC=cc ACC=build/bin/acc INC=build/include LIB=build/lib/libacrt.a
#        LIBS='-luv ...' LOG=... WORK=... sh tests/run_sync.sh [NAME.ac...]
set -u
CC=${CC:-cc}
WORK=${WORK:-build/tests/sync}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
LIMIT=${LIMIT:-300}
mkdir -p "$WORK"
SUITE=sync
. "$(dirname "$0")/lib.sh"

srcs=${*:-tests/sync/*.ac}
for src in $srcs; do
  name=$(basename "$src" .ac)
  dir=$(dirname "$src")
  w=$WORK/$name
  mkdir -p "$w"
  if ! CC=$CC limit "$LIMIT" "$ACC" -O1 -Wall -Wextra -Werror $EXTRA_CFLAGS \
      -I"$INC" -I"$dir" -c "$src" -o "$w/prog.o" 2> "$w/build.err" ||
     ! limit "$LIMIT" $CC $EXTRA_CFLAGS "$w/prog.o" "$LIB" $LIBS -o "$w/prog" \
      2>> "$w/build.err"; then
    bad "$name (build)" "$w/build.err"
    continue
  fi
  AC_CLOCK=virtual limit "$LIMIT" "$w/prog" > "$w/actual" 2> "$w/stderr"
  status=$?
  if [ ! -f "$dir/$name.py" ]; then
    if [ $status -eq 0 ]; then
      ok "$name"
    else
      { echo "exit status $status"; cat "$w/actual"; } >> "$w/stderr"
      bad "$name" "$w/stderr"
    fi
    continue
  fi
  # -B: importing compat.py must not write __pycache__ into the tree.
  if ! (cd "$dir" && limit "$LIMIT" python3 -B "$name.py") > "$w/expected" \
      2> "$w/expected.err"; then
    bad "$name (asyncio twin)" "$w/expected.err"
    continue
  fi
  if [ $status -ne 0 ]; then
    echo "exit status $status" >> "$w/stderr"
    bad "$name (exit status)" "$w/stderr"
  fi
  while IFS= read -r line; do
    case=${line%%:*}
    got=$(grep -m1 "^$case: " "$w/actual" || echo "$case: (no line)")
    if [ "$got" = "$line" ]; then
      ok "$name: $case"
    else
      bad "$name: $case" "asyncio: $line" "libacrt: $got"
    fi
  done < "$w/expected"
done
# Scripts (a sample against a local server): exit status 0 passes.
if [ $# -eq 0 ]; then
  for script in tests/sync/*.sh; do
    name=$(basename "$script" .sh)
    mkdir -p "$WORK/$name"
    if CC=$CC ACC=$ACC EXTRA_CFLAGS=$EXTRA_CFLAGS limit "$LIMIT" \
        sh "$script" "$WORK/$name" > "$WORK/$name/log" 2>&1; then
      ok "$name"
    else
      bad "$name" "$WORK/$name/log"
    fi
  done
fi
finish
