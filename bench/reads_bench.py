"""Read latency as the store grows: p50/p99 of every list, detail and search endpoint.

    python bench/reads_bench.py [--sizes 10000 100000] [--requests 200] [--rounds 8] [--explain]
                                [--against CHECKOUT]

Starts one `factstore serve` per store size (each with its own embedded Postgres,
or its own database under `DATABASE_URL`), loads synthetic articles (3
paragraphs, 5 client facts each) through the bulk endpoint, runs `VACUUM ANALYZE`
(as autovacuum does after a large load; on a just-loaded store it made the search
statement about 20% faster), then times `--requests` sequential calls of each
endpoint at each size, side by side (in `--rounds` runs per endpoint and size, all
runs interleaved in a shuffled order).  With 80 requests in 4 rounds, single
figures moved by up to 2x between runs of the same code (the articles list at
10,000 articles: 3.7, then 1.8 ms), as a spell of the shared machine fell on one
size's runs; more, shorter runs spread the spells over both sizes.
It prints p50 and p99 per endpoint and size, each p50 against the smallest size
(target: within 1.5x) and against `/healthz` (target: within 8x), and keyset
page 100 against page 1 (target: within 1.5x).  `--explain` prints, for each
endpoint, the plan nodes of every statement the endpoint ran (captured in
process against the same database, then `EXPLAIN`ed), to show index use.
`--against CHECKOUT` serves another checkout of factstore (with its own `.venv`)
beside this one, one server per version and size, all timed in the same shuffled
runs, and prints each endpoint's p50 of this checkout over the other's.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.harness import (
    ORGS,
    PROMINENT_PERSON,
    ROOT,
    Server,
    fact_article,
    ndjson,
    percentile,
    post_bulk,
)

Endpoint = tuple[str, str]
Table = dict[Any, dict[str, tuple[float, float]]]


def load(server: Server, start: int, stop: int) -> None:
    rng = random.Random(start)
    began = time.perf_counter()

    def send(part: range) -> None:
        with httpx.Client(base_url=server.url) as client:
            post_bulk(client, ndjson([fact_article(n, rng) for n in part]), extract=False)

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(send, [range(a, min(a + 500, stop)) for a in range(start, stop, 500)]))
    elapsed = time.perf_counter() - began
    print(f"loaded articles {start}..{stop} in {elapsed:.1f} s ({(stop - start) / elapsed:.0f}/s)")


def endpoints(client: httpx.Client) -> list[Endpoint]:
    """Each endpoint's name and path, its arguments picked from the loaded data."""

    def get(path: str, **params: Any) -> Any:
        return client.get(path, params=params).json()

    def named(name: str, type_: str) -> int:
        """The entity called exactly `name` (a prefix search also finds `name 17`)."""
        params: dict[str, Any] = {"q": name, "type": type_, "limit": 200}
        while True:
            page = get("/v1/entities", **params)
            exact = [e["id"] for e in page["items"] if e["name"] == name]
            if exact:
                return int(exact[0])
            params["cursor"] = page["next_cursor"]

    # The prominent names of the corpus: their lists are full pages at every size.
    entity = named(ORGS[0], "organization")
    person = named(PROMINENT_PERSON, "person")
    article = get("/v1/articles", limit=1)["items"][0]["id"]
    detail = get(f"/v1/articles/{article}")
    paragraph = detail["paragraphs"][0]["id"]
    event = get("/v1/events", limit=1)["items"][0]["id"]
    commitment = get("/v1/commitments", limit=1)["items"][0]["id"]
    fixed: list[tuple[str, str]] = [
        ("healthz", "/healthz"),
        ("articles", "/v1/articles"),
        ("articles?source", "/v1/articles?source=wire"),
        ("articles?since", "/v1/articles?since=2023-01-01T00:00:00Z"),
        ("articles?entity_id", f"/v1/articles?entity_id={entity}"),
        ("articles?entity_id(person)", f"/v1/articles?entity_id={person}"),
        ("articles?q", "/v1/articles?q=hospitals"),
        ("article", f"/v1/articles/{article}"),
        ("article facts", f"/v1/articles/{article}/facts"),
        ("paragraph", f"/v1/paragraphs/{paragraph}"),
        ("entities", "/v1/entities"),
        ("entities?type", "/v1/entities?type=person"),
        ("entities?q", "/v1/entities?q=treas"),
        ("entity", f"/v1/entities/{entity}"),
        ("entity mentions", f"/v1/entities/{entity}/mentions"),
        ("entity events", f"/v1/entities/{entity}/events"),
        ("entity commitments", f"/v1/entities/{entity}/commitments"),
        ("events", "/v1/events"),
        ("events?entity_id", f"/v1/events?entity_id={person}"),
        ("events?type", "/v1/events?type=meeting"),
        ("events?since", "/v1/events?since=2024-01-01"),
        ("event", f"/v1/events/{event}"),
        ("commitments", "/v1/commitments"),
        ("commitments?actor_id", f"/v1/commitments?actor_id={entity}"),
        ("commitments?currency", "/v1/commitments?currency=EUR&target_year=2030"),
        ("commitments?q", "/v1/commitments?q=defense"),
        ("commitment", f"/v1/commitments/{commitment}"),
        ("search common", "/v1/search?q=defense%20spending"),
        ("search rare", "/v1/search?q=hospitals%20tariffs"),
    ]
    return fixed


