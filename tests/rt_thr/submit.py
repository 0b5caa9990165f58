"""Twin of submit.ac: asyncio.run_coroutine_threadsafe from a thread."""
import asyncio
import concurrent.futures
import threading

out = []
loop_log = []
state = {}


async def add(a, b):
    await asyncio.sleep(0.01)
    return a + b


async def fail():
    await asyncio.sleep(0.01)
    raise ConnectionRefusedError()


async def hang(name):
    try:
        await asyncio.sleep(3600)
    finally:
        loop_log.append(f"{name}: left")
    return 0


def client(loop, go):
    f = asyncio.run_coroutine_threadsafe(add(2, 3), loop)
    out.append(f"add: {f.result()} (rc 0)")
    f = asyncio.run_coroutine_threadsafe(fail(), loop)
    try:
        f.result()
    except ConnectionRefusedError:
        out.append("fail: ECONNREFUSED")
    f = asyncio.run_coroutine_threadsafe(hang("hang"), loop)
    try:
        f.result(0.05)
    except TimeoutError:
        out.append("timeout: ETIMEDOUT")
    out.append(f"done: {int(f.done())}")
    out.append(f"cancel: {int(f.cancel())}")
    out.append(f"cancelled: {int(f.cancelled())}")
    try:
        f.result()
    except concurrent.futures.CancelledError:
        out.append("result: ECANCELED")
    out.append(f"cancel again: {int(f.cancel())}")
    left = asyncio.run_coroutine_threadsafe(hang("left"), loop)
    loop.call_soon_threadsafe(go.set_result, None)
    try:
        left.result()
    except concurrent.futures.CancelledError:
        out.append("at close: ECANCELED")


async def amain():
    loop = asyncio.get_running_loop()
    go = loop.create_future()
    t = threading.Thread(target=client, args=(loop, go))
    state["t"] = t
    t.start()
    await go
    await asyncio.sleep(0.05)


asyncio.run(amain())
state["t"].join()
for line in out + loop_log:
    print(line)
