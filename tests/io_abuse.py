#!/usr/bin/env python3
"""io_abuse.py — abuses a sample server on 127.0.0.1 and checks it survives.

Usage: io_abuse.py [--nofile N] [--valgrind] [--preload SHIM] SCENARIO BINARY

BINARY is echo_server or http_server (told apart by its name).  The script
starts it with a 1 s idle timeout (-t 1) on a free port (http_server on a
root it fills: index.html, a 4 MB big.bin, a FIFO), under a descriptor limit
of N (--nofile), under valgrind (--valgrind) or with SHIM preloaded
(io_accept_fail.c, told to fail the first 6 accepts), counts the server's
descriptors (/proc/PID/fd), makes one normal request, runs the scenario,
and then checks that the server is still running, answers a normal
request, is back to its starting descriptor count, and wrote no sanitizer
or valgrind report on stderr.  Exits 0 if all holds; otherwise says what failed.

Scenarios (every client has a timeout; the whole run is bounded by them):
  idle        500 clients connect and never finish a request (nothing, a
              partial head or line; for http also 20 that ask for big.bin
              and never read): the server must close them all
  disconnect  500 clients leave mid-request (FIN or RST; for http also 50
              that ask for big.bin and leave before reading it)
  nodelim     4 clients send 10 MB without a delimiter: the server must
              close them (http_server after a 431) once its buffer is full
  limit       200 clients at once, each holding its connection 0.5 s before
              its request (run with --nofile 64): every one is served, and
              the pause is logged once per episode, not per attempt
  fifo        (http) 8 requests for a FIFO get 404 at once, and files are
              still served
  escapes     (http) cut-off and malformed escapes get 400 on a keep-alive
              connection, never a file named by the previous request's bytes
  acceptfail  (--preload) the accepts of the first client failed with
              EMFILE: the server paused, logged it once, and serves
  mixed       a small round of all of the above (for the valgrind run)
"""
import os
import re
import resource
import select
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

IDLE = 1.0      # the server's idle timeout (-t) in these tests
TIMEOUT = 30.0  # what any client waits for the server at most
HOST = "127.0.0.1"


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def recv_until(s, marker, limit=1 << 20):
    data = b""
    while marker not in data:
        chunk = s.recv(65536)
        if not chunk:
            raise Failure("connection closed after %r" % data[:200])
        data += chunk
        check(len(data) < limit, "no %r in %d bytes" % (marker, len(data)))
    return data


def read_response(s):
    """Reads one HTTP response: (status, body)."""
    data = recv_until(s, b"\r\n\r\n")
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    m = re.search(rb"Content-Length: (\d+)", head)
    length = int(m.group(1))
    while len(body) < length:
        chunk = s.recv(65536)
        check(chunk, "response body cut at %d of %d" % (len(body), length))
        body += chunk
    return status, body


def connect(rcvbuf=None):
    s = socket.socket()
    s.settimeout(TIMEOUT)
    if rcvbuf:  # before connecting, so that the window stays small
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect((HOST, SERVER.port))
    return s


