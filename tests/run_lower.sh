#!/bin/sh
# run_lower.sh — the coroutine lowering, table-driven: every
# tests/lower/NAME.ac is built with acc (-Wall -Wextra -Werror: translated
# code must be warning-free) and run, and its output compared with the
# expected output, made at test time:
#   - NAME.py exists: the program's Python asyncio twin, run by python3;
#   - otherwise: the same program compiled as plain C with async and await
#     defined away (plain_twin.h), which docs/language.md (`await`) says
#     it must match.
# Programs run with AC_CLOCK=virtual, so sleeps cost no time.  Each
# program's --emit-c output must also be byte-identical on two runs.
#
# Every build and run has a time limit (LIMIT seconds, 60 by default).
#
# Usage: CC=cc ACC=build/bin/acc INC=build/include LOG=… WORK=… sh tests/run_lower.sh [NAME.ac…]
set -u
CC=${CC:-cc}
WORK=${WORK:-build/tests/lower}
EXTRA_CFLAGS=${EXTRA_CFLAGS:-}
LIMIT=${LIMIT:-60}
mkdir -p "$WORK"
SUITE=lower
. "$(dirname "$0")/lib.sh"

srcs=${*:-tests/lower/*.ac}
for src in $srcs; do
  name=$(basename "$src" .ac)
  dir=$(dirname "$src")
  w=$WORK/$name
  mkdir -p "$w"
  # Expected output.
  if [ -f "$dir/$name.py" ]; then
    limit "$LIMIT" python3 "$dir/$name.py" > "$w/expected" 2> "$w/expected.err" || {
      bad "$name" "$w/expected.err"; continue; }
  else
    limit "$LIMIT" $CC -std=gnu17 -O1 $EXTRA_CFLAGS -I"$INC" -include "$dir/plain_twin.h" \
      -x c "$src" -o "$w/twin" -luv -lm 2> "$w/twin.err" || {
      bad "$name (plain twin)" "$w/twin.err"; continue; }
    (ulimit -s unlimited 2>/dev/null; exec timeout -k 5 "$LIMIT" "$w/twin") \
      > "$w/expected" 2>&1
    case $? in
      124 | 137) timed_out="timed out after $LIMIT s"
        bad "$name (plain twin)" "$w/expected"; continue ;;
    esac
  fi
  # The program built with acc.
  if ! CC=$CC limit "$LIMIT" "$ACC" -O1 -Wall -Wextra -Werror $EXTRA_CFLAGS "$src" \
      -o "$w/prog" 2> "$w/build.err"; then
    bad "$name (build)" "$w/build.err"
    continue
  fi
  AC_CLOCK=virtual limit "$LIMIT" "$w/prog" > "$w/actual" 2> "$w/stderr"
  status=$?
  if [ $status -ne 0 ]; then
    echo "exit status $status" >> "$w/stderr"
    bad "$name" "$w/stderr"
  elif ! diff -u "$w/expected" "$w/actual" > "$w/diff"; then
    bad "$name" "$w/diff"
  else
    ok "$name"
  fi
  # Deterministic translation.
  CC=$CC limit "$LIMIT" "$ACC" --emit-c "$src" -o "$w/a.c" 2> /dev/null &&
    CC=$CC limit "$LIMIT" "$ACC" --emit-c "$src" -o "$w/b.c" 2> /dev/null
  if cmp -s "$w/a.c" "$w/b.c"; then
    ok "$name emit-c deterministic"
  else
    echo "two --emit-c runs differ" > "$w/cmp"
    bad "$name emit-c deterministic" "$w/cmp"
  fi
done
# Across files: async prototypes in a header make functions awaitable from
# another .ac file, built as one program.
if [ $# -eq 0 ]; then
  w=$WORK/multi
  mkdir -p "$w"
  if ! CC=$CC limit "$LIMIT" "$ACC" -Wall -Wextra -Werror $EXTRA_CFLAGS tests/lower/multi/main.ac \
      tests/lower/multi/shapes.ac -o "$w/prog" 2> "$w/build.err"; then
    bad "async prototypes across files (build)" "$w/build.err"
  elif AC_CLOCK=virtual limit "$LIMIT" "$w/prog" > "$w/actual" 2>&1 &&
      diff -u tests/lower/multi/expected "$w/actual" > "$w/diff"; then
    ok "async prototypes across files"
  else
    bad "async prototypes across files" "$w/diff"
  fi
fi
# 1,000 loops and switches nested in an async function and in a plain
# function with defer: no limit of acc's own on the nesting.
if [ $# -eq 0 ]; then
  w=$WORK/deep_nesting
  mkdir -p "$w"
  sh tests/lower/deep_nesting.sh 1000 > "$w/deep.ac"
  printf 'deep 1\nplain defer\nplain 3\n' > "$w/expected"
  # -O0: clang's optimiser with the sanitizers takes minutes on this.
  CC=$CC timeout 120 "$ACC" -O0 -Wall -Wextra $EXTRA_CFLAGS "$w/deep.ac" \
    -o "$w/prog" > "$w/build.err" 2>&1
  status=$?
  if [ $status -ne 0 ]; then
    echo "acc exit status $status" >> "$w/build.err"
    bad "1,000 nested loops and switches (build)" "$w/build.err"
  elif AC_CLOCK=virtual timeout 60 "$w/prog" > "$w/actual" 2>&1 &&
      diff -u "$w/expected" "$w/actual" > "$w/diff"; then
    ok "1,000 nested loops and switches"
  else
    bad "1,000 nested loops and switches" "$w/diff"
  fi
fi
# --frame-report: sizes from the C compiler, what each await holds.
if [ $# -eq 0 ]; then
  w=$WORK/frames
  mkdir -p "$w"
  CC=$CC limit "$LIMIT" "$ACC" --frame-report tests/lower/locals.ac > "$w/report" 2>&1
  if grep -q '^amain (tests/lower/locals.ac:[0-9]*): frame of [0-9][0-9]* bytes$' "$w/report" &&
     grep -q '^  task header       56 bytes$' "$w/report" &&
     grep -q '^  local     px      8 bytes$' "$w/report" &&
     grep -q 'await at tests/lower/locals.ac:[0-9]* (resume point 1) holds: x px buf end p c u i$' "$w/report" &&
     grep -q '^id (tests/lower/locals.ac:[0-9]*): frame of 64 bytes$' "$w/report"; then
    ok "frame report"
  else
    bad "frame report" "$w/report"
  fi
  # A void function's frame has no result slot: the header and one pointer
  # parameter fill a 64-byte pool chunk (bench d's waiter).
  printf '%s\n' '#include <acrt.h>' \
    'async void waiter(ac_future *f) { await f; }' > "$w/void.ac"
  CC=$CC limit "$LIMIT" "$ACC" --frame-report "$w/void.ac" > "$w/void.report" 2>&1
  if [ "$(tr -s ' ' < "$w/void.report")" = "$(printf '%s\n' \
       "waiter ($w/void.ac:2): frame of 64 bytes" ' task header 56 bytes' \
       ' parameter f 8 bytes' " await at $w/void.ac:2 (resume point 1) holds: f")" ]; then
    ok "frame report: a void function has no result slot"
  else
    bad "frame report: a void function has no result slot" "$w/void.report"
  fi
  # Disjoint scopes share space: amain's frame is smaller than the sum of
  # what its members take (sharing saves far more than any padding).
  CC=$CC limit "$LIMIT" "$ACC" --frame-report tests/lower/shared_frame.ac > "$w/shared" 2>&1
  sizes=$(awk '/^amain /{on=1; size=$5; next} /^[a-z]/{on=0}
               on && / bytes/{for (i = 1; i < NF; i++) if ($(i+1) ~ /^bytes/) sum += $i}
               END{print size + 0, sum + 0}' "$w/shared")
  if grep -q '^  share space       a | b | round c d s e | k f g h | m | n$' "$w/shared" &&
     grep -q '^  share space       f | g | h$' "$w/shared" &&
     [ "${sizes% *}" -gt 0 ] && [ "${sizes% *}" -le $((${sizes#* } - 200)) ]; then
    ok "frame report: shared space"
  else
    bad "frame report: shared space" "$w/shared"
  fi
  # Awaits of functions defined earlier in the file embed their frames.
  # The slots' header is set up when the caller starts (ac_frame_embed, with
  # the first callee's descriptor); an await stores only the arguments, and
  # the descriptor where several callees share the slots (ac_frame_embed_as:
  # worker's and retyped's, not both's).
  CC=$CC limit "$LIMIT" "$ACC" --emit-c tests/lower/embedded.ac -o "$w/embedded.c" > "$w/embedded.err" 2>&1
  if [ "$(grep -c '(ac__aw = ac_await_embed(ac__self, \(ac_frame_embed_as(\)\{0,1\}\(((void)[a-z]*, \)\{0,1\}ac__[a-z]*_embed(&ac__f->ac__in_' "$w/embedded.c")" -eq 14 ] &&
     [ "$(grep -c '(ac__aw = ac_await_embed(ac__self, ac_frame_embed_as(' "$w/embedded.c")" -eq 11 ] &&
     [ "$(grep -c 'ac_frame_embed(&ac__f->hdr' "$w/embedded.c")" -eq 0 ] &&
     grep -q '^    ac_frame_embed(&ac__f->ac__in_step.hdr, &ac__step_desc);$' "$w/embedded.c" &&
     grep -q '^    ac_frame_embed(&ac__f->ac__in_both.hdr, &ac__both_desc);$' "$w/embedded.c" &&
     grep -q '^    struct ac__both_frame ac__in_both;$' "$w/embedded.c"; then
    ok "embedded callee frames"
  else
    bad "embedded callee frames" "$w/embedded.err"
  fi
  # Optimising, the result of an embedded await goes straight into a
  # variable kept in a local when the types agree (the C compiler picks),
  # and the result of an expression's only await is a local too; an
  # expression with two awaits keeps its temporaries in the frame.
  CC=$CC limit "$LIMIT" "$ACC" -O2 --emit-c tests/lower/embedded.ac -o "$w/embedded2.c" > "$w/embedded.err" 2>&1
  if grep -q '__builtin_choose_expr(__builtin_types_compatible_p(ac__retyped_T_x, ac__step_result), &ac__fv_x, &ac__tv[0-9]*))' "$w/embedded2.c" &&
     grep -q '^  ac__retyped_result ac__tv[0-9]*;$' "$w/embedded2.c" &&
     grep -q '^  ac__step_result ac__t[0-9]*;$' "$w/embedded2.c"; then
    ok "embedded await results in locals"
  else
    bad "embedded await results in locals" "$w/embedded.err"
  fi
  # Optimising, scalars whose address is never taken live in C locals
  # between awaits, saved before each suspension; an address-taken one
  # stays in the frame.  Without -O, every one stays in the frame.
  CC=$CC limit "$LIMIT" "$ACC" -O2 --emit-c tests/lower/reg_locals.ac -o "$w/reg.c" > "$w/reg.err" 2>&1
  if grep -q '^  ac__loops_T_sum ac__fv_sum = ac__f->sum;$' "$w/reg.c" &&
     grep -q '^  ac__loops_T_tag ac__fv_tag = ac__f->tag;$' "$w/reg.c" &&
     grep -q '^  ac__victim_T_progress ac__fv_progress = ac__f->progress;$' "$w/reg.c" &&
     grep -Eq '^(ac__f->[a-z_0-9]* = ac__fv_[a-z_0-9]*; )*ac__f->sum = ac__fv_sum; ' "$w/reg.c" &&
     grep -q '^#pragma GCC diagnostic ignored "-Wuse-after-free"$' "$w/reg.c" &&
     grep -q 'ac__f->kept' "$w/reg.c" && ! grep -q 'ac__fv_kept' "$w/reg.c" &&
     CC=$CC "$ACC" --emit-c tests/lower/reg_locals.ac -o "$w/reg0.c" 2>> "$w/reg.err" &&
     ! grep -q 'ac__fv_' "$w/reg0.c"; then
    ok "frame scalars in C locals between awaits"
  else
    bad "frame scalars in C locals between awaits" "$w/reg.err"
  fi
  # The translation's size: inside lowered code a line marker names its
  # file only where cc may be in another one (`# 12`, not `# 12 "x.ac"`),
  # and a descriptor asks the C compiler for its result's kind (a
  # _Generic of 560 bytes) only where the type is not spelled with
  # keywords alone (result_kinds.ac: _Bool, two enums, three typedefs).
  CC=$CC limit "$LIMIT" "$ACC" --emit-c tests/lower/result_kinds.ac -o "$w/kinds.c" > "$w/kinds.err" 2>&1
  named=$(grep -c '^# [0-9]* "tests/lower/result_kinds.ac"$' "$w/kinds.c")
  short=$(grep -c '^# [0-9]*$' "$w/kinds.c")
  if [ "$short" -gt $((3 * named)) ] &&
     [ "$(grep -c '_Generic(\*(ac__' "$w/kinds.c")" -eq 6 ] &&
     [ "$(grep -c "| (size_t)AC__RTYPE_" "$w/kinds.c")" -eq 30 ]; then
    ok "short line markers and descriptors"
  else
    echo "$named markers with the name, $short without" >> "$w/kinds.err"
    bad "short line markers and descriptors" "$w/kinds.err"
  fi
fi
finish
