#!/bin/sh
# tree_check.sh — the tests must leave the work tree as they found it: every
# file a test writes belongs under build/ (or a mktemp directory).
#
#   mk/tree_check.sh save FILE        records `git status` now
#   mk/tree_check.sh check FILE LOG   records "[PASS] tree: ..." in LOG if
#                                     `git status` still says the same, else
#                                     "[FAIL] tree: ..." with the difference
#
# Outside a git work tree (a release tarball) there is nothing to compare:
# save writes an empty file and check records nothing.
cmd=$1 file=$2
status() { git status --porcelain --untracked-files=all 2>/dev/null; }
case $cmd in
  save)
    mkdir -p "$(dirname "$file")"
    status > "$file" ;;
  check)
    git rev-parse --is-inside-work-tree > /dev/null 2>&1 || exit 0
    SUITE=tree LOG=$3
    . "$(dirname "$0")/../tests/lib.sh"
    after=$(mktemp)
    status > "$after"
    name="git status unchanged by the tests (no file written outside build/)"
    if diff -u --label before --label after "$file" "$after" > "$after.diff"; then
      ok "$name"
    else
      bad "$name" "$after.diff"
    fi
    rm -f "$after" "$after.diff"
    finish ;;
  *)
    echo "usage: mk/tree_check.sh save FILE | check FILE LOG" >&2
    exit 2 ;;
esac
