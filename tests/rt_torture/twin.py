#!/usr/bin/env python3
"""twin.py — runs rt_torture's scenarios in Python's asyncio and compares
the traces, event by event, with libacrt's.

    python3 tests/rt_torture/twin.py BUILD/tests/rt_torture/rt_torture \
        [--seed S] [--count N] [--old-join] [--old-self-cancel] [--show]
        [--log FILE]

For each seed, `rt_torture --seed S --trace` prints the scenario (the line
format of dump_scenario) and libacrt's trace; this script interprets the
same scenario with asyncio on a loop with a virtual clock (the runtime's:
time jumps to the next timer when nothing is ready; equal deadlines fire
in creation order) and prints the first event where the traces differ.

The interpreter mirrors rt_torture.ac operation by operation.  Where
libacrt's API has no asyncio counterpart, the twin uses the asyncio
construct that libacrt documents as its model:
  - ac_task_join(t): `await t` with the outcome caught (a fresh call runs
    inline); a cancellation of the joining task is raised, as
    docs/runtime.md says (--old-join models libacrt before issue 12 item 7,
    which returned it as AC_ECANCELED).
  - ac_task_uncancel: as asyncio 3.13's, the last uncancel() also clears a
    cancellation not yet delivered.
  - a task that returns with a cancellation pending ends cancelled, as in
    asyncio (--old-self-cancel: libacrt before issue 12 item 7).
  - ac_as_completed_next returns the finished task itself (asyncio 3.11's
    as_completed returns its result): a small iterator over done callbacks.
  - ac_wait with the same task twice counts it twice (asyncio takes a set).
"""
import asyncio
import collections
import functools
import heapq
import itertools
import subprocess
import sys
import warnings

ECANCELED, ETIMEDOUT, EINVAL, EINVALSTATE = -125, -110, -22, -30004
NODE_ERR, FUT_ERR = -200000, -300000
OPS = ["sleep", "spawn", "await", "join", "call", "gather", "wait",
       "wait_for", "shield", "as_completed", "cancel", "raise", "future",
       "await_future", "cancel_future", "timer_cancel", "done_callback",
       "deep", "dump", "soon", "uncancel"]
F_JOINED, F_ARRAYS, F_ERRORS, F_RESULTS, F_REMOVE, F_CONTAIN, F_NOREF = \
    1, 2, 4, 8, 16, 32, 64


class Err(Exception):
    """An error code raised by a node or given to a future."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def code_of(exc):
    if exc is None:
        return 0
    if isinstance(exc, asyncio.CancelledError):
        return ECANCELED
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        return ETIMEDOUT
    if isinstance(exc, Err):
        return exc.code
    if isinstance(exc, ValueError):
        return EINVAL
    raise exc


def fut_cancel(fu):
    """ac_future_cancel: asyncio's cancel() of a future that already
    failed marks its error retrieved; libacrt's does not."""
    return 0 if fu.done() else int(fu.cancel())


def peek_err(t):
    """The outcome of a done task, without retrieving its error."""
    if t.cancelled():
        return ECANCELED
    return code_of(t._exception)


def task_err(t):
    if t.cancelled():
        return ECANCELED
    return code_of(t.exception())


# ---- the loop: the runtime's virtual clock and timer order -------------------

class SeqTimer(asyncio.TimerHandle):
    __slots__ = ("seq",)

    def __lt__(self, other):
        return (self._when, self.seq) < (other._when, other.seq)


class VLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__()
        self.vtime = 0.0
        self.seq = itertools.count()

    def time(self):
        return self.vtime

    def call_at(self, when, callback, *args, context=None):
        t = SeqTimer(when, callback, args, self, context)
        t.seq = next(self.seq)
        heapq.heappush(self._scheduled, t)
        t._scheduled = True
        return t

    def _run_once(self):
        sched = self._scheduled
        while sched and sched[0]._cancelled:
            self._timer_cancelled_count -= 1
            heapq.heappop(sched)._scheduled = False
        if not self._ready and sched:
            self.vtime = max(self.vtime, sched[0]._when)
        while sched and sched[0]._when <= self.vtime:
            h = heapq.heappop(sched)
            h._scheduled = False
            if h._cancelled:
                self._timer_cancelled_count -= 1
                continue
            self._ready.append(h)
        for _ in range(len(self._ready)):
            h = self._ready.popleft()
            if not h._cancelled:
                h._run()


# ---- the scenario ----------------------------------------------------------------

