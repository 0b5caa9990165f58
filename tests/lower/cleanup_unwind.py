# Twin of cleanup_unwind.ac: each cleanup(fn) local is a try/finally around
# the rest of its scope.  Errors are exceptions carrying a code; the
# cancellation code is AC_ECANCELED (-125).
import asyncio


class Err(Exception):
    def __init__(self, code):
        self.code = code


async def fail_later():
    await asyncio.sleep(0)
    raise Err(-5)


async def worker():
    try:  # a = 1
        try:  # defer
            try:  # b = 2
                b = 2
                await asyncio.sleep(0)
                try:  # c = 3
                    c = 3
                    await asyncio.sleep(0)
                    c = 30
                finally:
                    print(f"cleanup {c}")
                b = 20
                await fail_later()
                print("worker: not reached")
            finally:
                print(f"cleanup {b}")
        finally:
            print("defer after a")
    finally:
        print("cleanup 1")


async def sleeper():
    try:
        await asyncio.sleep(3600)
        print("sleeper: not reached")
    finally:
        print("cleanup 4")


async def join(t):
    try:
        await t
        return 0
    except Err as e:
        return e.code
    except asyncio.CancelledError:
        return -125


async def amain():
    w = asyncio.create_task(worker())
    print(f"worker: error {await join(w)}")
    s = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    s.cancel()
    print(f"sleeper: error {await join(s)}")


asyncio.run(amain())
