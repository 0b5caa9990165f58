"""Twin of signals.ac: add_signal_handler / remove_signal_handler."""
import asyncio
import os
import signal


def disposition(sig):
    return "default" if signal.getsignal(sig) == signal.SIG_DFL else "caught"


async def signal_wait(sig):
    """What ac_signal_wait does: a handler completing a future, removed
    when the wait ends (normally or cancelled)."""
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.add_signal_handler(sig, lambda: fut.done() or fut.set_result(sig))
    try:
        return await fut
    finally:
        loop.remove_signal_handler(sig)


async def amain():
    loop = asyncio.get_running_loop()
    got = loop.create_future()

    def on_usr1(arg):
        print(f"handler {arg}")
        if not got.done():
            got.set_result(None)

    loop.add_signal_handler(signal.SIGUSR1, on_usr1, "A")
    print("add: 0")
    loop.add_signal_handler(signal.SIGUSR1, on_usr1, "B")
    print("replace: 0")
    print(f"while registered: {disposition(signal.SIGUSR1)}")
    os.kill(os.getpid(), signal.SIGUSR1)
    await got
    print(f"remove: {int(loop.remove_signal_handler(signal.SIGUSR1))}")
    print(f"remove again: {int(loop.remove_signal_handler(signal.SIGUSR1))}")
    print(f"after removal: {disposition(signal.SIGUSR1)}")
    try:
        loop.add_signal_handler(signal.SIGKILL, on_usr1, "K")
        print("SIGKILL: accepted")
    except RuntimeError:
        print("SIGKILL: refused")

    w = asyncio.create_task(signal_wait(signal.SIGUSR2))
    await asyncio.sleep(0.01)
    print(f"while waiting: {disposition(signal.SIGUSR2)}")
    os.kill(os.getpid(), signal.SIGUSR2)
    print(f"waited: {'SIGUSR2' if await w == signal.SIGUSR2 else 'other'}")
    print(f"after the wait: {disposition(signal.SIGUSR2)}")

    w = asyncio.create_task(signal_wait(signal.SIGUSR2))
    await asyncio.sleep(0.01)
    w.cancel()
    await asyncio.wait([w])
    print(f"cancelled waiter: {'ECANCELED' if w.cancelled() else 'other'}")
    print(f"after the cancel: {disposition(signal.SIGUSR2)}")


asyncio.run(amain())
