"""twins.py — the asyncio programs the runtime's cmocka tests mirror.

Each function prints one line "name: token token ..." with the observable
order of events; the C test of the same name asserts the same tokens.
Run: python3 twins.py   (Python 3.11; expected output in twins.out)
"""
import asyncio

LOG = []


def log(*a):
    LOG.append(" ".join(str(x) for x in a))


def case(fn):
    CASES.append(fn)
    return fn


CASES = []


@case
def loop_call_soon_fifo(loop):
    for x in "abc":
        loop.call_soon(log, x)
    loop.call_soon(loop.stop)
    loop.run_forever()


@case
def loop_call_soon_from_callback_next_pass(loop):
    def a():
        log("a")
        loop.call_soon(log, "x")
    loop.call_soon(a)
    loop.call_soon(log, "b")
    loop.call_soon(lambda: loop.call_soon(loop.stop))
    loop.run_forever()


@case
def loop_timers_deadline_order(loop):
    loop.call_later(0.03, log, "A")
    loop.call_later(0.01, log, "B")
    loop.call_later(0.02, log, "C")
    loop.call_later(0.04, loop.stop)
    loop.run_forever()


@case
def loop_equal_deadlines_fifo(loop):
    when = loop.time() + 0.01
    for i in range(5):
        loop.call_at(when, log, i)
    loop.call_at(when + 0.01, loop.stop)
    loop.run_forever()


@case
def loop_handle_cancel(loop):
    loop.call_soon(log, "a")
    h = loop.call_soon(log, "b")
    loop.call_soon(log, "c")
    t = loop.call_later(0.01, log, "T")
    h.cancel()
    t.cancel()
    loop.call_later(0.02, loop.stop)
    loop.run_forever()


@case
def loop_run_until_complete_future(loop):
    fut = loop.create_future()
    def setter():
        log("set")
        fut.set_result(7)
    log("scheduling")
    loop.call_soon(setter)
    log("entering")
    r = loop.run_until_complete(fut)
    log("returned", r)


@case
def task_sleep0_round_robin(loop):
    async def w(name):
        for i in range(3):
            log(name + str(i))
            await asyncio.sleep(0)
    async def main():
        ts = [asyncio.create_task(w(n)) for n in "abc"]
        for t in ts:
            await t
    loop.run_until_complete(main())


@case
def task_create_runs_next_pass(loop):
    async def body():
        log("task")
    async def main():
        t = asyncio.create_task(body())
        loop.call_soon(log, "soon")
        log("main")
        await t
        log("joined")
    loop.run_until_complete(main())


@case
def task_done_callbacks_order(loop):
    async def main():
        fut = loop.create_future()
        fut.add_done_callback(lambda f: log("cb1", f.result()))
        fut.add_done_callback(lambda f: log("cb2", f.result()))
        fut.set_result(5)
        log("after-set")
        await asyncio.sleep(0)
        log("after-yield")
    loop.run_until_complete(main())


@case
def task_cancel_before_start(loop):
    async def body():
        log("body")
    async def main():
        t = asyncio.create_task(body())
        t.cancel()
        try:
            await t
        except asyncio.CancelledError:
            log("caught")
        log(t.cancelled())
    loop.run_until_complete(main())


@case
def task_cancel_while_sleeping(loop):
    async def sleeper():
        try:
            log("sleeping")
            await asyncio.sleep(10)
            log("woke")
        finally:
            log("defer", round(loop.time() - t0))
    async def main():
        t = asyncio.create_task(sleeper())
        await asyncio.sleep(1)
        log("cancel", t.cancel())
        await asyncio.sleep(0)
        log("after", t.cancelled())
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def task_cancel_awaiting_task(loop):
    async def inner():
        try:
            await asyncio.sleep(10)
        finally:
            log("inner-defer")
    async def outer(t):
        try:
            await t
        finally:
            log("outer-defer")
    async def main():
        i = asyncio.create_task(inner())
        o = asyncio.create_task(outer(i))
        await asyncio.sleep(1)
        o.cancel()
        await asyncio.sleep(0)
        log("o", o.cancelled(), "i", i.cancelled())
        await asyncio.sleep(0)
        log("o", o.cancelled(), "i", i.cancelled())
    loop.run_until_complete(main())


