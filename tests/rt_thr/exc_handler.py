"""Twin of exc_handler.ac: loop.set_exception_handler."""
import asyncio
import gc

NAMES = {ConnectionRefusedError: "ECONNREFUSED",
         ConnectionResetError: "ECONNRESET"}


def handler(loop, ctx):
    msg = ctx["message"]
    if msg.startswith("Exception in callback"):
        msg = "Exception in callback"  # asyncio appends the handle
    task = ctx.get("future")
    print(f"handler(h): {msg} | {NAMES[type(ctx['exception'])]} | "
          f"{task.get_name() if task else '-'}")


async def failing():
    raise ConnectionRefusedError()


def bad_cb():
    raise ConnectionResetError()


def next_cb():
    print("the next callback runs")


async def amain():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    t = asyncio.create_task(failing())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("releasing")
    del t
    gc.collect()
    loop.call_soon(bad_cb)
    loop.call_soon(next_cb)
    await asyncio.sleep(0)
    print("loop still running")
    loop.set_exception_handler(None)
    loop.set_exception_handler(lambda l, c: None)  # stderr is not compared
    t = asyncio.create_task(failing())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    del t
    gc.collect()
    loop.call_soon(bad_cb)
    await asyncio.sleep(0)
    print("end")


asyncio.run(amain())
