# Python twin of wait.ac (seed 002, asyncio_wait.py).  Python's order is
# the sets' iteration order; Async C's is argument order.
import asyncio


async def phase(i):
    print('in phase {}'.format(i))
    await asyncio.sleep(0.1 * i)
    print('done with phase {}'.format(i))
    return 'phase {} result'.format(i)


async def main(num_phases):
    print('starting main')
    phases = [
        asyncio.ensure_future(phase(i))   # 3.11: wait() wants tasks
        for i in range(num_phases)
    ]
    print('waiting for phases to complete')
    completed, pending = await asyncio.wait(phases)
    results = [t.result() for t in completed]
    print('results: {!r}'.format(results))


event_loop = asyncio.new_event_loop()
asyncio.set_event_loop(event_loop)
try:
    event_loop.run_until_complete(main(3))
finally:
    event_loop.close()
