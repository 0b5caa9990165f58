# f. TCP echo over 127.0.0.1 (Python asyncio): server and C clients in one
# process, each client sends M messages of 64 bytes one at a time, waiting
# for the whole echo.  Streams (the idiomatic API) and, as a second figure,
# protocols.
import asyncio, socket, sys, time

MSG = 64


async def streams(nconn, nmsg):
    async def handle(reader, writer):
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    async def client(port, i):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        msg = bytes([97 + i % 26]) * MSG
        for _ in range(nmsg):
            writer.write(msg)
            await reader.readexactly(MSG)
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    t0 = time.perf_counter()
    await asyncio.gather(*[client(port, i) for i in range(nconn)])
    dt = time.perf_counter() - t0
    server.close()
    await server.wait_closed()
    return nconn * nmsg / dt


async def protocols(nconn, nmsg):
    loop = asyncio.get_running_loop()

    class Echo(asyncio.Protocol):
        def connection_made(self, transport):
            self.t = transport

        def data_received(self, data):
            self.t.write(data)

    class Client(asyncio.Protocol):
        def __init__(self, i, done):
            self.msg = bytes([97 + i % 26]) * MSG
            self.left = nmsg
            self.got = 0
            self.done = done

        def connection_made(self, transport):
            self.t = transport
            transport.write(self.msg)

        def data_received(self, data):
            self.got += len(data)
            while self.got >= MSG:
                self.got -= MSG
                self.left -= 1
                if self.left == 0:
                    self.t.close()
                    self.done.set_result(None)
                    return
                self.t.write(self.msg)

    server = await loop.create_server(Echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    t0 = time.perf_counter()
    dones = []
    for i in range(nconn):
        d = loop.create_future()
        dones.append(d)
        await loop.create_connection(lambda i=i, d=d: Client(i, d), "127.0.0.1", port)
    await asyncio.gather(*dones)
    dt = time.perf_counter() - t0
    server.close()
    await server.wait_closed()
    return nconn * nmsg / dt


async def amain(nconn, nmsg):
    s = await streams(nconn, nmsg)
    p = await protocols(nconn, nmsg)
    print(f"rt_per_s={s:.0f}\nrt_per_s_protocols={p:.0f}")


a = [int(x) for x in sys.argv[1:]] + [None] * 2
asyncio.run(amain(a[0] or 50, a[1] or 2000))
