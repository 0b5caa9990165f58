# Python twin of sleep_timing.ac (seed 004): each notebook cell is one
# asyncio.run; times are the loop's time since the cell began, rounded to
# 0.1 s (the seed printed wall-clock times).  Takes 30 s of real time.
import asyncio

cell_start = None


def begin_cell(title):
    global cell_start
    print('In [{}'.format(title))
    cell_start = None


def now():
    global cell_start
    t = asyncio.get_running_loop().time()
    if cell_start is None:
        cell_start = t
    return round(t - cell_start, 1)


async def main1():
    print('start', now())
    await asyncio.sleep(2)
    await asyncio.sleep(4)
    print('end', now())


async def main2():
    task1 = asyncio.create_task(asyncio.sleep(2))
    task2 = asyncio.create_task(asyncio.sleep(4))

    print('start', now())
    await task1
    await task2
    print('end', now())


async def main3():
    # multi coroutine
    start = now()
    ret = await asyncio.gather(asyncio.sleep(2), asyncio.sleep(4))
    end = now()
    print(start, end, ret)

    # multi task
    start = now()
    task1 = asyncio.create_task(asyncio.sleep(2))
    task2 = asyncio.create_task(asyncio.sleep(4))

    ret = await asyncio.gather(task1, task2)
    end = now()
    print(start, end, ret)


async def sleep():
    await asyncio.sleep(2)
    return 'sleep'


async def main4():
    start = now()
    ret = await asyncio.gather(*[sleep() for _ in range(5)])
    print(ret)
    print('took', now() - start)


async def main5():
    start = now()
    await sleep()
    await sleep()
    await sleep()
    await sleep()
    await sleep()
    print('took', now() - start)


begin_cell('1]: two sleeps, one after the other (6 s)')
asyncio.run(main1())
begin_cell('2]: two tasks (4 s)')
asyncio.run(main2())
begin_cell('3]: gather of coroutines, then of tasks (4 s each)')
asyncio.run(main3())
begin_cell('4]: gather of five 2 s sleeps (2 s)')
asyncio.run(main4())
begin_cell('5]: five 2 s sleeps, one after the other (10 s)')
asyncio.run(main5())
