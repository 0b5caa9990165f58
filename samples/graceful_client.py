"""graceful_client.py — drives samples/graceful_server (the Async C one or
its asyncio twin) through a graceful shutdown and prints what a user sees:

    python3 graceful_client.py SERVER_COMMAND...

Starts the server on a free port, opens one connection with a request in
flight ("work 0.5"), one idle connection and one that has finished a
request, sends SIGTERM while the request is in flight, then reports what
each connection received, the server's output and its exit status.  Exits
non-zero if the shutdown was not graceful.
"""
import socket
import subprocess
import sys
import time


def main():
    cmd = sys.argv[1:] + ["0"]
    srv = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    first = srv.stdout.readline()
    port = int(first.rsplit(":", 1)[1])
    print(first.strip().split(" on ")[0])
    busy = socket.create_connection(("127.0.0.1", port))
    idle = socket.create_connection(("127.0.0.1", port))
    done = socket.create_connection(("127.0.0.1", port))
    done.sendall(b"hello\n")
    print("echo:", done.recv(100).decode().strip())
    busy.sendall(b"work 0.5\n")
    time.sleep(0.2)  # the request is in flight
    srv.terminate()  # SIGTERM
    for name, s in (("busy", busy), ("idle", idle), ("done", done)):
        s.settimeout(10)
        data = b""
        while True:
            chunk = s.recv(100)
            if not chunk:
                break
            data += chunk
        print("%s connection got %r, then end of file" % (name, data.decode()))
        s.close()
    rest = srv.stdout.read()
    status = srv.wait(timeout=10)
    for line in rest.splitlines():
        print("server:", line)
    print("server exit status:", status)
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
