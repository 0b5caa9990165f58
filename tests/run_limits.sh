#!/bin/sh
# run_limits.sh — acc at the edges of its input (see tests/limits.mk).
#
# The translator's recursive walks run on stacks it sizes itself
# (compiler/translate.c), so every nesting test runs under `ulimit -s 1024`:
# the caller's stack must not matter.  Every acc run has a hard timeout
# (SIGKILL, so a hang is reported as one and never stalls the suite).
#
# Usage: ACC=build/bin/acc LOG=build/results/x.log WORK=dir sh tests/run_limits.sh
# (EXTRA_CFLAGS: flags for the programs acc builds, e.g. the sanitizers.)
set -u
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
ACC=$(cd "$(dirname "$ACC")" && pwd)/$(basename "$ACC")
LOG=${LOG:-/dev/null}
WORK=${WORK:-build/tests/limits}
rm -rf "$WORK" && mkdir -p "$WORK" "$(dirname "$LOG")"
SUITE=limits
. "$(dirname "$0")/lib.sh"

# acc_small NAME ARGS...: acc --emit-c on a 1 MB stack; status in $status.
acc_small() {
  name=$1
  shift
  rm -f "$WORK/$name.c"
  (ulimit -s 1024 && exec timeout -s KILL 600 "$ACC" --emit-c "$@" \
     -o "$WORK/$name.c") 2> "$WORK/$name.stderr"
  status=$?
}

# translated NAME WHAT: passes if acc (status in $status) wrote NAME.c.
translated() {
  if [ $status -eq 0 ] && [ -s "$WORK/$1.c" ]; then
    ok "$2"
  else
    bad "$2" "exit status $status" "$(head -c 300 "$WORK/$1.stderr")"
  fi
}

# gen NAME PYTHON-EXPRESSION: writes the expression's value to NAME.ac.
gen() { python3 -c "import sys; sys.stdout.write($2)" > "$WORK/$1.ac"; }

H="'#include <acrt.h>\nasync int f(void) { return 1; }\nint g(int x) { return x; }\n'"

# 1. Deep nesting that must translate.
gen plus "'int h(int a) { return ' + 'a+'*200000 + 'a; }\n'"
gen plus_await "$H + 'async int h(void) { int a = 1; return ' + 'a+'*200000 + 'await f(); }\n'"
gen paren_await "$H + 'async int h(void) { return ' + '('*75000 + 'await f()' + ')'*75000 + '; }\n'"
gen blocks_await "$H + 'async int h(void) { ' + '{'*40000 + 'await f();' + '}'*40000 + ' return 0; }\n'"
gen ifs_await "$H + 'async int h(int a) { ' + 'if (a) '*30000 + 'await f(); return 0; }\n'"
gen calls_await "$H + 'async int h(void) { return ' + 'g('*40000 + 'await f()' + ')'*40000 + '; }\n'"
gen init_await "$H + 'async int h(void) { int x[1] = ' + '{'*90000 + '1' + '}'*90000 + '; await f(); return x[0]; }\n'"
for name in plus plus_await paren_await blocks_await ifs_await calls_await init_await; do
  acc_small $name "$WORK/$name.ac"
  translated $name "deep $name translates on a 1 MB stack"
done

# 2. Nesting past the limits: a clean error with a caret, no output file.
gen plus_1m "'int h(int a) { return ' + 'a+'*1000001 + 'a; }\n'"
gen paren_300k "'int h(void) { return ' + '('*300000 + '1' + ')'*300000 + '; }\n'"
for name in plus_1m paren_300k; do
  acc_small $name "$WORK/$name.ac"
  if [ $status -eq 1 ] && [ ! -e "$WORK/$name.c" ] &&
     grep -q "^.*$name.ac:1:[0-9]*: error: nesting is too deep" "$WORK/$name.stderr" &&
     grep -q '^ *^' "$WORK/$name.stderr"; then
    ok "deep $name: clean error"
  else
    bad "deep $name: clean error" "exit status $status" \
      "$(head -c 300 "$WORK/$name.stderr")"
  fi
done

# 3. Long lists translate in linear time: quadratic list building took
#    minutes for 32,000 statements, hours for these.
gen stmts "$H + 'async int h(void) { int a = 0; ' + 'a++; '*200000 + 'await f(); return a; }\n'"
gen inits "'int t[] = {' + '1, '*200000 + '};\n'"
gen args "$H + 'int v(int n, ...);\nasync int h(void) { return v(' + '1, '*100000 + 'await f()); }\n'"
for name in stmts inits args; do
  acc_small $name "$WORK/$name.ac"
  translated $name "long list $name translates"
done

# Lists whose lookups were linear searches (frame member names, goto's
# labels, each local's "is there an await after me", columns on a long
# line, what each await holds): quadratic, they took 10 minutes to hours at
# these sizes (or ran out of memory); linear, seconds.  The limit is far
# above the linear time on a loaded machine and far below the quadratic.
GL="python3 $(dirname "$0")/../bench/g_compiler/gen_lists.py"
$GL locals 200000 "$WORK/list_locals.ac"
$GL labels 100000 "$WORK/list_labels.ac"
$GL switch 100000 "$WORK/list_switch.ac"
HS="'#include <acrt.h>\nasync int s(void) { await ac_sleep(0); return 1; }\n'"
gen list_oneline "$HS + 'async int h(int a) {' + ' a += await s(); if (a) a++;'*100000 + ' return a; }\n'"
gen list_held "$HS + 'async int h(void) {\n' + ''.join('  int v%d = await s();\n' % i for i in range(50000)) + '  return v0; }\n'"
for name in list_locals list_labels list_switch list_oneline list_held; do
  rm -f "$WORK/$name.c"
  limit 300 "$ACC" --emit-c "$WORK/$name.ac" -o "$WORK/$name.c" 2> "$WORK/$name.stderr"
  status=$?
  translated $name "$name translates in linear time"
