# Twin of raise_unwind.ac.  Errors are exceptions carrying a code; the
# cancellation code is AC_ECANCELED (-125).
import asyncio

class Err(Exception):
    def __init__(self, code):
        self.code = code

def reason(e):
    if isinstance(e, asyncio.CancelledError):
        return -125
    return e.code if isinstance(e, Err) else 0

async def level3(x):
    why = 0
    try:
        await asyncio.sleep(0)
        if x > 0:
            raise Err(-5)
        return x
    except BaseException as e:
        why = reason(e)
        raise
    finally:
        print(f"level3: defer, reason {why}")

async def level2(x):
    why = 0
    try:
        r = await level3(x)
        print(f"level2: not reached when raising ({r})")
        return r
    except BaseException as e:
        why = reason(e)
        raise
    finally:
        print(f"level2: defer, reason {why}")

async def level1(x):
    why = 0
    try:
        return await level2(x) + 1
    except BaseException as e:
        why = reason(e)
        raise
    finally:
        print(f"level1: defer, reason {why}")

async def sleeper(name):
    why = 0
    try:
        await asyncio.sleep(3600)
        print(f"{name}: not reached")
    except BaseException as e:
        why = reason(e)
        raise
    finally:
        print(f"{name}: cleanup, reason {why}")

async def nest():
    try:
        await sleeper("nested sleeper")
    finally:
        print("nest: cleanup")

async def join(t):
    try:
        await t
        return 0
    except asyncio.CancelledError:
        return -125
    except Err as e:
        return e.code

async def amain():
    ok = asyncio.create_task(level1(0))
    err = await join(ok)
    print(f"ok: error {err} result {ok.result()}")
    bad = asyncio.create_task(level1(1))
    print(f"bad: error {await join(bad)}")
    s = asyncio.create_task(nest())
    await asyncio.sleep(0)
    s.cancel()
    err = await join(s)
    print(f"nest: error {err} cancelled {int(s.cancelled())}")

asyncio.run(amain())
