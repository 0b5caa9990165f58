#!/bin/sh
# run_csmith.sh — random differential testing of the lowering: for each
# seed, csmith writes a C program, asyncify.py makes every function async
# and every call awaited, and both must print the same checksum.  Seeds
# whose plain program does not finish in time are skipped (csmith can write
# very long-running programs); they count neither way.
#
# Usage: CC=cc ACC=build/bin/acc LOG=… WORK=… sh tests/csmith/run_csmith.sh SEED…
set -u
CC=${CC:-cc}
LOG=${LOG:-/dev/null}
WORK=${WORK:-build/tests/csmith}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
here=$(dirname "$0")
inc=/usr/include/csmith
mkdir -p "$WORK" "$(dirname "$LOG")"
pass=0 fail=0 skip=0
for seed in "$@"; do
  w=$WORK/seed$seed
  mkdir -p "$w"
  if ! csmith --seed "$seed" -o "$w/p.c" > /dev/null 2>&1; then
    echo "[FAIL] csmith: seed $seed (csmith failed)" | tee -a "$LOG"
    fail=$((fail + 1)); continue
  fi
  python3 "$here/asyncify.py" "$w/p.c" "$w/p.ac"
  $CC -O1 -w $EXTRA_CFLAGS -I$inc "$w/p.c" -o "$w/plain" 2> "$w/plain.err" &&
    timeout 10 "$w/plain" > "$w/expected" 2>&1
  if [ $? -ne 0 ]; then
    skip=$((skip + 1)); continue
  fi
  if ! CC=$CC "$ACC" -O1 -w $EXTRA_CFLAGS -I$inc "$w/p.ac" -o "$w/async" \
      2> "$w/build.err"; then
    echo "[FAIL] csmith: seed $seed (build)" | tee -a "$LOG"
    head -5 "$w/build.err" | sed 's/^/    /'
    fail=$((fail + 1)); continue
  fi
  timeout 60 "$w/async" > "$w/actual" 2>&1
  if cmp -s "$w/expected" "$w/actual"; then
    echo "[PASS] csmith: seed $seed $(cat "$w/actual")" | tee -a "$LOG"
    pass=$((pass + 1))
    rm -rf "$w"
  else
    echo "[FAIL] csmith: seed $seed: expected $(cat "$w/expected"), got $(head -c 200 "$w/actual")" | tee -a "$LOG"
    fail=$((fail + 1))
  fi
done
echo "csmith: $pass passed, $fail failed, $skip skipped"