@case
def task_cancel_inline_chain(loop):
    async def c():
        try:
            await asyncio.sleep(100)
        finally:
            log("c")
    async def b():
        try:
            await c()
        finally:
            log("b")
    async def a():
        try:
            await b()
        finally:
            log("a")
    async def main():
        t = asyncio.create_task(a())
        await asyncio.sleep(1)
        t.cancel()
        await asyncio.sleep(0)
        log("main", t.cancelled(), round(loop.time() - t0))
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def task_self_cancel_next_await(loop):
    async def body():
        asyncio.current_task().cancel()
        log("still-running")
        try:
            await asyncio.sleep(0)
            log("not-reached")
        finally:
            log("defer")
    async def main():
        t = asyncio.create_task(body())
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        log(t.cancelled())
    loop.run_until_complete(main())


@case
def task_gather_result_order(loop):
    async def phase(i, d):
        await asyncio.sleep(d)
        log("done", i)
        return i * 10
    async def main():
        r = await asyncio.gather(phase(1, 2), phase(2, 1))
        log("results", *r)
    loop.run_until_complete(main())


@case
def gather_first_error_others_continue(loop):
    async def bad():
        await asyncio.sleep(1)
        raise ConnectionRefusedError()
    async def good():
        await asyncio.sleep(2)
        log("good-done")
        return 1
    async def main():
        try:
            await asyncio.gather(good(), bad())
        except ConnectionRefusedError:
            log("gather-failed", round(loop.time() - t0))
        await asyncio.sleep(5)
        log("end")
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def gather_return_exceptions(loop):
    async def bad():
        await asyncio.sleep(1)
        raise ConnectionRefusedError()
    async def good(x):
        await asyncio.sleep(x)
        return x
    async def main():
        r = await asyncio.gather(good(2), bad(), good(0), return_exceptions=True)
        log(*[type(x).__name__ if isinstance(x, BaseException) else x for x in r])
    loop.run_until_complete(main())


@case
def gather_cancel_cancels_children(loop):
    async def child(i):
        try:
            await asyncio.sleep(10)
        finally:
            log("child-defer", i)
    async def waiter(g):
        try:
            await g
        finally:
            log("waiter-defer")
    async def main():
        g = asyncio.gather(child(1), child(2))
        w = asyncio.create_task(waiter(g))
        await asyncio.sleep(1)
        w.cancel()
        for _ in range(4):
            await asyncio.sleep(0)
        log("w", w.cancelled())
    loop.run_until_complete(main())


@case
def wait_all_completed(loop):
    async def phase(i):
        log("in", i)
        await asyncio.sleep(0.1 * i)
        log("done", i)
        return i
    async def main():
        ts = [asyncio.create_task(phase(i)) for i in range(3)]
        done, pending = await asyncio.wait(ts)
        log("done", len(done), "pending", len(pending), round(loop.time() - t0, 1))
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def wait_first_completed(loop):
    async def phase(i):
        await asyncio.sleep(i)
        log("done", i)
    async def main():
        ts = [asyncio.create_task(phase(i)) for i in (3, 1, 2)]
        done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
        log("done", len(done), "pending", len(pending), round(loop.time() - t0))
        await asyncio.wait(ts)
        log("all", round(loop.time() - t0))
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def wait_first_exception(loop):
    async def ok(i):
        await asyncio.sleep(i)
        log("ok", i)
    async def bad():
        await asyncio.sleep(2)
        raise ConnectionRefusedError()
    async def main():
        ts = [asyncio.create_task(ok(1)), asyncio.create_task(bad()), asyncio.create_task(ok(3))]
        done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
        log("done", len(done), "pending", len(pending), round(loop.time() - t0))
        for t in pending:
            t.cancel()
        await asyncio.wait(pending)
        ts[1].exception()
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def wait_timeout_cancels_nothing(loop):
    async def phase(i):
        try:
            await asyncio.sleep(0.1 * i)
            log("done", i)
        finally:
            log("exit", i)
    async def main():
        ts = [asyncio.create_task(phase(i)) for i in range(3)]
        done, pending = await asyncio.wait(ts, timeout=0.15)
        log(len(done), "completed", len(pending), "pending")
        await asyncio.sleep(1)
        log("later", sum(t.done() and not t.cancelled() for t in ts))
    loop.run_until_complete(main())


