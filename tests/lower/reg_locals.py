# Twin of reg_locals.ac: the same functions in asyncio (locals are just
# locals here), the same interleaving of two tasks each.
import asyncio

class AcError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code

def code(e):
    return -125 if isinstance(e, asyncio.CancelledError) else e.code

RED, GREEN, BLUE = 1, 2, 4
M64 = (1 << 64) - 1

async def twice(x):
    if x & 1:
        await asyncio.sleep(0)
    return x * 2

async def fails(c):
    await asyncio.sleep(0)
    if c:
        raise AcError(c)
    return 1

async def loops(name, n):
    s = 0
    avg = 0.5
    bits = 0
    c = RED
    tag = name
    kept = 0
    for i in range(n):
        t = await twice(i + n)
        s += t
        avg = avg * 2 + i
        bits = (bits << 1 | (i & 1)) & M64
        c = RED if c == BLUE else c << 1
        kept += i
        print(f"{tag} loop {i}: t {t} sum {s} avg {avg:.1f} bits {bits} "
              f"color {c} kept {kept}")
    j = n
    while j > 0:
        j -= await twice(1) // 2
    k = 0
    while True:
        k += await twice(k + 1)
        if not k < 10 + n:
            break
    g = 0
    while True:
        g += 1 + await twice(g)
        if not g < 20 + n:
            break
    r = n % 3
    if r == 0:
        s += await twice(3)
    if r in (0, 1):
        s += await twice(5)
    else:
        s -= await twice(7)
    both = int(n > 4 and (await twice(n)) > 9)
    pick = await twice(n) if n & 1 else -(await twice(n + 1))
    print(f"{name} after: j {j} k {k} g {g} sum {s} both {both} pick {pick} "
          f"kept {kept} tag {tag}")
    return s + j + k + g + both + pick

async def deferred(name, n):
    count = n
    why = 0
    try:
        for i in range(3):
            count += await twice(i + n)
        if n == 2:
            count += await fails(-7)
        count += 100
        return count
    except BaseException as ex:
        why = code(ex)
        raise
    finally:
        print(f"{name} defer: count {count} reason {why}")
        w = await twice(count)
        print(f"{name} defer: after its await count {count} w {w}")

async def catcher(name, n):
    before, after = n, -1
    try:
        before += await twice(n)
        before += await fails(-3 if n == 1 else 0)
        after = before * 2
    except BaseException as ex:
        print(f"{name} caught {code(ex)}: before {before} after {after}")
        before += await twice(1)
    print(f"{name} catcher end: before {before} after {after}")
    return before

async def victim(name, n):
    progress = 0
    total = n
    why = 0
    try:
        try:
            while True:
                progress += 1
                total += await twice(progress)
                await asyncio.sleep(0)
        except BaseException as ex:
            print(f"{name} victim caught {code(ex)}: progress {progress} "
                  f"total {total}")
            total += await twice(3)
            raise
    except BaseException as ex:
        why = code(ex)
        raise
    finally:
        print(f"{name} victim defer: progress {progress} total {total} "
              f"reason {why}")

async def join(t):
    try:
        await t
        return 0
    except BaseException as e:
        return code(e)

def report(what, t, err):
    print(f"{what}: error {err} cancelled {int(t.cancelled())}")

async def amain():
    a = asyncio.create_task(loops("A", 4))
    b = asyncio.create_task(loops("B", 5))
    ra = await a
    rb = await b
    print(f"loops: A {ra} B {rb}")

    d1 = asyncio.create_task(deferred("D1", 1))
    d2 = asyncio.create_task(deferred("D2", 2))
    e1 = await join(d1)
    e2 = await join(d2)
    print(f"deferred: D1 {0 if e1 else d1.result()} error {e1}")
    report("D2", d2, e2)

    c1 = asyncio.create_task(catcher("C1", 1))
    c2 = asyncio.create_task(catcher("C2", 2))
    r1 = await c1
    r2 = await c2
    print(f"catchers: C1 {r1} C2 {r2}")

    v1 = asyncio.create_task(victim("V1", 10))
    v2 = asyncio.create_task(victim("V2", 20))
    for _ in range(5):
        await asyncio.sleep(0)
    v1.cancel()
    await asyncio.sleep(0)
    v2.cancel()
    ev1 = await join(v1)
    ev2 = await join(v2)
    report("V1", v1, ev1)
    report("V2", v2, ev2)

asyncio.run(amain())
