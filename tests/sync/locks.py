"""locks.py — the asyncio twin of locks.ac (Lock, Event, Condition,
Semaphore, BoundedSemaphore, Barrier): decisive cases of CPython's
test_locks.py.  Each case prints "name: events"; tests/run_sync.sh compares
them with the Async C program's lines.  Semantics: asyncio 3.13 (compat.py).
"""
import asyncio
from asyncio import create_task, sleep

from compat import (Barrier, BoundedSemaphore, Condition, Event, Lock,
                    Semaphore, err_of, outcome, run_cases)

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


# ---- Lock -----------------------------------------------------------------

@case
async def lock_fifo(L):
    lock = Lock()
    await lock.acquire()

    async def c(i):
        await lock.acquire()
        L("got", i)
        await sleep(0)
        lock.release()
    ts = [create_task(c(i)) for i in range(3)]
    await sleep(0)
    L("locked", int(lock.locked()))
    lock.release()
    L("released")
    await sleep(0.01)
    L("locked", int(lock.locked()), *[outcome(t) for t in ts])


@case
async def lock_fair_after_release(L):
    # Released with a waiter: a newcomer (even one asking before the woken
    # waiter runs) queues behind it.
    lock = Lock()
    await lock.acquire()

    async def c(name):
        await lock.acquire()
        L("got", name)
        await sleep(0)
        lock.release()
    a = create_task(c("a"))
    await sleep(0)
    lock.release()
    L("released", int(lock.locked()))
    b = create_task(c("b"))
    await lock.acquire()
    L("got main")
    lock.release()
    await sleep(0.01)
    L(outcome(a), outcome(b))


@case
async def lock_cancel_race(L):
    lock = Lock()
    await lock.acquire()

    async def c(name):
        await lock.acquire()
        L("got", name)
    ta, tb, tc = (create_task(c(n)) for n in "abc")
    await sleep(0)
    tb.cancel()
    await sleep(0)
    L("b", outcome(tb))
    lock.release()
    await sleep(0)
    lock.release()
    await sleep(0)
    L(outcome(ta), outcome(tb), outcome(tc), int(lock.locked()))


@case
async def lock_cancel_release_race(L):
    # Woken by the release and cancelled before it runs: the wake-up goes on.
    lock = Lock()
    await lock.acquire()

    async def c(name):
        await lock.acquire()
        L("got", name)
    t1, t2 = create_task(c("1")), create_task(c("2"))
    await sleep(0)
    lock.release()
    t1.cancel()
    await sleep(0)
    L("pass1", outcome(t1), outcome(t2), int(lock.locked()))
    await sleep(0)
    L("pass2", outcome(t1), outcome(t2), int(lock.locked()))


@case
async def lock_finished_waiter_cancelled(L):
    lock = Lock()

    async def c(name):
        await lock.acquire()
        L("got", name)
    ta = create_task(c("a"))
    await sleep(0)
    tb = create_task(c("b"))
    await sleep(0)
    tc = create_task(c("c"))
    tb.cancel()
    lock.release()
    await sleep(0)
    L(int(lock.locked()), outcome(ta), outcome(tb), outcome(tc))
    lock.release()
    await sleep(0)
    L(outcome(tc), int(lock.locked()))


@case
async def lock_cancelled_waiters_skipped(L):
    # Only cancelled waiters left: an acquire takes the free lock at once.
    lock = Lock()
    await lock.acquire()

    async def c(name):
        await lock.acquire()
        L("got", name)
    t = create_task(c("t"))
    await sleep(0)
    t.cancel()
    lock.release()
    await lock.acquire()
    L("main got", outcome(t))
    await sleep(0)
    L(outcome(t))
    lock.release()


@case
async def lock_wait_for_timeout(L):
    # asyncio.wait_for around an acquire: the timeout cancels the waiter,
    # the lock is left as it was; a second one gets it at the deadline.
    lock = Lock()
    await lock.acquire()

    async def c(name, timeout):
        await asyncio.wait_for(lock.acquire(), timeout)
        L("got", name)
    t1 = create_task(c("1", 0.1))
    t2 = create_task(c("2", 1.0))
    await sleep(0.2)
    L(outcome(t1), outcome(t2), int(lock.locked()))
    lock.release()
    await sleep(0.01)
    L(outcome(t2), int(lock.locked()))


