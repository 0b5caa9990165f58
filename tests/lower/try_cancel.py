# Twin of try_cancel.ac: asyncio's try/except CancelledError, cancelling()
# and uncancel().
import asyncio

def cancelling():
    return asyncio.current_task().cancelling()

def code(e):
    return -125 if isinstance(e, asyncio.CancelledError) else e.code

async def guarded():
    try:
        await asyncio.sleep(10)
        print("guarded: not reached")
    except BaseException as ex:
        print(f"guarded: caught {code(ex)}, cancelling {cancelling()}")
        await asyncio.sleep(1)
        print(f"guarded: slept after catching, cancelling {cancelling()}")
        print(f"guarded: uncancel -> {asyncio.current_task().uncancel()}")
        return 7
    return 0

async def stubborn():
    why = 0
    try:
        try:
            await asyncio.sleep(10)
        except BaseException as ex:
            print(f"stubborn: caught {code(ex)}")
            await asyncio.sleep(10)
            print("stubborn: not reached")
    except BaseException as ex:
        why = code(ex)
        raise
    finally:
        print(f"stubborn: cleanup, reason {why}")

async def sleeper():
    why = 0
    try:
        await asyncio.sleep(10)
    except BaseException as ex:
        why = code(ex)
        raise
    finally:
        print(f"sleeper: cleanup, reason {why}")

async def outer():
    try:
        await sleeper()
    except BaseException as ex:
        print(f"outer: caught {code(ex)}, cancelling {cancelling()}")
    await asyncio.sleep(0)
    print("outer: finishing")
    return 3

async def reraiser():
    try:
        await asyncio.sleep(10)
    except BaseException as ex:
        print(f"reraiser: caught {code(ex)}, raising it again")
        raise

async def join(t):
    try:
        await t
        return 0
    except BaseException as e:
        return code(e)

async def amain():
    g = asyncio.create_task(guarded())
    await asyncio.sleep(0)
    g.cancel()
    err = await join(g)
    print(f"guarded: error {err} cancelled {int(g.cancelled())} "
          f"result {g.result()} cancelling {g.cancelling()}")

    s = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    s.cancel()
    await asyncio.sleep(0)
    print("amain: cancelling stubborn again")
    s.cancel()
    err = await join(s)
    print(f"stubborn: error {err} cancelled {int(s.cancelled())} "
          f"cancelling {s.cancelling()}")

    o = asyncio.create_task(outer())
    await asyncio.sleep(0)
    o.cancel()
    err = await join(o)
    print(f"outer: error {err} cancelled {int(o.cancelled())} "
          f"result {o.result()} cancelling {o.cancelling()}")

    r = asyncio.create_task(reraiser())
    await asyncio.sleep(0)
    r.cancel()
    err = await join(r)
    print(f"reraiser: error {err} cancelled {int(r.cancelled())}")

asyncio.run(amain())
