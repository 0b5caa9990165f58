#!/usr/bin/env python3
"""server.py — the HTTP test server of tests/http (loopback only).

Usage: server.py DIR PORTFILE [--delay SECONDS] [--log FILE]

Binds 127.0.0.1 on a free port, writes the port to PORTFILE, and serves:
  /files/NAME     DIR/NAME with Content-Length, after --delay seconds; each
                  request's arrival and finish times go to --log
  /chunked/NAME   DIR/NAME with Transfer-Encoding: chunked (odd chunk sizes)
  /short/NAME     Content-Length of DIR/NAME, then half of it, then close
  /shortchunk/NAME  chunked, half of DIR/NAME, then close (no last chunk)
  /redirect/N/NAME  302 to /redirect/N-1/NAME ... /redirect/0/NAME -> /files/NAME
  /loop           302 to /loop, forever
  /hang           reads the request and never answers (until shutdown)
  /slow/NAME      headers with Content-Length, then 1 KiB every 0.1 s
  anything else   404
"""
import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def parse_args():
    """The command line, strictly: an option where PORTFILE belongs (the
    mistake that once left a file named `--delay` in the tree) or a
    PORTFILE outside a build/ directory or the system's temporary one is
    a usage error, so test servers write only where tests may write."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", metavar="DIR")
    ap.add_argument("portfile", metavar="PORTFILE")
    ap.add_argument("--delay", type=float, default=0.0, metavar="SECONDS")
    ap.add_argument("--log", default=None, metavar="FILE")
    ap.add_argument("--hold", type=int, default=0, metavar="N")
    args = ap.parse_args()
    for what, path in (("PORTFILE", args.portfile), ("--log", args.log)):
        if path is None:
            continue
        full = os.path.realpath(path)
        parts = full.split(os.sep)
        tmp = os.path.realpath(tempfile.gettempdir()) + os.sep
        if "build" not in parts[:-1] and not full.startswith(tmp):
            ap.error("%s %s: not under a build/ directory or %s" % (what, path, tmp))
    return args


ARGS = parse_args()
ROOT = ARGS.root
PORTFILE = ARGS.portfile
DELAY = ARGS.delay
LOG = ARGS.log
# --hold N: a /files/ response waits (30 s at most) until N /files/
# requests have arrived, so a test of concurrency does not depend on how
# fast a loaded machine starts them: a client that sends them one at a
# time stalls instead.
HOLD = ARGS.hold
held = threading.Condition()
arrived = 0
log_lock = threading.Lock()
stop = threading.Event()


def log(line):
    if LOG:
        with log_lock, open(LOG, "a") as f:
            f.write(line + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def body(self, name):
        path = os.path.join(ROOT, os.path.basename(name))
        with open(path, "rb") as f:
            return f.read()

    def head(self, code, length=None, extra=()):
        self.send_response(code)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()

    def hold(self):
        global arrived
        with held:
            arrived += 1
            held.notify_all()
            held.wait_for(lambda: arrived >= HOLD, timeout=30)

    def do_GET(self):
        p = self.path.split("/")[1:]
        try:
            kind = p[0]
            if kind == "files":
                t0 = time.time()
                self.hold()
                data = self.body(p[1])
                if DELAY:
                    time.sleep(DELAY)
                self.head(200, len(data))
                self.wfile.write(data)
                log("%s %.6f %.6f" % (p[1], t0, time.time()))
            elif kind == "chunked":
                data = self.body(p[1])
                self.head(200, None, [("Transfer-Encoding", "chunked")])
                i, n = 0, 1
                while i < len(data):
                    piece = data[i:i + n]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    i += len(piece)
                    n = n * 3 + 7
                self.wfile.write(b"0\r\n\r\n")
            elif kind in ("short", "shortchunk"):
                data = self.body(p[1])
                half = data[:len(data) // 2]
                if kind == "short":
                    self.head(200, len(data))
                    self.wfile.write(half)
                else:
                    self.head(200, None, [("Transfer-Encoding", "chunked")])
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            elif kind == "redirect":
                n = int(p[1])
                to = "/files/%s" % p[2] if n == 0 else "/redirect/%d/%s" % (n - 1, p[2])
                self.head(302, 0, [("Location", to)])
            elif kind == "loop":
                self.head(302, 0, [("Location", "/loop")])
            elif kind == "hang":
                stop.wait(60)
                self.close_connection = True
            elif kind == "slow":
                data = self.body(p[1])
                self.head(200, len(data))
                for i in range(0, len(data), 1024):
                    if stop.is_set():
                        break
                    self.wfile.write(data[i:i + 1024])
                    self.wfile.flush()
                    time.sleep(0.1)
            else:
                raise FileNotFoundError
        except (FileNotFoundError, IndexError, ValueError):
            msg = b"not found\n"
            self.head(404, len(msg))
            self.wfile.write(msg)
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


srv = Server(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(PORTFILE + ".tmp", PORTFILE)
try:
    srv.serve_forever()
finally:
    stop.set()
