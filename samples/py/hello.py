# Python twin of hello.ac (seeds 003, 001).
import asyncio


async def coroutine():
    print("in coroutine")


if __name__ == "__main__":
    event_loop = asyncio.new_event_loop()
    try:
        print("starting coroutine")
        coro = coroutine()
        print(coro)
        print("entering event loop")
        event_loop.run_until_complete(coro)
    finally:
        print("closing event loop")
        event_loop.close()