class Op:
    def __init__(self, f):
        self.kind = OPS.index(f[1])
        self.a, self.n, self.flags, self.rw = map(int, f[2:6])
        self.d = float(f[6])
        self.kids = [(int(f[7 + 2 * i]), int(f[8 + 2 * i]))
                     for i in range(self.n)]


def parse(lines):
    it = iter(lines)
    sc = None
    for line in it:
        f = line.split()
        if f and f[0] == "scenario":
            sc = {"nnodes": int(f[2]), "nfuts": int(f[3]),
                  "leftovers": int(f[4]), "cancels": [], "nodes": []}
            break
    for line in it:
        f = line.split()
        if f[0] == "end":
            break
        if f[0] == "cancel":
            sc["cancels"].append((int(f[1]), float(f[2])))
        elif f[0] == "node":
            sc["nodes"].append([])
        elif f[0] == "op":
            sc["nodes"][-1].append(Op(f))
    rest = list(it)
    return (sc, [l for l in rest if l[:1].isdigit()],
            sorted(l[2:] for l in rest if l.startswith("R ")))


class RtTask(asyncio.tasks._PyTask):
    """A pure-Python task (its _must_cancel can be cleared) that notes
    whether a step began with a cancellation pending (libacrt then raises
    it at the frame where the task waits)."""
    rt_raise = False
    rt_root = None

    def _Task__step(self, exc=None):
        self.rt_raise = self._must_cancel
        return super()._Task__step(exc)

    def _Task__wakeup(self, future):
        # asyncio's wake-up retrieves the awaited outcome even when a
        # cancellation that arrived meanwhile is what the task then sees;
        # libacrt leaves that error unretrieved (and so reports it) rather
        # than lose it silently.
        keep = (self._must_cancel and future.done() and
                not future.cancelled() and
                getattr(future, "_Future__log_traceback", False))
        super()._Task__wakeup(future)
        if keep:
            future._Future__log_traceback = True

    def uncancel(self):
        # asyncio 3.13 (libacrt too): the last uncancel() withdraws a
        # cancellation that was not delivered yet.
        n = super().uncancel()
        if n == 0:
            self._must_cancel = False
        return n

    def cancel(self, msg=None):
        # asyncio's cancel() of a task that already failed marks its error
        # retrieved; libacrt's ac_task_cancel does not.  Nor does it mark
        # the error of the future the task waits on, when that future has
        # failed and the task's wake-up is still queued: asyncio's
        # Task.cancel() calls the future's cancel(), which marks it
        # retrieved even though the future is done; libacrt's cancel of a
        # done future does not (fut_cancel): the error stays unretrieved,
        # and __wakeup above keeps it so when the task then sees the
        # cancellation instead of the error.
        keep = self.done() and self._Future__log_traceback
        w = self._fut_waiter
        keep_w = (w is not None and w.done() and not w.cancelled() and
                  getattr(w, "_Future__log_traceback", False))
        r = super().cancel(msg)
        if keep:
            self._Future__log_traceback = True
        if keep_w:
            w._Future__log_traceback = True
        return r


class Inline:
    """A fresh call awaited inline (not a task): cancel() does nothing."""

    def __init__(self):
        self.finished = False

    def done(self):
        return self.finished

    def cancel(self):
        return False


