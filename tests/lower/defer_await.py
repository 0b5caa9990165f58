# Twin of defer_await.ac.  A deferred statement is a finally clause; its
# reason is the code of the exception passing through (0 if none).
import asyncio

class Err(Exception):
    def __init__(self, code):
        self.code = code

def code(e):
    return -125 if isinstance(e, asyncio.CancelledError) else e.code

async def note(what):
    print(f"note: {what}")
    return 0

async def fail(c):
    await asyncio.sleep(0)
    if c:
        raise Err(c)
    return 1

async def aclose(name):
    print(f"aclose {name}: start")
    await asyncio.sleep(1)
    print(f"aclose {name}: done")

async def work(x):
    name = "failing" if x else "ok"
    try:
        why = 0
        try:
            await asyncio.sleep(0)
            if x:
                await fail(x)
            return 10
        except BaseException as e:
            why = code(e)
            raise
        finally:
            print(f"work: cleanup, reason {why}")
            await asyncio.sleep(0)
            await note("work cleanup")
            print(f"work: cleanup after awaits, reason {why}")
    finally:
        await aclose(name)

async def only_in_defer(x):
    try:
        return x + 1
    finally:
        await aclose("only_in_defer")

async def slow_close():
    why = 0
    try:
        try:
            await asyncio.sleep(10)
        finally:
            why = -125
            print(f"slow_close: closing, reason {why}")
            await asyncio.sleep(1)
            print(f"slow_close: closed, reason {why}")
    finally:
        print(f"slow_close: outer defer, reason {why}")

async def cleanup_cancelled():
    why = 0
    try:
        try:
            await asyncio.sleep(10)
        finally:
            print(f"cleanup_cancelled: cleanup start, reason -125")
            await asyncio.sleep(10)
            print("cleanup_cancelled: not reached")
    except BaseException as e:
        why = code(e)
        raise
    finally:
        print(f"cleanup_cancelled: outer defer, reason {why}")

async def replace(x):
    why = 0
    try:
        inner = 0
        try:
            if x:
                await fail(x)
            return 5
        except BaseException as e:
            inner = code(e)
            raise
        finally:
            await asyncio.sleep(0)
            print(f"replace: cleanup raising -20 over {inner}")
            await fail(-20)
            print("replace: not reached")
    except BaseException as e:
        why = code(e)
        raise
    finally:
        print(f"replace: outer defer, reason {why}")

async def loop_cleanup():
    total = 0
    for i in range(4):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print(f"loop_cleanup: body {i}")
        finally:
            await asyncio.sleep(0)
            print(f"loop_cleanup: cleanup {i}")
            total += i
    return total

async def nested_defers():
    try:
        await fail(-4)
        return 0
    finally:
        try:
            await asyncio.sleep(0)
            print("nested_defers: cleanup, reason -4")
        finally:
            print("nested_defers: inner defer, reason 0")

async def in_try():
    try:
        try:
            await fail(-8)
        finally:
            print("in_try: cleanup, reason -8")
            await asyncio.sleep(0)
            print("in_try: cleanup done")
    except BaseException as ex:
        e = code(ex)
        print(f"in_try: caught {e}")
        return -e
    return 0

async def cleanup_catches(x):
    why = 0
    try:
        if x:
            await fail(x)
        return x
    except BaseException as e:
        why = code(e)
        raise
    finally:
        try:
            try:
                try:
                    await fail(-3)
                finally:
                    print("cleanup_catches: try defer")
            except BaseException as ex:
                print(f"cleanup_catches: caught {code(ex)}, reason {why}")
            print(f"cleanup_catches: done, reason {why}")
        finally:
            print("cleanup_catches: inner defer")

async def direct_cleanup(x):
    why = 0
    try:
        if x:
            raise Err(x)
        return 1
    except BaseException as e:
        why = code(e)
        raise
    finally:
        try:
            raise Err(-2)
        except BaseException as ex:
            print(f"direct_cleanup: caught {code(ex)}, reason {why}")

async def worker(i):
    try:
        await asyncio.sleep(10)
    finally:
        print(f"worker {i}: cleanup start")
        await asyncio.sleep(0)
        print(f"worker {i}: cleanup end")

async def join(t):
    try:
        await t
        return 0
    except BaseException as e:
        return code(e)

async def amain():
    print(f"work(0) = {await work(0)}")
    try:
        await work(-5)
    except BaseException as ex:
        print(f"work(-5) raised {code(ex)}")
    print(f"only_in_defer(1) = {await only_in_defer(1)}")

    s = asyncio.create_task(slow_close())
    await asyncio.sleep(0)
    s.cancel()
    err = await join(s)
    print(f"slow_close: error {err} cancelled {int(s.cancelled())} "
          f"cancelling {s.cancelling()}")

    c = asyncio.create_task(cleanup_cancelled())
    await asyncio.sleep(0)
    c.cancel()
    await asyncio.sleep(0)
    print("amain: cancelling again")
    c.cancel()
    err = await join(c)
    print(f"cleanup_cancelled: error {err} cancelled {int(c.cancelled())} "
          f"cancelling {c.cancelling()}")

    for x in (0, -10):
        try:
            print(f"replace({x}) = {await replace(x)}")
        except BaseException as ex:
            print(f"replace({x}) raised {code(ex)}")
    print(f"loop_cleanup() = {await loop_cleanup()}")
    try:
        await nested_defers()
    except BaseException as ex:
        print(f"nested_defers raised {code(ex)}")
    print(f"in_try() = {await in_try()}")
    for x in (0, -9):
        try:
            print(f"cleanup_catches({x}) = {await cleanup_catches(x)}")
            print(f"direct_cleanup({x}) = {await direct_cleanup(x)}")
        except BaseException as ex:
            print(f"{x} raised {code(ex)}")

    w1 = asyncio.create_task(worker(1))
    w2 = asyncio.create_task(worker(2))
    await asyncio.sleep(0)
    w1.cancel()
    w2.cancel()
    print(f"worker 1: error {await join(w1)}")
    print(f"worker 2: error {await join(w2)}")

asyncio.run(amain())
