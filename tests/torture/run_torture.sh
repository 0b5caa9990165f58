#!/bin/sh
# run_torture.sh — GCC's torture execute tests through acc: each test is
# built by the plain C compiler as a .c file and by acc as a .ac file (with
# that compiler as $CC), and both must agree: the same compile success and,
# when they compile, the same exit status and standard output.  The tests
# abort() when the compiler gets them wrong, so an acc build that changes a
# program's meaning shows as a different status.  Every test runs with each
# compiler of CCS.
#
# Options for a test: `-O1 -w` (the testsuite's own -w) plus its
# dg-options / dg-additional-options when they apply to x86_64 or to every
# target; the same for both builds.  ACCFLAGS go to acc only (a translator
# mode to run over the tests).
#
# A test that differs is a [FAIL], unless tests/torture/expected-failures
# names it (for that compiler, or `any`) with the reason: then it is counted
# as an expected failure.  A listed test that agrees passes, and the summary
# names it (some listed tests depend on the heap or the stack the program
# happens to have, so agreeing once does not prove the entry wrong).
#
# Usage: SRC=DIR ACC=build/bin/acc sh tests/torture/run_torture.sh [TEST.c...]
#   SRC       the gcc.c-torture/execute directory
#   CCS       the compilers ("gcc clang")
#   ACCFLAGS  extra flags for acc only
#   WORK      scratch folder (build/tests/torture); LOG results log
#   JOBS      tests built in parallel (2)
#   TIMEOUT   seconds a test program may run (10); BUILD_TIMEOUT a build (120)
# Tests may be given as names or patterns relative to SRC (pr123*.c).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${SRC:?SRC: the gcc.c-torture/execute directory}"
: "${ACC:=build/bin/acc}" "${CCS:=gcc clang}" "${ACCFLAGS:=}"
: "${WORK:=build/tests/torture}" "${LOG:=/dev/null}" "${JOBS:=2}"
: "${TIMEOUT:=10}" "${BUILD_TIMEOUT:=120}"
export SRC ACC CCS ACCFLAGS WORK TIMEOUT BUILD_TIMEOUT

# The options a test asks for: the first quoted string of each dg-options
# or dg-additional-options line whose target selector, if any, names x86_64.
test_options() {
  sed -n '/dg-\(additional-\)\{0,1\}options/{
    /target/{/x86_64/!d
    }
    s/.*dg-[a-z-]*options[ {]*"\([^"]*\)".*/\1/p
  }' "$1" | tr '\n' ' '
}

# --one TEST: builds and compares TEST with every compiler; writes one line
# per compiler to WORK/CC/TEST.result: "same", or what differs.
if [ "${1:-}" = --one ]; then
  name=$(basename "$2" .c)
  opts="-O1 -w $(test_options "$SRC/$name.c") -I$SRC"
  for cc in $CCS; do
    d=$WORK/$cc/$name
    rm -rf "$d" && mkdir -p "$d" || exit 1
    cp "$SRC/$name.c" "$d/$name.ac"
    # build OUT CMD...: the status of a build under its time limit.
    build() {
      out=$1
      shift
      timeout -k 5 "$BUILD_TIMEOUT" "$@" > "$out" 2>&1
      echo $?
    }
    run() {
      (cd "$d" && timeout -k 5 "$TIMEOUT" "./$1" > "$1.out" 2> "$1.err" < /dev/null)
      echo $?
    }
    # shellcheck disable=SC2086
    cc_st=$(build "$d/cc.log" $cc $opts "$SRC/$name.c" -o "$d/cc.bin" -lm)
    # shellcheck disable=SC2086
    acc_st=$(CC=$cc build "$d/acc.log" "$ACC" $opts $ACCFLAGS "$d/$name.ac" -o "$d/acc.bin")
    what=same
    if [ "$cc_st" != 0 ] || [ "$acc_st" != 0 ]; then
      if [ "$cc_st" = 0 ]; then
        what="acc fails to build it ($(grep -m1 -e 'error' -e 'acc:' "$d/acc.log" | cut -c1-200))"
      elif [ "$acc_st" = 0 ]; then
        what="acc builds it, $cc does not"
      fi
    else
      cc_run=$(run cc.bin)
      acc_run=$(run acc.bin)
      if [ "$cc_run" != "$acc_run" ]; then
        what="exit status: $cc $cc_run, acc $acc_run"
      elif ! cmp -s "$d/cc.bin.out" "$d/acc.bin.out"; then
        what="different output"
      fi
    fi
    echo "$what" > "$WORK/$cc/$name.result"
    [ "$what" = same ] && rm -rf "$d"
  done
  exit 0
fi

mkdir -p "$WORK" || exit 1
for cc in $CCS; do
  rm -rf "${WORK:?}/$cc" && mkdir -p "$WORK/$cc" || exit 1
done
SUITE=${SUITE:-torture}
. "$here/../lib.sh"
if [ $# -gt 0 ]; then
  # shellcheck disable=SC2048,SC2086
  tests=$(cd "$SRC" && ls -d $*)
else
  tests=$(cd "$SRC" && ls ./*.c | sed 's|^\./||')
fi
[ -n "$tests" ] || { echo "run_torture: no tests in $SRC" >&2; exit 1; }
start=$(date +%s)
# shellcheck disable=SC2086
printf '%s\n' $tests | xargs -P "$JOBS" -n 1 sh "$here/run_torture.sh" --one

expected=${EXPECTED:-$here/expected-failures}
nxfail=0
xpassed=
for cc in $CCS; do
  for t in $tests; do
    name=$(basename "$t" .c)
    res=$(cat "$WORK/$cc/$name.result" 2> /dev/null || echo "the runner recorded nothing")
    # A listed test: "NAME COMPILER REASON", COMPILER being gcc, clang or any.
    reason=$(awk -v n="$name" -v c="$cc" \
      '$1 == n && ($2 == c || $2 == "any") { $1 = ""; $2 = ""; sub(/^  /, ""); print; exit }' \
      "$expected")
    if [ "$res" = same ] && [ -z "$reason" ]; then
      record "[PASS] torture: $cc $name" > /dev/null
      npass=$((npass + 1))
    elif [ "$res" = same ]; then
      record "[PASS] torture: $cc $name (listed in expected-failures: $reason)" > /dev/null
      npass=$((npass + 1))
      xpassed="$xpassed $cc/$name"
    elif [ -n "$reason" ]; then
      printf '%s\n' "[XFAIL] torture: $cc $name: $res (expected: $reason)" >> "$LOG"
      nxfail=$((nxfail + 1))
    else
      bad "$cc $name" "$res" "$WORK/$cc/$name/acc.log"
    fi
  done
done
[ -n "$xpassed" ] && echo "$SUITE: listed in $(basename "$expected") but agreeing:$xpassed"
echo "$SUITE: $nxfail expected failures (tests/torture/$(basename "$expected"))," \
  "$(($(date +%s) - start)) s"
finish