@case
def wait_first_completed_timeout(loop):
    async def phase(i):
        await asyncio.sleep(i)
    async def main():
        ts = [asyncio.create_task(phase(i)) for i in (5, 6)]
        done, pending = await asyncio.wait(ts, timeout=1, return_when=asyncio.FIRST_COMPLETED)
        log("done", len(done), "pending", len(pending), round(loop.time() - t0))
        for t in ts:
            t.cancel()
        await asyncio.wait(ts)
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def wait_first_exception_timeout(loop):
    async def ok(i):
        await asyncio.sleep(i)
        log("ok", i)
    async def bad():
        await asyncio.sleep(3)
        raise ConnectionRefusedError()
    async def main():
        ts = [asyncio.create_task(ok(1)), asyncio.create_task(bad()), asyncio.create_task(ok(5))]
        done, pending = await asyncio.wait(ts, timeout=2, return_when=asyncio.FIRST_EXCEPTION)
        log("done", len(done), "pending", len(pending), round(loop.time() - t0))
        for t in pending:
            t.cancel()
        await asyncio.wait(pending)
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def as_completed_order(loop):
    async def phase(i):
        await asyncio.sleep(0.5 - 0.1 * i)
        log("phase", i)
        return i
    async def main():
        ts = [asyncio.create_task(phase(i)) for i in range(3)]
        for f in asyncio.as_completed(ts):
            r = await f
            log("got", r)
    loop.run_until_complete(main())


@case
def as_completed_timeout(loop):
    async def phase(i):
        await asyncio.sleep(i)
        return i
    async def main():
        ts = [asyncio.create_task(phase(i)) for i in (1, 5, 3)]
        try:
            for f in asyncio.as_completed(ts, timeout=4):
                log("got", await f)
        except asyncio.TimeoutError:
            log("timeout", round(loop.time() - t0))
        for t in ts:
            t.cancel()
        await asyncio.wait(ts)
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def wait_for_success(loop):
    async def work():
        await asyncio.sleep(1)
        return 42
    async def main():
        r = await asyncio.wait_for(work(), 5)
        log("result", r, round(loop.time() - t0))
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def wait_for_timeout(loop):
    async def work():
        try:
            await asyncio.sleep(10)
        finally:
            log("inner-defer", round(loop.time() - t0))
    async def main():
        try:
            await asyncio.wait_for(work(), 2)
        except asyncio.TimeoutError:
            log("timeout", round(loop.time() - t0))
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def wait_for_outside_cancel(loop):
    async def work():
        try:
            await asyncio.sleep(10)
        finally:
            log("inner-defer")
    async def waiter():
        try:
            await asyncio.wait_for(work(), 5)
        except asyncio.TimeoutError:
            log("timeout")
        finally:
            log("waiter-defer")
    async def main():
        w = asyncio.create_task(waiter())
        await asyncio.sleep(1)
        w.cancel()
        try:
            await w
        except asyncio.CancelledError:
            log("cancelled", round(loop.time() - t0))
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def shield_inner_survives(loop):
    async def work():
        await asyncio.sleep(2)
        log("inner-done")
        return 3
    async def waiter(t):
        try:
            await asyncio.shield(t)
        finally:
            log("waiter-defer")
    async def main():
        i = asyncio.create_task(work())
        w = asyncio.create_task(waiter(i))
        await asyncio.sleep(1)
        w.cancel()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        log("w", w.cancelled(), "i", i.done())
        r = await i
        log("r", r, round(loop.time() - t0))
    t0 = loop.time()
    loop.run_until_complete(main())