def cursor_of_page(client: httpx.Client, path: str, page: int) -> str:
    cursor = None
    for _ in range(page - 1):
        params: dict[str, str] = {"cursor": cursor} if cursor else {}
        cursor = client.get(path, params=params).json()["next_cursor"]
    assert cursor
    return str(cursor)


def measure(servers: dict[Any, Server], requests: int, rounds: int) -> Table:
    """p50 and p99 of each endpoint (and keyset page 100 of each list) at each size.

    Every store size has its own server, all running at once, and they are timed
    side by side: each endpoint in `rounds` runs of back-to-back requests (the first
    of each run only warms) per size, the runs of all endpoints and sizes interleaved
    in a shuffled order, so a noisy spell on a shared machine falls on all of them
    alike."""
    clients = {size: httpx.Client(base_url=s.url, timeout=60) for size, s in servers.items()}
    paths: dict[Any, dict[str, str]] = {}
    for size, client in clients.items():
        paths[size] = dict(endpoints(client))
        for list_path in ("/v1/articles", "/v1/entities", "/v1/events", "/v1/commitments"):
            cursor = cursor_of_page(client, list_path, 100)
            paths[size][f"{list_path[4:]} page 100"] = f"{list_path}?cursor={cursor}"
    names = list(next(iter(paths.values())))
    times: dict[Any, dict[str, list[float]]] = {s: {n: [] for n in names} for s in servers}
    rng = random.Random(0)
    per_run = -(-requests // rounds)
    for _ in range(rounds):
        runs = [(size, name) for size in servers for name in names]
        rng.shuffle(runs)
        for size, name in runs:
            for request in range(per_run + 1):
                start = time.perf_counter()
                response = clients[size].get(paths[size][name])
                elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, (name, response.text[:300])
                if request:
                    times[size][name].append(elapsed)
    for client in clients.values():
        client.close()
    return {
        size: {name: (percentile(t, 50), percentile(t, 99)) for name, t in by_name.items()}
        for size, by_name in times.items()
    }


async def explain(server: Server) -> None:
    """Run each endpoint in process, capture its statements, print their plans."""
    from sqlalchemy import event, text

    from app.core.config import Settings
    from app.core.db import Engines
    from app.core.embedded import start_embedded
    from app.main import create_app

    url = Settings(database_url=server.database_url).database_url or start_embedded(server.data_dir)
    settings = Settings(database_url=url, extract_workers=0, extract_default=False)
    engines = Engines.open(settings, url)
    engine = engines.reads
    captured: list[tuple[str, Any]] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, params))

    app = create_app(settings, url)
    engines.install(app.state)
    transport = httpx.ASGITransport(app=app)
    with httpx.Client(base_url=server.url, timeout=60) as sync_client:
        paths = endpoints(sync_client)
    async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
        for name, path in paths:
            captured.clear()
            await client.get(path)
            statements = list(captured)
            print(f"-- {name}: {path}")
            async with engine.connect() as conn:
                for statement, params in statements:
                    plan = await conn.exec_driver_sql("EXPLAIN " + statement, params)
                    nodes = [
                        row[0].strip()
                        for row in plan
                        if any(w in row[0] for w in ("Scan", "Sort", "Limit", "Join", "Loop"))
                    ]
                    print("   " + "\n   ".join(nodes))
                await conn.execute(text("SELECT 1"))
    await engines.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--against",
        type=Path,
        nargs="+",
        default=[],
        help="other checkouts of factstore to serve beside this one",
    )
    args = parser.parse_args()
    env = {"FACTSTORE_EXTRACT_WORKERS": "0", "FACTSTORE_EXTRACT_DEFAULT": "false"}
    versions: dict[str, Path | None] = {"this": None}
    for i, other in enumerate(args.against):
        versions[f"against{i + 1}"] = other.resolve()
    with ExitStack() as stack:
        servers = {
            (version, size): stack.enter_context(
                Server(env, database=f"factstore_bench_{version}_{size}", checkout=checkout)
            )
            for version, checkout in versions.items()
            for size in args.sizes
        }
        for (_, size), server in servers.items():
            load(server, 0, size)
            asyncio.run(_vacuum_analyze(server))
        timed = measure(servers, args.requests, args.rounds)
        if args.explain:
            for (version, size), server in servers.items():
                if version == "this":
                    print(f"== plans at {size} articles")
                    asyncio.run(explain(server))
    for version, checkout in versions.items():
        if args.against:
            print(f"\n== {version}: {checkout or ROOT}")
        _report({size: timed[(version, size)] for size in args.sizes}, args.sizes)
    for version, checkout in versions.items():
        if version == "this":
            continue
        for size in args.sizes:
            print(f"\np50 of this checkout / {checkout}, at {size} articles:")
            ours, theirs = timed[("this", size)], timed[(version, size)]
            ratios = [ours[name][0] / theirs[name][0] for name in ours]
            for name, ratio in zip(ours, ratios, strict=True):
                print(
                    f"{name:28}{ours[name][0]:8.2f} ms vs {theirs[name][0]:8.2f} ms  x{ratio:.2f}"
                )
            ratios.sort()
            print(f"median ratio x{ratios[len(ratios) // 2]:.2f}")
    return 0


