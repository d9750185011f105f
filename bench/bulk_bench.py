"""Bulk ingest of client-supplied facts: articles/s through `POST /v1/articles/bulk`.

    python bench/bulk_bench.py [--articles 5000] [--body 500] [--clients 2]

Starts `factstore serve` (embedded Postgres, or `DATABASE_URL`), then posts
synthetic 3-paragraph articles with 5 facts each (`extract=false`) as ndjson
bodies of `--body` lines from `--clients` concurrent clients, and prints
articles/s (target: 1,000 or more).  A second pass re-posts the same bodies:
every line answers 200 (unchanged), which prints the cost of the look-up path.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.harness import Server, chunks, fact_article, ndjson, post_bulk


def run(server: Server, bodies: list[bytes], clients: int) -> tuple[float, dict[int, int]]:
    statuses: dict[int, int] = {}

    def send(body: bytes) -> list[int]:
        with httpx.Client(base_url=server.url) as client:
            return post_bulk(client, body, extract=False)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for result in pool.map(send, bodies):
            for status in result:
                statuses[status] = statuses.get(status, 0) + 1
    return time.perf_counter() - start, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--body", type=int, default=500, help="lines per bulk request")
    parser.add_argument("--clients", type=int, default=2, help="concurrent bulk requests")
    args = parser.parse_args()
    rng = random.Random(7)
    articles = [fact_article(n, rng) for n in range(args.articles)]
    bodies = [ndjson(c) for c in chunks(articles, args.body)]
    with Server({"FACTSTORE_EXTRACT_WORKERS": "0"}) as server:
        # Warm-up: a small body (connections, caches), not counted.
        warm = [fact_article(n, rng) for n in range(10**6, 10**6 + 50)]
        run(server, [ndjson(warm)], 1)
        before = server.cpu_seconds()
        elapsed, statuses = run(server, bodies, args.clients)
        after = server.cpu_seconds()
        print(f"{args.articles} articles (3 paragraphs, 5 facts), bodies of {args.body} lines,")
        print(f"{args.clients} clients: {elapsed:.2f} s, {args.articles / elapsed:,.0f} articles/s")
        per = {k: (after[k] - before[k]) / args.articles * 1000 for k in ("api", "postgres")}
        print(f"CPU per article: api {per['api']:.2f} ms, postgres {per['postgres']:.2f} ms")
        print(f"statuses: {statuses}")
        again, statuses = run(server, bodies, args.clients)
        print(f"re-post (unchanged): {args.articles / again:,.0f} articles/s, {statuses}")
        print(f"target 1,000 articles/s: {'met' if args.articles / elapsed >= 1000 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
