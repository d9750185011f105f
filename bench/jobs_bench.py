"""Asynchronous ingestion: articles/s done by 1 and by 2 `factstore worker` processes.

    python bench/jobs_bench.py [--articles 120] [--workers 1 2]

Starts `factstore serve` (embedded Postgres, or `DATABASE_URL`), queues articles
of the extractor's dev set (each under its own URL) with
`POST /v1/articles?wait=false` (202 and a job URL each), then starts N workers
and times from the first post until every job is `done` (the workers are
started and warmed up before).  It prints the time to queue (the API's
answer does not wait for extraction), articles/s per worker count, and the
speed-up of 2 workers over 1 (at most the number of free cores).
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.extract_quality import load_devset
from bench.harness import AUTH, Server


def _articles(count: int, tag: str) -> list[dict[str, object]]:
    devset = load_devset()
    return [
        {"url": f"https://jobs.example/{tag}/{n}", "paragraphs": a["paragraphs"]}
        for n, a in enumerate(devset[n % len(devset)] for n in range(count))
    ]


def _queue_and_wait(client: httpx.Client, articles: list[dict[str, object]]) -> float:
    """Queue the articles, wait until every job is done; return the queueing time."""
    start = time.perf_counter()

    def post(article: dict[str, object]) -> str:
        response = client.post("/v1/articles", params={"wait": "false"}, json=article)
        assert response.status_code == 202, response.text
        return str(response.json()["url"])

    with ThreadPoolExecutor(4) as pool:
        urls = list(pool.map(post, articles))
    queued = time.perf_counter() - start
    pending = list(urls)
    while pending:
        time.sleep(0.1)
        pending = [u for u in pending if client.get(u).json()["status"] not in ("done", "failed")]
    failed = [u for u in urls if client.get(u).json()["status"] == "failed"]
    assert not failed, failed[:3]
    return queued


def run(server: Server, workers: int, count: int) -> tuple[float, float]:
    """Workers started and warmed up first (their start is not counted)."""
    with httpx.Client(base_url=server.url, headers=AUTH, timeout=60) as client:
        processes = server.start_workers(workers)
        _queue_and_wait(client, _articles(4 * workers, f"warm{workers}"))
        time.sleep(3)  # every worker has loaded its model by now
        start = time.perf_counter()
        queued = _queue_and_wait(client, _articles(count, f"w{workers}"))
        elapsed = time.perf_counter() - start
        server.stop(processes)
    return queued, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rates = {}
    with Server({"FACTSTORE_EXTRACT_WORKERS": "0"}) as server:
        for workers in args.workers:
            queued, elapsed = run(server, workers, args.articles)
            rates[workers] = args.articles / elapsed
            print(
                f"{workers} worker(s): queued {args.articles} in {queued:.2f} s"
                f" ({args.articles / queued:,.0f}/s answered 202); all done after {elapsed:.1f} s,"
                f" {rates[workers]:.1f} articles/s"
            )
    if 1 in rates and 2 in rates:
        print(f"speed-up 2 workers / 1 worker: {rates[2] / rates[1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