def close_with_reset(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
    s.close()


class Server:
    def __init__(self, binary, work, nofile, valgrind, preload):
        self.kind = "http" if "http" in os.path.basename(binary) else "echo"
        self.root = os.path.join(work, "root")
        os.mkdir(self.root)
        with open(os.path.join(self.root, "index.html"), "wb") as f:
            f.write(b"hello\n")
        with open(os.path.join(self.root, "big.bin"), "wb") as f:
            f.write(os.urandom(4 << 20))
        # Named by the bytes a cut-off "/%1" used to decode to after "/AAAx".
        with open(os.path.join(self.root, "\x01x"), "wb") as f:
            f.write(b"stale\n")
        os.mkfifo(os.path.join(self.root, "fifo"))
        if valgrind:
            with open(binary, "rb") as f:
                clang = b"clang version" in f.read()
            if clang:  # valgrind 3.19 gives up on clang's DWARF 5
                stripped = os.path.join(work, os.path.basename(binary))
                subprocess.run(["objcopy", "--strip-debug", binary, stripped],
                               check=True)
                binary = stripped
        cmd = [binary, "-t", str(IDLE), "0"]
        if self.kind == "http":
            cmd.append(self.root)
        if valgrind:
            cmd = ["valgrind", "-q", "--leak-check=no"] + cmd
        self.err_path = os.path.join(work, "server.err")
        env = dict(os.environ)
        if preload:  # ASan wants to come first; the shim needs no checking
            env.update(LD_PRELOAD=preload, AC_TEST_ACCEPT_FAILS="6",
                       ASAN_OPTIONS=env.get("ASAN_OPTIONS", "") +
                       ":verify_asan_link_order=0")

        def limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
        with open(self.err_path, "wb") as err:
            self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                         stderr=err, env=env,
                                         preexec_fn=limit if nofile else None)

    def wait_port(self):
        """Reads the port from the server's first line."""
        ready = select.select([self.proc.stdout], [], [], TIMEOUT)[0]
        line = self.proc.stdout.readline() if ready else b""
        m = re.search(rb"127\.0\.0\.1:(\d+)", line)
        check(m, "the server did not start: %r %r" % (line, self.stderr()))
        self.port = int(m.group(1))

    def stderr(self):
        with open(self.err_path, "rb") as f:
            return f.read().decode(errors="replace")

    def fds(self):
        return len(os.listdir("/proc/%d/fd" % self.proc.pid))

    def alive(self):
        check(self.proc.poll() is None,
              "the server exited (%s): %s" % (self.proc.returncode, self.stderr()[-2000:]))

    def normal(self):
        """One normal request, which must succeed."""
        self.alive()
        with connect() as s:
            if self.kind == "echo":
                s.sendall(b"ping\n")
                check(recv_until(s, b"\n") == b"ping\n", "echo reply")
            else:
                s.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
                check(read_response(s) == (200, b"hello\n"), "GET /index.html")

    def wait_fds(self, start):
        deadline = time.monotonic() + TIMEOUT
        while self.fds() != start and time.monotonic() < deadline:
            time.sleep(0.05)
        check(self.fds() == start,
              "descriptors: %d, %d at the start" % (self.fds(), start))

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()


def partial_request():
    return b"partial line" if SERVER.kind == "echo" else b"GET /index.html HT"


def wait_closed(socks, what):
    """Waits until the server has closed every socket (EOF or reset)."""
    sel = selectors.DefaultSelector()
    for s in socks:
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
    left = len(socks)
    deadline = time.monotonic() + TIMEOUT
    while left and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            try:
                if key.fileobj.recv(65536):
                    continue
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:  # reset: closed too
                pass
            sel.unregister(key.fileobj)
            left -= 1
    sel.close()
    for s in socks:
        s.close()
    check(left == 0, "%s: %d of %d connections still open after %g s"
          % (what, left, len(socks), TIMEOUT))


