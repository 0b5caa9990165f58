"""Twin of all_tasks.ac: asyncio.all_tasks."""
import asyncio


async def sleeper(s):
    await asyncio.sleep(s)


def show(when, tasks, cap):
    names = sorted((t.get_name() for t in tasks),
                   key=lambda n: int(n.split("-")[1]))
    print(f"{when}: {len(names)}:" + "".join(" " + n for n in names[:cap]))


async def amain():
    ts = [asyncio.create_task(sleeper(0.01 if i == 0 else 0.2 + 0.1 * i))
          for i in range(3)]
    show("all", asyncio.all_tasks(), 8)
    show("first two", asyncio.all_tasks(), 2)
    await asyncio.sleep(0.15)
    show("one done", asyncio.all_tasks(), 8)
    await asyncio.gather(*ts)
    show("all done", asyncio.all_tasks(), 8)


asyncio.run(amain())
