#!/bin/sh
# run_corpus.sh — the front-end proof corpus: every ordinary C program in
# tests/corpus/ is built twice, once by the C compiler as a .c file (the
# "twin") and once by acc as a .ac file; both are run under a time limit and
# their stdout and exit status must be identical.  With --emit-c checking on,
# `acc --emit-c` must also be deterministic (two runs, byte-identical output)
# and the emitted C, compiled by $CC, must behave like the twin.
#
# Each program records one line in the results log:
#   [PASS] corpus: NAME            built twice, same output and status
#   [FAIL] corpus: NAME            followed by indented details / diff -u
# and, with --emit-c checking on, one more:
#   [PASS] corpus: NAME emit-c
#
# Usage: tests/run_corpus.sh [PROGRAM.c ...]
#   (no arguments: every tests/corpus/*.c next to this script)
#
# Configuration, all from the environment:
#   CC            the C compiler for the twin and for emitted C   (cc)
#   ACC           the acc command; may carry arguments, e.g. a stand-in
#                 ACC="gcc -x c -Iruntime/include"                   (build/bin/acc)
#   EXTRA_CFLAGS  flags given to both compilers (e.g. the sanitizers)
#   RT_INC        runtime include dir for the twin and emitted C (runtime/include)
#   RT_LIB        runtime library to link emitted C with (optional; e.g.
#                 build/lib/libacrt.a); the twin never needs it
#   RT_LIBS       the runtime's link libraries (the Makefile's UV_LIBS)
#   EMIT_C        yes | no | auto: check `acc --emit-c`; auto probes the
#                 acc command and skips silently if it lacks --emit-c (auto)
#   WORK          scratch/build folder                (build/tests/corpus)
#   LOG           results log (written afresh)  (build/results/gcc-plain-corpus.log)
#   JOBS          programs built in parallel                          (2)
#   TIMEOUT       seconds each run may take; a run that takes longer
#                 fails "(timed out after N s)"                       (10)
#   BUILD_TIMEOUT seconds each compilation may take                  (120)
#   SUITE         the suite's name in result lines (corpus); the
#                 all-async variant (ACC="acc --all-async") is corpus-async
#
# Exit status: 0 if every program passed, 1 otherwise.
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${CC:=cc}"
: "${ACC:=build/bin/acc}"
: "${EXTRA_CFLAGS:=}"
: "${RT_INC:=runtime/include}"
: "${RT_LIB:=}"
: "${EMIT_C:=auto}"
: "${WORK:=build/tests/corpus}"
: "${LOG:=build/results/gcc-plain-corpus.log}"
: "${JOBS:=2}"
: "${TIMEOUT:=10}"
: "${BUILD_TIMEOUT:=120}"
: "${SUITE:=corpus}"
STD_CFLAGS="-std=gnu17 -O1 -Wall -Wextra -Werror"
LIBS=${RT_LIBS:-"-lcurl -lssl -lcrypto -luv -lpthread -ldl -lm"}
export CC ACC EXTRA_CFLAGS RT_INC RT_LIB EMIT_C WORK LOG TIMEOUT BUILD_TIMEOUT \
  STD_CFLAGS LIBS SUITE

