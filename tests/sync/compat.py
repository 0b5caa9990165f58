"""compat.py — asyncio 3.13's Lock/Condition/Semaphore/Queue behaviour on
the Python that runs the twins.

libacrt follows asyncio 3.13 (acrt_sync.h).  Python 3.11, the project's
reference interpreter, lacks Queue.shutdown (3.13) and two later fixes:
a Condition waiter cancelled after its notify passes the notify on
(3.12, gh-112202) and Semaphore's wake-up accounting (3.12, gh-104855).
On Python < 3.13 the classes below add exactly those changes to the
standard ones (re-expressed here from the 3.13 documentation and change
notes); on 3.13+ the standard classes are used as they are.

run_cases runs each case on a loop with libacrt's virtual clock
(VirtualLoop), as the C programs run, so that no order depends on the
machine's speed.
"""
import asyncio
import heapq
import sys

if sys.version_info >= (3, 13):
    Lock, Event, Barrier = asyncio.Lock, asyncio.Event, asyncio.Barrier
    Condition, Semaphore = asyncio.Condition, asyncio.Semaphore
    BoundedSemaphore = asyncio.BoundedSemaphore
    Queue, LifoQueue = asyncio.Queue, asyncio.LifoQueue
    PriorityQueue, QueueShutDown = asyncio.PriorityQueue, asyncio.QueueShutDown
else:
    from asyncio import CancelledError, QueueEmpty, QueueFull

    Lock, Event, Barrier = asyncio.Lock, asyncio.Event, asyncio.Barrier

    class Condition(asyncio.Condition):
        async def wait(self):
            if not self.locked():
                raise RuntimeError("cannot wait on un-acquired lock")
            fut = self._get_loop().create_future()
            self.release()
            try:
                try:
                    self._waiters.append(fut)
                    try:
                        await fut
                        return True
                    finally:
                        self._waiters.remove(fut)
                finally:
                    # The lock is held again however this ends.
                    last = None
                    while True:
                        try:
                            await self.acquire()
                            break
                        except CancelledError as e:
                            last = e
                    if last is not None:
                        raise last
            except BaseException:
                # Maybe notified already: hand the notify to another waiter.
                self._pass_on()
                raise

        def _pass_on(self):
            for fut in self._waiters:
                if not fut.done():
                    fut.set_result(False)
                    break

    class Semaphore(asyncio.Semaphore):
        async def acquire(self):
            if not self.locked():
                self._value -= 1
                return True
            if self._waiters is None:
                import collections
                self._waiters = collections.deque()
            fut = self._get_loop().create_future()
            self._waiters.append(fut)
            try:
                try:
                    await fut
                finally:
                    self._waiters.remove(fut)
            except CancelledError:
                if fut.done() and not fut.cancelled():
                    self._value += 1  # woken, but will not take the unit
                raise
            finally:
                while self._value > 0:
                    if not self._wake_one():
                        break
            return True

        def _wake_one(self):
            for fut in self._waiters or ():
                if not fut.done():
                    self._value -= 1
                    fut.set_result(True)
                    return True
            return False

        def release(self):
            self._value += 1
            self._wake_one()

    class BoundedSemaphore(Semaphore):
        def __init__(self, value=1):
            self._bound_value = value
            super().__init__(value)

        def release(self):
            if self._value >= self._bound_value:
                raise ValueError("BoundedSemaphore released too many times")
            super().release()

    class QueueShutDown(Exception):
        pass

    class Queue(asyncio.Queue):
        _is_shutdown = False

        async def put(self, item):
            while self.full():
                if self._is_shutdown:
                    raise QueueShutDown
                putter = self._get_loop().create_future()
                self._putters.append(putter)
                try:
                    await putter
                except:
                    putter.cancel()
                    if putter in self._putters:
                        self._putters.remove(putter)
                    if not self.full() and not putter.cancelled():
                        self._wakeup_next(self._putters)
                    raise
            return self.put_nowait(item)

        def put_nowait(self, item):
            if self._is_shutdown:
                raise QueueShutDown
            return super().put_nowait(item)

        async def get(self):
            while self.empty():
                if self._is_shutdown:
                    raise QueueShutDown
                getter = self._get_loop().create_future()
                self._getters.append(getter)
                try:
                    await getter
                except:
                    getter.cancel()
                    if getter in self._getters:
                        self._getters.remove(getter)
                    if not self.empty() and not getter.cancelled():
                        self._wakeup_next(self._getters)
                    raise
            return self.get_nowait()

        def get_nowait(self):
            if self.empty() and self._is_shutdown:
                raise QueueShutDown
            return super().get_nowait()

        def shutdown(self, immediate=False):
            self._is_shutdown = True
            if immediate:
                while not self.empty():
                    self._get()
                    if self._unfinished_tasks > 0:
                        self._unfinished_tasks -= 1
                if self._unfinished_tasks == 0:
                    self._finished.set()
            for waiters in (self._getters, self._putters):
                while waiters:
                    w = waiters.popleft()
                    if not w.done():
                        w.set_result(None)

    class LifoQueue(Queue):
        def _init(self, maxsize):
            self._queue = []

        def _put(self, item):
            self._queue.append(item)

        def _get(self):
            return self._queue.pop()

    class PriorityQueue(Queue):
        def _init(self, maxsize):
            self._queue = []

        def _put(self, item):
            heapq.heappush(self._queue, item)

        def _get(self):
            return heapq.heappop(self._queue)

# Python exceptions by the libacrt error names the C twins print.
ERR_NAMES = {
    asyncio.CancelledError: "ECANCELED",
    RuntimeError: "ENOTLOCKED",
    ValueError: "EINVAL",
    asyncio.QueueEmpty: "EQUEUEEMPTY",
    asyncio.QueueFull: "EQUEUEFULL",
    QueueShutDown: "ESHUTDOWN",
    asyncio.BrokenBarrierError: "EBROKEN",
    TimeoutError: "ETIMEDOUT",
}


def outcome(t):
    """A finished task's outcome as the C twins print it."""
    if not t.done():
        return "pending"
    if t.cancelled():
        return "ECANCELED"
    e = t.exception()
    return "OK" if e is None else ERR_NAMES[type(e)]


def err_of(fn, *args):
    """The error name of a plain call (OK if it returns)."""
    try:
        fn(*args)
        return "OK"
    except Exception as e:
        return ERR_NAMES[type(e)]


class VirtualLoop(asyncio.SelectorEventLoop):
    """libacrt's virtual clock (AC_CLOCK=virtual, which the C twins run
    on): when nothing is ready, time jumps to the next timer, so the cases'
    orders never depend on the machine's speed.  No I/O is polled."""

    def __init__(self):
        super().__init__()
        self.vtime = 0.0

    def time(self):
        return self.vtime

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
            else:
                self._ready.append(h)
        for _ in range(len(self._ready)):
            h = self._ready.popleft()
            if not h._cancelled:
                h._run()


def run_cases(cases):
    for fn in cases:
        log = []
        with asyncio.Runner(loop_factory=VirtualLoop) as runner:
            runner.run(fn(lambda *a: log.append(" ".join(str(x) for x in a))))
        print(f"{fn.__name__}: {' '.join(log)}")
