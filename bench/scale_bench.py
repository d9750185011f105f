"""Scale out: two API processes and two workers against one PostgreSQL server, vs one of each.

    python bench/scale_bench.py [--server postgresql://postgres@127.0.0.1:5432/postgres]
                                [--articles 60] [--reads 600] [--rounds 2]

Needs a PostgreSQL server (`--server`, default `DATABASE_URL` or the local one on
127.0.0.1:5432): the bench creates its own database there (`--database`, default
`factstore_scale`) and drops it at the end.  Every process is a real
`factstore serve` or `factstore worker` (each API process without an extractor
pool: it only queues; each worker extracts in its own process), as a deployment
on several machines would run them, only here on one.

Two set-ups, one after the other in each round (which goes first alternates, so a
shared machine's spells touch both alike), on the same database:

- `1+1`: one API process and one worker;
- `2+2`: two API processes and two workers (clients spread over both APIs).

For each it prints:
- ingestion: `--articles` real-looking news articles (no paragraph twice) queued with
  `POST /v1/articles?wait=false`, articles/s from the first post until every job is
  done (the workers started and warmed up before);
- reads: `--reads` GETs (articles list, article detail, entities list, an entity's
  mentions, search) from 8 client threads in 2 client processes, spread over the
  API processes: reads/s and p50/p99 latency.

and the ratios 2+2 / 1+1.  With 2 cores the ceiling is 2x (less what PostgreSQL and
the clients use of the same cores); on separate machines each API and worker brings
its own cores, and the ratio is what the shared database allows.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.harness import AUTH, Server, news_articles

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
CLIENT_PROCESSES = 2
THREADS_PER_PROCESS = 4


def queue_and_wait(urls: list[str], articles: list[dict[str, Any]]) -> float:
    """Queue the articles round-robin over the APIs, wait until every job is done;
    return the seconds from the first post until then."""
    clients = [httpx.Client(base_url=u, headers=AUTH, timeout=120) for u in urls]
    start = time.perf_counter()

    def post(n: int) -> tuple[int, str]:
        client = clients[n % len(clients)]
        response = client.post("/v1/articles", params={"wait": "false"}, json=articles[n])
        assert response.status_code == 202, response.text
        return n % len(clients), str(response.json()["url"])

    with ThreadPoolExecutor(4) as pool:
        jobs = list(pool.map(post, range(len(articles))))
    pending = jobs
    failed: list[str] = []
    while pending:
        time.sleep(0.05)
        still = []
        for i, url in pending:
            status = clients[i].get(url).json()["status"]
            if status == "failed":
                failed.append(url)
            elif status != "done":
                still.append((i, url))
        pending = still
    elapsed = time.perf_counter() - start
    for client in clients:
        client.close()
    assert not failed, failed[:3]
    return elapsed


def _read_paths(url: str) -> list[str]:
    with httpx.Client(base_url=url, headers=AUTH, timeout=60) as http:
        articles = http.get("/v1/articles", params={"limit": 50}).json()["items"]
        entities = http.get("/v1/entities", params={"limit": 20}).json()["items"]
    paths = ["/v1/articles?limit=20", "/v1/entities?limit=20", "/v1/search?q=government&limit=20"]
    paths += [f"/v1/articles/{a['id']}" for a in articles]
    paths += [f"/v1/entities/{e['id']}/mentions?limit=20" for e in entities]
    return paths


def _reader(urls: list[str], paths: list[str], count: int, seed: int, out: Any) -> None:
    """`count` GETs from THREADS_PER_PROCESS threads; put (latencies, elapsed)."""
    latencies: list[float] = []
    lock = threading.Lock()
    todo = iter(range(count))

    def thread(t: int) -> None:
        clients = [httpx.Client(base_url=u, headers=AUTH, timeout=60) for u in urls]
        for c in clients:
            c.get("/healthz")
        while True:
            with lock:
                n = next(todo, None)
            if n is None:
                break
            client = clients[(n + t + seed) % len(clients)]
            path = paths[(n * 7 + seed) % len(paths)]
            begin = time.perf_counter()
            response = client.get(path)
            took = time.perf_counter() - begin
            assert response.status_code == 200, (path, response.status_code)
            with lock:
                latencies.append(took)
        for c in clients:
            c.close()

    threads = [threading.Thread(target=thread, args=(t,)) for t in range(THREADS_PER_PROCESS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((latencies, time.perf_counter() - start))


def read_load(urls: list[str], count: int) -> tuple[float, float, float]:
    """Reads/s, p50 and p99 ms of `count` GETs from client processes."""
    paths = _read_paths(urls[0])
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    share = count // CLIENT_PROCESSES
    procs = [
        ctx.Process(target=_reader, args=(urls, paths, share, i, out))
        for i in range(CLIENT_PROCESSES)
    ]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    latencies = sorted(x for r, _ in results for x in r)
    elapsed = max(e for _, e in results)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    return len(latencies) / elapsed, p50, p99


def drop_database(server: str, database: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("DATABASE_URL") or DEFAULT_SERVER)
    parser.add_argument("--database", default="factstore_scale")
    parser.add_argument("--articles", type=int, default=60, help="articles queued a run")
    parser.add_argument("--reads", type=int, default=600, help="GETs a run")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    server_url = args.server.replace("postgresql+asyncpg://", "postgresql://")
    # The harness creates `--database` on the server that DATABASE_URL names.
    os.environ["DATABASE_URL"] = server_url
    setups = {"1+1": 1, "2+2": 2}
    corpus = news_articles(
        args.articles * len(setups) * args.rounds + 16 * len(setups) * args.rounds + 200,
        tag="scale",
    )
    taken = 0

    def take(n: int) -> list[dict[str, Any]]:
        nonlocal taken
        taken += n
        return corpus[taken - n : taken]

    env = {"FACTSTORE_EXTRACT_WORKERS": "0"}
    ingest: dict[str, list[float]] = {name: [] for name in setups}
    reads: dict[str, list[tuple[float, float, float]]] = {name: [] for name in setups}
    print(
        f"server {server_url.rsplit('@', 1)[-1].rsplit('/', 1)[0]}, database {args.database};"
        f" {len(os.sched_getaffinity(0))} cores; {args.articles} articles and {args.reads}"
        " GETs a run"
    )
    try:
        with Server(env, database=args.database) as first:
            second_url = first.add_api()
            # Something to read from the first GET on: 200 articles by one worker.
            workers = first.start_workers(1)
            queue_and_wait([first.url], take(200))
            first.stop(workers)
            for round_ in range(1, args.rounds + 1):
                order = list(setups.items())
                if round_ % 2 == 0:
                    order.reverse()
                for name, count in order:
                    urls = [first.url, second_url][:count]
                    workers = first.start_workers(count)
                    queue_and_wait(urls, take(8 * count))  # the workers load the model
                    time.sleep(2)
                    elapsed = queue_and_wait(urls, take(args.articles))
                    first.stop(workers)
                    rate = args.articles / elapsed
                    ingest[name].append(rate)
                    read = read_load(urls, args.reads)
                    reads[name].append(read)
                    print(
                        f"round {round_}, {name}: ingestion {rate:5.1f} articles/s;"
                        f" reads {read[0]:6.1f}/s, p50 {read[1]:5.1f} ms, p99 {read[2]:6.1f} ms"
                    )
    finally:
        drop_database(server_url, args.database)

    def med(name: str, i: int) -> float:
        return statistics.median(r[i] for r in reads[name])

    one, two = statistics.median(ingest["1+1"]), statistics.median(ingest["2+2"])
    print(f"ingestion (queued, done by workers): 1+1 {one:.1f}, 2+2 {two:.1f} articles/s,")
    print(f"  ratio 2+2 / 1+1: {two / one:.2f}")
    print(
        f"reads: 1+1 {med('1+1', 0):.0f}/s p50 {med('1+1', 1):.1f} ms;"
        f" 2+2 {med('2+2', 0):.0f}/s p50 {med('2+2', 1):.1f} ms"
    )
    print(
        f"  ratio 2+2 / 1+1: reads/s {med('2+2', 0) / med('1+1', 0):.2f},"
        f" p50 {med('2+2', 1) / med('1+1', 1):.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
