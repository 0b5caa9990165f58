# b. T tasks each doing K sleep(0) (Python asyncio): time per switch.
import asyncio, sys, time


async def switcher(k):
    for _ in range(k):
        await asyncio.sleep(0)


async def amain(t, k, rounds):
    best = 1e30
    for _ in range(rounds):
        t0 = time.perf_counter()
        await asyncio.gather(*[asyncio.create_task(switcher(k)) for _ in range(t)])
        best = min(best, time.perf_counter() - t0)
    print(f"ns_per_switch={best * 1e9 / (t * k):.3f}")


a = [int(x) for x in sys.argv[1:]] + [None] * 3
asyncio.run(amain(a[0] or 1000, a[1] or 200, a[2] or 3))
