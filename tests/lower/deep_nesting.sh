#!/bin/sh
# deep_nesting.sh N — writes an Async C program with an async function and
# a plain function with defer, each with N loops and switches nested in one
# another (run_lower.sh: acc once kept them in a fixed array of 256).  No
# braces between the levels: clang refuses more than 256 nested brackets.
n=$1
p() { printf "%s\n" "$*"; }
decls() { i=0; while [ $i -lt $n ]; do p "  int i$i = 0;"; i=$((i + 2)); done; }
open() { i=0; while [ $i -lt $n ]; do
  if [ $((i % 2)) = 0 ]; then p "for (i$i = 0; i$i < 1; i$i++)"
  else p "switch (i$((i - 1))) default:"; fi; i=$((i + 1)); done; }
p '#include <acrt.h>'
p '#include <stdio.h>'
p 'async int one(void) { await ac_sleep(0); return 1; }'
p 'async int deep(void) {'
p '  int n = 0;'
decls
open
p '  { n += await one(); if (n > 5) break; else continue; }'
p '  return n;'
p '}'
p 'static int plain(void) {'
p '  int n = 0;'
decls
p '  defer printf("plain defer\n");'
open
p '  { defer n += 2; if (n > 5) break; n++; continue; }'
p '  return n;'
p '}'
p 'async int amain(void) {'
p '  printf("deep %d\n", await deep());'
p '  printf("plain %d\n", plain());'
p '  return 0;'
p '}'
p 'int main(void) { return ac_run(amain()); }'