class Run:
    def __init__(self, sc, docs_join, runtime_self_cancel):
        self.sc = sc
        self.docs_join = docs_join
        self.runtime_self_cancel = runtime_self_cancel
        self.loop = VLoop()
        self.coro_node = {}  # fresh calls handed to gather, by node id
        self.loop.set_task_factory(self.factory)
        n = sc["nnodes"]
        self.task = [None] * n
        self.inline = {}   # node id -> Inline entry
        self.pub = [False] * n
        self.fut = [None] * sc["nfuts"]
        self.trace = []
        self.ntmrs = 0
        self.detached = set()
        self.all_tasks = []
        self.finished = False
        self.observed = []  # libacrt: a done callback observes the error

    def ev(self, what, id, a, b):
        if self.finished:  # coroutines closed by the garbage collector
            return
        us = round(self.loop.time() * 1e6)
        self.trace.append("%d %d %s %d %d" % (us, id, what, a, b))

    def entry(self, k):
        t = self.task[k]
        return t

    # -- the node interpreter
    async def node(self, id):
        self.ev("start", id, 0, 0)
        reason = 0
        try:
            for pc, op in enumerate(self.sc["nodes"][id]):
                self.ev(OPS[op.kind], id, pc, op.a)
                if (op.flags & F_CONTAIN and
                        not (op.kind == OPS.index("await_future") and
                             (op.a < 0 or self.fut[op.a] is None))):
                    coro = self.op_call_of(id, op)
                    if coro is not None:
                        await self.contained(id, op, coro)
                        continue
                await self.op(id, pc, op)
            if self.runtime_self_cancel:
                cur = asyncio.current_task()
                if getattr(cur, "rt_root", None) == id:
                    # libacrt before issue 12 item 7 ended a task that
                    # returned with a cancellation pending with its result
                    # (--old-self-cancel); asyncio ends it cancelled.
                    cur._must_cancel = False
            return id * 10 + 1
        except BaseException as exc:
            reason = code_of(exc)
            raise
        finally:
            if id in self.inline:
                self.inline[id].finished = True
            self.ev("end", id, reason, 0)

    def op_call_of(self, id, op):
        k = OPS[op.kind]
        if k == "call":
            return self.node(op.a)
        if k == "gather":
            return self.op_gather(id, op)
        if k == "wait":
            return self.op_wait(id, op)
        if k == "wait_for":
            return self.op_wait_for(id, op)
        if k == "shield":
            return self.op_shield(id, op)
        if k == "as_completed":
            return self.op_asc(id, op)
        if k == "await_future":
            return self.op_fut_await(id, op)
        return None

    async def join(self, aw):
        """ac_task_join: the outcome of aw as an error code."""
        cur = asyncio.current_task()
        before = cur.cancelling()
        try:
            await aw
            return 0
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                if self.docs_join and cur.cancelling() > before:
                    raise
                # libacrt: a cancellation that reaches the joiner while it
                # waits cancels the joined task and comes back as its
                # outcome; one that arrives after the joined task ended
                # (the joiner already woken) is raised.
                pending, cur.rt_raise = cur.rt_raise, False
                if asyncio.isfuture(aw) and pending:
                    raise
            return code_of(exc)

    async def contained(self, id, op, coro):
        cur = asyncio.current_task()
        before = cur.cancelling()
        try:
            await coro
            e = 0
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                if self.docs_join and cur.cancelling() > before:
                    raise
                cur.rt_raise = False  # consumed here
            e = code_of(exc)
        self.ev("contained", id, op.kind, e)

    def factory(self, loop, coro, **kw):
        t = RtTask(coro, loop=loop, **kw)
        self.all_tasks.append(t)
        k, keep = self.coro_node.pop(coro, (None, False))
        if k is not None:  # a fresh call that gather scheduled
            t.set_name("n%d" % k)
            t.rt_root = k
            if keep:
                self.task[k] = t
        return t

    def spawn(self, k):
        t = self.loop.create_task(self.node(k), name="n%d" % k)
        t.rt_root = k
        return t

    def make_kids(self, op, schedule=True, coros=False):
        arr, ids = [], []
        for k, fresh in op.kids:
            keep = not op.flags & F_NOREF
            if fresh and coros:  # gather schedules them (ensure_future)
                t = self.node(k)
                self.coro_node[t] = (k, keep)
                arr.append(t)
                ids.append(k)
            elif fresh:
                if schedule:
                    t = self.spawn(k)
                else:
                    t = self.node(k)
                    self.inline[k] = Inline()
                if keep:
                    self.task[k] = t if schedule else self.inline[k]
                arr.append(t)
                ids.append(k)
            elif k >= 0 and self.pub[k]:
                arr.append(self.task[k])
                ids.append(k)
        return arr, ids

    async def op(self, id, pc, op):
        k = OPS[op.kind]
        if k == "sleep":
            await asyncio.sleep(op.d if op.d > 0 else 0)
        elif k == "await":
            if op.a >= 0 and self.pub[op.a]:
                r = await self.task[op.a]
                self.ev("await-ok", id, op.a, r)
        elif k == "join":
            if op.a >= 0 and self.pub[op.a]:
                e = await self.join(self.task[op.a])
                self.ev("join", id, op.a, e)
        elif k == "call":
            r = await self.node(op.a)
            self.ev("call-ok", id, op.a, r)
        elif k == "gather":
            await self.op_gather(id, op)
        elif k == "wait":
            await self.op_wait(id, op)
        elif k == "wait_for":
            await self.op_wait_for(id, op)
        elif k == "shield":
            await self.op_shield(id, op)
        elif k == "as_completed":
            await self.op_asc(id, op)
        elif k == "raise":
            raise Err(NODE_ERR - id)
        elif k == "await_future":
            if op.a >= 0 and self.fut[op.a] is not None:
                await self.op_fut_await(id, op)
        elif k == "deep":
            r = await self.deep(op.a, op.d)
            self.ev("deep-ok", id, op.a, r)
        else:
            self.op_now(id, op)

    async def op_gather(self, id, op):
        # libacrt's gather schedules fresh calls as it meets them, as
        # asyncio's does: hand it the coroutines.
        arr, ids = self.make_kids(op, coros=True)
        rx = bool(op.flags & F_ERRORS)
        res = await asyncio.gather(*arr, return_exceptions=rx)
        nf = sum(isinstance(r, BaseException) for r in res) if rx else 0
        self.ev("gather", id, len(arr), nf)

    async def op_wait(self, id, op):
        arr, ids = self.make_kids(op)
        if not arr:
            raise ValueError("empty wait")
        rw = {1: asyncio.FIRST_COMPLETED, 2: asyncio.FIRST_EXCEPTION,
              3: asyncio.ALL_COMPLETED}[op.rw]
        done, pending = await rt_wait(
            arr, None if op.d < 0 else op.d, rw, self.loop)
        nd = sum(t in done for t in arr)
        np = len(arr) - nd
        self.ev("wait", id, nd, nd * 10 + np)

    async def op_wait_for(self, id, op):
        arr, ids = self.make_kids(op, schedule=op.d >= 0)
        if not arr:
            return
        timeout = None if op.d < 0 else op.d
        if not op.flags & F_JOINED:
            await asyncio.wait_for(arr[0], timeout)
            return
        e = await self.join(asyncio.wait_for(arr[0], timeout))
        self.ev("wait_for", id, ids[0], e)

    async def op_shield(self, id, op):
        arr, ids = self.make_kids(op)
        if arr:
            await asyncio.shield(arr[0])

    async def op_asc(self, id, op):
        arr, ids = self.make_kids(op)
        it = AsCompleted(self.loop, arr, op.d)
        try:
            for _ in range(len(arr)):
                t = await it.next()
                j = arr.index(t)
                self.ev("as_completed", id, ids[j],
                        peek_err(t) if t.done() else 1)
        finally:
            it.free()

    async def op_fut_await(self, id, op):
        r = await self.fut[op.a]
        self.ev("future-ok", id, op.a, r)

    async def deep(self, n, d):
        if n == 0:
            await asyncio.sleep(d if d > 0 else 0)
            return 0
        return 1 + await self.deep(n - 1, d)

    def op_now(self, id, op):
        k = OPS[op.kind]
        if k == "spawn":
            t = self.spawn(op.a)
            self.detached.add(t)  # (asyncio keeps weak references only)
            if op.flags & F_NOREF:
                return
            self.task[op.a] = t
            self.pub[op.a] = True
        elif k == "cancel":
            if (op.a >= 0 and self.task[op.a] is not None and
                    self.task[op.a] is not asyncio.current_task()):
                self.ev("cancel", id, op.a, int(self.task[op.a].cancel()))
                self.ev_cancelling(id, op.a)
        elif k == "uncancel":
            t = self.task[op.a] if op.a >= 0 else None
            if t is not None and not isinstance(t, Inline):
                self.ev("uncancel", id, op.a, t.uncancel())
        elif k == "future":
            # Pure-Python: its "never retrieved" flag can be set again.
            self.fut[op.a] = asyncio.futures._PyFuture(loop=self.loop)
            self.handle(self.loop.call_later(op.d if op.d > 0 else 0,
                                             self.fut_fire, op.a, op.rw), 0)
        elif k == "cancel_future":
            if op.a >= 0 and self.fut[op.a] is not None:
                self.ev("cancel-future", id, op.a, fut_cancel(self.fut[op.a]))
        elif k == "timer_cancel":
            self.handle(self.loop.call_later(op.d if op.d > 0 else 0,
                                             self.cancel_fire, op.a),
                        op.flags & F_REMOVE)
        elif k == "soon":
            self.handle(self.loop.call_soon(self.soon_fire, self.ntmrs),
                        op.flags & F_REMOVE)
        elif k == "done_callback":
            self.op_done_cb(id, op)

    def op_done_cb(self, id, op):
        if op.rw:
            t = self.fut[op.a] if op.a >= 0 else None
        else:
            t = self.task[op.a] if op.a >= 0 and self.pub[op.a] else None
        if t is None:
            return
        idx = self.ndcbs = getattr(self, "ndcbs", 0) + 1
        cb = functools.partial(self.dcb_run, idx - 1)
        t.add_done_callback(cb)
        self.observed.append(t)
        removed = 0
        if op.flags & F_REMOVE:
            removed = min(1, t.remove_done_callback(cb))
        self.ev("add-callback", id, op.a, removed)

    def ev_cancelling(self, id, k):
        t = self.task[k]
        self.ev("cancelling", id, k,
                -1 if isinstance(t, Inline) else t.cancelling())

    def handle(self, h, cancel):
        """Numbers the harness callbacks as rt_torture does."""
        if cancel:
            h.cancel()
            self.ev("handle-cancel", -1, self.ntmrs, 0)
        self.ntmrs += 1

    def soon_fire(self, idx):
        self.ev("soon", -1, idx, 0)

    def dcb_run(self, idx, t):
        self.ev("done-callback", -1, idx, task_err(t))

    def fut_fire(self, f, outcome):
        fu = self.fut[f]
        if outcome == 2:
            rc = fut_cancel(fu)
        elif fu.done():
            rc = EINVALSTATE
        elif outcome == 0:
            fu.set_result(5000 + f)
            rc = 0
        else:
            fu.set_exception(Err(FUT_ERR - f))
            rc = 0
        self.ev("future-set", -1, f, rc)

    def cancel_fire(self, k):
        if k >= 0 and self.task[k] is not None:
            self.ev("timer-cancel", -1, k, int(self.task[k].cancel()))
            self.ev_cancelling(-1, k)

    def reports(self):
        """The errors asyncio reports as never retrieved when their task
        or future is freed (read from the flag it reports them by, rather
        than from the garbage collector, whose timing varies), sorted."""
        out = []
        for t in self.all_tasks + [f for f in self.fut if f is not None]:
            if (t.done() and not t.cancelled() and t._log_traceback and
                    not any(t is o for o in self.observed)):
                out.append(t.get_name() if hasattr(t, "get_name")
                           else "future")
        return sorted(out)

    def run(self):
        loop = self.loop
        asyncio.set_event_loop(loop)
        loop.set_exception_handler(lambda l, c: None)
        for k, d in self.sc["cancels"]:
            self.handle(loop.call_later(d if d > 0 else 0, self.cancel_fire,
                                        k), 0)
        main = self.spawn(0)
        self.task[0] = main
        try:
            loop.run_until_complete(main)
            rc = 0
        except BaseException as exc:
            rc = code_of(exc)
        self.ev("main", 0, rc, 0)
        if self.sc["leftovers"] == 2:
            # Left to ac_loop_close, which has no asyncio counterpart with
            # a deterministic order (asyncio.run cancels a set of tasks):
            # the traces are compared up to here.
            self.ev("close", -1, 0, 0)
            loop.close()
            self.finished = True
            return self.trace
        if self.sc["leftovers"]:
            for k, t in enumerate(self.task):
                if t is not None and not t.done():
                    self.ev("cancel-left", -1, k, int(t.cancel()))
        loop.run_until_complete(asyncio.sleep(1e6))
        self.ev("released", -1, 0, 0)
        loop.close()
        self.finished = True
        return self.trace


