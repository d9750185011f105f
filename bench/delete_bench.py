"""Deleting an article as the store grows: does it stay flat?

    python bench/delete_bench.py [--sizes 10000 100000] [--deletes 60] [--against CHECKOUT]

For each size, serves a fresh store, loads that many articles of client facts
(`harness.fact_article`: 3 paragraphs, 3 entities, an event and a commitment; most
make claims of their own) through the bulk endpoint, then deletes `--deletes` of
them chosen at random, one `DELETE /v1/articles/{id}` at a time, each after a
`GET /healthz`.  It prints the p50 of each (the first five deletes left out, as
warm-up), the delete's ratio to `/healthz`, and its ratio to the smallest size's.
`--against CHECKOUT` measures another checkout of factstore (with its own `.venv`)
the same way, each size's stores one after the other, and prints this one's p50
over the other's.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.harness import (
    AUTH,
    Server,
    checkouts,
    chunks,
    fact_article,
    ndjson,
    post_bulk,
    print_growth,
)

WARM_UP = 5


def measure(checkout: Path | None, size: int, deletes: int) -> tuple[float, float]:
    """p50 ms of deleting an article from a store of `size`, and of `/healthz`."""
    rng = random.Random(size)
    articles = [fact_article(n, rng) for n in range(size)]
    env = {"FACTSTORE_EXTRACT_WORKERS": "0"}
    took: list[float] = []
    health: list[float] = []
    with (
        Server(env, database="factstore_delete_bench", checkout=checkout) as server,
        httpx.Client(base_url=server.url, headers=AUTH, timeout=60) as client,
    ):
        for part in chunks(articles, 400):
            statuses = post_bulk(client, ndjson(part), extract=False)
            assert set(statuses) == {201}, set(statuses)
        # A fresh store numbers its articles from 1; ids a rolled-back batch left
        # unused answer 404 and are drawn again.
        doomed = rng.sample(range(1, size + 1), min(size, 2 * deletes + WARM_UP))
        for article_id in doomed:
            if len(took) == deletes + WARM_UP:
                break
            start = time.perf_counter()
            client.get("/healthz").raise_for_status()
            middle = time.perf_counter()
            response = client.delete(f"/v1/articles/{article_id}")
            end = time.perf_counter()
            if response.status_code == 404:
                continue
            response.raise_for_status()
            health.append((middle - start) * 1000)
            took.append((end - middle) * 1000)
        stored = client.get(f"/v1/articles/{doomed[0]}")
        assert stored.status_code == 404, stored.status_code
    return statistics.median(took[WARM_UP:]), statistics.median(health[WARM_UP:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--deletes", type=int, default=60)
    parser.add_argument("--against", type=Path, help="another checkout of factstore")
    args = parser.parse_args()
    runs = checkouts(args.against)
    p50: dict[tuple[str, int], float] = {}
    for size in args.sizes:
        for name, checkout in runs:
            p50[(name, size)], healthz = measure(checkout, size, args.deletes)
            print(
                f"{name}: deleting an article from {size:,} articles: p50"
                f" {p50[(name, size)]:.2f} ms, {p50[(name, size)] / healthz:.1f}x /healthz"
                f" ({healthz:.2f} ms)",
                flush=True,
            )
    print_growth(p50, args.sizes, [name for name, _ in runs])
    return 0


if __name__ == "__main__":
    sys.exit(main())
