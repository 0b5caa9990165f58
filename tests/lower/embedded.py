# Twin of embedded.ac: the same awaits in asyncio.
import asyncio


class Raised(Exception):
    def __init__(self, code):
        self.code = code


async def step(x):
    if x % 3 == 0:
        await asyncio.sleep(0)
    return x + 1


async def both(x):
    a = await step(x)
    b = await step(a)
    return (a, b)


async def failing(code):
    why = 0
    try:
        await asyncio.sleep(0)
        if code:
            why = code
            raise Raised(code)
        return 5
    except asyncio.CancelledError:
        why = -125
        raise
    finally:
        print(f"failing {code}: cleanup, reason {why}")


async def twice(x):
    return 2 * x


async def worker(name, n):
    s = 0
    for i in range(n):
        a, b = await both(i)
        s += a * 10 + b
        print(f"{name}: {i} -> {a} {b}")
    try:
        s += await failing(-5)
    except Raised as e:
        print(f"{name}: caught {e.code}")
    s += await failing(0)
    s += await twice(1)
    s += await step(await step(s))
    return s


async def retyped(n):
    x = 0
    wide = 0
    d = 0.0
    for i in range(n):
        x = await step(x)
        wide = await step(i)
        d = await step(x)
        wide += await step(x) + await step(i)
        try:
            x = await failing(-7)
        except Raised as e:
            print(f"retyped: caught {e.code}, x {x}")
    return x + wide + int(d)


async def amain():
    a = asyncio.create_task(worker("A", 4))
    b = asyncio.create_task(worker("B", 3))
    ra = await a
    rb = await b
    print(f"A {ra} B {rb}")
    c = asyncio.create_task(worker("C", 2))
    await asyncio.sleep(0)
    c.cancel()
    try:
        await c
        err = 0
    except asyncio.CancelledError:
        err = -125
    print(f"C cancelled {int(c.cancelled())} error {err}")
    print(f"retyped {await retyped(4)}")
    return 0


asyncio.run(amain())
