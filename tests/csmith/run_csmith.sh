#!/bin/sh
# run_csmith.sh — random differential testing of the lowering: for each
# seed, csmith writes a C program, asyncify.py makes every function async
# and every call awaited, and both must print the same checksum.  Seeds
# whose plain program does not finish in time are skipped (csmith can write
# very long-running programs); they count neither way.  Every step has a
# time limit.  csmith runs inside WORK (it writes platform.info into its
# working directory).
#
# With ALL_ASYNC=1 the program is not rewritten: acc's own test mode
# (--all-async) makes every function async and every call an await.
#
# Usage: CC=cc ACC=build/bin/acc LOG=… WORK=… [ALL_ASYNC=1] sh tests/csmith/run_csmith.sh SEED…
set -u
CC=${CC:-cc}
WORK=${WORK:-build/tests/csmith}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
here=$(cd "$(dirname "$0")" && pwd)
inc=/usr/include/csmith
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
SUITE=csmith
ALL_ASYNC=${ALL_ASYNC:-}
mode=
[ -n "$ALL_ASYNC" ] && { SUITE=csmith-async; mode=--all-async; }
. "$here/../lib.sh"
skip=0
for seed in "$@"; do
  w=$WORK/seed$seed
  mkdir -p "$w"
  (cd "$w" && exec timeout -k 5 60 csmith --seed "$seed" -o p.c) > "$w/csmith.out" 2>&1
  if ! timeout_status $? 60; then
    bad "seed $seed (csmith failed)" "$w/csmith.out"
    continue
  fi
  if [ -n "$ALL_ASYNC" ]; then
    cp "$w/p.c" "$w/p.ac"
  else
    limit 60 python3 "$here/asyncify.py" "$w/p.c" "$w/p.ac"
  fi
  $CC -O1 -w $EXTRA_CFLAGS -I$inc "$w/p.c" -o "$w/plain" 2> "$w/plain.err" &&
    timeout 10 "$w/plain" > "$w/expected" 2>&1
  if [ $? -ne 0 ]; then
    skip=$((skip + 1)); continue
  fi
  if ! CC=$CC limit 300 "$ACC" $mode -O1 -w $EXTRA_CFLAGS -I$inc "$w/p.ac" \
      -o "$w/async" 2> "$w/build.err"; then
    head -5 "$w/build.err" > "$w/build.head"
    bad "seed $seed (build)" "$w/build.head"
    continue
  fi
  limit 60 "$w/async" > "$w/actual" 2>&1
  if cmp -s "$w/expected" "$w/actual"; then
    ok "seed $seed $(cat "$w/actual")"
    rm -rf "$w"
  else
    bad "seed $seed: expected $(cat "$w/expected"), got $(head -c 200 "$w/actual")"
  fi
done
echo "csmith: $skip skipped"
finish
