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
not yet delivered), as libacrt's is, and task groups cancel their children
in creation order (OrderedSet below), as libacrt's do.

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


class OrderedSet(dict):
    """TaskGroup's set of tasks in creation order: asyncio cancels them in
    set order (an accident of hashing), libacrt in creation order."""

    def add(self, x):
        self[x] = None

    def discard(self, x):
        self.pop(x, None)


_tg_init = asyncio.TaskGroup.__init__


def _tg_ordered_init(self):
    _tg_init(self)
    self._tasks = OrderedSet()


asyncio.TaskGroup.__init__ = _tg_ordered_init


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


@case
async def uncancel_withdraws_an_undelivered_cancel():
    t = asyncio.current_task()
    log("cancel", t.cancel(), t.cancelling())
    log("uncancel", t.uncancel())
    await asyncio.sleep(0)
    log("not cancelled")


# ---- task groups (ports of CPython's test_taskgroups.py) -------------------------
#
# C names the codes: a child's error is UV_ECONNREFUSED ("crash", the tests'
# ZeroDivisionError), UV_EPIPE (MyExc), UV_EIO (ValueError); EGROUP is the
# ExceptionGroup, whose list is logged as "errors CODE...".

async def catch(aw):
    """try: await aw, the outcome as a code."""
    try:
        await aw
        return "0"
    except BaseException as exc:
        if isinstance(exc, BaseExceptionGroup):
            log("errors", *[name_of(e) for e in exc.exceptions])
        return name_of(exc)


async def sleep_ret(d, v):
    await asyncio.sleep(d)
    return v


async def crash_after(d, code="ECONNREFUSED"):
    await asyncio.sleep(d)
    raise Fail(code)


async def logged_sleep(tag, d):
    """Sleeps d; logs "tag-cancelled" when cancelled."""
    try:
        await asyncio.sleep(d)
    except asyncio.CancelledError:
        log(tag + "-cancelled", now())
        raise
    log(tag + "-done", now())


async def cancelled_after(coro, d):
    """Runs coro as a task, cancels it after d seconds, returns its
    outcome."""
    r = asyncio.create_task(coro)
    await asyncio.sleep(d)
    r.cancel()
    return await catch(r)


@case
async def tg_results_after_the_scope():   # test_taskgroup_01, _02
    async with asyncio.TaskGroup() as g:
        t1 = g.create_task(sleep_ret(0.1, 42))
        await asyncio.sleep(0.15)
        t2 = g.create_task(sleep_ret(0.2, 11))
        log("body-end", now(), len(g._tasks))
    log("exit", now(), t1.result(), t2.result())


@case
async def tg_cancelled_child_is_not_an_error():   # test_taskgroup_03
    async with asyncio.TaskGroup() as g:
        t1 = g.create_task(sleep_ret(1, 42))
        await asyncio.sleep(0.15)
        t1.cancel()
        t2 = g.create_task(sleep_ret(0.2, 11))
    log("exit", now(), outcome(t1), t2.result())


@case
async def tg_child_error_cancels_siblings_and_body():  # _04, cancel_children
    async def runner():
        async with asyncio.TaskGroup() as g:
            g.create_task(crash_after(0.1))
            g.create_task(crash_after(0.1))
            g.create_task(logged_sleep("t2", 5))
            await logged_sleep("body", 10)
        log("not reached")

    log("runner", await catch(runner()), now())
    log("cancelling", asyncio.current_task().cancelling())


@case
async def tg_outside_cancel_stays_a_cancellation():  # test_cancellation, _07
    async def runner():
        async with asyncio.TaskGroup() as g:
            for i in range(3):
                g.create_task(logged_sleep("c%d" % i, 5))
            await logged_sleep("body", 10)

    r = asyncio.create_task(runner())
    await asyncio.sleep(0.1)
    r.cancel()
    log("runner", await join(r), now(), r.cancelling())


@case
async def tg_outside_cancel_while_exit_waits():  # test_taskgroup_22, _17
    async def runner():
        async with asyncio.TaskGroup() as g:
            g.create_task(logged_sleep("c1", 1))
            g.create_task(logged_sleep("c2", 2))

    log("runner", await cancelled_after(runner(), 0.05), now())


