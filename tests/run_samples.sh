#!/bin/sh
# run_samples.sh — the sample programs against their expected output: every
# samples/NAME.ac that has a samples/NAME.out is built with acc
# (-Wall -Wextra -Werror) and run under AC_CLOCK=virtual with a time limit;
# it must exit 0, write nothing on stderr (an unobserved error, or a leak
# under LeakSanitizer, fails it), and its stdout must equal NAME.out with
# only printed addresses (0x[0-9a-f]+) masked on both sides.  The virtual
# clock makes the timing samples' reported times exact, so they are
# compared like any other line.
#
# A sample without a .out file (one that needs the network or a server:
# download, echo, HTTP server) is skipped here; it brings its own test.
#
# Usage: CC=cc ACC=build/bin/acc LOG=… WORK=… EXTRA_CFLAGS=… \
#          sh tests/run_samples.sh [samples/NAME.ac…]
set -u
CC=${CC:-cc}
ACC=${ACC:-build/bin/acc}
WORK=${WORK:-build/tests/samples}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
LIMIT=${LIMIT:-30}
mkdir -p "$WORK"
SUITE=samples
. "$(dirname "$0")/lib.sh"
# Samples are built from their own directory, so the file names that task
# descriptions print ("running at task.ac:9") do not depend on where the
# runner was started.
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
case $ACC in */*) ACC=$(abs "$ACC") ;; esac
WORK=$(abs "$WORK")
skip=0
mask() { sed -E 's/0x[0-9a-fA-F]+/0x…/g' "$1"; }

srcs=${*:-samples/*.ac}
for src in $srcs; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .ac)
  out=$(dirname "$src")/$name.out
  if [ ! -f "$out" ]; then
    skip=$((skip + 1))
    continue
  fi
  w=$WORK/$name
  mkdir -p "$w"
  (cd "$(dirname "$src")" && CC=$CC exec timeout -k 5 120 "$ACC" -O1 \
    -Wall -Wextra -Werror $EXTRA_CFLAGS "$name.ac" -o "$w/prog") 2> "$w/build.err"
  if ! timeout_status $? 120; then
    bad "$name (build)" "$w/build.err"
    continue
  fi
  AC_CLOCK=virtual limit "$LIMIT" "$w/prog" > "$w/actual" 2> "$w/stderr"
  status=$?
  mask "$out" > "$w/expected.masked"
  mask "$w/actual" > "$w/actual.masked"
  if [ $status -ne 0 ]; then
    echo "exit status $status" >> "$w/stderr"
    bad "$name" "$w/stderr"
  elif [ -s "$w/stderr" ]; then
    bad "$name (stderr not empty)" "$w/stderr"
  elif ! diff -u "$w/expected.masked" "$w/actual.masked" > "$w/diff"; then
    bad "$name" "$w/diff"
  else
    ok "$name"
  fi
done
echo "samples: $skip without .out skipped"
finish
