# Python twin of producer_consumer.ac (asyncio's Queue example, made
# deterministic).
import asyncio
from dataclasses import dataclass


@dataclass
class Job:
    producer: int
    n: int
    cost: float


def now():
    return asyncio.get_running_loop().time() - T0


async def produce(queue, id, count):
    for n in range(1, count + 1):
        job = Job(id, n, (id + n) % 3 + 1)
        await queue.put(job)
        print(f"{now():.0f} s: producer {id} queued job {id}.{n} "
              f"({queue.qsize()} in the queue)")


async def work(queue, id):
    while True:
        job = await queue.get()
        await asyncio.sleep(job.cost)
        print(f"{now():.0f} s: worker {id} did job {job.producer}.{job.n} "
              f"in {job.cost:.0f} s")
        queue.task_done()


async def main():
    global T0
    T0 = asyncio.get_running_loop().time()
    queue = asyncio.Queue(3)
    workers = [asyncio.create_task(work(queue, i + 1)) for i in range(3)]
    await asyncio.gather(produce(queue, 1, 4), produce(queue, 2, 4))
    print(f"{now():.0f} s: all jobs queued")
    await queue.join()
    print(f"{now():.0f} s: all jobs done")
    for w in workers:
        w.cancel()
    for i, w in enumerate(workers):
        try:
            await w
        except asyncio.CancelledError:
            print(f"worker {i + 1}: cancelled")


asyncio.run(main())