@case
async def tg_cancel_as_children_fail():  # test_cancellation_in_body
    async def runner():
        async with asyncio.TaskGroup() as g:
            for i in range(3):
                g.create_task(crash_after(0.1))
            await logged_sleep("body", 10)

    log("runner", await cancelled_after(runner(), 0.1), now())


@case
async def tg_body_error_cancels_children():  # test_taskgroup_09, _10
    async def runner(d):
        async with asyncio.TaskGroup() as g:
            g.create_task(logged_sleep("t1", 1))
            g.create_task(logged_sleep("t2", 2))
            if d:
                await asyncio.sleep(d)
            raise Fail("EPIPE")

    log("runner", await catch(runner(0.1)), now())
    log("runner", await catch(runner(0)), now())


@case
async def tg_nested_groups_outside_cancel():  # test_taskgroup_11, _12
    async def runner():
        async with asyncio.TaskGroup() as g1:
            g1.create_task(logged_sleep("g1c", 10))
            async with asyncio.TaskGroup() as g2:
                for i in range(2):
                    g2.create_task(crash_after(0.1))
                await logged_sleep("body", 10)

    log("runner", await cancelled_after(runner(), 0.1), now())


@case
async def tg_nested_groups_crash():  # test_taskgroup_13, _14
    async def runner(outer, inner):
        async with asyncio.TaskGroup() as g1:
            g1.create_task(crash_after(outer, "EIO"))
            async with asyncio.TaskGroup() as g2:
                g2.create_task(crash_after(inner, "EIO"))

    log("outer-first", await catch(runner(0.1, 10)), now())
    log("inner-first", await catch(runner(10, 0.1)), now())


@case
async def tg_body_handles_cancel_slowly():  # test_taskgroup_15, _18
    async def runner(reraise):
        async with asyncio.TaskGroup() as g:
            g.create_task(crash_after(0.3))
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                log("body-cancelled", now())
                await asyncio.sleep(0.5)
                if reraise:
                    raise
                raise Fail("EPIPE")

    log("runner", await cancelled_after(runner(True), 0.1), now())
    log("runner", await catch(runner(False)), now())


@case
async def tg_children_start_children():  # test_taskgroup_23, _24, _25
    n = 0

    async def hydra(g):
        nonlocal n
        n += 1
        await asyncio.sleep(0.01)
        g.create_task(hydra(g))
        g.create_task(hydra(g))

    async def hercules():
        while n < 10:
            await asyncio.sleep(0.015)
        raise Fail("ECONNREFUSED")

    async def runner():
        async with asyncio.TaskGroup() as g:
            g.create_task(hydra(g))
            g.create_task(hercules())

    log("runner", await catch(runner()), now(), n)


@case
async def tg_create_task_while_shutting_down():
    async def late(g):
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            coro = sleep_ret(1, 1)
            try:
                g.create_task(coro)
            except RuntimeError:
                coro.close()
                log("refused", now())
            raise

    async def runner():
        async with asyncio.TaskGroup() as g:
            g.create_task(late(g))
            g.create_task(crash_after(0.1))

    log("runner", await catch(runner()), now())


# ---- timeout scopes (ports of CPython's test_timeouts.py) ------------------------
#
# Cases where 3.11's Timeout differs from 3.12's (which compares
# uncancel() with the count when the scope began, as libacrt does: nested
# scopes expiring together, a scope opened while a cancellation is being
# handled) are C-only tests in test_scope.ac.

def when(cm):
    w = cm.when()
    return "None" if w is None else "%gms" % round(w * 1000, 3)


@case
async def tm_basic():  # test_timeout_basic, test_waiter_cancelled
    async def body():
        async with asyncio.timeout(0.01) as cm:
            body.cm = cm
            await logged_sleep("body", 10)

    log("scope", await catch(body()), now(), body.cm.expired(), when(body.cm))


