# c. N direct awaits of a coroutine that returns at once (Python asyncio),
# and the plain Python call for comparison.
import asyncio, sys, time


async def leaf(x):
    return x + 1


def leaf_f(x):
    return x + 1


async def chain(n):
    v = 0
    for _ in range(n):
        v = await leaf(v)
    return v


async def leaf_s(x):
    if x < 0:
        await asyncio.sleep(0)
    return x + 1


async def chain_s(n):
    v = 0
    for _ in range(n):
        v = await leaf_s(v)
    return v


async def amain(n, rounds):
    best = best_c = best_s = 1e30
    for _ in range(rounds):
        t0 = time.perf_counter()
        v = await chain(n)
        best = min(best, time.perf_counter() - t0)
        assert v == n
        t0 = time.perf_counter()
        v = await chain_s(n)
        best_s = min(best_s, time.perf_counter() - t0)
        assert v == n
        t0 = time.perf_counter()
        v = 0
        for _ in range(n):
            v = leaf_f(v)
        best_c = min(best_c, time.perf_counter() - t0)
    print(f"ns_per_await={best * 1e9 / n:.3f}\nns_per_call={best_c * 1e9 / n:.3f}")
    print(f"ns_per_await_susp={best_s * 1e9 / n:.3f}")


a = [int(x) for x in sys.argv[1:]] + [None] * 2
asyncio.run(amain(a[0] or 1000000, a[1] or 3))
