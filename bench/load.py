"""A small HTTP load generator: keep-alive connections asking for one URL for a fixed time.

Run by bench/scale.py as its own process, so it never shares an interpreter with the server:

    .venv/bin/python bench/load.py --port 8123 --path / --cookie sessionid=... --seconds 10

Each connection sends a GET, reads the whole response (Content-Length or chunked), and sends
the next one on the same socket; a connection the server closes is opened again. Prints one
line of JSON: requests answered, seconds, requests/s, latency median and 95th percentile in ms,
and how many answers had each status code (anything but 200 is an error for the benchmark).
"""

import argparse
import asyncio
import json
import statistics
import time
from collections import Counter


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """(status, server keeps the connection open) after reading one whole response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("connection") != "close"


async def connection(args, request: bytes, deadline: float, statuses: Counter, latencies: list):
    reader = writer = None
    # At least one request per connection, so a run of 0 s warms up every connection.
    first = True
    while first or time.perf_counter() < deadline:
        first = False
        if writer is None:
            reader, writer = await asyncio.open_connection(args.host, args.port)
        start = time.perf_counter()
        writer.write(request)
        try:
            status, keep_alive = await read_response(reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            statuses["connection lost"] += 1
            writer.close()
            writer = None
            continue
        latencies.append(time.perf_counter() - start)
        statuses[status] += 1
        if not keep_alive:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def run(args) -> dict:
    cookie = f"Cookie: {args.cookie}\r\n" if args.cookie else ""
    request = (
        f"GET {args.path} HTTP/1.1\r\nHost: {args.host}\r\n{cookie}Connection: keep-alive\r\n\r\n"
    ).encode()
    statuses: Counter = Counter()
    latencies: list[float] = []
    start = time.perf_counter()
    deadline = start + args.seconds
    await asyncio.gather(
        *(
            connection(args, request, deadline, statuses, latencies)
            for _ in range(args.connections)
        )
    )
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 1) if latencies else None,
        "statuses": {str(status): count for status, count in statuses.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--cookie", default="", help="e.g. sessionid=abc")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    print(json.dumps(asyncio.run(run(parser.parse_args()))))


if __name__ == "__main__":
    main()
