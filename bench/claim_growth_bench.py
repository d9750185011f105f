"""Adding a report to a claim as the claim grows: does it stay flat?

    python bench/claim_growth_bench.py [--sizes 300 3000] [--posts 80] [--against CHECKOUT]

For each size, serves a fresh store, loads that many reports of one meeting (the
same two participants and day, each in its own words: a distinct summary, as
outlets write them, from 40 outlets) through the bulk endpoint, then posts
`--posts` more, one line a request, and prints the p50 of those requests (the
first ten left out, as warm-up) and its ratio to the smallest size's.  Each post
joins the one claim, so its cost is what joining costs in a claim of that size.
`--against CHECKOUT` measures another checkout of factstore (with its own `.venv`)
the same way, each size's stores one after the other, and prints this one's p50
over the other's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.harness import Server, checkouts, chunks, ndjson, post_bulk, print_growth


def report(n: int) -> dict[str, Any]:
    said = f"Leaders of Norway and Japan met in Oslo to discuss aid, report {n} says in its words."
    return {
        "url": f"https://www.outlet{n % 40}.com/meeting/{n}",
        "published_at": "2025-03-04T10:00:00Z",
        "paragraphs": [said],
        "facts": {
            "events": [
                {
                    "type": "meeting",
                    "summary": said,
                    "date": {"value": "2025-03-04"},
                    "participants": [
                        {"name": "Norway", "type": "location", "role": "participant"},
                        {"name": "Japan", "type": "location", "role": "participant"},
                    ],
                    "citations": [{"paragraph_index": 0, "quote": said}],
                }
            ]
        },
    }


def measure(checkout: Path | None, size: int, posts: int) -> tuple[float, int]:
    """p50 ms of a post joining a claim of `size` reports, and the claim's statements."""
    env = {"FACTSTORE_EXTRACT_WORKERS": "0"}
    with (
        Server(env, database="factstore_claim_growth", checkout=checkout) as server,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        for part in chunks([report(n) for n in range(size)], 400):
            post_bulk(client, ndjson(part), extract=False)
        took = []
        for n in range(size, size + posts):
            body = ndjson([report(n)])
            start = time.perf_counter()
            post_bulk(client, body, extract=False)
            took.append((time.perf_counter() - start) * 1000)
        claims = client.get("/v1/claims", params={"kind": "event"}).json()["items"]
    if len(claims) != 1:
        raise SystemExit(f"expected one claim, found {len(claims)}")
    return statistics.median(took[10:]), claims[0]["statement_count"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--posts", type=int, default=80)
    parser.add_argument("--against", type=Path, help="another checkout of factstore")
    args = parser.parse_args()
    runs = checkouts(args.against)
    p50: dict[tuple[str, int], float] = {}
    for size in args.sizes:
        for name, checkout in runs:
            p50[(name, size)], statements = measure(checkout, size, args.posts)
            print(
                f"{name}: a post joining a claim of {statements:,} statements:"
                f" p50 {p50[(name, size)]:.2f} ms",
                flush=True,
            )
    print_growth(p50, args.sizes, [name for name, _ in runs])
    return 0


if __name__ == "__main__":
    sys.exit(main())
