#!/bin/sh
# run.sh — the rt_thr suite (tests/rt_thr.mk): every tests/rt_thr/NAME.ac
# is built with acc (-Wall -Wextra -Werror, -pthread) and run on the real
# clock; its stdout must equal the expected output, made at test time:
#   - NAME.py: its Python asyncio twin, run by python3 (a twin that needs
#     a newer Python than the machine has exits 77; NAME.out, recorded
#     from that Python, is used instead);
#   - otherwise NAME.out.
# NAME.err (optional): grep -E patterns, one a line, that the program's
# stderr must each match; NAME.noerr: patterns it must not match.  NAME.env (optional): VAR=value words put in the
# program's environment.  Every build and run has a time limit.
#
# Usage: CC=cc ACC=build/bin/acc LOG=... WORK=... sh tests/rt_thr/run.sh [NAME.ac...]
set -u
CC=${CC:-cc}
WORK=${WORK:-build/tests/rt_thr}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
LIMIT=${LIMIT:-120}
mkdir -p "$WORK"
SUITE=rt-thr
. "$(dirname "$0")/../lib.sh"

srcs=${*:-tests/rt_thr/*.ac}
for src in $srcs; do
  name=$(basename "$src" .ac)
  dir=$(dirname "$src")
  w=$WORK/$name
  mkdir -p "$w"
  expected=$dir/$name.out
  if [ -f "$dir/$name.py" ]; then
    limit "$LIMIT" python3 "$dir/$name.py" > "$w/expected" 2> "$w/expected.err"
    st=$?
    if [ $st -eq 0 ]; then
      expected=$w/expected
    elif [ $st -ne 77 ] || [ ! -f "$expected" ]; then
      bad "$name (python twin)" "$w/expected.err"
      continue
    fi
  fi
  if ! CC=$CC limit "$LIMIT" "$ACC" -O1 -g -Wall -Wextra -Werror -pthread \
      $EXTRA_CFLAGS "$src" -o "$w/prog" 2> "$w/build.err"; then
    bad "$name (build)" "$w/build.err"
    continue
  fi
  envs=
  [ -f "$dir/$name.env" ] && envs=$(cat "$dir/$name.env")
  # shellcheck disable=SC2086
  ASAN_OPTIONS=detect_leaks=1 limit "$LIMIT" env $envs "$w/prog" \
    > "$w/actual" 2> "$w/stderr"
  status=$?
  if [ $status -ne 0 ]; then
    echo "exit status $status" >> "$w/stderr"
    bad "$name" "$w/stderr"
    continue
  elif ! diff -u "$expected" "$w/actual" > "$w/diff"; then
    bad "$name" "$w/diff" "$w/stderr"
    continue
  fi
  missing=
  if [ -f "$dir/$name.err" ]; then
    while IFS= read -r pat; do
      [ -n "$pat" ] || continue
      grep -Eq -- "$pat" "$w/stderr" || missing="$missing
stderr does not match: $pat"
    done < "$dir/$name.err"
  fi
  if [ -f "$dir/$name.noerr" ]; then
    while IFS= read -r pat; do
      [ -n "$pat" ] || continue
      ! grep -Eq -- "$pat" "$w/stderr" || missing="$missing
stderr matches: $pat"
    done < "$dir/$name.noerr"
  fi
  if [ -n "$missing" ]; then
    bad "$name" "$missing" "$w/stderr"
  else
    ok "$name"
  fi
done
finish