@case
async def lock_release_unlocked(L):
    lock = Lock()
    L(err_of(lock.release))
    await lock.acquire()
    L(err_of(lock.release), err_of(lock.release))


# ---- Event ----------------------------------------------------------------

@case
async def event_wait_set(L):
    ev = Event()

    async def c(i):
        await ev.wait()
        L("woke", i)
    ts = [create_task(c(i)) for i in range(3)]
    await sleep(0)
    L("set", int(ev.is_set()))
    ev.set()
    ev.set()
    await sleep(0)
    await ev.wait()
    L("main", int(ev.is_set()), *[outcome(t) for t in ts])


@case
async def event_clear_with_waiters(L):
    ev = Event()

    async def c():
        await ev.wait()
        L("woke")
    t = create_task(c())
    await sleep(0)
    ev.set()
    ev.clear()
    L("is_set", int(ev.is_set()))
    ev.set()
    ev.set()
    await sleep(0)
    L(outcome(t))


@case
async def event_cancel_waiter(L):
    ev = Event()

    async def c(i):
        await ev.wait()
        L("woke", i)
    ts = [create_task(c(i)) for i in range(3)]
    await sleep(0)
    ts[1].cancel()
    await sleep(0)
    ev.set()
    ts[2].cancel()  # woken, then cancelled: it never returns
    await sleep(0)
    L(*[outcome(t) for t in ts])


# ---- Condition ------------------------------------------------------------

@case
async def cond_notify(L):
    cond = Condition()

    async def c(i):
        await cond.acquire()
        await cond.wait()
        L("woke", i)
        cond.release()
    ts = [create_task(c(i)) for i in range(3)]
    await sleep(0)
    await cond.acquire()
    cond.notify(1)
    cond.release()
    await sleep(0)
    await sleep(0)
    await cond.acquire()
    L("notify more")
    cond.notify(1)
    cond.notify(2048)
    cond.release()
    await sleep(0.01)
    L(*[outcome(t) for t in ts], int(cond.locked()))


@case
async def cond_notify_all(L):
    cond = Condition()

    async def c(i):
        await cond.acquire()
        await cond.wait()
        L("woke", i)
        await sleep(0)
        cond.release()
    ts = [create_task(c(i)) for i in range(3)]
    await sleep(0)
    await cond.acquire()
    cond.notify_all()
    cond.release()
    await sleep(0.01)
    L(*[outcome(t) for t in ts])


@case
async def cond_wait_for(L):
    cond = Condition()
    state = {"v": 0}

    def pred():
        L("pred", state["v"])
        return state["v"] >= 2

    async def c():
        await cond.acquire()
        r = await cond.wait_for(pred)
        L("ok", r, int(cond.locked()))
        cond.release()
    t = create_task(c())
    await sleep(0)
    for v in (1, 2):
        await cond.acquire()
        state["v"] = v
        cond.notify()
        cond.release()
        await sleep(0)
        await sleep(0)
    L(outcome(t))


@case
async def cond_errors(L):
    cond = Condition()
    t = create_task(cond.wait())
    await sleep(0)
    L(outcome(t), err_of(cond.notify), err_of(cond.notify_all))


@case
async def cond_wait_cancel(L):
    # Cancelled while waiting for a notify: the lock is taken back first.
    cond = Condition()

    async def c():
        await cond.acquire()
        await cond.wait()
    t = create_task(c())
    await sleep(0)
    L("locked", int(cond.locked()))
    t.cancel()
    await sleep(0)
    L(outcome(t), int(cond.locked()))


@case
async def cond_wait_cancel_contested(L):
    cond = Condition()
    await cond.acquire()
    t = create_task(cond.wait())
    await sleep(0)
    L("waiting", int(cond.locked()))
    await cond.acquire()
    cond.notify()
    await sleep(0)
    t.cancel()
    await sleep(0)
    L("contested", outcome(t))
    cond.release()
    await sleep(0)
    L(outcome(t), int(cond.locked()))


