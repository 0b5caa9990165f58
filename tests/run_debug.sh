#!/bin/sh
# run_debug.sh — translated code is debuggable on .ac lines: gdb, in batch
# mode, stops at a breakpoint on an .ac line after an await, prints a local
# by name and a frame-held local as ac__f->NAME (docs/language.md).
#
# Usage: CC=cc ACC=build/bin/acc LOG=… WORK=… sh tests/run_debug.sh
set -u
LOG=${LOG:-/dev/null}
WORK=${WORK:-build/tests/debug}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
mkdir -p "$WORK" "$(dirname "$LOG")"
src=tests/debug/gdb_locals.ac
line=$(grep -n "BREAK HERE" "$src" | cut -d: -f1)
name="gdb: breakpoint on an .ac line after an await, locals print"
if ! command -v gdb > /dev/null; then
  echo "[FAIL] debug: gdb is not installed" | tee -a "$LOG"
elif ! CC=${CC:-cc} "$ACC" -g -O0 $EXTRA_CFLAGS "$src" -o "$WORK/prog" 2> "$WORK/build.err"; then
  echo "[FAIL] debug: $name (build)" | tee -a "$LOG"
  sed 's/^/    /' "$WORK/build.err"
else
  (cd tests/debug && gdb -q -batch -ex "break gdb_locals.ac:$line" -ex run \
    -ex "print answer" -ex "print ac__f->count" "$WORK/prog") \
    > "$WORK/gdb.out" 2>&1
  if grep -q "^Breakpoint 1, .* at .*gdb_locals.ac:$line" "$WORK/gdb.out" &&
     grep -q '^\$1 = 42$' "$WORK/gdb.out" && grep -q '^\$2 = 41$' "$WORK/gdb.out"; then
    echo "[PASS] debug: $name" | tee -a "$LOG"
  else
    echo "[FAIL] debug: $name" | tee -a "$LOG"
    sed 's/^/    /' "$WORK/gdb.out" | tail -15
  fi
fi
