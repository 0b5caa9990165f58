"""graceful_server.py — the asyncio twin of samples/graceful_server.ac: a
TCP server whose connections live in a TaskGroup and which shuts down
gracefully on SIGINT or SIGTERM (stop accepting, let requests in flight
finish and be answered, close idle connections, exit 0).

    python3 graceful_server.py [PORT]
"""
import asyncio
import signal
import sys


async def main(port):
    loop = asyncio.get_running_loop()
    conns = {}  # task -> busy
    stopping = False

    async def serve_client(reader, writer):
        me = asyncio.current_task()
        conns[me] = False
        try:
            while not stopping:
                line = await reader.readline()
                if not line:
                    break
                conns[me] = True
                text = line.decode()
                if text.startswith("work "):
                    secs = float(text.split()[1])
                    await asyncio.sleep(secs)
                    reply = "done %g\n" % secs
                else:
                    reply = text
                writer.write(reply.encode())
                await writer.drain()
                conns[me] = False
        finally:
            del conns[me]
            writer.close()

    async with asyncio.TaskGroup() as g:
        async def accept_loop():
            # start_server's own task per client stands in for the group:
            # each connection is moved into the group at once.
            server = await asyncio.start_server(
                lambda r, w: g.create_task(serve_client(r, w)), "127.0.0.1", port)
            print("listening on 127.0.0.1:%d" % server.sockets[0].getsockname()[1],
                  flush=True)
            try:
                await asyncio.Event().wait()
            finally:
                server.close()

        acceptor = g.create_task(accept_loop())

        def on_signal():
            nonlocal stopping
            if stopping:
                return
            stopping = True
            acceptor.cancel()
            busy = sum(1 for b in conns.values() if b)
            for t, b in list(conns.items()):
                if not b:
                    t.cancel()
            print("shutting down: %d request%s in flight" % (busy, "" if busy == 1 else "s"),
                  flush=True)

        loop.add_signal_handler(signal.SIGINT, on_signal)
        loop.add_signal_handler(signal.SIGTERM, on_signal)
    print("every connection finished; exiting", flush=True)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8889))
