# i. Lock under contention (Python asyncio): T tasks each take the lock K
# times, yielding once while holding it; time per acquire/release.
import asyncio, sys, time

counter = 0


async def worker(lock, k):
    global counter
    for _ in range(k):
        await lock.acquire()
        counter += 1
        await asyncio.sleep(0)
        lock.release()


async def amain(t, k, rounds):
    best = 1e30
    lock = asyncio.Lock()
    for _ in range(rounds):
        t0 = time.perf_counter()
        await asyncio.gather(*[asyncio.create_task(worker(lock, k)) for _ in range(t)])
        best = min(best, time.perf_counter() - t0)
    assert counter == rounds * t * k
    print(f"ns_per_acquire={best * 1e9 / (t * k):.3f}")


a = [int(x) for x in sys.argv[1:]] + [None] * 3
asyncio.run(amain(a[0] or 100, a[1] or 2000, a[2] or 3))
