"""queues.py — the asyncio twin of queues.ac (Queue, LifoQueue,
PriorityQueue with shutdown): decisive cases of CPython's test_queues.py.
Each case prints "name: events"; tests/run_sync.sh compares them with the
Async C program's lines.  Semantics: asyncio 3.13 (compat.py).
"""
from asyncio import create_task, sleep

from compat import (LifoQueue, PriorityQueue, Queue, err_of, outcome,
                    run_cases)

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


@case
async def queue_order(L):
    for name, cls in (("fifo", Queue), ("lifo", LifoQueue),
                      ("prio", PriorityQueue)):
        q = cls()
        for x in (3, 1, 4, 1, 5):
            q.put_nowait(x)
        L(name, q.qsize(), *[q.get_nowait() for _ in range(5)])


@case
async def queue_prio_stable(L):
    # Equal priorities come out in insertion order (the C queue is stable;
    # here the counter in the tuple does it).
    q = PriorityQueue()
    for n, (prio, tag) in enumerate([(2, "a"), (1, "b"), (2, "c"), (1, "d"),
                                     (0, "e"), (2, "f")]):
        q.put_nowait((prio, n, tag))
    L(*[q.get_nowait()[2] for _ in range(6)])


@case
async def queue_maxsize_blocks(L):
    q = Queue(maxsize=1)

    async def putter():
        for i in range(3):
            await q.put(i)
            L("put", i)
    t = create_task(putter())
    await sleep(0)
    L("full", int(q.full()), q.qsize())
    for _ in range(3):
        L("get", await q.get())
        await sleep(0)
    await sleep(0.01)
    L(outcome(t), q.qsize())


@case
async def queue_getters_fifo(L):
    q = Queue()

    async def getter(i):
        v = await q.get()
        L("g", i, v)
    ts = [create_task(getter(i)) for i in range(3)]
    await sleep(0)
    for v in (10, 20, 30):
        q.put_nowait(v)
        L("put", v)
    await sleep(0.01)
    L(*[outcome(t) for t in ts])


@case
async def queue_putters_fifo(L):
    q = Queue(1)
    q.put_nowait(0)

    async def putter(i):
        await q.put(i)
        L("put", i)
    ts = [create_task(putter(i)) for i in (1, 2, 3)]
    await sleep(0)
    for _ in range(4):
        L("got", await q.get())
        await sleep(0)
    await sleep(0.01)
    L(*[outcome(t) for t in ts], q.qsize())


@case
async def queue_get_nowait_steals(L):
    # A getter woken by a put runs later: a get_nowait in between takes the
    # item, and the getter waits again (as in asyncio).
    q = Queue()

    async def getter(i):
        v = await q.get()
        L("g", i, v)
    g = create_task(getter(1))
    await sleep(0)
    q.put_nowait(1)
    L("stolen", q.get_nowait())
    await sleep(0)
    L(outcome(g), q.qsize())
    q.put_nowait(2)
    await sleep(0)
    L(outcome(g))


@case
async def queue_get_cancelled_race(L):
    q = Queue()

    async def getter(i):
        v = await q.get()
        L("g", i, v)
    t1, t2 = create_task(getter(1)), create_task(getter(2))
    await sleep(0)
    t1.cancel()
    await sleep(0)
    L(outcome(t1))
    q.put_nowait(7)
    await sleep(0)
    L(outcome(t2), q.qsize())


@case
async def queue_cancelled_getter_keeps_item(L):
    # Woken by a put and cancelled before it runs: the item stays and the
    # next getter gets it.
    q = Queue()

    async def getter(i):
        v = await q.get()
        L("g", i, v)
    g1, g2 = create_task(getter(1)), create_task(getter(2))
    await sleep(0)
    q.put_nowait(1)
    g1.cancel()
    await sleep(0)
    await sleep(0)
    L(outcome(g1), outcome(g2), q.qsize())


@case
async def queue_cancelled_putter_no_insert(L):
    # Woken by a get and cancelled before it runs: it inserts nothing and
    # the next putter gets the slot.
    q = Queue(1)
    q.put_nowait(0)

    async def putter(i):
        await q.put(i)
        L("put", i)
    p1, p2 = create_task(putter(2)), create_task(putter(3))
    await sleep(0)
    L("got", q.get_nowait())
    p1.cancel()
    await sleep(0)
    await sleep(0)
    L(outcome(p1), outcome(p2), q.qsize(), q.get_nowait())


@case
async def queue_cancel_waiting_putter(L):
    q = Queue(1)
    q.put_nowait(0)

    async def putter(i):
        await q.put(i)
        L("put", i)
    p1, p2 = create_task(putter(1)), create_task(putter(2))
    await sleep(0)
    p1.cancel()
    await sleep(0)
    L("got", await q.get())
    await sleep(0)
    await sleep(0)
    L("got", await q.get())
    L(outcome(p1), outcome(p2), q.qsize())