@case
async def cond_cancelled_wakeup(L):
    # Notified, then cancelled before it runs: the notify goes to the other.
    cond = Condition()
    state = {"v": 0}

    async def consumer(i):
        async with cond:
            while True:
                await cond.wait_for(lambda: state["v"] != 0)
                if state["v"] < 0:
                    return
                state["v"] -= 1
                L("consumed", i)
    c = [create_task(consumer(i)) for i in range(2)]
    await sleep(0)
    async with cond:
        state["v"] += 1
        cond.notify(1)
        c[0].cancel()
    await sleep(0.01)
    L("state", state["v"], outcome(c[0]))
    async with cond:
        state["v"] = -1
        cond.notify_all()
    await sleep(0.01)
    L(outcome(c[1]), int(cond.locked()))


@case
async def cond_cancel_reacquire(L):
    # Cancelled while taking the lock back after a notify: the lock is
    # taken, the cancellation raised, `async with` releases it.
    cond = Condition()
    wake = {"v": False}

    async def c():
        async with cond:
            await cond.wait_for(lambda: wake["v"])
            L("not reached")
    t = create_task(c())
    await sleep(0)
    await cond.acquire()
    wake["v"] = True
    cond.notify()
    await sleep(0)
    t.cancel()
    cond.release()
    await sleep(0.01)
    L(outcome(t), int(cond.locked()))


@case
async def cond_shared_lock(L):
    lock = Lock()
    ca, cb = Condition(lock), Condition(lock)

    async def w(cond, name):
        async with cond:
            await cond.wait()
            L("woke", name, int(lock.locked()))
    ta, tb = create_task(w(ca, "a")), create_task(w(cb, "b"))
    await sleep(0)
    async with lock:
        cb.notify()
    await sleep(0.01)
    L(outcome(ta), outcome(tb))
    async with lock:
        ca.notify()
    await sleep(0.01)
    L(outcome(ta), int(lock.locked()))


# ---- Semaphore --------------------------------------------------------------

@case
async def sem_fifo(L):
    sem = Semaphore(2)
    await sem.acquire()
    await sem.acquire()
    L("locked", int(sem.locked()))

    async def c(i):
        await sem.acquire()
        L("got", i)
    ts = [create_task(c(i)) for i in range(4)]
    await sleep(0)
    sem.release()
    sem.release()
    await sleep(0)
    L("value", sem._value, int(sem.locked()))
    sem.release()
    await sleep(0)
    L(*[outcome(t) for t in ts])
    sem.release()
    await sleep(0)
    L(*[outcome(t) for t in ts])


@case
async def sem_newcomer_waits_fifo(L):
    # A free unit but earlier acquirers still wait: a newcomer queues.
    sem = Semaphore(0)

    async def c(i):
        await sem.acquire()
        L("got", i)
    t0 = create_task(c(0))
    await sleep(0)
    sem.release()
    t1 = create_task(c(1))
    L("locked", int(sem.locked()))
    await sleep(0)
    await sleep(0)
    L(outcome(t0), outcome(t1), sem._value)


@case
async def sem_cancel_before_awoken(L):
    sem = Semaphore(0)

    async def c(i):
        await sem.acquire()
        L("got", i)
    ts = [create_task(c(i)) for i in range(4)]
    await sleep(0)
    ts[0].cancel()
    ts[1].cancel()
    sem.release()
    await sleep(0)
    await sleep(0)
    L(*[outcome(t) for t in ts], sem._value)


@case
async def sem_cancel_after_awoken(L):
    sem = Semaphore(0)

    async def c(i):
        await sem.acquire()
        L("got", i)
    ts = [create_task(c(i)) for i in range(4)]
    await sleep(0)
    sem.release()
    ts[0].cancel()  # woken, then cancelled: the unit goes on
    await sleep(0)
    await sleep(0)
    L(*[outcome(t) for t in ts], sem._value)


@case
async def sem_release_many_wakes_many(L):
    sem = Semaphore(0)

    async def c(i):
        await sem.acquire()
        L("got", i)
    ts = [create_task(c(i)) for i in range(3)]
    await sleep(0)
    sem.release()
    sem.release()
    ts[0].cancel()
    await sleep(0)
    await sleep(0)
    L(*[outcome(t) for t in ts], sem._value, int(sem.locked()))


