# h. Queue handoff (Python asyncio): a producer puts N ints into a
# Queue(maxsize=1), a consumer gets them; time per item.
import asyncio, sys, time


async def producer(q, n):
    for i in range(n):
        await q.put(i)


async def consumer(q, n):
    s = 0
    for _ in range(n):
        s += await q.get()
    return s


async def amain(n, rounds):
    best = 1e30
    q = asyncio.Queue(1)
    for _ in range(rounds):
        t0 = time.perf_counter()
        _, s = await asyncio.gather(producer(q, n), consumer(q, n))
        best = min(best, time.perf_counter() - t0)
        assert s == n * (n - 1) // 2
    print(f"ns_per_item={best * 1e9 / n:.3f}")


a = [int(x) for x in sys.argv[1:]] + [None] * 2
asyncio.run(amain(a[0] or 1000000, a[1] or 3))
