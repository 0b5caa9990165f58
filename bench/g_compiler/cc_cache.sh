#!/bin/sh
# cc_cache.sh — a $CC for acc that separates preprocessing from translation
# (bench/run.py, workload g).  With BENCH_CPP_CACHE=FILE, a preprocessing
# call (-E) copies FILE to its -o output if FILE exists, else runs the real
# cc and keeps a copy of the result in FILE.  Everything else runs cc.
out=
pre=0
prev=
for a in "$@"; do
  [ "$prev" = -o ] && out=$a
  [ "$a" = -E ] && pre=1
  prev=$a
done
if [ "$pre" = 1 ] && [ -n "$BENCH_CPP_CACHE" ] && [ -n "$out" ]; then
  if [ -f "$BENCH_CPP_CACHE" ]; then
    exec cp "$BENCH_CPP_CACHE" "$out"
  fi
  ${BENCH_REAL_CC:-cc} "$@" && cp "$out" "$BENCH_CPP_CACHE"
  exit
fi
exec ${BENCH_REAL_CC:-cc} "$@"