@case
def run_cleans_up_leftovers(loop):
    async def forever():
        try:
            await asyncio.sleep(100)
        finally:
            log("leftover-defer")
    async def main():
        asyncio.create_task(forever())
        await asyncio.sleep(0)
        log("main-end")
        return 3
    r = asyncio.run(main())
    log("run", r)


@case
def chain_direct_await_no_suspend(loop):
    async def leaf(x):
        return x + 1
    async def main_a():
        v = 0
        for _ in range(3):
            v = await leaf(v)
        log("a", v)
    async def main_b():
        log("b")
    async def main():
        ta = asyncio.create_task(main_a())
        tb = asyncio.create_task(main_b())
        await ta
        await tb
    loop.run_until_complete(main())


@case
def repr_states(loop):
    async def work():
        await asyncio.sleep(1)
        return 42
    async def main():
        t = asyncio.create_task(work())
        log(repr(t).split(" coro")[0])
        await asyncio.sleep(0)
        t.cancel()
        log(repr(t).split(" coro")[0])
        t2 = asyncio.create_task(work())
        await t2
        log(repr(t2).split(" coro")[0], repr(t2).split("> ")[-1])
        log(repr(t).split(" coro")[0])
    loop.run_until_complete(main())


@case
def gather_later_errors_are_retrieved(loop):
    async def ph(d, exc, post=None):
        await asyncio.sleep(d)
        if post:
            log(post, round(loop.time() - t0))
        raise exc
    async def main():
        try:
            await asyncio.gather(ph(1, ConnectionRefusedError()),
                                 ph(2, ConnectionResetError(), "late"))
        except ConnectionRefusedError:
            log("gather-failed ECONNREFUSED")
        await asyncio.sleep(5)
        log("end")
    # An error nobody retrieved would reach the handler when its task is
    # freed; the gather retrieves the late one.
    loop.set_exception_handler(lambda l, c: log("never-retrieved"))
    t0 = loop.time()
    loop.run_until_complete(main())
    import gc
    gc.collect()


@case
def shield_later_error_is_reported(loop):
    async def work():
        await asyncio.sleep(2)
        log("inner-failed", 3)
        raise ConnectionResetError()
    async def waiter(t):
        try:
            await asyncio.shield(t)
        finally:
            log("waiter-defer")
    async def main():
        i = asyncio.create_task(work())
        w = asyncio.create_task(waiter(i))
        await asyncio.sleep(1)
        w.cancel()
        await asyncio.sleep(3)
        log("end")
    loop.set_exception_handler(lambda l, c: log("never-retrieved"))
    loop.run_until_complete(main())
    import gc
    gc.collect()


@case
def gather_wakes_on_the_pass_of_its_last_callback(loop):
    # a is done before the gather is made, b ends during it: the task
    # awaiting the gather resumes where b's done callback puts it, between
    # two tickers that show the passes.
    async def quick(i):
        log("q", i)
        return i
    async def ticker(name):
        for k in range(3):
            log(name, k)
            await asyncio.sleep(0)
    async def main():
        a = asyncio.ensure_future(quick(1))
        await asyncio.sleep(0)
        c1 = asyncio.ensure_future(ticker("t"))
        b = asyncio.ensure_future(quick(2))
        c2 = asyncio.ensure_future(ticker("u"))
        r = await asyncio.gather(a, b)
        log("gathered", *r)
        await c1
        await c2
    loop.run_until_complete(main())


@case
def loop_sleep_cancelled_after_its_timer_fired(loop):
    async def nap():
        await asyncio.sleep(0.01)
        log("woke")
    t = loop.create_task(nap())
    def cancel_nap():
        log("cb")
        t.cancel()
    loop.call_later(0.01, cancel_nap)
    try:
        loop.run_until_complete(t)
    except asyncio.CancelledError:
        log("nap cancelled")


if __name__ == "__main__":
    for fn in CASES:
        LOG.clear()
        if fn.__name__ == "run_cleans_up_leftovers":
            fn(None)
        else:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            fn(loop)
            loop.close()
        print(f"{fn.__name__}: {' '.join(LOG)}")