@case
async def tm_at_and_nested():  # test_timeout_at_basic, test_nested_timeouts
    loop = asyncio.get_running_loop()

    async def body():
        deadline = loop.time() + 0.01
        async with asyncio.timeout_at(deadline) as cm1:
            body.cm1 = cm1
            inner = None

            async def nested():
                nonlocal inner
                async with asyncio.timeout_at(deadline) as cm2:
                    inner = cm2
                    await asyncio.sleep(10)

            log("inner", await catch(nested()), now())
            body.cm2 = inner
            raise asyncio.CancelledError  # what the inner scope let through

    log("scope", await catch(body()), now(), body.cm1.expired(),
        body.cm2.expired(), when(body.cm1))


@case
async def tm_not_expired():  # test_timeout_not_called, _disabled, _at_disabled
    async with asyncio.timeout(10) as cm:
        await asyncio.sleep(0.01)
    log("ten", now(), cm.expired(), when(cm))
    async with asyncio.timeout(None) as cm:
        await asyncio.sleep(0.01)
    log("none", now(), cm.expired(), when(cm))
    async with asyncio.timeout_at(None) as cm:
        await asyncio.sleep(0.01)
    log("at-none", now(), cm.expired(), when(cm))


@case
async def tm_zero_and_past():  # test_timeout_zero, _zero_sleep_zero, _in_the_past
    for d, s in ((0, 10), (0, 0), (-11, 0)):
        async def body():
            async with asyncio.timeout(d) as cm:
                body.cm = cm
                await asyncio.sleep(s)
                log("not reached")

        log(d, s, await catch(body()), now(), body.cm.expired())


@case
async def tm_foreign_errors():  # test_foreign_exception_passed, _on_timeout
    async def passes():
        async with asyncio.timeout(0.01) as cm:
            passes.cm = cm
            raise Fail("EPIPE")

    log("passed", await catch(passes()), passes.cm.expired())

    async def crash():
        try:
            await asyncio.sleep(1)
        finally:
            raise Fail("ECONNREFUSED")

    async def on_timeout():
        async with asyncio.timeout(0.01) as cm:
            on_timeout.cm = cm
            await crash()

    log("on-timeout", await catch(on_timeout()), now(), on_timeout.cm.expired())


@case
async def tm_foreign_cancel():  # test_foreign_cancel_doesnt_timeout_if_not_expired
    async def body():
        async with asyncio.timeout(10) as cm:
            body.cm = cm
            asyncio.current_task().cancel()
            await asyncio.sleep(10)

    log("scope", await catch(body()), now(), body.cm.expired())


@case
async def tm_outer_task_is_not_cancelled():  # test_outer_task_is_not_cancelled
    async def outer():
        async def body():
            async with asyncio.timeout(0.001):
                await asyncio.sleep(10)

        log("scope", await catch(body()), now())
        return 7

    t = asyncio.create_task(outer())
    log("task", await join(t), t.result(), t.cancelling())


@case
async def tm_reschedule():  # test_reschedule
    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    async def f():
        async with asyncio.timeout_at(loop.time() + 10) as cm:
            fut.set_result(cm)
            await logged_sleep("f", 50)

    task = asyncio.create_task(f())
    cm = await fut
    log("when", when(cm))
    cm.reschedule(loop.time() + 30)
    log("when", when(cm))
    cm.reschedule(None)
    log("when", when(cm))
    cm.reschedule(loop.time() + 0.5)
    log("task", await join(task), now(), cm.expired())
    try:
        cm.reschedule(1)
    except RuntimeError:
        log("refused")


@case
async def tm_around_a_task_group():
    async def body():
        async with asyncio.timeout(0.1):
            async with asyncio.TaskGroup() as g:
                g.create_task(logged_sleep("c1", 1))
                g.create_task(logged_sleep("c2", 2))

    log("scope", await catch(body()), now(),
        asyncio.current_task().cancelling())


@case
async def tm_wait_for_inside_a_scope():
    async def body():
        async with asyncio.timeout(1) as cm:
            body.cm = cm
            try:
                await asyncio.wait_for(asyncio.sleep(10), 0.1)
            except TimeoutError:
                log("wait_for", now())
            await asyncio.sleep(10)

    log("scope", await catch(body()), now(), body.cm.expired())


def main(cases=CASES):
    """Runs the cases (those named on the command line, if any), one line
    each; gather_twins.py runs its own with it."""
    only = sys.argv[1:]
    for fn in cases:
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
