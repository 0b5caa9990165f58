#!/bin/sh
# run_frontend.sh — tests of acc's front end a user would notice:
#   - every tests/errors/NAME.ac fails with exit status 1, leaves no output
#     file, and its whole diagnostic output (every error and note, each with
#     its source line and caret) is exactly tests/errors/NAME.err;
#   - every tests/errors/cc/NAME.ac (errors the C compiler finds in async
#     functions) gives exactly NAME.gcc.err with gcc and NAME.clang.err with
#     clang;
#   - the program that includes every supported header parses with no
#     recovery (acc -v reports none) under gcc and clang as preprocessor;
#   - 10,000 nested parentheses compile and run; far deeper nesting is a
#     clean error; binary junk and truncated files never crash acc;
#   - NUL and 0xFF bytes in a string literal pass through.
# Every acc run has a time limit (a hang is a [FAIL] naming the test).
#
# Usage: ACC=build/bin/acc LOG=build/results/x.log WORK=dir sh tests/run_frontend.sh
#        sh tests/run_frontend.sh --regenerate   rewrites tests/errors/*.err
#          from the current acc (check each by eye before committing)
set -u
regenerate=no
[ "${1:-}" = --regenerate ] && regenerate=yes
ACC=${ACC:-build/bin/acc}
ACC=$(cd "$(dirname "$ACC")" && pwd)/$(basename "$ACC")
LOG=${LOG:-/dev/null}
WORK=${WORK:-build/tests/frontend}
top=$(pwd)
mkdir -p "$WORK" "$(dirname "$LOG")"
WORK=$(cd "$WORK" && pwd)
# Absolute, since the error tests run from tests/errors.
LOG=$(cd "$(dirname "$LOG")" && pwd)/$(basename "$LOG")
SUITE=frontend
. "$top/tests/lib.sh"
LIMIT=${LIMIT:-60}

# 1. Malformed inputs: the exact diagnostics, status 1, no output.  -w
#    keeps the C preprocessor's own warnings (which differ between gcc and
#    clang) out; acc's diagnostics are all compared.
cd "$top/tests/errors"
for src in *.ac; do
  name=${src%.ac}
  rm -f "$WORK/$name.o"
  limit "$LIMIT" "$ACC" -w -c "$src" -o "$WORK/$name.o" 2> "$WORK/$name.stderr"
  status=$?
  if [ $regenerate = yes ]; then
    cp "$WORK/$name.stderr" "$name.err"
    continue
  fi
  if [ $status -ne 1 ]; then
    bad "error $name" "exit status $status, expected 1" "$WORK/$name.stderr"
  elif ! diff -u --label "$name.err" --label "acc's stderr" "$name.err" \
      "$WORK/$name.stderr" > "$WORK/$name.diff"; then
    bad "error $name" "$WORK/$name.diff"
  elif [ -e "$WORK/$name.o" ]; then
    bad "error $name" "an output file was left behind"
  else
    ok "error $name"
  fi
done
# 1b. The C compiler's messages about async functions (tests/errors/cc):
#     with gcc and with clang, the whole output is NAME.gcc.err and
#     NAME.clang.err (the user's lines, columns and names; see
#     compiler/ccdiag.c).
cd "$top/tests/errors/cc"
for src in *.ac; do
  name=${src%.ac}
  for cc in gcc clang; do
    command -v $cc > /dev/null || continue
    CC=$cc limit "$LIMIT" "$ACC" -Wall -Wextra -c "$src" -o "$WORK/$name.$cc.o" \
      2> "$WORK/$name.$cc.stderr"
    status=$?
    if [ $regenerate = yes ]; then
      cp "$WORK/$name.$cc.stderr" "$name.$cc.err"
    elif [ $status -ne 1 ]; then
      bad "cc error $name ($cc)" "exit status $status, expected 1" "$WORK/$name.$cc.stderr"
    elif ! diff -u --label "$name.$cc.err" --label "acc's stderr" "$name.$cc.err" \
        "$WORK/$name.$cc.stderr" > "$WORK/$name.$cc.diff"; then
      bad "cc error $name ($cc)" "$WORK/$name.$cc.diff"
    else
      ok "cc error $name ($cc)"
    fi
    # In colour (as on a terminal), the same text between the escapes.
    [ $regenerate = yes ] && continue
    CC=$cc limit "$LIMIT" "$ACC" -fdiagnostics-color=always -Wall -Wextra -c \
      "$src" -o "$WORK/$name.$cc.o" 2>&1 |
      sed 's/\x1b\[[0-9;]*[mK]//g' > "$WORK/$name.$cc.colour"
    if diff -u "$name.$cc.err" "$WORK/$name.$cc.colour" > "$WORK/$name.$cc.cdiff"; then
      ok "cc error $name ($cc, in colour)"
    else
      bad "cc error $name ($cc, in colour)" "$WORK/$name.$cc.cdiff"
    fi
  done
