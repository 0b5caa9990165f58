#!/bin/sh
# download_limit.sh — samples/download_limit.ac and its Python twin against
# a local test server (127.0.0.1, tests/http/server.py) that holds every
# response DELAY seconds: 9 files with a limit of 3.  Both must fetch every
# byte, never have more than 3 transfers in flight, reach 3 (the limit is
# used), and print the same summary line; and the downloads cannot take
# less than the three rounds the limit forces (3 x DELAY: a lower bound,
# so a slow machine never fails it).
# Run by tests/run_sync.sh with CC, ACC, EXTRA_CFLAGS set, as
#   sh tests/sync/download_limit.sh WORKDIR
set -u
w=$1
rm -rf "$w/www" "$w/out" "$w/out.py" "$w/port"
mkdir -p "$w/www" "$w/out" "$w/out.py"
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
acc=$(abs "$ACC")
wabs=$(abs "$w")
(cd samples && CC=$CC timeout -k 5 120 "$acc" -O1 -Wall -Wextra -Werror \
  $EXTRA_CFLAGS download_limit.ac -o "$wabs/download_limit") || exit 1
names="a b c d e f g h i"
python3 - "$w/www" $names <<'PY'
import sys
for i, name in enumerate(sys.argv[2:]):
    open("%s/%s" % (sys.argv[1], name), "wb").write(bytes([65 + i]) * 65536)
PY
delay=0.3
server_pid=
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null' EXIT
python3 tests/http/server.py "$w/www" "$w/port" --delay $delay \
  > "$w/server.log" 2>&1 &
server_pid=$!
i=0
while [ ! -s "$w/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
port=$(cat "$w/port" 2>/dev/null)
[ -n "$port" ] || { echo "the test server did not start"; exit 1; }
urls=
for n in $names; do urls="$urls http://127.0.0.1:$port/files/$n"; done
status=0
for impl in c py; do
  t0=$(date +%s.%N)
  if [ $impl = c ]; then
    timeout -k 5 60 "$w/download_limit" -n 3 -o "$w/out" $urls > "$w/c.txt"
  else
    timeout -k 5 60 python3 samples/py/download_limit.py -n 3 -o "$w/out.py" \
      $urls > "$w/py.txt"
  fi || { echo "$impl: exit status $?"; status=1; }
  t1=$(date +%s.%N)
  python3 -c "import sys; sys.exit(0 if $t1 - $t0 >= 3 * $delay - 0.05 else 1)" ||
    { echo "$impl: took less than 3 rounds ($t0 .. $t1)"; status=1; }
  cat "$w/$impl.txt"
  for n in $names; do
    d=$w/out; [ $impl = py ] && d=$w/out.py
    cmp -s "$w/www/$n" "$d/$n" || { echo "$impl: $n differs"; status=1; }
  done
  grep -q "at most 3 at once" "$w/$impl.txt" ||
    { echo "$impl: not exactly 3 in flight at most"; status=1; }
  if awk '/in flight\)$/ { n = $3; sub(/\(/, "", n); if (n + 0 > 3) bad = 1 }
          END { exit bad ? 0 : 1 }' "$w/$impl.txt"; then
    echo "$impl: more than 3 in flight"; status=1
  fi
done
[ "$(tail -n 1 "$w/c.txt")" = "$(tail -n 1 "$w/py.txt")" ] ||
  { echo "the summary lines differ"; status=1; }
exit $status
