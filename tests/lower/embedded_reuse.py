# Twin of embedded_reuse.ac: the same awaits in asyncio.
import asyncio


class Raised(Exception):
    def __init__(self, code):
        self.code = code


async def hop(x):
    if x % 4 == 0:
        await asyncio.sleep(0)
    return x + 1


async def picky(x):
    if x % 5 == 0:
        await asyncio.sleep(0)
    if x % 3 == 0:
        raise Raised(-(100 + x))
    return 2 * x


async def mid(x):
    y = await later(x)
    return y + 1


async def later(x):
    if x % 7 == 0:
        await asyncio.sleep(0)
    return x * 3


async def two_sites(name, n):
    s = 0
    for i in range(n):
        a = await hop(i)
        b = await hop(a * 2 + 1)
        s += a * 100 + b
        print(f"{name} two_sites {i}: {a} {b}")
    return s


async def raises(name, n):
    s = 0
    for i in range(n):
        try:
            s += await picky(i)
        except Raised as e:
            print(f"{name} raises {i}: caught {e.code}")
        s += await picky(1)
    return s


async def states(name, n):
    s = 0
    for i in range(n):
        v = await mid(i)
        s += v
        print(f"{name} states {i}: {v}")
    return s


async def shared(name, n):
    s = 0
    for i in range(n):
        s += await hop(i)
        try:
            s += await picky(i + 1)
        except Raised as e:
            s -= e.code
        s += await mid(i)
        s += await hop(i + 2)
        print(f"{name} shared {i}: {s}")
    return s


async def run(name, n):
    s = await two_sites(name, n)
    s += await raises(name, n)
    s += await states(name, n)
    s += await shared(name, n)
    return s


async def amain():
    a = asyncio.create_task(run("A", 12))
    b = asyncio.create_task(run("B", 9))
    ra = await a
    rb = await b
    print(f"A {ra} B {rb}")


asyncio.run(amain())