@case
async def queue_join(L):
    q = Queue()
    for i in range(3):
        q.put_nowait(i)

    async def worker(n):
        while True:
            v = await q.get()
            L("w", n, v)
            await sleep(0)
            q.task_done()
    ws = [create_task(worker(n)) for n in range(2)]
    await q.join()
    L("joined", q.qsize())
    await q.join()
    for w in ws:
        w.cancel()
    await sleep(0)
    L(*[outcome(w) for w in ws], err_of(q.task_done))


@case
async def queue_nowait_errors(L):
    q = Queue(1)
    L(err_of(q.get_nowait), err_of(q.put_nowait, 1), err_of(q.put_nowait, 2))
    L(int(q.full()), int(q.empty()), q.maxsize)
    q.get_nowait()
    L(err_of(q.task_done), err_of(q.task_done))


@case
async def queue_shutdown(L):
    q = Queue(2)
    q.put_nowait(1)
    q.put_nowait(2)

    async def putter(i):
        await q.put(i)
        L("put", i)
    p = create_task(putter(3))
    await sleep(0)
    q.shutdown()
    L(err_of(q.put_nowait, 9))
    await sleep(0)
    L(outcome(p), q.qsize())
    L("got", await q.get(), await q.get())

    async def getter():
        v = await q.get()
        L("g", v)
    g = create_task(getter())
    await sleep(0)
    L(outcome(g), err_of(q.get_nowait))
    q.shutdown()


@case
async def queue_shutdown_wakes_getters(L):
    q = Queue()

    async def getter(i):
        v = await q.get()
        L("g", i, v)
    gs = [create_task(getter(i)) for i in range(2)]
    await sleep(0)
    q.shutdown()
    await sleep(0)
    L(*[outcome(g) for g in gs])


@case
async def queue_shutdown_immediate(L):
    q = Queue()
    for i in (1, 2, 3):
        q.put_nowait(i)
    L("got", await q.get())
    j = create_task(q.join())

    async def getter():
        v = await q.get()
        L("g", v)
    await sleep(0)
    q.shutdown(immediate=True)
    L(q.qsize(), outcome(j))
    g = create_task(getter())
    await sleep(0)
    L(outcome(g), outcome(j))
    q.task_done()
    await sleep(0)
    L(outcome(j), err_of(q.task_done))


@case
async def queue_join_cancel(L):
    q = Queue()
    q.put_nowait(1)
    j = create_task(q.join())
    await sleep(0)
    j.cancel()
    await sleep(0)
    L(outcome(j), q.qsize())
    q.get_nowait()
    q.task_done()
    await q.join()
    L("joined")


@case
async def queue_get_cancel_drop_one(L):
    q = Queue()

    async def getter(i):
        v = await q.get()
        L("g", i, v)
    r = create_task(getter(1))
    await sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    r.cancel()
    await sleep(0)
    L(outcome(r))
    r2 = create_task(getter(2))
    await sleep(0)
    L(outcome(r2), q.qsize())


@case
async def queue_get_cancel_drop_many(L):
    q = Queue()

    async def getter(i):
        v = await q.get()
        L("g", i, v)
    rs = [create_task(getter(i)) for i in range(3)]
    await sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    rs[0].cancel()
    await sleep(0)
    await sleep(0)
    L(*[outcome(r) for r in rs], q.qsize())


@case
async def queue_put_cancel_drop(L):
    q = Queue(1)
    q.put_nowait(1)

    async def putter(i):
        await q.put(i)
        L("put", i)
    w = create_task(putter(2))
    await sleep(0)
    L("got", q.get_nowait())
    w.cancel()
    await sleep(0)
    L(outcome(w), q.qsize())
    w2 = create_task(putter(2))
    await sleep(0)
    L(outcome(w2), q.get_nowait(), q.qsize())


@case
async def queue_put_cancelled_race(L):
    q = Queue(1)

    async def putter(i):
        await q.put(i)
        L("put", i)
    pa, pb, pc = (create_task(putter(i)) for i in (1, 2, 3))
    await sleep(0)
    L(outcome(pa), outcome(pb))
    pc.cancel()
    await sleep(0)
    L(outcome(pc), "got", q.get_nowait())
    await sleep(0)
    L("got", q.get_nowait(), outcome(pb))


@case
async def queue_why_are_putters_waiting(L):
    q = Queue(2)

    async def getter():
        await sleep(0)
        for _ in range(q.qsize()):
            L("got", q.get_nowait())

    async def putter(i):
        await q.put(i)
        L("put", i)
    ts = [create_task(getter())] + [create_task(putter(i)) for i in range(4)]
    await sleep(0.01)
    L(*[outcome(t) for t in ts], q.qsize())


if __name__ == "__main__":
    run_cases(CASES)
