#!/bin/sh
# run.sh — tests of the acc command line, as a user would notice them.
# Each test prints and records `[PASS] driver: name` or `[FAIL] driver: name`
# with the reason (a diff, the status, the command's output).
#
# Run by `make check-driver` (tests/driver.mk), which sets: ACC, CC, BUILD,
# WORK (an empty scratch folder), LOG, VERSION, PREFIX, MAKE, RT_LIBS (the
# runtime's link libraries, UV_LIBS in the Makefile), and TEST_CFLAGS (the
# sanitizer flags in the sanitizer variant, for programs that link libacrt).
# Every acc run and every program run has a time limit of LIMIT seconds.
set -u
SRC=$(cd "$(dirname "$0")" && pwd)
: "${CC:=cc}" "${TEST_CFLAGS:=}" "${MAKE:=make}" "${LIMIT:=120}"
: "${RT_LIBS:=-lcurl -lssl -lcrypto -luv -lpthread -ldl -lm}"
export CC
mkdir -p "$WORK/tmp"
SUITE=driver
. "$SRC/../lib.sh"
# Every acc run gets a private TMPDIR, checked for leftovers.
TMPDIR=$WORK/tmp
export TMPDIR
cd "$WORK" || exit 1
cp -R "$SRC"/*.ac "$SRC"/*.c "$SRC"/inc "$SRC"/slowcc.sh . || exit 1

pass() { ok "$1"; }
# fail NAME REASON [FILE...]: the reason, then each file's contents indented.
fail() {
  name=$1
  shift
  bad "$name" "$@"
}

# expect_output NAME EXPECTED_TEXT CMD...: runs CMD, compares its stdout.
expect_output() {
  name=$1
  expected=$2
  shift 2
  printf '%s\n' "$expected" > expected.txt
  if ! limit "$LIMIT" "$@" > actual.txt 2> stderr.txt; then
    fail "$name" "'$*' failed with status $?" stderr.txt
  elif ! diff -u expected.txt actual.txt > diff.txt; then
    fail "$name" "output differs" diff.txt
  else
    pass "$name"
  fi
}

# no_temps NAME: TMPDIR must be empty and no staged output left in $WORK.
no_temps() {
  left=$(ls -A "$TMPDIR"; find . -name '.*.acc-*')
  if [ -n "$left" ]; then
    fail "$1" "temporary files left: $left"
    rm -rf "${TMPDIR:?}"/* "${TMPDIR:?}"/.[!.]*
    find . -name '.*.acc-*' -exec rm -rf {} +
  else
    pass "$1"
  fi
}

# ---------------------------------------------------------------------------

t_help() {
  if ! limit "$LIMIT" "$ACC" --help > out.txt 2> err.txt; then
    fail help "acc --help exited with status $?" err.txt
    return
  fi
  for opt in 'Usage: acc' ' -c ' ' -S ' ' -E ' '--emit-c' ' -o FILE' \
             ' -MD ' ' -MF ' ' -MT ' ' -MQ ' ' -v ' '--help' '--version' \
             ' -I DIR' ' -D NAME' ' -l LIB' ' -L DIR' 'CC ' 'TMPDIR'; do
    if ! grep -q -e "$opt" out.txt; then
      fail help "usage does not mention '$opt'" out.txt
      return
    fi
  done
  pass help
}

t_version() {
  if ! limit "$LIMIT" "$ACC" --version > out.txt 2> err.txt; then
    fail version "acc --version exited with status $?" err.txt
  elif [ "$(head -1 out.txt)" != "acc (Async C) $VERSION" ]; then
    fail version "first line is not 'acc (Async C) $VERSION'" out.txt
  elif ! grep -q "^C compiler: $CC (" out.txt; then
    fail version "no 'C compiler: $CC (...)' line" out.txt
  else
    pass version
  fi
}

t_hello() {
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS hello.ac -o hello 2> err.txt; then
    fail hello "acc hello.ac -o hello failed" err.txt
    return
  fi
  expect_output hello "hello, world" ./hello
}

t_default_output() {
  rm -f a.out
  if limit "$LIMIT" "$ACC" $TEST_CFLAGS hello.ac 2> err.txt && [ -x a.out ]; then
    expect_output default-a.out "hello, world" ./a.out
  else
    fail default-a.out "no executable a.out" err.txt
  fi
}

t_compile_then_link() {
  mkdir -p obj
  rm -f hello.o obj/h.o
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -c hello.ac 2> err.txt || [ ! -f hello.o ]; then
    fail compile-then-link "acc -c hello.ac made no hello.o" err.txt
    return
  fi
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -c hello.ac -o obj/h.o 2> err.txt ||
      [ ! -f obj/h.o ]; then
    fail compile-then-link "acc -c hello.ac -o obj/h.o made no obj/h.o" err.txt
    return
  fi
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS hello.o -o hello2 2> err.txt; then
    fail compile-then-link "acc hello.o -o hello2 failed" err.txt
    return
  fi
  expect_output compile-then-link "hello, world" ./hello2
}

t_asm_and_pp() {
  rm -f hello.s
  if ! limit "$LIMIT" "$ACC" -S hello.ac 2> err.txt || ! grep -q 'main' hello.s; then
    fail asm "acc -S hello.ac made no hello.s with main in it" err.txt
  else
    pass asm
  fi
  if ! limit "$LIMIT" "$ACC" -E -dM hello.ac > out.txt 2> err.txt; then
    fail preprocess "acc -E -dM failed" err.txt
  elif ! grep -q '^#define __ASYNC_C__ 1$' out.txt; then
    fail preprocess "acc -E -dM does not define __ASYNC_C__"
  elif ! limit "$LIMIT" "$ACC" -E hello.ac -o hello.i 2> err.txt ||
      ! grep -q 'hello, world' hello.i; then
    fail preprocess "acc -E hello.ac -o hello.i" err.txt
  else
    pass preprocess
  fi
}

t_mixed() {
  want="twice(21) = 42
main: async c, util: plain c"
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS mixed_main.ac mixed_util.c -o mixed 2> err.txt; then
    fail mixed-ac-and-c "acc mixed_main.ac mixed_util.c failed" err.txt
    return
  fi
  expect_output mixed-ac-and-c "$want" ./mixed
  # The C half as an object, then as a static library after -L/-l.
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -c mixed_util.c 2> err.txt ||
      ! limit "$LIMIT" "$ACC" $TEST_CFLAGS mixed_util.o mixed_main.ac -o mixed2 2> err.txt; then
    fail mixed-ac-and-o "acc -c mixed_util.c, then link with .o failed" err.txt
  else
    expect_output mixed-ac-and-o "$want" ./mixed2
  fi
  mkdir -p lib && rm -f lib/libutil.a && ar rcs lib/libutil.a mixed_util.o
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS mixed_main.ac -Llib -lutil -o mixed3 2> err.txt; then
    fail link-order "acc mixed_main.ac -Llib -lutil failed" err.txt
  else
    expect_output link-order "$want" ./mixed3
  fi
}

t_emit_c() {
  export PKG_CONFIG_PATH="$BUILD/lib/pkgconfig"
  if ! limit "$LIMIT" "$ACC" --emit-c hello.ac -o hello_t.c 2> err.txt; then
    fail emit-c-file "acc --emit-c hello.ac -o hello_t.c failed" err.txt
    return
  fi
  if ! flags=$(pkg-config --cflags --libs acrt 2> err.txt); then
    fail emit-c-file "pkg-config --cflags --libs acrt failed" err.txt
    return
  fi
  # shellcheck disable=SC2086
  if ! $CC $TEST_CFLAGS hello_t.c $flags -o hello_t 2> err.txt; then
    fail emit-c-file "$CC hello_t.c $flags failed" err.txt
    return
  fi
  LD_LIBRARY_PATH="$BUILD/lib" expect_output emit-c-file "hello, world" \
    ./hello_t
  limit "$LIMIT" "$ACC" --emit-c hello.ac > stdout1.c 2> err.txt
  limit "$LIMIT" "$ACC" --emit-c hello.ac -o - > stdout2.c 2>> err.txt
  if ! cmp -s hello_t.c stdout1.c || ! cmp -s hello_t.c stdout2.c; then
    diff -u hello_t.c stdout1.c > diff.txt
    fail emit-c-stdout "stdout differs from the -o file" err.txt diff.txt
  else
    pass emit-c-stdout
  fi
}

t_flags() {
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -DGREETING='"hi there"' -D N=7 -Iinc flags.ac \
      -o flags 2> err.txt; then
    fail flags-pass-through "acc -D -I flags.ac failed" err.txt
    return
  fi
  expect_output flags-pass-through "hi there, async c, N=7" ./flags
  if limit "$LIMIT" "$ACC" -DGREETING='"x"' flags.ac -o flags_noinc 2> err.txt; then
    fail flags-pass-through "without -Iinc the header was found anyway"
  fi
}

t_deps() {
  mkdir -p obj
  rm -f obj/flags.o obj/flags.d
  if ! limit "$LIMIT" "$ACC" -MD -Iinc -DGREETING='"x"' -c flags.ac -o obj/flags.o \
      2> err.txt || [ ! -f obj/flags.d ]; then
    fail deps-md "acc -MD -c flags.ac -o obj/flags.o made no obj/flags.d" \
      err.txt
  elif ! head -1 obj/flags.d | grep -q '^obj/flags\.o: flags\.ac' ||
      ! grep -q 'inc/greeting\.h' obj/flags.d || grep -q 'acc-' obj/flags.d; then
    fail deps-md "obj/flags.d does not name obj/flags.o, flags.ac and inc/greeting.h" obj/flags.d
  else
    pass deps-md
  fi
  rm -f custom.d
  if ! limit "$LIMIT" "$ACC" -MMD -MF custom.d -MT 'my target' -MP -Iinc -DGREETING='"x"' \
      -c flags.ac -o obj/flags.o 2> err.txt || [ ! -f custom.d ]; then
    fail deps-mf-mt "acc -MMD -MF custom.d -MT made no custom.d" err.txt
  elif ! head -1 custom.d | grep -q '^my target: flags\.ac' ||
      grep -q 'stdio\.h' custom.d || ! grep -q '^inc/greeting\.h:' custom.d; then
    fail deps-mf-mt "custom.d is not a -MMD -MP file for 'my target'" custom.d
  else
    pass deps-mf-mt
  fi
  # Linking: one .d per source, named after the program, naming it.
  rm -f obj/prog-mixed_main.d obj/prog-mixed_util.d
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -MD mixed_main.ac mixed_util.c -o obj/prog \
      2> err.txt; then
    fail deps-link "acc -MD mixed_main.ac mixed_util.c -o obj/prog failed" \
      err.txt
  elif ! head -1 obj/prog-mixed_main.d 2>&1 | grep -q '^obj/prog:' ||
      ! grep -q ' mixed_main\.ac' obj/prog-mixed_main.d ||
      ! head -1 obj/prog-mixed_util.d 2>&1 | grep -q '^obj/prog:' ||
      ! grep -q ' mixed_util\.c' obj/prog-mixed_util.d; then
    fail deps-link "no obj/prog-mixed_{main,util}.d naming obj/prog" \
      obj/prog-mixed_main.d obj/prog-mixed_util.d
  else
    pass deps-link
  fi
}

t_verbose() {
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -v hello.ac -o hello_v 2> err.txt; then
    fail verbose "acc -v failed" err.txt
  elif ! grep -q "^$CC -E -D__ASYNC_C__ .*-include acrt_forward.h .*-x c hello.ac -o " err.txt ||
      ! grep -q '^# translate .* (hello.ac)$' err.txt ||
      ! grep -q "^$CC .*-x cpp-output .*-x none -o \.hello_v\.acc-.* $BUILD/lib/libacrt\.a $RT_LIBS$" err.txt; then
    fail verbose "-v does not show the preprocess, translate and compile+link steps" err.txt
  else
    pass verbose
  fi
}

t_multiword_cc() {
  if ! CC="env  $CC" limit "$LIMIT" "$ACC" $TEST_CFLAGS -v hello.ac -o hello_env 2> err.txt; then
    fail multi-word-cc "CC='env $CC' acc failed" err.txt
  elif ! grep -q "^env $CC -E " err.txt; then
    fail multi-word-cc "-v does not show 'env $CC -E'" err.txt
  else
    expect_output multi-word-cc "hello, world" ./hello_env
  fi
}

# A failed build exits 1, leaves no output and keeps an older one.
t_failure_no_output() {
  rm -f bad bad.o bad.d
  limit "$LIMIT" "$ACC" $TEST_CFLAGS -MD bad.ac -o bad 2> err.txt
  status=$?
  if [ $status -ne 1 ]; then
    fail failed-build-exit-1 "exit status $status, not 1" err.txt
  elif [ -e bad ] || [ -e bad.d ]; then
    fail failed-build-exit-1 "output left behind: $(ls bad bad.d 2>/dev/null)"
  else
    pass failed-build-exit-1
  fi
  echo "old contents" > keep.o
  echo "old contents" > keep.c
  limit "$LIMIT" "$ACC" -c bad.ac -o keep.o 2> err.txt
  s1=$?
  limit "$LIMIT" "$ACC" --emit-c badinclude.ac -o keep.c 2> err.txt
  s2=$?
  if [ $s1 -ne 1 ] || [ $s2 -ne 1 ]; then
    fail failed-build-keeps-old-output "exit statuses $s1 and $s2, not 1" err.txt
  elif [ "$(cat keep.o)" != "old contents" ] ||
      [ "$(cat keep.c)" != "old contents" ]; then
    fail failed-build-keeps-old-output "an existing output was clobbered"
  else
    pass failed-build-keeps-old-output
  fi
  no_temps no-temps-after-failure
}

t_errors() {
  limit "$LIMIT" "$ACC" nope.ac -o nope > out.txt 2> err.txt
  status=$?
  want="acc: error: cannot open 'nope.ac': No such file or directory"
  if [ $status -ne 2 ] || [ "$(cat err.txt)" != "$want" ]; then
    fail missing-input "status $status (want 2), stderr:" err.txt
  else
    pass missing-input
  fi
  limit "$LIMIT" "$ACC" --frobnicate hello.ac > out.txt 2> err.txt
  status=$?
  if [ $status -ne 2 ] ||
      ! grep -q "^acc: error: unrecognized option '--frobnicate'$" err.txt; then
    fail unknown-option "status $status (want 2), stderr:" err.txt
  else
    pass unknown-option
  fi
  limit "$LIMIT" "$ACC" > out.txt 2> err.txt
  status=$?
  if [ $status -ne 2 ] || ! grep -q "^acc: error: no input files$" err.txt; then
    fail no-input "status $status (want 2), stderr:" err.txt
  else
    pass no-input
  fi
  limit "$LIMIT" "$ACC" hello.ac -o > out.txt 2> err.txt
  status=$?
  if [ $status -ne 2 ] ||
      ! grep -q "^acc: error: missing argument to '-o'$" err.txt; then
    fail missing-argument "status $status (want 2), stderr:" err.txt
  else
    pass missing-argument
  fi
  CC=/nonexistent/cc limit "$LIMIT" "$ACC" hello.ac -o nocc > out.txt 2> err.txt
  status=$?
  if [ $status -ne 2 ] || [ -e nocc ] ||
      ! grep -q "^acc: error: cannot run '/nonexistent/cc': " err.txt; then
    fail missing-cc "status $status (want 2), stderr:" err.txt
  else
    pass missing-cc
  fi
}

t_dev_null() {
  if ! limit "$LIMIT" "$ACC" -c hello.ac -o /dev/null 2> err.txt || [ ! -c /dev/null ]; then
    fail output-dev-null "acc -c -o /dev/null failed or replaced /dev/null" err.txt
  else
    pass output-dev-null
  fi
}

t_parallel() {
  pids=""
  for i in 1 2 3 4 5 6 7 8; do
    limit "$LIMIT" "$ACC" $TEST_CFLAGS -Iinc -DGREETING='"par"' -DN=$i flags.ac \
      -o par$i 2> par$i.err &
    pids="$pids $!"
  done
  ok=true
  for p in $pids; do
    wait "$p" || ok=false
  done
  for i in 1 2 3 4 5 6 7 8; do
    [ "$(./par$i 2>&1)" = "par, async c, N=$i" ] || ok=false
  done
  if $ok; then
    pass parallel-8
  else
    fail parallel-8 "a parallel acc run failed or built the wrong program" \
      par1.err par2.err par3.err par4.err
  fi
}

# SIGTERM while $CC runs: acc stops it, removes its temporaries, dies.
t_signal() {
  CC="$WORK/slowcc.sh" "$ACC" hello.ac -o killed 2> err.txt &
  pid=$!
  i=0
  while [ -z "$(ls -A "$TMPDIR")" ] && [ $i -lt 50 ]; do
    sleep 0.05
    i=$((i + 1))
  done
  sleep 0.1
  kill -TERM $pid
  wait $pid 2> /dev/null
  status=$?
  if [ $status -ne 143 ]; then
    fail sigterm-cleanup "exit status $status, not 143 (SIGTERM)" err.txt
  elif [ -e killed ]; then
    fail sigterm-cleanup "output left behind"
  else
    no_temps sigterm-cleanup
  fi
}

# Starts acc on a big unit whose --emit-c output goes to a FIFO that a
# reader holds open but never reads, so acc blocks writing while it
# translates, then waits until the preprocessor is done and acc has no
# child.  Sets $pid (acc) and $reader.
start_blocked_acc() {
  python3 -c "print(''.join('int v%d = %d;\\n' % (i, i) for i in range(20000)))" > big.ac
  rm -f fifo big.d && mkfifo fifo
  sleep 600 < fifo &
  reader=$!
  "$ACC" --emit-c -MD -MF big.d big.ac -o fifo 2> err.txt &
  pid=$!
  i=0
  while [ $i -lt 600 ]; do
    if [ -n "$(find "$TMPDIR" -name '*.i' 2>/dev/null)" ] &&
       [ -z "$(ps -o pid= --ppid $pid)" ]; then
      break
    fi
    sleep 0.05
    i=$((i + 1))
  done
  sleep 0.2
}

# wait_acc: waits for $pid at most 60 s (then kills it); status in $status.
wait_acc() {
  ( sleep 60; kill -KILL $pid 2> /dev/null ) &
  watchdog=$!
  wait $pid 2> /dev/null
  status=$?
  kill $watchdog $reader 2> /dev/null
  wait $watchdog $reader 2> /dev/null
  rm -f fifo
}

# SIGTERM while acc translates (no child running): it dies at once of the
# signal and removes its temporaries and staged outputs (the .d file).
t_signal_translating() {
  start_blocked_acc
  kill -TERM $pid
  wait_acc
  if [ $status -ne 143 ]; then
    fail sigterm-while-translating "exit status $status, not 143 (SIGTERM)" err.txt
  elif [ -e big.d ]; then
    fail sigterm-while-translating "output left behind"
  else
    no_temps sigterm-while-translating
  fi
}

# A crash (here a SIGSEGV sent to it) is an internal error: status 3, a
# message, and no temporaries.  Under the sanitizers their handler reports
# it instead, after acc's cleanup.
t_crash_cleanup() {
  start_blocked_acc
  kill -SEGV $pid
  wait_acc
  if [ -z "$TEST_CFLAGS" ] && [ $status -ne 3 ]; then
    fail crash-cleanup "exit status $status, not 3" err.txt
  elif [ -z "$TEST_CFLAGS" ] && ! grep -q '^acc: internal compiler error: segmentation fault' err.txt; then
    fail crash-cleanup "no internal error message" err.txt
  elif [ -e big.d ]; then
    fail crash-cleanup "output left behind"
  else
    no_temps crash-cleanup
  fi
}

# Out of memory while translating (a tree too big for a 400 MB address
# space): status 3 and no temporaries or staged output.  Not under the
# sanitizers, which need far more address space than that.
t_oom_cleanup() {
  [ -n "$TEST_CFLAGS" ] && return
  python3 -c "print('int h(int a) { return ' + 'a+'*900000 + 'a; }')" > huge.ac
  (ulimit -v 400000 && exec "$ACC" -c huge.ac -o huge.o) 2> err.txt
  status=$?
  if [ $status -ne 3 ]; then
    fail oom-cleanup "exit status $status, not 3" err.txt
  elif [ -e huge.o ]; then
    fail oom-cleanup "output left behind"
  else
    no_temps oom-cleanup
  fi
}

# More outputs than the old fixed table held (64): 70 objects.
t_many_outputs() {
  mkdir -p many && rm -f many/*
  i=0
  while [ $i -lt 70 ]; do
    echo "int f$i(void) { return $i; }" > many/m$i.c
    i=$((i + 1))
  done
  if ! (cd many && "$ACC" -c m*.c) 2> err.txt; then
    fail many-outputs "acc -c with 70 inputs failed" err.txt
  elif [ "$(ls many/*.o | wc -l)" -ne 70 ]; then
    fail many-outputs "$(ls many/*.o | wc -l) objects, not 70"
  else
    pass many-outputs
  fi
}

# make install into a staging DESTDIR, move the prefix elsewhere, and use
# the installed acc from there.
t_install() {
  stage=$WORK/stage
  if ! $MAKE -C "$SRCROOT" --no-print-directory install DESTDIR="$stage" \
      > install.log 2>&1; then
    fail install "make install DESTDIR=$stage failed" install.log
    return
  fi
  inst=$stage$PREFIX
  for f in bin/acc lib/libacrt.a lib/libacrt.so include/acrt.h \
           lib/pkgconfig/acrt.pc; do
    if [ ! -f "$inst/$f" ]; then
      fail install "$f is not installed" install.log
      return
    fi
  done
  if [ "$(PKG_CONFIG_PATH=$inst/lib/pkgconfig pkg-config --variable=prefix acrt)" != "$PREFIX" ]; then
    fail install "installed acrt.pc does not say prefix=$PREFIX" \
      "$inst/lib/pkgconfig/acrt.pc"
    return
  fi
  pass install
  moved=$WORK/moved-prefix
  rm -rf "$moved"
  mv "$inst" "$moved"
  if ! limit "$LIMIT" "$moved/bin/acc" $TEST_CFLAGS -v hello.ac -o hello_inst 2> err.txt; then
    fail installed-acc "the installed acc failed" err.txt
  elif ! grep -q -- "-I$moved/include" err.txt ||
      ! grep -q "$moved/lib/libacrt\.a" err.txt ||
      grep -q -e "$BUILD/include" -e "$BUILD/lib" err.txt; then
    fail installed-acc "the installed acc does not use its own prefix" err.txt
  else
    expect_output installed-acc "hello, world" ./hello_inst
  fi
  mv "$moved" "$inst"
  if ! $MAKE -C "$SRCROOT" --no-print-directory uninstall DESTDIR="$stage" \
      > uninstall.log 2>&1; then
    fail uninstall "make uninstall failed" uninstall.log
  elif [ -n "$(find "$stage" -type f)" ]; then
    fail uninstall "files left: $(find "$stage" -type f)"
  else
    pass uninstall
  fi
}

# Plain C89 through acc: the header acc injects must not break -std=c89,
# -ansi, -pedantic-errors or -Wc90-c99-compat (issue 11, item 4), with gcc
# and with clang (which lacks -Wc90-c99-compat).
t_c89() {
  for cc in gcc clang; do
    command -v $cc > /dev/null || continue
    for flags in "-std=c89 -pedantic-errors" "-ansi -pedantic-errors" \
                 "-std=c89 -Wall -Wextra -Werror" "-Wc90-c99-compat -Werror"; do
      [ $cc = clang ] && [ "$flags" = "-Wc90-c99-compat -Werror" ] && continue
      rm -f c89
      # shellcheck disable=SC2086
      if ! CC=$cc limit "$LIMIT" "$ACC" $flags c89.ac -o c89 2> err.txt; then
        fail "c89 $cc $flags" "acc failed" err.txt
      elif [ "$(./c89)" != c89 ]; then
        fail "c89 $cc $flags" "the program does not print c89"
      else
        pass "c89 $cc $flags"
      fi
    done
  done
}

# -fsyntax-only checks and writes nothing (it left an empty a.out).
t_syntax_only() {
  rm -f a.out hello.o
  if ! limit "$LIMIT" "$ACC" -fsyntax-only -Wall hello.ac 2> err.txt; then
    fail syntax-only "acc -fsyntax-only hello.ac failed" err.txt
  elif [ -e a.out ] || [ -e hello.o ]; then
    fail syntax-only "acc -fsyntax-only wrote $(ls a.out hello.o 2> /dev/null)"
  elif limit "$LIMIT" "$ACC" -fsyntax-only bad.ac 2> err.txt; then
    fail syntax-only "acc -fsyntax-only bad.ac succeeded"
  else
    pass syntax-only
  fi
}

# A comment before a directive turns it into text under -C, which breaks
# the second (comments) preprocessing: acc goes on without the comments,
# silently.
t_comment_before_directive() {
  printf '#if 1\nint x = 2;\n/* c */ #endif\nint main(void) { return x - 2; }\n' > cdir.ac
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -Wextra cdir.ac -o cdir 2> err.txt; then
    fail comment-before-directive "acc -Wextra cdir.ac failed" err.txt
  elif [ -s err.txt ]; then
    fail comment-before-directive "messages from the comments pass" err.txt
  elif ! ./cdir; then
    fail comment-before-directive "the program exits with status $?"
  else
    pass comment-before-directive
  fi
}

