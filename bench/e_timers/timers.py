# e. N tasks each sleeping a random 0-100 ms, gathered (Python asyncio):
# time from the first spawn to the end of the gather past the longest
# sleep, the best of R rounds in one process and the first round.
import asyncio, random, sys, time


async def sleeper(x):
    await asyncio.sleep(x)


async def amain(n, rounds):
    rnd = random.Random(88172645463325252)
    d = [0.1 * rnd.random() for _ in range(n)]
    longest = max(d)
    best, first = 1e30, 0.0
    for r in range(rounds):
        t0 = time.perf_counter()
        await asyncio.gather(*[asyncio.create_task(sleeper(x)) for x in d])
        past = time.perf_counter() - t0 - longest
        if r == 0:
            first = past
        best = min(best, past)
    print(f"ms_past={best * 1e3:.3f}\nfirst_ms_past={first * 1e3:.3f}\n"
          f"longest_ms={longest * 1e3:.3f}")


asyncio.run(amain(int(sys.argv[1]) if len(sys.argv) > 1 else 100000,
                  int(sys.argv[2]) if len(sys.argv) > 2 else 2))
