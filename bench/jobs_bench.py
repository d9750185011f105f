"""Asynchronous ingestion: articles/s done by 1 and by 2 `factstore worker` processes.

    python bench/jobs_bench.py [--articles 120] [--workers 1 2]

Starts `factstore serve` (embedded Postgres, or `DATABASE_URL`), queues articles
of the extractor's dev set (each under its own URL) with
`POST /v1/articles?wait=false` (202 and a job URL each), then starts N workers
and times until every job is `done`.  It prints the time to queue (the API's
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


def run(server: Server, workers: int, count: int, tag: str) -> tuple[float, float]:
    devset = load_devset()
    articles = [
        {
            "url": f"https://jobs.example/{tag}/{n}",
            "paragraphs": devset[n % len(devset)]["paragraphs"],
        }
        for n in range(count)
    ]
    with httpx.Client(base_url=server.url, headers=AUTH, timeout=60) as client:
        start = time.perf_counter()

        def post(article: dict[str, object]) -> str:
            response = client.post("/v1/articles", params={"wait": "false"}, json=article)
            assert response.status_code == 202, response.text
            return str(response.json()["url"])

        with ThreadPoolExecutor(4) as pool:
            urls = list(pool.map(post, articles))
        queued = time.perf_counter() - start
        start = time.perf_counter()
        processes = server.start_workers(workers)
        pending = list(urls)
        while pending:
            time.sleep(0.25)
            pending = [
                u for u in pending if client.get(u).json()["status"] not in ("done", "failed")
            ]
        elapsed = time.perf_counter() - start
        failed = [u for u in urls if client.get(u).json()["status"] == "failed"]
        assert not failed, failed[:3]
        server.stop(processes)
    return queued, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rates = {}
    with Server({"FACTSTORE_EXTRACT_WORKERS": "0"}) as server:
        run(server, 1, 6, "warm")  # the worker's first model load is not counted below
        for workers in args.workers:
            queued, elapsed = run(server, workers, args.articles, f"w{workers}")
            rates[workers] = args.articles / elapsed
            print(
                f"{workers} worker(s): queued {args.articles} in {queued:.2f} s"
                f" ({args.articles / queued:,.0f}/s answered 202); done in {elapsed:.1f} s,"
                f" {rates[workers]:.1f} articles/s (includes the worker's start)"
            )
    if 1 in rates and 2 in rates:
        print(f"speed-up 2 workers / 1 worker: {rates[2] / rates[1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
