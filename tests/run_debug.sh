#!/bin/sh
# run_debug.sh — translated code is debuggable on .ac lines: gdb, in batch
# mode, stops at a breakpoint on an .ac line after an await, prints a local
# by name and a frame-held local as ac__f->NAME (docs/language.md).  The
# build and the gdb session each have a time limit.
#
# Usage: CC=cc ACC=build/bin/acc LOG=… WORK=… sh tests/run_debug.sh
set -u
WORK=${WORK:-build/tests/debug}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
LIMIT=${LIMIT:-120}
mkdir -p "$WORK"
SUITE=debug
. "$(dirname "$0")/lib.sh"
src=tests/debug/gdb_locals.ac
line=$(grep -n "BREAK HERE" "$src" | cut -d: -f1)
name="gdb: breakpoint on an .ac line after an await, locals print"
if ! command -v gdb > /dev/null; then
  bad "gdb is not installed"
elif ! CC=${CC:-cc} limit "$LIMIT" "$ACC" -g -O0 $EXTRA_CFLAGS "$src" \
    -o "$WORK/prog" 2> "$WORK/build.err"; then
  bad "$name (build)" "$WORK/build.err"
else
  (cd tests/debug && exec timeout -k 5 "$LIMIT" gdb -q -batch \
    -ex "break gdb_locals.ac:$line" -ex run \
    -ex "print answer" -ex "print ac__f->count" "$WORK/prog") \
    > "$WORK/gdb.out" 2>&1
  timeout_status $? "$LIMIT"
  if grep -q "^Breakpoint 1, .* at .*gdb_locals.ac:$line" "$WORK/gdb.out" &&
     grep -q '^\$1 = 42$' "$WORK/gdb.out" && grep -q '^\$2 = 41$' "$WORK/gdb.out"; then
    ok "$name"
  else
    tail -15 "$WORK/gdb.out" > "$WORK/gdb.tail"
    bad "$name" "$WORK/gdb.tail"
  fi
fi
finish
