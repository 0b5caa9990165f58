"""Twin of threadsafe_order.ac (asyncio's call_soon_threadsafe)."""
import asyncio
import threading

NT, NCALLS = 4, 2000
state = {"received": 0, "disorder": 0}
next_seq = [0] * NT
threads = []


async def amain():
    loop = asyncio.get_running_loop()
    loop.call_soon(print, "a")
    loop.call_soon_threadsafe(print, "b")
    loop.call_soon(print, "c")
    await asyncio.sleep(0)
    print("after yield")
    all_done = loop.create_future()

    def on_msg(tid, seq):
        if seq != next_seq[tid]:
            state["disorder"] += 1
        next_seq[tid] = seq + 1
        state["received"] += 1
        if state["received"] == NT * NCALLS:
            all_done.set_result(None)

    def poster(tid):
        for i in range(NCALLS):
            loop.call_soon_threadsafe(on_msg, tid, i)

    for i in range(NT):
        t = threading.Thread(target=poster, args=(i,))
        threads.append(t)
        t.start()
    await all_done
    print(f"{state['received']} calls from {NT} threads, per-thread order "
          f"{'broken' if state['disorder'] else 'kept'}")
    return asyncio.get_running_loop()


loop = asyncio.run(amain())
for t in threads:
    t.join()


def late():
    try:
        loop.call_soon_threadsafe(print, "late")
        print("closed loop: accepted")
    except RuntimeError:
        print("closed loop: refused")


t = threading.Thread(target=late)
t.start()
t.join()
