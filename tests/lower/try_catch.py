# Twin of try_catch.ac.  Errors are exceptions carrying a code; a defer is
# a try/finally (its reason: the code of the exception passing through).
import asyncio

class Err(Exception):
    def __init__(self, code):
        self.code = code

def code(e):
    return -125 if isinstance(e, asyncio.CancelledError) else e.code

async def fail(c):
    await asyncio.sleep(0)
    if c:
        raise Err(c)
    return 1

async def with_defers(x):
    why = 0
    try:
        try:
            why2 = 0
            try:
                await fail(x)
                print("with_defers: no error")
            except BaseException as e:
                why2 = code(e)
                raise
            finally:
                print(f"with_defers: try defer, reason {why2}")
        except BaseException as e:
            print(f"with_defers: caught {code(e)}")
        print("with_defers: after try")
        return x
    finally:
        print(f"with_defers: outer defer, reason {why}")

async def raise_here(x):
    try:
        if x < 0:
            raise Err(x)
        await asyncio.sleep(0)
        print("raise_here: no error")
    except BaseException as ex:
        e = code(ex)
        await asyncio.sleep(1)
        print(f"raise_here: caught {e} after a sleep")
        return -e
    return 0

async def nested(c):
    try:
        try:
            await fail(c)
            print("nested: inner no error")
        except BaseException as ex:
            e = code(ex)
            print(f"nested: inner caught {e}")
            if e == -7:
                raise Err(e - 1)
            print("nested: inner handled")
        print("nested: after inner")
        await fail(-9)
        print("nested: not reached")
    except BaseException as ex:
        e = code(ex)
        print(f"nested: outer caught {e}")
        return e
    return 0

async def reraise():
    try:
        try:
            await fail(-11)
        except BaseException as ex:
            e = code(ex)
            print(f"reraise: caught {e}, raising {e - 1}")
            raise Err(e - 1)
        print("reraise: not reached")
        return 0
    finally:
        print("reraise: cleanup")

async def calls_reraise():
    try:
        return await reraise()
    except BaseException as ex:
        print(f"calls_reraise: caught {code(ex)}")
    return 5

async def join(t):
    try:
        await t
        return 0
    except BaseException as e:
        return code(e)

async def in_loop():
    s = 0
    for i in range(6):
        try:
            try:
                try:
                    if i == 1:
                        continue
                    if i == 5:
                        break
                    await fail(-i if i % 2 else 0)
                    s += i
                finally:
                    print(f"in_loop: try block {i} left")
            except BaseException as ex:
                print(f"in_loop: caught {code(ex)} at {i}")
                if i == 3:
                    continue
                s += 100
            print(f"in_loop: end of iteration {i}")
        finally:
            print(f"in_loop: iteration {i} done")
    return s

async def goto_out(x):
    try:
        out = False
        try:
            try:
                await asyncio.sleep(0)
                if x:
                    out = True
                else:
                    await fail(-3)
            finally:
                print("goto_out: try defer")
        except BaseException as ex:
            try:
                e = code(ex)
                print(f"goto_out: caught {e}")
                out = True
            finally:
                print("goto_out: handler defer")
        print("goto_out: at out")
        return x
    finally:
        print("goto_out: function defer")

async def retry():
    attempts = 0
    while True:
        try:
            attempts += 1
            await fail(-1 if attempts < 3 else 0)
            print(f"retry: succeeded after {attempts} attempts")
            break
        except BaseException as ex:
            print(f"retry: attempt {attempts} failed with {code(ex)}")
    return attempts

async def in_switch(x):
    if x == 0:
        try:
            await fail(-12)
        except BaseException as ex:
            print(f"in_switch: caught {code(ex)}")
    else:
        print("in_switch: default")
    return x

async def direct_try(x):
    try:
        try:
            try:
                if x:
                    raise Err(x)
                print("direct_try: no raise")
            finally:
                print("direct_try: try defer")
        except BaseException as ex:
            e = code(ex)
            print(f"direct_try: caught {e}")
            return -e
        return 0
    finally:
        print("direct_try: defer")

async def cannot_fail():
    print("cannot_fail: nothing here can fail")
    await asyncio.sleep(0)

async def amain():
    print(f"with_defers(0) = {await with_defers(0)}")
    print(f"with_defers(-5) = {await with_defers(-5)}")
    print(f"raise_here(-4) = {await raise_here(-4)}")
    print(f"raise_here(0) = {await raise_here(0)}")
    print(f"nested(-7) = {await nested(-7)}")
    print(f"nested(-2) = {await nested(-2)}")
    print(f"nested(0) = {await nested(0)}")
    print(f"calls_reraise() = {await calls_reraise()}")
    t = asyncio.create_task(reraise())
    print(f"reraise task: error {await join(t)}")
    print(f"in_loop() = {await in_loop()}")
    print(f"goto_out(1) = {await goto_out(1)}")
    print(f"goto_out(0) = {await goto_out(0)}")
    print(f"retry() = {await retry()}")
    print(f"in_switch(0) = {await in_switch(0)}")
    print(f"in_switch(1) = {await in_switch(1)}")
    print(f"direct_try(0) = {await direct_try(0)}")
    print(f"direct_try(-6) = {await direct_try(-6)}")
    await cannot_fail()
    print("identifiers: 3")
    return 0

asyncio.run(amain())
