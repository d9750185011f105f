"""Ingest one article per request, with extraction, against the extractor's physical limit.

    python bench/single_post_bench.py [--clients 4] [--articles 400] [--rounds 3]
                                      [--against CHECKOUT]

What an ingest script does most: `--clients` clients each post ONE article per
request to `POST /v1/articles` (extraction on, the server's extractor pool: one
process per core).  The articles are real-looking news (`harness.news_articles`:
real news sentences, news lengths, no paragraph twice in the whole run).

The physical limit is the bare `en_core_web_sm` pipeline as published: `nlp.pipe`
over the same paragraphs in one process, times the number of cores, in articles/s.
It is measured before and after each round's API runs and the API is held to the
mean of the two, so a shared machine speeding up or slowing down touches both
sides of the ratio alike.  The figure to watch: API / limit (goal: 0.85).

Each API run also prints the CPU milliseconds per article of the API process, the
extractor processes and PostgreSQL, and the CPU ratio: bare spaCy's CPU per article
over their sum.  It is what the ratio would be with every core free for this work
and nothing waiting, and it holds far better than throughput on a shared machine.
Then the clients' own CPU per article (this process's threads) and how busy the
cores were with the server and the clients: the rest of their time was idle or
went to other work on the machine.

`--against CHECKOUT` runs another checkout of factstore (with its own `.venv`, e.g.
`git worktree add /tmp/base <commit>`) beside this one, each round alternating
which goes first, and prints both ratios: before and after, in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from bench.harness import AUTH, NEWS_CORPUS, Server, news_articles

GOAL = 0.85


def _bare_worker(model: str, texts: list[str], out: Any) -> None:
    from app.extract.nlp import load_nlp

    nlp = load_nlp(model, stand_ins=False)
    list(nlp.pipe(texts[:20]))  # warm up
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts):
        pass
    out.put((time.perf_counter() - start, time.process_time() - cpu))


def bare_rate(texts: list[str], model: str = "en_core_web_sm") -> tuple[float, float]:
    """Paragraphs/s of bare `nlp.pipe` in one fresh process, model loading excluded,
    and its CPU seconds per paragraph."""
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    worker = ctx.Process(target=_bare_worker, args=(model, texts, out))
    worker.start()
    elapsed, cpu = out.get()
    worker.join()
    return len(texts) / elapsed, cpu / len(texts)


def unrepeated_news(count: int, corpus: Path) -> tuple[list[dict[str, Any]], float]:
    """`count` real-looking news articles, checked to repeat no paragraph, and their
    mean paragraphs an article."""
    articles = news_articles(count, corpus=corpus)
    every = [p for a in articles for p in a["paragraphs"]]
    assert len(set(every)) == len(every), "a paragraph repeats"
    return articles, len(every) / len(articles)


def post_singly(
    url: str, articles: list[dict[str, Any]], clients: int, *, keyed: bool = False
) -> float:
    """Articles/s of `clients` clients posting one article per request until all are in
    (`keyed`: each with an Idempotency-Key of its own, as a script that retries does).

    The clients are lean, the standard library's `http.client` on a kept-alive
    connection each, with the bodies encoded before the clock starts: they share the
    machine's cores with the server, where an ingest script runs elsewhere, and what
    they spend is taken from the server."""
    bodies = iter([(json.dumps(article).encode(), str(uuid.uuid4())) for article in articles])
    target = urlsplit(url)
    headers = {**AUTH, "Content-Type": "application/json"}
    lock = threading.Lock()
    failures: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection(
            target.hostname or "127.0.0.1", target.port, timeout=120
        )
        try:
            while True:
                with lock:
                    post = next(bodies, None)
                if post is None:
                    return
                body, key = post
                sent = {**headers, "Idempotency-Key": key} if keyed else headers
                connection.request("POST", "/v1/articles", body=body, headers=sent)
                response = connection.getresponse()
                answer = response.read()
                if response.status != 201:
                    failures.append(f"{response.status} {answer[:200]!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    assert not failures, failures[:3]
    return len(articles) / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--articles", type=int, default=400, help="articles per API run")
    parser.add_argument("--rounds", type=int, default=3, help="side-by-side rounds")
    parser.add_argument("--processes", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--corpus", type=Path, default=NEWS_CORPUS)
    parser.add_argument(
        "--against", type=Path, help="another checkout of factstore to run beside this one"
    )
    args = parser.parse_args()
    versions: dict[str, Path | None] = {"this checkout": None}
    if args.against:
        versions = {f"against {args.against}": args.against.resolve(), **versions}
    runs = len(versions) * args.rounds
    warm_ups = len(versions)
    corpus, per_article = unrepeated_news(args.articles * (runs + warm_ups), args.corpus)
    print(
        f"{args.clients} clients, one article per request, {args.articles} articles a run"
        f" ({per_article:.1f} paragraphs an article, none repeated), {args.processes} cores,"
        f" corpus {args.corpus if args.corpus.is_dir() else 'tests/extract (own sets)'}"
    )
    env = {"FACTSTORE_EXTRACT_WORKERS": str(args.processes)}
    ratios: dict[str, list[float]] = {name: [] for name in versions}
    cpu_ratios: dict[str, list[float]] = {name: [] for name in versions}
    batches = iter(range(runs + warm_ups))

    def next_articles() -> list[dict[str, Any]]:
        n = next(batches)
        return corpus[n * args.articles : (n + 1) * args.articles]

    with contextlib.ExitStack() as stack:
        servers = {
            name: stack.enter_context(
                Server(env, database=f"factstore_bench_{i}", checkout=checkout)
            )
            for i, (name, checkout) in enumerate(versions.items())
        }
        for server in servers.values():
            # The pool's processes load the model; the first requests are not timed.
            post_singly(server.url, next_articles()[:40], args.clients)
        for round_ in range(1, args.rounds + 1):
            order = list(servers.items())
            if round_ % 2 == 0:
                order.reverse()
            jobs = [(name, server, next_articles()) for name, server in order]
            texts = [p for _, _, articles in jobs for a in articles for p in a["paragraphs"]]
            rate_before, cpu_before_bare = bare_rate(texts)
            before = rate_before * args.processes / per_article
            results = []
            for name, server, articles in jobs:
                cpu_before = server.cpu_seconds()
                own_before = time.process_time()
                rate = post_singly(server.url, articles, args.clients)
                own = (time.process_time() - own_before) / len(articles) * 1000
                cpu_after = server.cpu_seconds()
                cpu = {k: (cpu_after[k] - cpu_before[k]) / len(articles) * 1000 for k in cpu_after}
                results.append((name, rate, cpu, own))
            rate_after, cpu_after_bare = bare_rate(texts)
            after = rate_after * args.processes / per_article
            limit = (before + after) / 2
            bare_cpu = (cpu_before_bare + cpu_after_bare) / 2 * per_article * 1000
            print(
                f"round {round_}: limit (bare nlp.pipe, one process x {args.processes})"
                f" {limit:.1f} articles/s (before {before:.1f}, after {after:.1f});"
                f" bare CPU {bare_cpu:.1f} ms an article"
            )
            for name, rate, cpu, own in results:
                ratios[name].append(rate / limit)
                cpu_ratios[name].append(bare_cpu / sum(cpu.values()))
                split = ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
                # The cores' time the server and the clients used: what is left was
                # idle or went to other work on the machine.
                busy = (sum(cpu.values()) + own) / 1000 * rate / args.processes
                print(
                    f"  {name:>28}: {rate:6.1f} articles/s, ratio {rate / limit:.3f};"
                    f" CPU ms an article: {split}; CPU ratio {cpu_ratios[name][-1]:.3f};"
                    f" the clients {own:.1f} ms an article; cores busy {busy:.0%}"
                )
    for name, values in ratios.items():
        median = statistics.median(values)
        verdict = "met" if median >= GOAL else "NOT met"
        print(
            f"ratio to the physical limit, {name}: median {median:.3f}"
            f" of {', '.join(f'{v:.3f}' for v in values)} (goal {GOAL}: {verdict});"
            f" CPU ratio median {statistics.median(cpu_ratios[name]):.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