# -g3 keeps the macros in the debug information (gcc; clang's -g3 does not
# record them even for C).
t_g3() {
  command -v gcc > /dev/null && command -v readelf > /dev/null || return
  printf '#include <stdio.h>\n#define MY_G3_MACRO 42\nint main(void) { printf("%%d\\n", MY_G3_MACRO); return 0; }\n' > g3.ac
  if ! CC=gcc limit "$LIMIT" "$ACC" -g3 g3.ac -o g3 2> err.txt; then
    fail g3-macros "acc -g3 failed" err.txt
  elif ! readelf --debug-dump=macro g3 | grep -q 'MY_G3_MACRO 42'; then
    fail g3-macros "no MY_G3_MACRO in the debug information of an acc -g3 build"
  else
    pass g3-macros
  fi
}

# -x LANG, and the program read from standard input, as cc does.
t_lang_and_stdin() {
  cp hello.ac hello_as_text.txt
  rm -f xprog
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -x ac hello_as_text.txt -o xprog 2> err.txt; then
    fail x-ac "acc -x ac hello_as_text.txt failed" err.txt
  else
    expect_output x-ac "hello, world" ./xprog
  fi
  cp mixed_util.c util_as_text.txt
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS mixed_main.ac -x c util_as_text.txt -x none -o xmixed 2> err.txt; then
    fail x-c "acc mixed_main.ac -x c util_as_text.txt -x none failed" err.txt
  else
    expect_output x-c "twice(21) = 42
main: async c, util: plain c" ./xmixed
  fi
  if limit "$LIMIT" "$ACC" -x fortran hello.ac > out.txt 2> err.txt ||
      ! grep -q "language 'fortran' not recognized" err.txt; then
    fail x-unknown "acc -x fortran: no usage error" err.txt
  else
    pass x-unknown
  fi
  rm -f stdin_prog stdin_c
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS - -o stdin_prog < hello.ac 2> err.txt; then
    fail stdin-ac "acc - < hello.ac failed" err.txt
  else
    expect_output stdin-ac "hello, world" ./stdin_prog
  fi
  printf '#include <stdio.h>\nint main(void) { puts("c from stdin"); return 0; }\n' > stdin.txt
  if ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -x c - -o stdin_c < stdin.txt 2> err.txt; then
    fail stdin-c "acc -x c - failed" err.txt
  else
    expect_output stdin-c "c from stdin" ./stdin_c
  fi
}