# --one SRC: build, run and compare one program; writes WORK/NAME/result.
if [ "${1:-}" = "--one" ]; then
  src=$2
  name=$(basename "$src" .c)
  d=$WORK/$name
  rm -rf "$d" && mkdir -p "$d" || exit 1
  res=$d/result
  fail() {  # fail WHAT [DETAIL_FILE]
    echo "[FAIL] $SUITE: $name${suffix:-}${tnote:-}" > "$res.tmp"
    echo "    $1" >> "$res.tmp"
    if [ $# -gt 1 ] && [ -s "$2" ]; then sed 's/^/    /' "$2" | head -n 60 >> "$res.tmp"; fi
    cat "$res.tmp" >> "$res"; rm -f "$res.tmp"
  }
  # run BIN OUT: runs under the time limit, stdout to OUT, prints the status.
  run() { timeout -k 5 "$TIMEOUT" "$1" > "$2" 2> "$2.err" < /dev/null; echo $?; }
  # build CMD...: a compilation under its time limit.
  build() {
    timeout -k 5 "$BUILD_TIMEOUT" "$@"
    st=$?
    case $st in 124 | 137) tnote=" (timed out after $BUILD_TIMEOUT s)" ;; esac
    return $st
  }
  # compare TAG: the twin's result against $d/TAG.out and $TAG_status.
  compare() {
    tag=$1; st=$2
    case $st in 124 | 137) tnote=" (timed out after $TIMEOUT s)" ;; esac
    if ! cmp -s "$d/cc.out" "$d/$tag.out" || [ "$cc_st" != "$st" ]; then
      { echo "exit status: cc $cc_st, $tag $st"
        diff -u --label "cc stdout" --label "$tag stdout" "$d/cc.out" "$d/$tag.out"
        sed 's/^/'"$tag"' stderr: /' "$d/$tag.out.err" | head -n 20
      } > "$d/$tag.diff"
      fail "$tag build behaves differently from the C build" "$d/$tag.diff"
      return 1
    fi
    return 0
  }
  : > "$res"
  suffix=
  cp "$src" "$d/$name.ac"
  # The twin: plain C, the runtime's headers on the include path.
  # shellcheck disable=SC2086
  if ! build $CC $STD_CFLAGS $EXTRA_CFLAGS -I"$RT_INC" "$src" -o "$d/cc.bin" $LIBS > "$d/cc.log" 2>&1; then
    fail "the C compiler rejects the program (CC=$CC)" "$d/cc.log"; exit 0
  fi
  cc_st=$(run "$d/cc.bin" "$d/cc.out")
  case $cc_st in 124 | 137) tnote=" (timed out after $TIMEOUT s)" ;; esac
  if [ "$cc_st" != 0 ]; then
    fail "the C build exits with status $cc_st (corpus programs exit 0)" "$d/cc.out.err"; exit 0
  fi
  # The same program as .ac through acc (which finds its runtime itself).
  # shellcheck disable=SC2086
  if ! build $ACC $STD_CFLAGS $EXTRA_CFLAGS "$d/$name.ac" -o "$d/acc.bin" $LIBS > "$d/acc.log" 2>&1; then
    fail "acc rejects the program (ACC=$ACC)" "$d/acc.log"
  elif [ ! -x "$d/acc.bin" ]; then
    fail "acc exits 0 but writes no program" "$d/acc.log"
  else
    acc_st=$(run "$d/acc.bin" "$d/acc.out")
    compare acc "$acc_st" && echo "[PASS] $SUITE: $name" >> "$res"
  fi
  # Determinism of --emit-c and behaviour of the emitted C.
  [ "$EMIT_C" = yes ] || exit 0
  suffix=" emit-c" tnote=
  # shellcheck disable=SC2086
  if ! { build $ACC --emit-c $STD_CFLAGS $EXTRA_CFLAGS "$d/$name.ac" -o "$d/a1.c" &&
        build $ACC --emit-c $STD_CFLAGS $EXTRA_CFLAGS "$d/$name.ac" -o "$d/a2.c"; } > "$d/emit.log" 2>&1; then
    fail "acc --emit-c fails" "$d/emit.log"; exit 0
  fi
  if [ ! -s "$d/a1.c" ] || [ ! -s "$d/a2.c" ]; then
    fail "acc --emit-c exits 0 but writes no C" "$d/emit.log"; exit 0
  fi
  if ! cmp -s "$d/a1.c" "$d/a2.c"; then
    diff -u "$d/a1.c" "$d/a2.c" > "$d/emit.diff"
    fail "acc --emit-c is not deterministic: two runs differ" "$d/emit.diff"; exit 0
  fi
  # shellcheck disable=SC2086
  if ! build $CC $STD_CFLAGS $EXTRA_CFLAGS -I"$RT_INC" "$d/a1.c" -o "$d/emit.bin" $RT_LIB $LIBS > "$d/emitcc.log" 2>&1; then
    fail "the emitted C does not compile with CC=$CC" "$d/emitcc.log"; exit 0
  fi
  emit_st=$(run "$d/emit.bin" "$d/emit.out")
  compare emit "$emit_st" && echo "[PASS] $SUITE: $name emit-c" >> "$res"
  exit 0
fi

# Driver: pick the programs, decide on --emit-c, fan out, collect.
if [ $# -gt 0 ]; then
  progs=$*
else
  progs=$(ls "$here"/corpus/*.c)
fi
mkdir -p "$WORK" || exit 1
. "$here/lib.sh"
if [ "$EMIT_C" = auto ]; then
  probe=$WORK/.probe
  mkdir -p "$probe"
  printf 'int main(void) { return 0; }\n' > "$probe/p.ac"
  # shellcheck disable=SC2086
  if $ACC --emit-c "$probe/p.ac" -o "$probe/p.c" > /dev/null 2>&1 && [ -s "$probe/p.c" ]; then
    EMIT_C=yes
  else
    EMIT_C=no
    echo "run_corpus: '$ACC' has no --emit-c; skipping the emit-c checks"
  fi
  rm -rf "$probe"
fi
export EMIT_C

# shellcheck disable=SC2086
printf '%s\n' $progs | xargs -P "$JOBS" -n 1 sh "$here/run_corpus.sh" --one

for src in $progs; do
  res=$WORK/$(basename "$src" .c)/result
  if [ -s "$res" ]; then
    cat "$res"
    cat "$res" >> "$LOG"
    npass=$((npass + $(grep -c '^\[PASS\]' "$res")))
    nfail=$((nfail + $(grep -c '^\[FAIL\]' "$res")))
  else
    bad "$(basename "$src" .c)" "the runner recorded nothing (crashed?)"
  fi
done
finish
