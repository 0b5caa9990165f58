"""taskgroup.py — the Python twin of taskgroup.ac: asyncio.TaskGroup and
asyncio.timeout (Python 3.11+)."""
import asyncio

t0 = 0.0


def elapsed():
    return asyncio.get_running_loop().time() - t0


async def fetch(id, secs, fail):
    try:
        await asyncio.sleep(secs)
    except asyncio.CancelledError:
        print(f"  fetch {id} cancelled at {elapsed():.1f} s")
        raise
    if fail:
        print(f"  fetch {id} failed at {elapsed():.1f} s")
        raise ConnectionRefusedError("connection refused")
    print(f"  fetch {id} done at {elapsed():.1f} s")
    return id * 100


async def batch(secs, failing):
    try:
        async with asyncio.TaskGroup() as g:
            t = [g.create_task(fetch(i + 1, s, i + 1 == failing),
                               name=f"fetch-{i + 1}")
                 for i, s in enumerate(secs)]
    except ExceptionGroup as eg:
        print(f"  group failed after {elapsed():.1f} s:")
        for e in eg.exceptions:
            # C lists the failing task with each error; Python's exceptions
            # do not carry it, so the twin names the one it made fail.
            print(f"    fetch-{failing}: {e}")
        return
    print(f"  all done after {elapsed():.1f} s, sizes:",
          " ".join(str(x.result()) for x in t))


async def amain():
    global t0
    loop = asyncio.get_running_loop()
    print("batch 1: three fetches")
    t0 = loop.time()
    await batch([0.3, 0.1, 0.2], 0)

    print("batch 2: fetch 2 fails")
    t0 = loop.time()
    await batch([0.2, 0.3, 1.0], 2)

    print("batch 3: a deadline of 0.5 s over the batch")
    t0 = loop.time()
    try:
        async with asyncio.timeout(0.5) as tm:
            await batch([0.2, 0.4, 2.0], 0)
    except TimeoutError:
        print(f"  timed out after {elapsed():.1f} s (expired: "
              f"{'yes' if tm.expired() else 'no'})")


asyncio.run(amain())
