"""gather_twins.py — the asyncio programs that test_gather.ac mirrors:
asyncio.gather of children that end on different passes, with a ticker
task whose "tickN" lines show on which pass (and where in it) the task
awaiting the gather resumes.

Each case prints one line "name: token token ..."; the C test of the same
name asserts that its log is that line (rt_assert_twin), and
tests/runtime.mk runs this file at test time (gather_twins.out is the
output kept for reading).  The loop, the runner and the helpers are
scope_twins.py's.

Run: python3 gather_twins.py
"""
import asyncio
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scope_twins import Fail, join, log, name_of, outcome  # noqa: E402
from scope_twins import main as run_cases  # noqa: E402

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


async def ticker(n):
    for i in range(n):
        log("tick%d" % i)
        await asyncio.sleep(0)


async def passes(n):
    for _ in range(n):
        await asyncio.sleep(0)


async def twice(v, n):
    await passes(n)
    return 2 * v


async def plus(v, n):
    await passes(n)
    return v + 100


async def quick(v):
    return v


async def slow_int(v, n):
    await passes(n)
    return v


async def fail_int(v, n):
    await passes(n)
    if v > 0:
        raise Fail("EINVAL")
    return v


async def set_later(f, v, n):
    await passes(n)
    f.set_result(v)


def task(coro):
    return asyncio.create_task(coro)


@case
async def mixed_children():
    tk = task(ticker(6))
    held = task(plus(5, 1))
    done = task(quick(9))
    await asyncio.sleep(0)
    log("made")
    fut = asyncio.get_running_loop().create_future()
    task(set_later(fut, 77, 2))
    ts = [task(twice(1, 1)), task(plus(2, 1)), task(twice(3, 1)), held, done,
          fut, task(twice(4, 2)), task(twice(5, 1)), task(plus(6, 3))]
    r = await asyncio.gather(*ts)
    log("gathered", 0)
    for x in r:
        log(x)
    await tk


@case
async def ends_before_awaited():
    tk = task(ticker(5))
    ts = [task(quick(1)), task(slow_int(2, 1)), task(slow_int(3, 2)),
          task(slow_int(4, 1))]
    g = asyncio.gather(*ts)
    log("made")
    for _ in range(3):
        await asyncio.sleep(0)
    log("awaits")
    r = await g
    log("gathered 0:", *r)
    await tk


async def make_triple(v, n):
    await passes(n)
    if v < 0:
        raise Fail("EINVAL")
    return (v, v + 1, v + 2)


def outcomes(r, zero):
    """gather(return_exceptions=True)'s list as the C test logs it: the
    error (or 0) and the result (zero where the child failed)."""
    nfailed = sum(1 for x in r if isinstance(x, BaseException))
    out = []
    for x in r:
        if isinstance(x, BaseException):
            out.append((name_of(x), zero))
        else:
            out.append(("0", x))
    return nfailed, out


@case
async def struct_results_and_errors():
    tk = task(ticker(5))
    ts = [task(make_triple(1, 1)), task(make_triple(-1, 1)),
          task(make_triple(10, 2)), task(make_triple(20, 1)),
          task(make_triple(-2, 3))]
    r = await asyncio.gather(*ts, return_exceptions=True)
    n, out = outcomes(r, (0, 0, 0))
    log("gathered", n)
    for e, v in out:
        log("%s:%d,%d,%d" % ((e,) + v))
    await tk


@case
async def int_results_and_errors():
    tk = task(ticker(5))
    ts = [task(slow_int(1, 1)), task(slow_int(2, 1)), task(fail_int(3, 1)),
          task(slow_int(4, 2)), task(slow_int(5, 1)), task(slow_int(6, 2))]
    r = await asyncio.gather(*ts, return_exceptions=True)
    n, out = outcomes(r, 0)
    log("gathered", n)
    for e, v in out:
        log("%s:%d" % (e, v))
    await tk


@case
async def first_failure_decides():
    tk = task(ticker(6))
    c = [task(slow_int(1, 1)), task(fail_int(2, 2)), task(slow_int(3, 1)),
         task(slow_int(4, 3))]
    try:
        await asyncio.gather(*c)
        e = "0"
    except BaseException as exc:
        e = name_of(exc)
    log("gather", e)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    for i, t in enumerate(c):
        log("c%d" % i, outcome(t))
    await tk


async def stubborn(v, n):
    for _ in range(n):
        try:
            await asyncio.sleep(0)
        except asyncio.CancelledError:
            pass
    return 2 * v


@case
async def cancel_midway():
    tk = task(ticker(7))
    r = [-1] * 8

    async def gatherer():
        res = await asyncio.gather(*[task(stubborn(i, i % 4 + 1))
                                     for i in range(8)])
        r[:] = res
        log("not reached")

    g = task(gatherer())
    for _ in range(3):
        await asyncio.sleep(0)
    log("cancel", int(g.cancel()))
    log("joined", await join(g))
    await tk


@case
async def many():
    tk = task(ticker(6))
    n = 3000
    ts = [task(slow_int(i, 2)) if i % 7 == 3 else task(quick(i))
          for i in range(n)]
    r = await asyncio.gather(*ts)
    in_place = int(all(r[i] == i for i in range(n)))
    log("gathered 0 sum", sum(r), "in-place", in_place)
    await tk


if __name__ == "__main__":
    run_cases(CASES)
