# e. N tasks each sleeping a random 0-100 ms, gathered (Python asyncio):
# time from the first spawn to the end of the gather past the longest sleep.
import asyncio, random, sys, time


async def sleeper(x):
    await asyncio.sleep(x)


async def amain(n):
    rnd = random.Random(88172645463325252)
    d = [0.1 * rnd.random() for _ in range(n)]
    longest = max(d)
    t0 = time.perf_counter()
    await asyncio.gather(*[asyncio.create_task(sleeper(x)) for x in d])
    dt = time.perf_counter() - t0
    print(f"ms_past={(dt - longest) * 1e3:.3f}\nlongest_ms={longest * 1e3:.3f}")


asyncio.run(amain(int(sys.argv[1]) if len(sys.argv) > 1 else 100000))
