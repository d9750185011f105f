"""Where bulk ingest with claims joining spends its time: statements per batch and
their time, in the API process.

    python bench/profile_claims.py [--corpus claims|bulk] [--articles 4000] [--body 400]
        [--warm 4000] [--off] [--new-pledges] [--revisions N] [--cprofile N]

Serves the app with uvicorn in this process (an embedded PostgreSQL in a temporary
directory), posts `--warm` articles of the claims bench's corpus (or, with
`--corpus bulk`, the bulk bench's news-like articles) first (so that
the claims exist, as they do in a store that has been running), then
`--articles` more through the bulk endpoint (client facts, one client), and
prints, per bulk batch, the statements run and their wall time, grouped by
statement (its first words), costliest first; and the time spent in joining's
entry points.  `--off` profiles the same ingest with joining off; `--revisions N` then profiles N
revisions, one at a time, that change the amount of reports in the largest claim
(so that it is recounted).  `--cprofile N`
prints the N functions of most CPU time of the server's thread (the warm-up
included; `--dump FILE` saves that profile for `pstats`).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import pstats
import random
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
import uvicorn
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.claims_bench import PLEDGES, actors, corpus, largest_claim_statements, revision
from bench.harness import (
    ADMIN_KEY,
    AUTH,
    _free_port,
    chunks,
    fact_article,
    ndjson,
    post_bulk,
    statement_label,
)

COUNTS: dict[str, int] = defaultdict(int)
SPENT: dict[str, float] = defaultdict(float)
PHASES: dict[str, float] = defaultdict(float)
ON = [False]


def hook() -> None:
    @event.listens_for(Engine, "before_cursor_execute")
    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info.setdefault("started", []).append(time.perf_counter())

    @event.listens_for(Engine, "after_cursor_execute")
    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        started = conn.info["started"].pop()
        if ON[0]:
            label = statement_label(statement)
            COUNTS[label] += 1
            SPENT[label] += time.perf_counter() - started


def timed(owner: Any, name: str) -> None:
    original: Callable[..., Any] | None = getattr(owner, name, None)
    if original is None:  # not there in this version of the code
        return

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return await original(*args, **kwargs)
        finally:
            if ON[0]:
                PHASES[f"{owner.__name__}.{name}"] += time.perf_counter() - start

    setattr(owner, name, wrapper)


async def _updates(url: str) -> tuple[int, int]:
    """How many claim rows were updated, and how many of those updates left every
    index alone (heap-only tuples)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_stat_force_next_flush()"))
        row = (
            await conn.execute(
                text(
                    "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
                    " WHERE relname = 'claims'"
                )
            )
        ).one()
    await engine.dispose()
    return int(row[0]), int(row[1])


