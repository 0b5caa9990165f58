"""Twin of eager.ac: eager task start (Python 3.12+)."""
import asyncio
import sys

if not hasattr(asyncio, "eager_task_factory"):
    sys.exit(77)  # too old: run.sh compares with eager.out


async def quick(i):
    print(f"quick {i} body")
    return i * 10


async def slow(i):
    print(f"slow {i} start")
    await asyncio.sleep(0)
    print(f"slow {i} resumed")
    return i


async def amain():
    loop = asyncio.get_running_loop()
    a = asyncio.Task(quick(1), eager_start=True)
    print(f"created quick: done={int(a.done())} name={a.get_name()}")
    b = asyncio.Task(slow(2), eager_start=True)
    print(f"created slow: done={int(b.done())} name={b.get_name()}")
    c = asyncio.Task(slow(3))
    print(f"created lazy: name={c.get_name()}")
    await asyncio.sleep(0)
    print("main resumed")
    loop.set_task_factory(asyncio.eager_task_factory)
    d = loop.create_task(quick(4))
    print(f"factory: done={int(d.done())}")
    loop.set_task_factory(None)
    print(f"results: {await a} {await b} {await c} {await d}")


asyncio.run(amain())
