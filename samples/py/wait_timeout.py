# Python twin of wait_timeout.ac (seed 002, asyncio_wait_timeout.py).
# Python's order is the sets' iteration order; Async C's is argument order.
import asyncio


async def phase(i):
    print('in phase {}'.format(i))
    try:
        await asyncio.sleep(0.1 * i)
    except asyncio.CancelledError:
        print('phase {} cancelled'.format(i))
        raise
    else:
        print('done with phase {}'.format(i))
        return 'phase {} result'.format(i)


async def main(num_phases):
    print('starting main')
    phases = [
        asyncio.ensure_future(phase(i))   # 3.11: wait() wants tasks
        for i in range(num_phases)
    ]
    print('waiting 0.1 for phases to complete')
    completed, pending = await asyncio.wait(phases, timeout=0.1)
    print('{} completed and {} pending'.format(
        len(completed), len(pending),
    ))
    # Cancel remaining tasks so they do not generate errors
    # as we exit without finishing them.
    if pending:
        print('canceling tasks')
        for t in pending:
            t.cancel()
    print('exiting main')


event_loop = asyncio.new_event_loop()
asyncio.set_event_loop(event_loop)
try:
    event_loop.run_until_complete(main(3))
finally:
    event_loop.close()