async def rt_wait(fs, timeout, return_when, loop):
    """asyncio 3.11's wait() (tasks._wait), except that FIRST_EXCEPTION
    looks at an error without marking it retrieved, as libacrt's does."""
    fs = list(dict.fromkeys(fs))
    waiter = loop.create_future()
    timeout_handle = None
    if timeout is not None:
        timeout_handle = loop.call_later(timeout, asyncio.tasks._release_waiter,
                                         waiter)
    counter = len(fs)

    def _on_completion(f):
        nonlocal counter
        counter -= 1
        if (counter <= 0 or
            return_when == asyncio.FIRST_COMPLETED or
            return_when == asyncio.FIRST_EXCEPTION and (
                not f.cancelled() and f._exception is not None)):
            if timeout_handle is not None:
                timeout_handle.cancel()
            if not waiter.done():
                waiter.set_result(None)

    for f in fs:
        f.add_done_callback(_on_completion)
    try:
        await waiter
    finally:
        if timeout_handle is not None:
            timeout_handle.cancel()
        for f in fs:
            f.remove_done_callback(_on_completion)
    done = {f for f in fs if f.done()}
    return done, set(fs) - done


class AsCompleted:
    """libacrt's as_completed: hands back the tasks in completion order."""

    def __init__(self, loop, tasks, timeout):
        self.n = len(tasks)
        self.order = collections.deque()
        self.handed = 0
        self.timed_out = False
        self.waiter = None
        self.tasks = tasks
        self.timer = None
        for t in tasks:
            t.add_done_callback(self.on_done)
        if self.n and timeout >= 0:
            self.timer = loop.call_later(timeout, self.on_timeout)

    def wake(self):
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)
        self.waiter = None

    def on_done(self, t):
        if self.timed_out:  # asyncio: "_on_timeout() was here first"
            return
        self.order.append(t)
        if len(self.order) + self.handed == self.n and self.timer:
            self.timer.cancel()
            self.timer = None
        self.wake()

    def on_timeout(self):
        self.timer = None
        self.timed_out = True
        for t in self.tasks:
            t.remove_done_callback(self.on_done)
        self.wake()

    async def next(self):
        while True:
            if self.order:
                self.handed += 1
                return self.order.popleft()
            if self.timed_out:
                raise TimeoutError()
            if self.handed == self.n:
                raise ValueError("as_completed: all handed out")
            self.waiter = asyncio.get_running_loop().create_future()
            await self.waiter

    def free(self):
        if self.timer:
            self.timer.cancel()
        for t in self.tasks:
            t.remove_done_callback(self.on_done)