# -save-temps keeps the preprocessed .ac and its translation.
t_save_temps() {
  mkdir -p st && rm -f hello.i hello.acc.c st/*
  if ! limit "$LIMIT" "$ACC" -save-temps -c hello.ac -o st/hello.o 2> err.txt; then
    fail save-temps "acc -save-temps failed" err.txt
  elif ! grep -q 'hello, world' hello.i || ! grep -q 'hello, world' hello.acc.c; then
    fail save-temps "no hello.i and hello.acc.c in the current directory"
  elif ! limit "$LIMIT" "$ACC" -save-temps=obj -c hello.ac -o st/hello.o 2> err.txt ||
      [ ! -f st/hello.i ] || [ ! -f st/hello.acc.c ]; then
    fail save-temps "-save-temps=obj: no st/hello.i and st/hello.acc.c" err.txt
  else
    pass save-temps
  fi
  rm -f hello.i hello.acc.c
}

# GNU raw string literals (gcc only: clang 14 has none in C).
t_raw_strings() {
  command -v gcc > /dev/null || return
  cp raw.c raw.ac
  if ! gcc -std=gnu17 raw.c -o raw_cc 2> err.txt; then
    fail raw-strings "gcc rejects raw.c" err.txt
  elif ! CC=gcc limit "$LIMIT" "$ACC" -std=gnu17 -Wall -Wextra -Werror raw.ac -o raw_acc 2> err.txt; then
    fail raw-strings "acc rejects raw string literals" err.txt
  else
    expect_output raw-strings "$(./raw_cc)" ./raw_acc
  fi
}

# Plain C naming things async, await and defer, as a .ac file with
# -fno-async-keywords; __async, __await and __defer stay keywords.
t_no_async_keywords() {
  if limit "$LIMIT" "$ACC" $TEST_CFLAGS names.ac -o names 2> /dev/null; then
    fail no-async-keywords "names.ac builds without -fno-async-keywords"
  elif ! limit "$LIMIT" "$ACC" $TEST_CFLAGS -fno-async-keywords names.ac -o names 2> err.txt; then
    fail no-async-keywords "acc -fno-async-keywords names.ac failed" err.txt
  else
    expect_output no-async-keywords "deferred, total 29
await = 29" ./names
  fi
}

SRCROOT=$(cd "$SRC/../.." && pwd)
start=$(date +%s)
t_help
t_version
t_hello
t_default_output
t_compile_then_link
t_asm_and_pp
t_mixed
t_emit_c
t_flags
t_deps
t_verbose
t_multiword_cc
t_failure_no_output
t_errors
t_dev_null
t_parallel
no_temps no-temps-after-success
t_signal
t_signal_translating
t_crash_cleanup
t_oom_cleanup
t_many_outputs
t_c89
t_syntax_only
t_comment_before_directive
t_g3
t_lang_and_stdin
t_save_temps
t_raw_strings
t_no_async_keywords
t_install
echo "driver: $(($(date +%s) - start)) s"
finish
