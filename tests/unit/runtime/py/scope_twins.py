"""scope_twins.py — the asyncio programs that test_scope.ac mirrors: task
groups, timeout scopes and the semantics fixes of issue 12 item 7.

Each case prints one line "name: token token ..."; the C test of the same
name asserts that its log is that line (rt_assert_twin), and tests/runtime.mk
runs this file at test time, so the C tests are checked against the Python
that is installed (3.11; scope_twins.out is the output kept for reading).
The loop is rt_torture's virtual-clock loop (time jumps to the next timer
when nothing is ready; equal deadlines fire in creation order), as the C
tests run on libacrt's virtual clock.  Tasks are pure-Python tasks whose
uncancel() is asyncio 3.13's (the last uncancel also clears a cancellation
not yet delivered), as libacrt's is.

Run: python3 scope_twins.py
"""
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "rt_torture"))
from twin import VLoop  # noqa: E402

LOG = []
CASES = []


def log(*a):
    LOG.append(" ".join(str(x) for x in a))


def case(fn):
    CASES.append(fn)
    return fn


def now():
    """Loop time in milliseconds, as the C tests print it."""
    return "%gms" % round(asyncio.get_running_loop().time() * 1000, 3)


class Fail(Exception):
    """A child's error: libacrt's negative codes, named as ac_err_name."""

    def __init__(self, name):
        super().__init__(name)
        self.name = name


def name_of(exc):
    if exc is None:
        return "0"
    if isinstance(exc, asyncio.CancelledError):
        return "ECANCELED"
    if isinstance(exc, TimeoutError):
        return "ETIMEDOUT"
    if isinstance(exc, BaseExceptionGroup):
        return "EGROUP"
    return exc.name


def outcome(t):
    if t.cancelled():
        return "ECANCELED"
    return name_of(t.exception())


class Task313(asyncio.tasks._PyTask):
    def uncancel(self):
        n = super().uncancel()
        if n == 0:
            self._must_cancel = False
        return n


async def join(t):
    """ac_task_join: t's outcome as a code; the joiner's own cancellation
    (its cancelling() went up while it waited) is raised."""
    cur = asyncio.current_task()
    before = cur.cancelling()
    try:
        await t
        return "0"
    except BaseException as exc:
        if isinstance(exc, asyncio.CancelledError) and \
                cur.cancelling() > before:
            raise
        return name_of(exc)


# ---- issue 12 item 7 ----------------------------------------------------------

@case
async def self_cancel_then_return():
    async def body():
        log("cancel", asyncio.current_task().cancel())
        log("returns")
        return 5

    t = asyncio.create_task(body())
    log("join", await join(t))
    log("cancelled", t.cancelled())


@case
async def cancel_of_a_joining_task_is_raised():
    async def long():
        await asyncio.sleep(5)
        return 1

    async def worker():
        h = asyncio.create_task(long())
        e = await join(h)
        log("worker-goes-on", e)
        return 2

    w = asyncio.create_task(worker())
    try:
        await asyncio.wait_for(w, 0.1)
    except BaseException as exc:
        log(name_of(exc), now())
    log("worker", outcome(w))


@case
async def remove_done_callback_removes_all():
    f = asyncio.get_running_loop().create_future()
    f.add_done_callback(lambda _: log("A"))
    a = f._callbacks[0][0]
    f.add_done_callback(lambda _: log("B"))
    f.add_done_callback(a)
    log("removed", f.remove_done_callback(a))
    log("again", f.remove_done_callback(a))
    f.set_result(None)
    await asyncio.sleep(0)
    log("end")


@case
async def gather_failed_by_a_cancelled_child():
    async def child(i, d):
        await asyncio.sleep(d)
        log("child", i, "done", now())
        return i

    c1 = asyncio.create_task(child(1, 0.1))
    c2 = asyncio.create_task(child(2, 1))

    async def waiter():
        await asyncio.gather(c1, c2)
        log("not reached")

    w = asyncio.create_task(waiter())
    await asyncio.sleep(0.05)
    c2.cancel()
    log("waiter", await join(w), now())
    log("waiter-cancelling", w.cancelling())
    await asyncio.sleep(0.1)
    log("c1", outcome(c1), "c2", outcome(c2))


def main():
    only = sys.argv[1:]
    for fn in CASES:
        if only and fn.__name__ not in only:
            continue
        LOG.clear()
        loop = VLoop()
        loop.set_task_factory(lambda l, c, **kw: Task313(c, loop=l, **kw))
        asyncio.set_event_loop(loop)
        loop.run_until_complete(fn())
        loop.close()
        print(f"{fn.__name__}: {' '.join(LOG)}")


if __name__ == "__main__":
    main()
