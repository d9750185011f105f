"""Where a single-article POST spends its time, by phase, in the API process.

    python bench/profile_single_post.py [--articles 300] [--clients 4] [--cprofile N]

Serves the app with uvicorn in this process (its extractor pool: one process per
core; an embedded PostgreSQL in a temporary directory, or the server of
DATABASE_URL), and posts `--articles` real-looking news articles one per request
from `--clients` client threads (`harness.news_articles`, as single_post_bench.py).
Timers wrapped around the functions of each phase add up, per request, its wall
time in: the look-ups before extraction (key, story), the extraction (the hop to
the extractor process and back, and the parse there), the write, the read-back of
the answer, and the commit; the rest of a request's time is HTTP, validation,
parsing the article and sending the answer.  Also the CPU per article of the API
process, the extractor processes and PostgreSQL, the hop to an idle extractor
process and back, and with `--cprofile N` the N functions of most CPU time of the
server's thread (with what they call, then their own).  `--statements` counts the
statements a post runs on the driver (the write's built statements, its `COPY`s,
the look-ups and the read-back; not `BEGIN`, `COMMIT` or statements sent through
SQLAlchemy's `session.execute`), with the server thread's CPU on each kind.
`--idempotency-keys` sends each post with a key of its own: such a post is written
alone, in the request's own transaction, not in a group.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import functools
import pstats
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import psutil
import uvicorn

from bench.harness import ADMIN_KEY, _free_port, news_articles
from bench.single_post_bench import post_singly

SPENT: dict[str, float] = defaultdict(float)
# `--statements`: per statement (its first words), how many ran and the server
# thread's CPU on them.
STATEMENTS: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
CLOCK = [time.perf_counter]  # or time.thread_time: `--cpu`
WHOLE = "whole request"


def timed(owner: Any, name: str, phase: str) -> None:
    """Replace `owner.name` (a coroutine function) by one that adds its wall time to `phase`."""
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        clock = CLOCK[0]
        start = clock()
        try:
            return await original(*args, **kwargs)
        finally:
            SPENT[phase] += clock() - start

    setattr(owner, name, wrapper)


def instrument() -> None:
    from app.api import deps
    from app.articles import endpoints, grouping, repository, service
    from app.core import db

    timed(deps, "authenticate", "look-ups: key")
    timed(repository, "get_by_story_key", "look-ups: story")
    timed(service, "extract_facts", "extraction (hop + parse)")
    if hasattr(grouping, "GroupWriter"):
        # Wall time: a post's wait for its group, too; CPU: the group's write.
        timed(grouping.GroupWriter, "write", "write (group commit)")
    else:
        timed(service, "write_article", "write")
    timed(endpoints, "_ingested", "read-back")
    timed(db.RequestSession, "finish", "commit")


def count_statements() -> None:
    """Count the statements run on the driver, and the server thread's CPU on them."""
    from app.core import bulk_insert, driver

    fetch = driver._fetch
    copy = bulk_insert._copy

    def add(key: str, start: float) -> None:
        entry = STATEMENTS[key]
        entry[0] += 1
        entry[1] += time.thread_time() - start

    async def counted_fetch(connection: Any, raw: Any, found: Any, params: Any) -> Any:
        start = time.thread_time()
        try:
            return await fetch(connection, raw, found, params)
        finally:
            add(" ".join(found.sql.split())[:72], start)

    async def counted_copy(session: Any, table: Any, columns: Any, records: Any) -> None:
        start = time.thread_time()
        try:
            await copy(session, table, columns, records)
        finally:
            add(f"COPY {table.name}", start)

    driver._fetch = counted_fetch  # type: ignore[assignment]
    bulk_insert._copy = counted_copy  # type: ignore[assignment]


def whole_requests(app: Any) -> Any:
    """The ASGI app, adding each request's whole time (by `CLOCK`) to `SPENT[WHOLE]`."""

    async def timed_app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        clock = CLOCK[0]
        start = clock()
        try:
            await app(scope, receive, send)
        finally:
            SPENT[WHOLE] += clock() - start

    return timed_app


def _clients(
    base: str, articles: list[dict[str, Any]], clients: int, keyed: bool, out: Any
) -> None:
    out.put(post_singly(base, articles, clients, keyed=keyed))


def post_from_another_process(
    base: str, articles: list[dict[str, Any]], clients: int, keyed: bool = False
) -> float:
    """The clients run in a process of their own: here they would take the GIL from
    the server's thread."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    process = ctx.Process(target=_clients, args=(base, articles, clients, keyed, out))
    process.start()
    rate: float = out.get()
    process.join()
    return rate


def _cpu(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def _postgres(data_dir: str) -> list[psutil.Process]:
    """The embedded PostgreSQL's postmaster and backends."""
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if "-D" in cmdline and data_dir in " ".join(cmdline):
            return [process, *process.children(recursive=True)]
    return []


