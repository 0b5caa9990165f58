# Python twin of task.ac (seed 001, asyncio_task.py).
import asyncio


async def func_task():
    print('now in function task')
    return 'the result'


async def main(loop):
    print('creating task')
    task = loop.create_task(func_task())
    print('waiting for {}'.format(task))
    ret = await task
    print('task completed {}'.format(task))
    print('return value: {}'.format(ret))


event_loop = asyncio.new_event_loop()
event_loop.run_until_complete(main(event_loop))
event_loop.close()
