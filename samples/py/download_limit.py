# Python twin of download_limit.ac: all downloads start together, an
# asyncio.Semaphore lets N run at once.  HTTP/1.0 GET over
# asyncio.open_connection (standard library only; plain http:// URLs).
#
# Usage: python3 download_limit.py [-n N] [-o DIR] URL...
import asyncio
import os
import sys
from urllib.parse import urlsplit

in_flight = max_in_flight = total_bytes = 0


async def fetch(url, path):
    u = urlsplit(url)
    reader, writer = await asyncio.open_connection(u.hostname, u.port or 80)
    try:
        writer.write(f"GET {u.path} HTTP/1.0\r\nHost: {u.netloc}\r\n\r\n"
                     .encode())
        head = await reader.readuntil(b"\r\n\r\n")
        if head.split()[1] != b"200":
            raise OSError(f"{url}: {head.splitlines()[0].decode()}")
        body = await reader.read()
    finally:
        writer.close()
    with open(path, "wb") as f:
        f.write(body)
    return len(body)


async def download(sem, url, out_dir):
    global in_flight, max_in_flight, total_bytes
    name = url.rsplit("/", 1)[-1]
    async with sem:
        in_flight += 1
        max_in_flight = max(max_in_flight, in_flight)
        try:
            n = await fetch(url, os.path.join(out_dir, name))
            total_bytes += n
            print(f"{name} done ({in_flight} in flight)", flush=True)
        finally:
            in_flight -= 1


async def main(limit, urls, out_dir):
    sem = asyncio.Semaphore(limit)
    results = await asyncio.gather(*(download(sem, u, out_dir) for u in urls),
                                   return_exceptions=True)
    failed = sum(1 for r in results if isinstance(r, Exception))
    for r in results:
        if isinstance(r, Exception):
            print(f"failed: {r}", file=sys.stderr)
    print(f"{len(urls) - failed} of {len(urls)} files, {total_bytes} bytes, "
          f"at most {max_in_flight} at once (limit {limit})")
    return 0 if failed == 0 else 1


def parse(argv):
    limit, out_dir, i = 4, ".", 1
    while i + 1 < len(argv) and argv[i] in ("-n", "-o"):
        if argv[i] == "-n":
            limit = int(argv[i + 1])
        else:
            out_dir = argv[i + 1]
        i += 2
    return limit, argv[i:], out_dir


if __name__ == "__main__":
    limit, urls, out_dir = parse(sys.argv)
    sys.exit(asyncio.run(main(limit, urls, out_dir)))