def _report(table: Table, sizes: list[int]) -> None:
    first, last = sizes[0], sizes[-1]
    health = table[last]["healthz"][0]
    print(f"\n{'endpoint':28}" + "".join(f"{f'p50@{s}':>11}{f'p99@{s}':>11}" for s in sizes))
    for name in table[first]:
        row = "".join(f"{table[s][name][0]:11.1f}{table[s][name][1]:11.1f}" for s in sizes)
        growth = table[last][name][0] / table[first][name][0]
        vs_health = table[last][name][0] / health
        flag = "" if growth <= 1.5 and vs_health <= 8 else "  <-- over target"
        print(f"{name:28}{row}  x{growth:4.2f} vs {first}, x{vs_health:5.1f} vs healthz{flag}")
    for list_path in ("articles", "entities", "events", "commitments"):
        page1, page100 = table[last][list_path][0], table[last][f"{list_path} page 100"][0]
        print(f"{list_path}: page 100 / page 1 = {page100 / page1:.2f} (target <= 1.5)")


async def _vacuum_analyze(server: Server) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from app.core.config import Settings
    from app.core.embedded import start_embedded

    url = Settings(database_url=server.database_url).database_url or start_embedded(server.data_dir)
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text("VACUUM ANALYZE"))
    await engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