done
cd "$top"
[ $regenerate = yes ] && exit 0

# 2. Every header of the corpus's headers.c parses with no recovery.
cp tests/corpus/headers.c "$WORK/headers.ac"
for cc in gcc clang; do
  command -v $cc > /dev/null || continue
  CC=$cc limit "$LIMIT" "$ACC" -v --emit-c "$WORK/headers.ac" -o "$WORK/headers.$cc.c" \
    2> "$WORK/headers.$cc.stderr"
  status=$?
  if [ $status -ne 0 ]; then
    bad "headers parse with $cc" "exit status $status" "$(head -5 "$WORK/headers.$cc.stderr")"
  elif grep -q 'cannot parse' "$WORK/headers.$cc.stderr"; then
    bad "headers parse with $cc" "$(grep -A2 'cannot parse' "$WORK/headers.$cc.stderr" | head -6)"
  else
    ok "headers parse with $cc, no recovery"
  fi
done

# 3. Deep nesting.
python3 -c "n=10000; print('int main(void) { return ' + '('*n + '7' + ')'*n + ' - 7; }')" > "$WORK/deep.ac"
# acc must translate it; gcc then builds and runs it (clang 14 itself
# crashes on this input, so with clang only the translation is checked).
if ! limit "$LIMIT" "$ACC" --emit-c "$WORK/deep.ac" -o "$WORK/deep.c" 2> "$WORK/deep.stderr"; then
  bad "10,000 nested parentheses" "$(head -3 "$WORK/deep.stderr")"
elif ${CC:-cc} --version 2>/dev/null | grep -q clang; then
  ok "10,000 nested parentheses (translated)"
elif limit "$LIMIT" "$ACC" "$WORK/deep.ac" -o "$WORK/deep" 2> "$WORK/deep.stderr" &&
    limit "$LIMIT" "$WORK/deep"; then
  ok "10,000 nested parentheses"
else
  bad "10,000 nested parentheses" "$(head -3 "$WORK/deep.stderr")"
fi
python3 -c "n=500000; print('int main(void) { return ' + '('*n + '7' + ')'*n + '; }')" > "$WORK/deeper.ac"
limit "$LIMIT" "$ACC" -c "$WORK/deeper.ac" -o "$WORK/deeper.o" 2> "$WORK/deeper.stderr"
status=$?
if [ $status -eq 1 ] && grep -q 'error: nesting is too deep' "$WORK/deeper.stderr"; then
  ok "500,000 nested parentheses: clean error"
else
  bad "500,000 nested parentheses: clean error" "exit status $status" "$(head -c 300 "$WORK/deeper.stderr")"
fi

# 4. Junk and truncated input: acc answers 0 or 1, never crashes (>= 2 is a
#    usage error or worse; >= 128 is a signal).
crashes=""
i=0
for seed in 1 2 3 4 5 6 7 8; do
  python3 -c "import random,sys; r=random.Random($seed); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(4000)))" > "$WORK/junk$seed.ac"
  limit "$LIMIT" "$ACC" -c "$WORK/junk$seed.ac" -o "$WORK/junk.o" > /dev/null 2>&1
  status=$?
  [ $status -le 1 ] || crashes="$crashes junk$seed:$status"
done
for src in tests/corpus/022_typedef_scope.c tests/corpus/046_tokenizer.c tests/corpus/019_declarators.c; do
  size=$(wc -c < "$src")
  for cut in 1 2 3 5 7 11 13 17 19 23 29; do
    i=$((i + 1))
    head -c $((size * cut / 31)) "$src" > "$WORK/trunc$i.ac"
    limit "$LIMIT" "$ACC" -c "$WORK/trunc$i.ac" -o "$WORK/trunc.o" > /dev/null 2>&1
    status=$?
    [ $status -le 1 ] || crashes="$crashes trunc$i:$status"
  done
done
if [ -z "$crashes" ]; then
  ok "junk and truncated files never crash acc"
else
  bad "junk and truncated files never crash acc" "$crashes"
fi

# 5. A NUL byte then 0xFF in a string literal: gcc keeps both bytes (with a
#    warning); flex's -CF tables read out of bounds on it (ASan sees that in
#    the sanitizer build), so the lexer uses -Cf.
printf 'char s[] = "a\0\377";\nint main(void) { return s[2] != (char)0xff; }\n' \
  > "$WORK/nul_ff.ac"
if limit "$LIMIT" "$ACC" "$WORK/nul_ff.ac" -o "$WORK/nul_ff" 2> "$WORK/nul_ff.stderr" &&
   limit "$LIMIT" "$WORK/nul_ff"; then
  ok "NUL then 0xFF in a string literal is kept"
else
  bad "NUL then 0xFF in a string literal is kept" "$(grep -v warning "$WORK/nul_ff.stderr" | head -5)"
fi

finish
