# a. spawn and gather N trivial tasks (Python asyncio).
import asyncio, sys, time


async def trivial(i):
    return i


async def amain(n, rounds):
    best, first = 1e30, 0.0
    for r in range(rounds):
        t0 = time.perf_counter()
        res = await asyncio.gather(*[asyncio.create_task(trivial(i)) for i in range(n)])
        dt = time.perf_counter() - t0
        assert res[-1] == n - 1
        if r == 0:
            first = dt
        best = min(best, dt)
    print(f"ns_per_task={best * 1e9 / n:.3f}\nfirst_ns_per_task={first * 1e9 / n:.3f}")


n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
asyncio.run(amain(n, rounds))