done

# A construct the lexer hands to flex's rules that is longer than flex's
# buffer (a wide literal of 24 MB on one line): flex moves the match to the
# buffer's start at each read, and reads of a line or 8 KB made that
# quadratic (4 MB: 6.5 s; 24 MB: minutes); linear, a second.
gen long_wide "'const int *w = L\"' + 'a'*24000000 + '\";\n'"
rm -f "$WORK/long_wide.c"
limit 120 "$ACC" --emit-c "$WORK/long_wide.ac" -o "$WORK/long_wide.c" \
  2> "$WORK/long_wide.stderr"
status=$?
translated long_wide "a 24 MB wide literal translates in linear time"
rm -f "$WORK/long_wide.ac" "$WORK/long_wide.c"

# Long lists translate, compile and compute what they should: the program
# prints a checksum that gen_lists.py computed too.  (Sizes the C compiler
# builds in seconds even with the sanitizers: gcc -fsanitize took 86 s of
# CPU for a function of 50,000 statements.  The sizes above are the ones
# that show a quadratic step.)
for list in "init 200000" "async_stmts 20000" "stmts 20000" "switch 10000" \
            "locals 10000" "labels 5000" "enum 50000"; do
  set -- $list
  name=run_$1
  $GL "$1" "$2" "$WORK/$name.ac" --run
  rm -f "$WORK/$name"
  # shellcheck disable=SC2086 # EXTRA_CFLAGS: flags, split on purpose
  limit 600 "$ACC" $EXTRA_CFLAGS "$WORK/$name.ac" -o "$WORK/$name" \
    2> "$WORK/$name.stderr" &&
    limit 60 "$WORK/$name" > "$WORK/$name.out" 2>> "$WORK/$name.stderr"
  status=$?
  if [ $status -eq 0 ] && cmp -s "$WORK/$name.out" "$WORK/$name.ac.expected"; then
    ok "$1 of $2 builds and runs correctly"
  else
    bad "$1 of $2 builds and runs correctly" "exit status $status" \
      "expected $(cat "$WORK/$name.ac.expected"), got $(head -c 100 "$WORK/$name.out")" \
      "$(head -c 300 "$WORK/$name.stderr")"
  fi
done

# 100,000 errors, each with a note, on one line: 20 are shown, with their
# notes, and the rest cost nothing (every note used to be printed).
gen errors "$H + 'int g(void) { ' + 'await f(); '*100000 + 'return 0; }\n'"
timeout -s KILL 300 "$ACC" -c "$WORK/errors.ac" -o "$WORK/errors.o" 2> "$WORK/errors.stderr"
status=$?
nerr=$(grep -c ': error: ' "$WORK/errors.stderr")
nnote=$(grep -c ': note: ' "$WORK/errors.stderr")
if [ $status -eq 1 ] && [ "$nerr" -eq 20 ] && [ "$nnote" -eq 20 ] &&
   grep -q '^acc: too many errors (100000); stopped after 20$' "$WORK/errors.stderr"; then
  ok "100,000 errors: 20 shown, with their notes"
else
  bad "100,000 errors: 20 shown, with their notes" \
    "exit status $status, $nerr errors, $nnote notes" "$(tail -c 300 "$WORK/errors.stderr")"
fi

# 4. Line markers name files the diagnostics quote lines from: only regular
#    files of bounded size are read.  A device that never ends, a FIFO with
#    no writer and a standard input that never ends must neither hang acc
#    nor grow its memory; the diagnostic quotes the preprocessed line.
rm -f "$WORK/fifo" && mkfifo "$WORK/fifo"
i=0
for target in /dev/zero "$WORK/fifo" /dev/stdin; do
  i=$((i + 1))
  printf '#line 7 "%s"\nint f(void) { return await f(); }\n' "$target" \
    > "$WORK/marker$i.ac"
  timeout -s KILL 120 "$ACC" -c "$WORK/marker$i.ac" -o "$WORK/marker$i.o" \
    < /dev/zero 2> "$WORK/marker$i.stderr"
  status=$?
  if [ $status -eq 1 ] && [ ! -e "$WORK/marker$i.o" ] &&
     head -1 "$WORK/marker$i.stderr" | grep -qF "$target:7:22: error: 'await' used outside" &&
     sed -n 2p "$WORK/marker$i.stderr" | grep -qF 'int f(void) { return await f(); }'; then
    ok "#line naming $target: diagnostic without reading it"
  else
    bad "#line naming $target: diagnostic without reading it" "exit status $status" \
      "$(head -c 300 "$WORK/marker$i.stderr")"
  fi
done

# More than 65,535 file names: the diagnostic names the right one.
gen many_files "''.join('#line 1 \"f%d.h\"\\nint v%d;\\n' % (i, i) for i in range(70000)) + '#line 5 \"last.ac\"\\nint f(void) { return await f(); }\\n'"
timeout -s KILL 300 "$ACC" -c "$WORK/many_files.ac" -o "$WORK/many_files.o" \
  2> "$WORK/many_files.stderr"
status=$?
if [ $status -eq 1 ] && head -1 "$WORK/many_files.stderr" | grep -q '^last.ac:5:22: error: '; then
  ok "70,000 file names in line markers: the right one is named"
else
  bad "70,000 file names in line markers: the right one is named" "exit status $status" \
    "$(head -c 300 "$WORK/many_files.stderr")"
fi

finish
