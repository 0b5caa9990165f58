#!/bin/sh
# throughput.sh — downloader throughput (a measurement, not a test):
# 200 files of 1 MiB from a local server, all at once, with
# samples/download.ac; for comparison the same with `curl -Z` (libcurl's own
# parallel CLI) when curl is installed.  The server is tests/http/server.py
# (ThreadingHTTPServer, listen backlog 256): `python3 -m http.server` has a
# listen backlog of 5, so 200 simultaneous connections overflow it and the
# kernel's SYN retransmissions (1 s, 3 s, 7 s, ...) and resets dominate.
# Usage: sh tests/http/throughput.sh [BUILD]   (after `make`)
set -u
build=${1:-build}
w=$(mktemp -d /tmp/acdl.XXXXXX)
trap 'kill $srv 2>/dev/null; rm -rf "$w"' EXIT
mkdir -p "$w/www" "$w/out" "$w/out2"
python3 - "$w/www" <<'PY'
import os, sys
blk = os.urandom(1 << 20)
for i in range(200):
    open("%s/file%03d.bin" % (sys.argv[1], i), "wb").write(blk[i:] + blk[:i])
PY
"$build/bin/acc" -O2 samples/download.ac -o "$w/download" || exit 1
python3 tests/http/server.py "$w/www" "$w/port" > "$w/srv.log" 2>&1 &
srv=$!
while [ ! -s "$w/port" ]; do sleep 0.1; done
port=$(cat "$w/port")
urls=""
for i in $(seq -f %03g 0 199); do urls="$urls http://127.0.0.1:$port/files/file$i.bin"; done
for run in 1 2 3; do
  rm -f "$w"/out/*
  t0=$(date +%s.%N)
  "$w/download" -o "$w/out" $urls > "$w/dl.out" || { tail -3 "$w/dl.out"; exit 1; }
  t1=$(date +%s.%N)
  python3 -c "print('download.ac: 200 x 1 MiB in %.2f s = %.0f MiB/s' % ($t1 - $t0, 200 / ($t1 - $t0)))"
done
for f in "$w"/www/*; do cmp -s "$f" "$w/out/${f##*/}" || echo "MISMATCH $f"; done
if command -v curl > /dev/null; then
  for run in 1 2; do
    rm -f "$w"/out2/*
    t0=$(date +%s.%N)
    (cd "$w/out2" && curl -s -S -Z --no-progress-meter --parallel-max 200 --remote-name-all $urls)
    t1=$(date +%s.%N)
    python3 -c "print('curl -Z:     200 x 1 MiB in %.2f s = %.0f MiB/s' % ($t1 - $t0, 200 / ($t1 - $t0)))"
  done
fi