async def _hop(settings: Any) -> float:
    """Median ms of a one-word article sent to the extractor pool and back, one at a time."""
    from app.articles.extraction import get_pool
    from app.extract import Document

    pool = get_pool(settings)
    times = []
    for _ in range(21):
        start = time.perf_counter()
        await pool.extract_many([Document(paragraphs=[(0, "Hello.")])])
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--cprofile", type=int, default=0, help="print the N costliest")
    parser.add_argument(
        "--statements", action="store_true", help="count the statements a post runs"
    )
    parser.add_argument(
        "--idempotency-keys",
        action="store_true",
        help="each post with an Idempotency-Key of its own (such posts are written alone)",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="phases in CPU time of the server's thread, not wall time (use with --clients 1:"
        " with more, a phase's CPU takes in what other requests did meanwhile)",
    )
    args = parser.parse_args()
    if args.cpu:
        CLOCK[0] = time.thread_time

    from app.core.config import Settings
    from app.core.embedded import start_embedded
    from app.core.migrate import upgrade
    from app.main import create_app

    with tempfile.TemporaryDirectory(prefix="factstore-profile-") as data_dir:
        url = start_embedded(Path(data_dir))
        upgrade(url)
        settings = Settings(database_url=url, admin_key=ADMIN_KEY, data_dir=Path(data_dir))
        instrument()
        if args.statements:
            count_statements()
        app = create_app(settings)
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(whole_requests(app), port=port, log_level="warning", access_log=False)
        )
        thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
        # CPU time of the server's thread, not wall time: waits are not its cost.
        profiler = cProfile.Profile(time.thread_time)
        if args.cprofile:
            # The server's thread is the one to profile: it starts profiled.
            thread = threading.Thread(
                target=lambda: profiler.runcall(asyncio.run, server.serve()), daemon=True
            )
        thread.start()
        base = f"http://127.0.0.1:{port}"
        while True:
            try:
                if httpx.get(base + "/readyz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        articles = news_articles(args.articles + 40, tag="profile")
        post_from_another_process(base, articles[:40], args.clients)  # the pool loads the model
        SPENT.clear()
        STATEMENTS.clear()
        extractors = [c for c in psutil.Process().children() if c.name() != "postgres"]
        postgres = _postgres(data_dir)
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        others_before = _cpu(extractors), _cpu(postgres)
        rate = post_from_another_process(base, articles[40:], args.clients, args.idempotency_keys)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        others_after = _cpu(extractors), _cpu(postgres)
        hop = asyncio.run(_hop(settings))
        server.should_exit = True
        thread.join(30)
    count = args.articles
    total = SPENT.pop(WHOLE)
    print(f"{count} articles, {args.clients} clients: {rate:.1f} articles/s")
    what = "CPU of the server's thread" if args.cpu else "wall time"
    print(f"{what} per request, by phase (ms; share of the request):")
    accounted = 0.0
    for phase, seconds in SPENT.items():
        accounted += seconds
        print(f"  {phase:28} {seconds / count * 1000:7.1f}  {seconds / total:6.1%}")
    rest = total - accounted
    print(f"  {'HTTP, validation, the rest':28} {rest / count * 1000:7.1f}  {rest / total:6.1%}")
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    extracting = others_after[0] - others_before[0]
    storing = others_after[1] - others_before[1]
    print(
        f"CPU per article: API process {cpu / count * 1000:.1f} ms, extractor processes"
        f" {extracting / count * 1000:.1f} ms, PostgreSQL {storing / count * 1000:.1f} ms"
    )
    print(f"the hop to an idle extractor process and back (a one-word article): {hop:.1f} ms")
    if args.statements:
        runs = sum(n for n, _ in STATEMENTS.values())
        spent = sum(cpu for _, cpu in STATEMENTS.values())
        print(
            f"statements on the driver: {runs / count:.1f} a post, the server thread's CPU on"
            f" them {spent / count * 1000:.2f} ms a post; by statement (a post, ms a post,"
            " µs each):"
        )
        for key, (n, cpu) in sorted(STATEMENTS.items(), key=lambda kv: -kv[1][1]):
            print(f"  {n / count:5.2f} {cpu / count * 1000:6.3f} {cpu / n * 1e6:6.0f}  {key}")
    if args.cprofile:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.cprofile)
        stats.sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