def _report(unit: str, units: int, elapsed: float, top: int) -> None:
    """The statements and phases timed since the last report, per `unit`; then cleared."""
    statements = sum(COUNTS.values())
    print(
        f"statements per {unit}: {statements / units:.1f};"
        f" their time per {unit}: {sum(SPENT.values()) / units * 1000:.1f} ms"
        f" of {elapsed / units * 1000:.1f} ms"
    )
    for phase, seconds in sorted(PHASES.items(), key=lambda kv: -kv[1]):
        print(f"  {phase:36} {seconds / units * 1000:8.1f} ms/{unit}")
    print(f"costliest statements (per {unit}: count, ms):")
    for label, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {COUNTS[label] / units:5.1f} {seconds / units * 1000:8.1f}  {label}")
    for tally in (COUNTS, SPENT, PHASES):
        tally.clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--warm", type=int, default=4000)
    parser.add_argument("--body", type=int, default=400)
    parser.add_argument("--off", action="store_true", help="joining off")
    parser.add_argument(
        "--corpus",
        choices=["claims", "bulk"],
        default="claims",
        help="the claims bench's pledges, or the bulk bench's news-like articles",
    )
    parser.add_argument(
        "--pledges",
        type=int,
        default=PLEDGES,
        help="with the claims corpus: how many pledges its articles are about",
    )
    parser.add_argument(
        "--new-pledges",
        action="store_true",
        help="after all --warm + --articles articles, post --articles about other pledges"
        " of the same actors and kinds of spending (other amounts and target years)",
    )
    parser.add_argument(
        "--revisions",
        type=int,
        default=0,
        help="then profile this many revisions, posted one at a time, of reports in the"
        " largest claim that change their amount by 1%% (the claim is recounted)",
    )
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cprofile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--dump", help="with --cprofile: also save the profile (pstats) here")
    args = parser.parse_args()

    from app.articles import bulk, fact_store
    from app.claims import joining, tallies
    from app.core.config import Settings
    from app.core.embedded import start_embedded
    from app.core.migrate import upgrade
    from app.main import create_app

    hook()
    for owner, name in [
        (joining, "join_new"),
        (joining, "settle"),
        (joining, "_settle_commitments"),
        (joining, "_move"),
        (tallies, "add"),
        (tallies, "recount"),
        (tallies, "_stored"),
        (tallies, "_add_tallies"),
        (tallies, "_add_sources"),
        (tallies, "_add_single"),
        (tallies, "_write"),
        (bulk, "store_facts_many"),
        # The writes after joining, which run under its locks until the commit.
        (fact_store, "store_events"),
        (fact_store, "insert_commitments"),
        (fact_store, "copy_rows"),
        (fact_store, "adjust_entity_counts"),
        (bulk, "_write_batch"),
    ]:
        timed(owner, name)
    total = args.warm + args.articles
    if args.corpus == "bulk":
        rng = random.Random(17)
        articles = [fact_article(n, rng) for n in range(total)]
    else:
        articles = corpus(total, random.Random(17), actors(args.pledges))
    random.Random(1).shuffle(articles)
    warm, measured = articles[: args.warm], articles[args.warm :]
    if args.new_pledges:
        # Other pledges of the same actors and kinds of spending: groups gain
        # another target year, and their undated statements move.
        warm = articles
        measured = [
            {**a, "url": f"{a['url']}/new"}
            for a in corpus(args.articles, random.Random(99), actors(args.pledges))
        ]
    with tempfile.TemporaryDirectory(prefix="factstore-profile-") as data_dir:
        url = start_embedded(Path(data_dir))
        upgrade(url)
        settings = Settings(
            database_url=url,
            admin_key=ADMIN_KEY,
            data_dir=Path(data_dir),
            extract_workers=0,
            join_claims=not args.off,
        )
        app = create_app(settings)
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, port=port, log_level="warning", access_log=False)
        )
        # CPU time of the server's thread, not wall time: waits are not its cost.
        profiler = cProfile.Profile(time.thread_time)
        thread = threading.Thread(
            target=lambda: (
                profiler.runcall(asyncio.run, server.serve())
                if args.cprofile
                else asyncio.run(server.serve())
            ),
            daemon=True,
        )
        thread.start()
        base = f"http://127.0.0.1:{port}"
        while True:
            try:
                if httpx.get(base + "/readyz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with httpx.Client(base_url=base) as client:
            for body in chunks(warm, args.body):
                post_bulk(client, ndjson(body), extract=False)
            ON[0] = True
            start = time.perf_counter()
            batches = 0
            for body in chunks(measured, args.body):
                post_bulk(client, ndjson(body), extract=False)
                batches += 1
            elapsed = time.perf_counter() - start
            ON[0] = False
            print(
                f"joining {'off' if args.off else 'on'}: {len(measured)} articles after"
                f" {len(warm)}, {len(measured) / elapsed:,.0f} articles/s, {batches} batches"
                f" of {args.body}"
            )
            _report("batch", batches, elapsed, args.top)
            if args.revisions:
                size, statements = largest_claim_statements(client, args.revisions)
                spent = 0.0
                for n, statement in enumerate(statements):
                    body = revision(client, statement, changed=True, n=n)
                    ON[0] = True
                    start = time.perf_counter()
                    response = client.post(
                        "/v1/articles", params={"extract": "false"}, json=body, headers=AUTH
                    )
                    spent += time.perf_counter() - start
                    ON[0] = False
                    assert response.status_code == 201, response.text
                print(
                    f"{len(statements)} revisions changing the amount of reports in the"
                    f" largest claim ({size:,} statements)"
                )
                _report("revision", len(statements), spent, args.top)
        server.should_exit = True
        thread.join(30)
        hot = asyncio.run(_updates(url))
    print(f"claims rows updated: {hot[0]:,}, of which in place (HOT): {hot[1]:,}")
    if args.cprofile:
        # The whole run, the warm-up included.
        stats = pstats.Stats(profiler)
        if args.dump:
            stats.dump_stats(args.dump)
        stats.sort_stats("cumulative").print_stats(args.cprofile)
        stats.sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
