# Twin of handles.ac.  asyncio runs on the real clock here, so the delays
# are 20 times handles.ac's: on a loaded machine the two sleeps of the same
# pass may start 10 ms apart, which swapped the "done" lines.
import asyncio

async def worker(i, delay):
    print(f"worker {i}: start")
    await asyncio.sleep(delay)
    print(f"worker {i}: done")
    return i * 100

async def relay(t):
    return await t

async def amain():
    a = asyncio.create_task(worker(1, 0.4))
    b = asyncio.create_task(worker(2, 0.2))
    ra = await a
    rb = await b
    print(f"results {ra} {rb}")
    c = asyncio.create_task(worker(3, 0))
    print(f"relayed {await relay(c)}")
    d = asyncio.create_task(worker(4, 0))
    await d
    f = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_soon(f.set_result, 42)
    fv = await f
    print(f"future {fv}")

asyncio.run(amain())