def idle(n=500):
    socks = []
    for i in range(n):
        s = connect()
        if i % 2:
            s.sendall(partial_request())
        socks.append(s)
    if SERVER.kind == "http":
        for _ in range(n // 25):
            s = connect(rcvbuf=4096)
            s.sendall(b"GET /big.bin HTTP/1.1\r\n\r\n")
            socks.append(s)
    wait_closed(socks, "idle")


def disconnect(n=500):
    def one(i):
        s = connect()
        s.sendall(partial_request())
        (close_with_reset if i % 2 else socket.socket.close)(s)
    with ThreadPoolExecutor(50) as ex:
        list(ex.map(one, range(n)))
    if SERVER.kind == "http":
        def mid_response(i):
            s = connect()
            s.sendall(b"GET /big.bin HTTP/1.1\r\n\r\n")
            s.recv(1000)
            (close_with_reset if i % 2 else socket.socket.close)(s)
        with ThreadPoolExecutor(10) as ex:
            list(ex.map(mid_response, range(n // 10)))


def nodelim(clients=4, size=10 << 20):
    def one(_):
        s = connect()
        sent = 0
        block = b"A" * 65536
        try:
            while sent < size:
                sent += s.send(block)
        except OSError:  # the server closed it: expected
            pass
        # Whatever was sent, the server must end the connection (perhaps
        # after a 431) rather than buffer the rest.
        wait_closed([s], "no delimiter")
        return sent
    with ThreadPoolExecutor(clients) as ex:
        list(ex.map(one, range(clients)))


def limit(n=200, hold=0.5):
    def one(i):
        for attempt in range(3):
            try:
                with connect() as s:
                    time.sleep(hold)
                    if SERVER.kind == "echo":
                        s.sendall(b"line %d\n" % i)
                        return recv_until(s, b"\n") == b"line %d\n" % i
                    s.sendall(b"GET /index.html HTTP/1.1\r\n\r\n")
                    return read_response(s) == (200, b"hello\n")
            except (socket.timeout, ConnectionRefusedError):
                continue  # a full backlog drops SYNs: retried like a browser
            except (OSError, Failure):
                return False
        return False
    with ThreadPoolExecutor(n) as ex:
        ok = sum(ex.map(one, range(n)))
    check(ok == n, "limit: %d of %d clients served" % (ok, n))
    pauses = SERVER.stderr().count("accepting paused")
    check(1 <= pauses <= 5, "limit: %d pauses logged, want 1 to 5 (one per "
          "episode): %s" % (pauses, SERVER.stderr()[-2000:]))


def fifo(n=8):
    check(SERVER.kind == "http", "fifo: http_server only")

    def one(_):
        with connect() as s:
            s.sendall(b"GET /fifo HTTP/1.1\r\n\r\n")
            return read_response(s)[0]
    with ThreadPoolExecutor(n) as ex:
        codes = list(ex.map(one, range(n)))
    check(codes == [404] * n, "fifo: %s" % codes)


def escapes():
    check(SERVER.kind == "http", "escapes: http_server only")
    with connect() as s:
        for target, want in [("/AAAx", 404), ("/%1", 400), ("/%4", 400),
                             ("/%", 400), ("/%zz", 400), ("/%0g", 400),
                             ("/%00", 400), ("/%-1", 400), ("/%+1", 400),
                             ("/index%2ehtml", 200), ("/index.html?%4", 200)]:
            s.sendall(b"GET " + target.encode() + b" HTTP/1.1\r\n\r\n")
            code, body = read_response(s)
            check(code == want, "escapes: %s gave %d, want %d (%r)"
                  % (target, code, want, body[:20]))


def acceptfail():
    for _ in range(5):
        SERVER.normal()
    err = SERVER.stderr()
    check(err.count("accepting paused") == 1 and "too many open files" in err,
          "acceptfail: want one pause logged for EMFILE: %s" % err[-2000:])


def mixed():
    idle(20)
    disconnect(20)
    nodelim(1)
    if SERVER.kind == "http":
        fifo(4)
        escapes()


SCENARIOS = {"idle": idle, "disconnect": disconnect, "nodelim": nodelim,
             "limit": limit, "fifo": fifo, "escapes": escapes,
             "acceptfail": acceptfail, "mixed": mixed}
REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
           "Invalid read", "Invalid write", "uninitialised", "Invalid free")
SERVER = None


def main(argv):
    global SERVER
    nofile = None
    valgrind = False
    preload = None
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--nofile":
            nofile = int(argv.pop(0))
        elif opt == "--valgrind":
            valgrind = True
        elif opt == "--preload":
            preload = os.path.abspath(argv.pop(0))
    if len(argv) != 2 or argv[0] not in SCENARIOS:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    # Room for the 520 sockets of the idle scenario, if the soft limit is low.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 2048 if hard == resource.RLIM_INFINITY else min(hard, 2048)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    # timeout(1) stops this script with SIGTERM: still kill the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("%s: killed" % argv[0]))
    with tempfile.TemporaryDirectory() as work:
        SERVER = Server(argv[1], work, nofile, valgrind, preload)
        try:
            SERVER.wait_port()
            start = SERVER.fds()
            SERVER.normal()
            SERVER.wait_fds(start)
            SCENARIOS[argv[0]]()
            SERVER.normal()
            SERVER.wait_fds(start)
            err = SERVER.stderr()
            report = [w for w in REPORTS if w in err]
            report += re.findall(r"(?m)^==\d+== .*", err)[:5]  # valgrind
            check(not report, "%s on stderr: %s" % (report, err[-3000:]))
        except Exception as e:  # Failure, or a client's OSError
            print("%s: %s: %s" % (argv[0], type(e).__name__, e))
            return 1
        finally:
            SERVER.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
