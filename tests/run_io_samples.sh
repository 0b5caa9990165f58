#!/bin/sh
# run_io_samples.sh — tests the I/O samples against each other on
# 127.0.0.1: echo_server with echo_client (round trips, many connections,
# a client that hangs up in the middle of a line), and http_server with
# python3's urllib and raw sockets (byte-exact files, 404, path traversal);
# then both servers under abuse (tests/io_abuse.py: idle clients, clients
# that leave mid-request, 10 MB without a delimiter, a descriptor limit of
# 64, accepts failing with EMFILE; for http_server a FIFO and malformed
# escapes; a small round under valgrind when SAN is not set).  Servers
# listen on port 0 (a free port, which they print) and are killed on exit,
# whatever happens.  One [PASS]/[FAIL] line per check in LOG; every client
# and check has a time limit, every server one of LIMIT s.
#
# Usage: [SAN=1] tests/run_io_samples.sh BINDIR LOG
bin=$1
SUITE=io LOG=$2
. "$(dirname "$0")/lib.sh"
LIMIT=${LIMIT:-300}
abuse="python3 $(dirname "$0")/io_abuse.py"
work=$(mktemp -d)
pids=
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; done
  for p in $pids; do wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

check() {  # check NAME SECONDS COMMAND...: records whether COMMAND succeeds
  name=$1; shift
  if limit "$@" >"$work/last.out" 2>&1; then
    ok "$name"
  else
    bad "$name" "$work/last.out"
  fi
}

# start NAME OUTFILE COMMAND...: starts a server, waits for its port.
start() {
  name=$1; out=$2; shift 2
  timeout "$LIMIT" "$@" >"$out" 2>"$out.err" &
  pids="$pids $!"
  last_pid=$!
  i=0
  while ! grep -q '127.0.0.1:[0-9]' "$out" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 600 ] || ! kill -0 $last_pid 2>/dev/null; then
      bad "$name starts" "$out.err"
      return 1
    fi
    sleep 0.05
  done
  port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out" | head -1)
}

# --- echo --------------------------------------------------------------------
if start echo_server "$work/echo.out" "$bin/echo_server" 0; then
  esrv=$last_pid
  check "echo round trips" 30 sh -c \
    "'$bin/echo_client' $port 100 | grep -qx 'ok: 1 x 100 round trips'"
  check "echo client cut mid-line" 30 "$bin/echo_client" $port --cut
  check "echo 50 connections after a cut" 60 sh -c \
    "'$bin/echo_client' $port 200 50 | grep -qx 'ok: 50 x 200 round trips'"
  check "echo server still running" 5 kill -0 $esrv
  check "echo server reports the cut client" 5 \
    grep -q 'end of file' "$work/echo.out.err"
fi

# --- echo on two loops (-j 2: ac_run_threads, SO_REUSEPORT) -------------------
if start echo_server_j2 "$work/echo2.out" "$bin/echo_server" -j 2 0; then
  check "echo -j 2: listening on 2 loops" 5 grep -q '(2 loops)' "$work/echo2.out"
  check "echo -j 2: 50 connections" 60 sh -c \
    "'$bin/echo_client' $port 200 50 | grep -qx 'ok: 50 x 200 round trips'"
  check "echo -j 2: a cut client ends only itself" 30 "$bin/echo_client" $port --cut
  check "echo -j 2: still serving" 30 sh -c \
    "'$bin/echo_client' $port 10 4 | grep -qx 'ok: 4 x 10 round trips'"
fi

# --- http ---------------------------------------------------------------------
root=$work/root
mkdir -p "$root/sub"
head -c 1000000 /dev/urandom >"$root/sub/big.bin"
printf 'hello\n' >"$root/index.html"
: >"$root/empty.txt"
printf 'secret\n' >"$work/secret.txt"
if start http_server "$work/http.out" "$bin/http_server" 0 "$root"; then
  cat >"$work/http_check.py" <<'PY'
import socket, sys, urllib.request, urllib.error
port, root, what = int(sys.argv[1]), sys.argv[2], sys.argv[3]
base = "http://127.0.0.1:%d" % port
def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers
def raw(path):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk: break
        data += chunk
    s.close()
    return int(data.split(b" ")[1])
if what == "files":
    for path, file in [("/sub/big.bin", "/sub/big.bin"), ("/", "/index.html"),
                       ("/index.html", "/index.html"), ("/empty.txt", "/empty.txt")]:
        code, body, headers = get(path)
        want = open(root + file, "rb").read()
        assert code == 200, (path, code)
        assert body == want, (path, len(body), len(want))
        assert int(headers["Content-Length"]) == len(want), path
elif what == "404":
    code, _, _ = get("/no/such/file")
    assert code == 404, code
elif what == "traversal":
    for p in ["/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt",
              "/sub/%2E%2E/%2e%2e/secret.txt"]:
        code = raw(p)
        assert code in (403, 404), (p, code)
        assert code == 403, (p, code)
elif what == "keepalive":
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(b"GET /index.html HTTP/1.1\r\n\r\nGET /index.html HTTP/1.1\r\n\r\n")
    data = b""
    while data.count(b"hello\n") < 2:
        chunk = s.recv(4096)
        assert chunk, data
        data += chunk
    assert data.count(b"HTTP/1.1 200 OK") == 2, data
elif what == "concurrent":
    from concurrent.futures import ThreadPoolExecutor
    want = open(root + "/sub/big.bin", "rb").read()
    with ThreadPoolExecutor(20) as ex:
        for code, body, _ in ex.map(lambda i: get("/sub/big.bin"), range(20)):
            assert code == 200 and body == want
PY
  for what in files 404 traversal keepalive concurrent; do
    check "http $what" 60 python3 "$work/http_check.py" $port "$root" $what
  done
  check "http server still running" 5 kill -0 $last_pid
fi

# --- abuse -------------------------------------------------------------------
# Each check starts its own server and checks that, afterwards, it still
# answers a normal request and has no more descriptors than at the start.
for server in echo_server http_server; do
  check "$server survives 500 idle connections" \
    120 $abuse idle "$bin/$server"
  check "$server survives 500 disconnects mid-request" \
    120 $abuse disconnect "$bin/$server"
  check "$server survives 10 MB without a delimiter" \
    120 $abuse nodelim "$bin/$server"
  check "$server survives 200 clients at a descriptor limit of 64" \
    120 $abuse --nofile 64 limit "$bin/$server"
done
for server in echo_server http_server; do
  check "$server pauses, logs once and serves after accept fails with EMFILE" \
    120 $abuse --preload "$bin/accept_fail.so" acceptfail "$bin/$server"
done
check "http_server refuses a FIFO at once" \
  120 $abuse fifo "$bin/http_server"
check "http_server refuses cut-off and malformed escapes" \
  120 $abuse escapes "$bin/http_server"
if [ -z "${SAN:-}" ]; then
  for server in echo_server http_server; do
    check "$server under valgrind: no error after a round of abuse" \
      300 $abuse --valgrind mixed "$bin/$server"
  done
fi

finish