@case
async def sem_fifo_order_3(L):
    sem = Semaphore(0)

    async def c(i):
        await sem.acquire()
        L("got", i)
    ts = [create_task(c(i)) for i in range(1, 4)]
    await sleep(0)
    ts[0].cancel()
    await sleep(0)
    sem.release()
    sem.release()
    await sleep(0.01)
    L(*[outcome(t) for t in ts], sem._value)


@case
async def sem_fifo_order_4(L):
    # A successful acquire wakes every waiter the counter allows (3.13).
    sem = Semaphore(0)
    t4 = None

    async def c1():
        L("c1 value", sem._value)
        await sem.acquire()
        L("c1 value", sem._value)
        nonlocal t4
        t4 = create_task(c4())
        L(1)

    async def c2():
        sem.release()
        sem.release()
        sem.release()
        L("c2 value", sem._value, "locked", int(sem.locked()))
        await sem.acquire()
        L(2)

    async def c3():
        await sem.acquire()
        L(3, "locked", int(sem.locked()))

    async def c4():
        L(4)
    ts = [create_task(c()) for c in (c1, c2, c3)]
    await sleep(0)
    L("value", sem._value)
    await sleep(0.01)
    L(*[outcome(t) for t in ts + [t4]], sem._value)


@case
async def sem_bounded(L):
    sem = BoundedSemaphore(2)
    L(err_of(sem.release), sem._value)
    await sem.acquire()
    L(err_of(sem.release), err_of(sem.release), sem._value)


# ---- Barrier ----------------------------------------------------------------

@case
async def barrier_basic(L):
    b = Barrier(3)

    async def c(name):
        i = await b.wait()
        L("pass", name, i)
    ts = [create_task(c(n)) for n in "abc"]
    await sleep(0)
    await sleep(0.01)
    L(*[outcome(t) for t in ts], b.n_waiting, int(b.broken))


@case
async def barrier_draining_blocks(L):
    b = Barrier(2)

    async def c(name):
        i = await b.wait()
        L("pass", name, i)
    ts = [create_task(c(n)) for n in "abcd"]
    await sleep(0.01)
    L(*[outcome(t) for t in ts])


@case
async def barrier_abort(L):
    b = Barrier(3)

    async def c(name):
        i = await b.wait()
        L("pass", name, i)
    ts = [create_task(c(n)) for n in "ab"]
    await sleep(0)
    L("waiting", b.n_waiting)
    await b.abort()
    await sleep(0.01)
    late = create_task(c("late"))
    await sleep(0.01)
    L(*[outcome(t) for t in ts], outcome(late), int(b.broken))
    await b.reset()
    ts = [create_task(c(n)) for n in "xyz"]
    await sleep(0.01)
    L(*[outcome(t) for t in ts], int(b.broken))


@case
async def barrier_reset_while_waiting(L):
    b = Barrier(3)

    async def c(name):
        i = await b.wait()
        L("pass", name, i)
    ts = [create_task(c(n)) for n in "ab"]
    await sleep(0)
    await b.reset()
    await sleep(0.01)
    L(*[outcome(t) for t in ts], b.n_waiting, int(b.broken))
    ts = [create_task(c(n)) for n in "xyz"]
    await sleep(0.01)
    L(*[outcome(t) for t in ts])


@case
async def barrier_cancel_waiter(L):
    b = Barrier(3)

    async def c(name):
        i = await b.wait()
        L("pass", name, i)
    ta, tb = create_task(c("a")), create_task(c("b"))
    await sleep(0)
    L("waiting", b.n_waiting)
    ta.cancel()
    await sleep(0.01)
    L("waiting", b.n_waiting, outcome(ta))
    tc, td = create_task(c("c")), create_task(c("d"))
    await sleep(0.01)
    L(outcome(tb), outcome(tc), outcome(td), b.n_waiting)


@case
async def barrier_cancel_blocked(L):
    # Cancelled while blocked by a drain: it never enters the round.
    b = Barrier(2)

    async def c(name):
        i = await b.wait()
        L("pass", name, i)
    ts = [create_task(c(n)) for n in "abc"]
    await sleep(0)
    ts[2].cancel()
    await sleep(0.01)
    L(*[outcome(t) for t in ts], b.n_waiting)


if __name__ == "__main__":
    run_cases(CASES)
