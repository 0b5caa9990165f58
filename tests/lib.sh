# lib.sh — sourced by every test runner (tests/run_*.sh, tests/*/run*.sh):
# the result lines mk/summary.sh adds up, the counters, and time limits.
#
#   SUITE=corpus LOG=build/results/gcc-plain-corpus.log
#   . tests/lib.sh        (starts LOG afresh: each run's log is its own)
#   ok NAME               records "[PASS] SUITE: NAME"
#   bad NAME [DETAIL...]  records "[FAIL] SUITE: NAME"; a DETAIL naming a
#                         file shows its first 40 lines, any other DETAIL is
#                         shown as a line of text, all indented
#   limit SECONDS CMD...  runs CMD, killed after SECONDS (then KILLed 5 s
#                         later); if it timed out, the next `bad` says so
#                         in its [FAIL] line: "NAME (timed out after N s)"
#   timeout_status ST SECONDS   the same note for a timeout run elsewhere
#   finish                prints "SUITE: N passed, M failed" and exits 1
#                         if anything failed, 0 otherwise
#
# LOG defaults to /dev/null.  A runner that records results from several
# processes (the corpus's parallel workers) sets LIB_KEEP_LOG=1 in them.

: "${LOG:=/dev/null}"
mkdir -p "$(dirname "$LOG")"
[ "${LIB_KEEP_LOG:-}" = 1 ] || [ "$LOG" = /dev/null ] || : > "$LOG"
npass=0
nfail=0
timed_out=

# record LINE: to stdout and to the log.
record() { printf '%s\n' "$1"; printf '%s\n' "$1" >> "$LOG"; }

ok() {
  record "[PASS] $SUITE: $1"
  npass=$((npass + 1))
  timed_out=
}

bad() {
  record "[FAIL] $SUITE: $1${timed_out:+ ($timed_out)}"
  shift
  for detail in "$@"; do
    if [ -f "$detail" ]; then
      head -n 40 "$detail" | sed 's/^/    /'
    else
      printf '%s\n' "$detail" | sed 's/^/    /'
    fi
  done | tee -a "$LOG"
  nfail=$((nfail + 1))
  timed_out=
}

limit() {
  secs=$1
  shift
  timeout -k 5 "$secs" "$@"
  timeout_status $? "$secs"
}

# timeout_status STATUS SECONDS: for a `timeout -k 5 SECONDS` run in a
# subshell (where `limit` cannot note it): notes a timeout for the next
# `bad` and returns STATUS.  124 is timeout's own status; 137 the KILL
# that follows an ignored TERM.
timeout_status() {
  case $1 in
    124 | 137) timed_out="timed out after $2 s" ;;
  esac
  return "$1"
}

finish() {
  echo "$SUITE: $npass passed, $nfail failed"
  [ "$nfail" -eq 0 ]
  exit
}