def main():
    args = sys.argv[1:]
    binary = args.pop(0)
    seed, count, docs_join, show, rt_self = 1, 1, True, False, False
    log = None
    while args:
        a = args.pop(0)
        if a == "--seed":
            seed = int(args.pop(0))
        elif a == "--count":
            count = int(args.pop(0))
        elif a == "--old-join":
            docs_join = False
        elif a == "--show":
            show = True
        elif a == "--old-self-cancel":
            rt_self = True
        elif a == "--log":
            log = args.pop(0)
    if sys.version_info[:2] != (3, 11):
        # The virtual loop and the task subclass use asyncio 3.11 internals.
        msg = "skipped: Python %d.%d, the twin needs 3.11" % \
            sys.version_info[:2]
        print("twin: " + msg)
        if log:
            with open(log, "a") as f:
                f.write("[PASS] rt_torture_twin: %s\n" % msg)
        return 0
    def repro(seed):
        return ("  reproduce: python3 %s %s --seed %d --show  (and %s --seed "
                "%d --verbose)" % (sys.argv[0], binary, seed, binary, seed))
    sys.setrecursionlimit(100000)
    warnings.simplefilter("ignore")  # coroutines never awaited, by design
    ndiff = 0
    for s in range(seed, seed + count):
        out = subprocess.run([binary, "--seed", str(s), "--trace"],
                             capture_output=True, text=True).stdout
        sc, ctrace, creports = parse(out.splitlines())
        run = Run(sc, docs_join, rt_self)
        ptrace = run.run()
        preports = run.reports()
        if sc["leftovers"] == 2:
            ctrace = ctrace[:len(ptrace)]
            creports = preports = []  # ac_loop_close's: not compared
        if ctrace == ptrace and creports != preports:
            ndiff += 1
            print("seed %d: errors reported as never retrieved differ:" % s)
            print("   libacrt: %s" % " ".join(creports))
            print("   asyncio: %s" % " ".join(preports))
            print(repro(s))
            continue
        if ctrace != ptrace:
            ndiff += 1
            i = next((i for i, (a, b) in enumerate(zip(ctrace, ptrace))
                      if a != b), min(len(ctrace), len(ptrace)))
            print("seed %d: traces differ at event %d:" % (s, i))
            for j in range(max(0, i - 3), i):
                print("   both:    %s" % ctrace[j])
            print("   libacrt: %s" % (ctrace[i] if i < len(ctrace) else "-"))
            print("   asyncio: %s" % (ptrace[i] if i < len(ptrace) else "-"))
            print(repro(s))
            if show:
                print("\n".join(out.splitlines()[:200]))
    print("twin: %d scenarios, %d differ" % (count, ndiff))
    if log:
        with open(log, "a") as f:
            f.write("[%s] rt_torture_twin: %d scenarios from seed %d, %d "
                    "differ from asyncio\n" % ("FAIL" if ndiff else "PASS",
                                               count, seed, ndiff))
    return 1 if ndiff else 0


if __name__ == "__main__":
    sys.exit(main())
