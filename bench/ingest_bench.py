"""Ingest with extraction, end to end, against bare spaCy on the same texts and cores.

    python bench/ingest_bench.py [--repeat 15] [--memory-articles 2000]

1. Bare: one process per core, each with the model loaded, runs `nlp.pipe` over
   its share of the paragraphs of the dev set (copied `--repeat` times); the
   wall time from a common start to the last one's end gives paragraphs/s.
2. API: `factstore serve` (its extractor pool: one process per core) takes the
   same articles (each copy under its own URL) through `POST /v1/articles/bulk`
   with `extract=true`; paragraphs/s of the whole ingest, stored in Postgres.
   The ratio API / bare is the figure to watch (target: 0.85).
3. Memory: the resident set of the API process and of each extractor process,
   sampled while `--memory-articles` short synthetic articles are ingested with
   extraction; printed at the start, the peak, and the end (target: under
   600 MB per process, no growth per article).

The throughput runs are measured in the same run, in rounds: bare spaCy before and
after the API runs of a round, the API held to the mean of the two, so the ratio
holds on a shared machine better than either figure alone.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import psutil

from bench.extract_quality import load_devset
from bench.harness import Server, chunks, fact_article, ndjson, post_all, post_bulk


def _bare_worker(
    model: str, stand_ins: bool, texts: list[str], ready: Any, start: Any, done: Any
) -> None:
    from app.extract.nlp import load_nlp

    nlp = load_nlp(model, stand_ins=stand_ins)
    list(nlp.pipe(texts[:20]))  # warm up
    ready.wait()
    start.wait()
    list(nlp.pipe(texts, batch_size=64))
    done.put(time.perf_counter())


def bare_rate(
    texts: list[str], processes: int, stand_ins: bool = False, model: str = "en_core_web_sm"
) -> float:
    """Paragraphs/s of `nlp.pipe` on `processes` processes, model loading excluded:
    the pipeline as published, or with factstore's stand-ins."""
    ctx = multiprocessing.get_context("spawn")
    ready, start, done = ctx.Barrier(processes + 1), ctx.Barrier(processes + 1), ctx.Queue()
    size = -(-len(texts) // processes)
    workers = [
        ctx.Process(
            target=_bare_worker, args=(model, stand_ins, texts[i : i + size], ready, start, done)
        )
        for i in range(0, len(texts), size)
    ]
    for w in workers:
        w.start()
    ready.wait()
    began = time.perf_counter()
    start.wait()
    ended: float = max(done.get() for _ in workers)
    for w in workers:
        w.join()
    return len(texts) / (ended - began)


def api_rate(
    server: Server, articles: list[dict[str, Any]], body: int, in_flight: int = 1
) -> float:
    paragraphs = sum(len(a["paragraphs"]) for a in articles)
    bodies = [ndjson(part) for part in chunks(articles, body)]
    start = time.perf_counter()
    statuses = post_all(server.url, bodies, extract=True, in_flight=in_flight)
    elapsed = time.perf_counter() - start
    assert set(statuses) == {201}, statuses
    return paragraphs / elapsed


class RssSampler(threading.Thread):
    """Samples the resident set of the API process and its children."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.samples: dict[int, list[int]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.server.child_pids():
                try:
                    rss = psutil.Process(pid).memory_info().rss
                except psutil.NoSuchProcess:
                    continue
                self.samples.setdefault(pid, []).append(rss)
            self.stop.wait(0.5)


def memory_run(server: Server, count: int) -> None:
    rng = random.Random(11)
    articles = [fact_article(n, rng) for n in range(10**7, 10**7 + count)]
    for a in articles:
        a.pop("facts")
    sampler = RssSampler(server)
    sampler.start()
    started = time.perf_counter()
    with httpx.Client(base_url=server.url) as client:
        for part in chunks(articles, 200):
            post_bulk(client, ndjson(part), extract=True)
    elapsed = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    print(f"memory: {count} articles ingested with extraction in {elapsed:.1f} s")
    mb = 1024 * 1024
    for pid, values in sampler.samples.items():
        role = "api" if pid == server.api.pid else "extractor"
        tenth = max(1, len(values) // 10)
        growth = (sum(values[-tenth:]) - sum(values[:tenth])) / tenth / mb
        print(
            f"  {role:9} pid {pid}: start {values[0] / mb:6.0f} MB, peak {max(values) / mb:6.0f}"
            f" MB, end {values[-1] / mb:6.0f} MB (last tenth vs first: {growth:+.0f} MB)"
        )
    peak = max(max(v) for v in sampler.samples.values()) / mb
    verdict = "met" if peak < 600 else "NOT met"
    print(f"  largest process peak {peak:.0f} MB: target < 600 MB {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="copies of the dev set")
    parser.add_argument("--body", type=int, default=60, help="articles per bulk request")
    parser.add_argument("--memory-articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3, help="side-by-side rounds")
    parser.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    devset = load_devset()
    articles = [
        {
            "url": f"https://bench.example/{copy}/{n}",
            "title": a.get("title"),
            "published_at": a.get("published_at"),
            "paragraphs": a["paragraphs"],
        }
        for copy in range(args.repeat)
        for n, a in enumerate(devset)
    ]
    texts = [p for a in articles for p in a["paragraphs"]]
    print(f"{len(articles)} articles, {len(texts)} paragraphs, {args.processes} processes")
    env = {"FACTSTORE_EXTRACT_WORKERS": str(args.processes)}
    ratios: dict[str, list[float]] = {}
    with Server(env) as server:
        warm = [{**a, "url": a["url"] + "/warm"} for a in articles[: len(devset)]]
        api_rate(server, warm, args.body)  # the pool's processes load the model
        for round_ in range(1, args.rounds + 1):
            # Each round measures everything once, side by side, and bare spaCy both
            # before and after the API runs: the API is held to the mean of the two,
            # so a shared machine slowing down or speeding up during the round
            # touches both sides of the ratio alike.
            before_bare = bare_rate(texts, args.processes)
            same = bare_rate(texts, args.processes, stand_ins=True)
            apis: dict[int, float] = {}
            cpus: dict[int, str] = {}
            for in_flight in (1, 2):
                # A fresh copy of the articles each time: every line is a new story.
                run = [{**a, "url": f"{a['url']}/{round_}/{in_flight}"} for a in articles]
                before = server.cpu_seconds()
                apis[in_flight] = api_rate(server, run, args.body, in_flight)
                after = server.cpu_seconds()
                cpus[in_flight] = ", ".join(f"{k} {after[k] - before[k]:.1f} s" for k in after)
            after_bare = bare_rate(texts, args.processes)
            bare = (before_bare + after_bare) / 2
            print(f"round {round_}")
            print(
                f"  bare nlp.pipe, as published     : {bare:6.1f} paragraphs/s"
                f" (before the API runs {before_bare:.1f}, after {after_bare:.1f})"
            )
            print(f"  bare nlp.pipe, stand-ins       : {same:6.1f} paragraphs/s")
            for in_flight in (1, 2):
                api = apis[in_flight]
                print(
                    f"  API, {in_flight} request(s) in flight  : {api:6.1f} paragraphs/s,"
                    f" ratio {api / bare:.3f} (same parse {api / same:.3f});"
                    f" CPU {cpus[in_flight]} in {len(texts) / api:.1f} s"
                    f" on {args.processes} cores"
                )
                ratios.setdefault(f"{in_flight} in flight", []).append(api / bare)
        for label, values in ratios.items():
            verdict = "met" if statistics.median(values) >= 0.85 else "NOT met"
            print(
                f"ratio API / bare spaCy, {label}: median {statistics.median(values):.3f}"
                f" of {', '.join(f'{v:.3f}' for v in values)} (target 0.85: {verdict})"
            )
        if args.memory_articles:
            memory_run(server, args.memory_articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
