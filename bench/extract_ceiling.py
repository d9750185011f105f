"""The ceiling of one-article-per-request ingestion: the extractor pool alone.

    python bench/extract_ceiling.py [--clients 4] [--articles 300] [--rounds 3]

`single_post_bench.py` measures `POST /v1/articles` against the physical limit
(bare `en_core_web_sm` `nlp.pipe` in one process × cores).  This bench takes HTTP,
validation and the database away: `--clients` tasks in one process each hand ONE
article at a time to the server's own `ExtractorPool.extract_one` (its processes,
its hop, its grouping of articles that wait together), on the same real-looking
news, and prints that rate over the limit measured around it.  No API could do
better than this ratio with its extractor as it is: the gap between it and 1 is
the extractor's own cost (the rule stages, the facts' return trip, a parse of a
few paragraphs per call instead of a long batch); the gap between it and
`single_post_bench.py`'s ratio is what HTTP, the write and the commit cost.

It also runs the pool batched (`extract_many` over all the run's articles, split
across the processes), the best the extractor does with no single articles at all.
CPU per article is printed for the extractor processes and this process (the
hop's side in the API).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil

from app.articles.extraction import ExtractorPool
from app.extract import Document
from bench.harness import NEWS_CORPUS
from bench.single_post_bench import GOAL, bare_rate, unrepeated_news


def _document(article: dict[str, Any]) -> Document:
    return Document(paragraphs=list(enumerate(article["paragraphs"])), title=article.get("title"))


def _cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        times = psutil.Process(pid).cpu_times()
        total += times.user + times.system
    return total


async def _singly(pool: ExtractorPool, docs: list[Document], clients: int) -> float:
    todo = iter(docs)

    async def client() -> None:
        for doc in todo:
            await pool.extract_one(doc)

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return len(docs) / (time.perf_counter() - start)


async def _batched(pool: ExtractorPool, docs: list[Document]) -> float:
    start = time.perf_counter()
    await pool.extract_many(docs)
    return len(docs) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--articles", type=int, default=300, help="articles per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--corpus", type=Path, default=NEWS_CORPUS)
    parser.add_argument("--model", default="en_core_web_sm")
    args = parser.parse_args()
    runs = 2 * args.rounds + 1
    corpus, per_article = unrepeated_news(args.articles * runs, args.corpus)
    print(
        f"extractor pool alone: {args.clients} clients, one article a call, {args.articles}"
        f" articles a run ({per_article:.1f} paragraphs an article, none repeated),"
        f" {args.processes} processes"
    )
    pool = ExtractorPool(args.model, args.processes)
    batches = iter(range(runs))

    def next_docs() -> list[Document]:
        n = next(batches)
        return [_document(a) for a in corpus[n * args.articles : (n + 1) * args.articles]]

    singles: list[float] = []
    grouped: list[float] = []
    cpu_singles: list[float] = []
    cpu_grouped: list[float] = []
    try:
        pool.warm_up()
        asyncio.run(_singly(pool, next_docs()[:40], args.clients))
        me = os.getpid()
        workers = [c.pid for c in psutil.Process(me).children(recursive=True)]
        for round_ in range(1, args.rounds + 1):
            one, many = next_docs(), next_docs()
            texts = [text for doc in (*one, *many) for _, text in doc.paragraphs]
            rate_before, cpu_before = bare_rate(texts, args.model)
            cpu0 = (_cpu(workers), _cpu([me]))
            single = asyncio.run(_singly(pool, one, args.clients))
            cpu1 = (_cpu(workers), _cpu([me]))
            batched = asyncio.run(_batched(pool, many))
            cpu2 = (_cpu(workers), _cpu([me]))
            rate_after, cpu_after = bare_rate(texts, args.model)
            limit = (rate_before + rate_after) / 2 * args.processes / per_article
            bare_ms = (cpu_before + cpu_after) / 2 * per_article * 1000
            singles.append(single / limit)
            grouped.append(batched / limit)
            n = args.articles
            cpu_singles.append(bare_ms / ((cpu1[0] - cpu0[0] + cpu1[1] - cpu0[1]) / n * 1000))
            cpu_grouped.append(bare_ms / ((cpu2[0] - cpu1[0] + cpu2[1] - cpu1[1]) / n * 1000))
            print(
                f"round {round_}: limit {limit:.1f} articles/s, bare CPU {bare_ms:.1f} ms an"
                f" article\n  one article a call: {single:.1f} articles/s, ratio"
                f" {single / limit:.3f}; CPU ms an article: extractors"
                f" {(cpu1[0] - cpu0[0]) / n * 1000:.1f}, caller"
                f" {(cpu1[1] - cpu0[1]) / n * 1000:.1f}\n  batched: {batched:.1f} articles/s,"
                f" ratio {batched / limit:.3f}; CPU ms an article: extractors"
                f" {(cpu2[0] - cpu1[0]) / n * 1000:.1f}, caller"
                f" {(cpu2[1] - cpu1[1]) / n * 1000:.1f}"
            )
    finally:
        pool.shutdown()
    print(
        f"ceiling (the pool alone, one article a call) / physical limit: median"
        f" {statistics.median(singles):.3f} of {', '.join(f'{v:.3f}' for v in singles)};"
        f" batched {statistics.median(grouped):.3f}; the API's goal is {GOAL}\n"
        f"CPU ratio (bare CPU over the pool's and the caller's, what the ratio would be with"
        f" every core free for this work): one article a call median"
        f" {statistics.median(cpu_singles):.3f} of"
        f" {', '.join(f'{v:.3f}' for v in cpu_singles)}; batched"
        f" {statistics.median(cpu_grouped):.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
