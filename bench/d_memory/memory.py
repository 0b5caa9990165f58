# d. Bytes per suspended task (Python asyncio): N tasks each awaiting its
# own unresolved future; RSS growth / N (lists allocated beforehand).
import asyncio, sys


def status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


async def waiter(f):
    await f


async def amain(n):
    loop = asyncio.get_running_loop()
    ts = [None] * n
    fs = [None] * n
    rss0, hwm0 = status_kb("VmRSS"), status_kb("VmHWM")
    for i in range(n):
        fs[i] = loop.create_future()
        ts[i] = asyncio.create_task(waiter(fs[i]))
    await asyncio.sleep(0)
    rss1, hwm1 = status_kb("VmRSS"), status_kb("VmHWM")
    assert not any(t.done() for t in ts)
    for f in fs:
        f.set_result(None)
    await asyncio.gather(*ts)
    print(f"bytes_per_task={(rss1 - rss0) * 1024 / n:.1f}\n"
          f"hwm_bytes_per_task={(hwm1 - hwm0) * 1024 / n:.1f}")


asyncio.run(amain(int(sys.argv[1]) if len(sys.argv) > 1 else 100000))
