"""Load test of `dateline serve`: N requests from C concurrent clients on 127.0.0.1.

    python -m bench.load --index /tmp/ixreuters [--requests 2000] [--clients 8]

Starts a real server on a free loopback port over the given index, sends a
fixed, reproducible mix of API and page requests (searches with filters and
facets, articles, facets, quotes, the page), then prints errors and latency
percentiles. Traffic goes to 127.0.0.1 only; the run is bounded in count.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

WORDS = ["oil", "bank", "trade", "prices", "dollar", "wheat", "coffee", "shares", "tax", "export"]
PLACES = ["United States", "Japan", "United Kingdom", "Canada", "Brazil", "France"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request_mix(count: int, article_ids: list[str], seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    paths = []
    for _ in range(count):
        word, place = rng.choice(WORDS), rng.choice(PLACES)
        paths.append(
            rng.choice(
                [
                    f"/api/search?{urlencode({'q': word})}",
                    f"/api/search?{urlencode({'q': word, 'place': place})}",
                    f"/api/search?{urlencode({'q': f'{word} {rng.choice(WORDS)}', 'sort': 'date'})}",
                    f"/api/facets/places?{urlencode({'q': word})}",
                    f"/api/quotes?{urlencode({'q': word})}",
                    f"/api/articles/{rng.choice(article_ids)}",
                    f"/?{urlencode({'q': word, 'place': place})}",
                    "/healthz",
                ]
            )
        )
    return paths


def fetch(base: str, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    except OSError:
        status = 0
    return time.perf_counter() - started, status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    port = free_port()
    binary = Path(sys.executable).parent / "dateline"
    server = subprocess.Popen(
        [
            str(binary),
            "serve",
            "--port",
            str(port),
            "--index",
            str(args.index),
            "--threads",
            str(args.threads),
            # all the clients share 127.0.0.1: let them all in, to measure latency, not the limiter
            "--per-client",
            str(args.clients),
        ],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if fetch(base, "/healthz")[1] == 200:
                break
            time.sleep(0.1)
        with urllib.request.urlopen(f"{base}/api/search?q=*&limit=100&facets=0", timeout=60) as listing:
            article_ids = [hit["id"] for hit in json.loads(listing.read())["hits"]]
        paths = request_mix(args.requests, article_ids)
        fetch(base, paths[0])  # the first query opens the searcher
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as clients:
            results = list(clients.map(lambda p: fetch(base, p), paths))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    latencies = sorted(seconds * 1000 for seconds, _ in results)
    errors = [status for _, status in results if status != 200]
    print(
        f"requests      {len(results)} from {args.clients} clients in {wall:.1f} s"
        f" ({len(results) / wall:.0f}/s)"
    )
    print(f"errors        {len(errors)} {sorted(set(errors)) if errors else ''}")
    print(f"p50 ms        {statistics.median(latencies):.1f}")
    print(f"p95 ms        {latencies[int(0.95 * len(latencies)) - 1]:.1f}")
    print(f"max ms        {latencies[-1]:.1f}")


if __name__ == "__main__":
    main()
