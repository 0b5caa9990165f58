"""rt_bench.py — the asyncio side of rt_bench.c (same workloads)."""
import asyncio
import time


async def leaf(x):
    return x + 1


async def spawn(n):
    ts = [asyncio.create_task(leaf(i)) for i in range(n)]
    await asyncio.gather(*ts)


async def switcher(k):
    for _ in range(k):
        await asyncio.sleep(0)


async def switches():
    await asyncio.gather(*[switcher(200) for _ in range(1000)])


async def chain(n):
    v = 0
    for _ in range(n):
        v = await leaf(v)
    return v


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])


async def suspended(n):
    fut = asyncio.get_running_loop().create_future()
    async def waiter():
        await fut
    before = rss_kb()
    ts = [asyncio.create_task(waiter()) for _ in range(n)]
    await asyncio.sleep(0)
    after = rss_kb()
    fut.set_result(None)
    await asyncio.gather(*ts)
    return (after - before) * 1024 / n


def main():
    n = 200000
    t = time.perf_counter(); asyncio.run(spawn(n)); t = time.perf_counter() - t
    print(f"asyncio  spawn+gather       {t / n * 1e9:8.1f} ns/task   ({n:,} tasks)")
    t = time.perf_counter(); asyncio.run(switches()); t = time.perf_counter() - t
    print(f"asyncio  sleep(0) switch    {t / 200000 * 1e9:8.1f} ns/switch (1000 tasks x 200)")
    n = 1000000
    t = time.perf_counter(); asyncio.run(chain(n)); t = time.perf_counter() - t
    print(f"asyncio  direct await       {t / n * 1e9:8.2f} ns/await  ({n:,} awaits)")
    b = asyncio.run(suspended(100000))
    print(f"asyncio  suspended task     {b:8.1f} bytes/task (100,000 awaiting a future)")


main()
