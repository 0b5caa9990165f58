# Twin of defer_paths.ac: defer is try/finally.
import asyncio

async def ident(x):
    return x

def plain(x):
    try:
        try:
            if x > 0:
                return x * 2
        finally:
            print("plain: inner")
        print("plain: after block")
        return -1
    finally:
        print("plain: outer")

async def compute(x):
    state = {"x": x}
    try:
        state["x"] = await ident(state["x"] + 1)
        return state["x"] * 10
    finally:
        print(f"compute: defer sees x={state['x']}")

async def amain():
    try:
        try:
            await ident(0)
            print("block: end")
        finally:
            print("block: second registered, runs first")
    finally:
        print("block: first registered, runs last")
    for i in range(4):
        try:
            if await ident(i) == 1:
                continue
            if i == 3:
                break
            print(f"loop: body {i}")
        finally:
            print(f"loop: defer {i}")
    print(f"plain(2) = {plain(2)}")
    print(f"plain(0) = {plain(0)}")
    print(f"compute = {await compute(4)}")
    tries = 0
    while True:
        try:
            tries += 1
            if await ident(tries) < 3:
                continue
        finally:
            print(f"goto: leaving block, try {tries}")
        break
    print(f"goto: done after {tries}")

asyncio.run(amain())
