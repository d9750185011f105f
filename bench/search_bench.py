"""Search latency by the query words' share of the store, at two store sizes.

    python bench/search_bench.py [--sizes 20000 200000] [--against CHECKOUT]
                                 [--requests 120] [--rounds 6] [--limit 20]

Builds one store per size (`factstore serve` with its own embedded PostgreSQL, or
its own database under `DATABASE_URL`) of real-looking news articles in which no
paragraph occurs twice (`harness`'s corpus, made as a stream: each article follows
a real one, its sentences' numbers drawn anew and one sentence swapped), loaded
through the bulk endpoint (`extract=false`), then `VACUUM ANALYZE`d.  Into each
article, sentences carrying the query words are woven, in a paragraph picked at
random, so their shares are known:

- everything: `pledged defense` occurs in every article;
- half:       `levee inspectors` in every second article;
- rare:       `glacier observatory` in one article of 100;
- few:        `observatory asked January`, the words of one of the rare sentences
              with one of its six months: about one article of 1,200, fewer
              matches than the window at either size.

It then times `--requests` sequential `GET /v1/search?q=...&limit=--limit` of each
query (and page 5 of the everything query, by its cursor), and `/healthz`, at every
size, in `--rounds` runs each, all runs of all servers interleaved in a shuffled
order, so a noisy spell of a shared machine falls on all of them alike.  It prints
p50 and p95, the p50 against `/healthz` p50 of the same server (target: 8x), the
p50 at the largest size against the smallest (target: flat, 1.5x at most), and
each query's p50 against the rare query's (target: a common query costs no more
than a rare one).

`--against CHECKOUT` runs another checkout of factstore (its own `.venv`, e.g.
`git worktree add --detach /tmp/main-search main`) beside this one, on stores
built from the same articles, for before and after figures in one run.

`--reuse` (with `DATABASE_URL` only) keeps the stores for the next run, and serves
those a previous run left (loading a store of 200,000 articles takes a long
while): `factstore_search_{size}` is loaded once, by the first version (`old` with
`--against`), and never served; each version serves a copy of it,
`factstore_search_{old,new}_{size}`, which its server migrates forward on start.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.harness import (
    _NUMBER,
    _SENTENCE_END,
    NEWS_CORPUS,
    Server,
    _news_sources,
    create_database,
    database_articles,
    drop_database,
    percentile,
    post_bulk,
)

QUERIES = {
    "everything": "pledged defense",
    "half": "levee inspectors",
    "rare": "glacier observatory",
    "few": "observatory asked January",
}
ACTORS = ["The government", "The ministry", "Parliament", "The coalition", "The cabinet"]
EVERYTHING = [
    "{actor} pledged {n} million for defense over the next {y} years.",
    "Officials said {actor.lower} had pledged {n} billion to defense by {year}.",
    "{actor} pledged to raise defense outlays to {p} percent of output within {y} years.",
    "Critics noted that the {n} million pledged for defense in {year} had not been spent.",
]
HALF = [
    "Levee inspectors found {n} weak sections along the river in {month}.",
    "The report by levee inspectors listed {n} repairs due before {month}.",
    "{actor} hired {n} more levee inspectors after the {month} storms.",
]
RARE = [
    "A glacier observatory recorded {n} metres of retreat since {year}.",
    "Scientists at the glacier observatory asked for {n} million in {month}.",
]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def _sentence(templates: list[str], rng: random.Random) -> str:
    actor = rng.choice(ACTORS)
    return rng.choice(templates).format(
        actor=actor,
        **{"actor.lower": actor[0].lower() + actor[1:]},
        n=rng.randint(2, 9_999),
        y=rng.randint(2, 15),
        p=rng.randint(1, 5),
        year=rng.randint(1990, 2040),
        month=rng.choice(MONTHS),
    )


def articles(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """`count` real-looking news articles, no paragraph twice (as
    `harness.news_articles`, made as a stream: only the paragraphs' digests are
    kept), with the query words woven in at their shares."""
    rng = random.Random(seed)
    sources = _news_sources(NEWS_CORPUS)
    pool = [
        sentence
        for source in sources
        for paragraph in source["paragraphs"]
        for sentence in _SENTENCE_END.split(paragraph)
    ]

    def redraw(text: str) -> str:
        def number(match: re.Match[str]) -> str:
            digits = len(match[0])
            return str(rng.randrange(10 ** (digits - 1), 10**digits))

        return _NUMBER.sub(number, text)

    seen: set[bytes] = set()
    for n in range(count):
        source = sources[n % len(sources)]
        woven = [_sentence(EVERYTHING, rng)]
        if n % 2 == 0:
            woven.append(_sentence(HALF, rng))
        if n % 100 == 0:
            woven.append(_sentence(RARE, rng))
        templates = list(source["paragraphs"])
        into = {rng.randrange(len(templates)): s for s in woven}
        extra = [s for s in woven if s not in into.values()]
        paragraphs = []
        for i, template in enumerate(templates):
            sentences = _SENTENCE_END.split(template)
            if len(sentences) > 1:
                sentences[rng.randrange(len(sentences))] = rng.choice(pool)
            sentences = [redraw(sentence) for sentence in sentences]
            if i in into:
                sentences.insert(rng.randrange(len(sentences) + 1), into[i])
            if i == len(templates) - 1:
                sentences.extend(extra)
            text = " ".join(sentences)
            digest = hashlib.blake2b(text.encode(), digest_size=12).digest()
            while digest in seen:
                text = f"{text} {redraw(rng.choice(pool))}"
                digest = hashlib.blake2b(text.encode(), digest_size=12).digest()
            seen.add(digest)
            paragraphs.append(text)
        yield {
            "url": f"https://search.example/{seed}/{n}",
            "title": redraw(source.get("title") or "") or None,
            "published_at": source.get("published_at"),
            "paragraphs": paragraphs,
        }


def batches(count: int, size: int = 500) -> Iterator[bytes]:
    lines: list[bytes] = []
    for article in articles(count):
        lines.append(json.dumps(article).encode() + b"\n")
        if len(lines) == size:
            yield b"".join(lines)
            lines = []
    if lines:
        yield b"".join(lines)


def load(servers: list[Server], count: int) -> None:
    """The same `count` articles into every server (each batch to all of them)."""
    began = time.perf_counter()
    clients = [httpx.Client(base_url=s.url) for s in servers]

    def send(client: httpx.Client, body: bytes) -> None:
        statuses = post_bulk(client, body, extract=False)
        assert all(s in (200, 201) for s in statuses), set(statuses)

    with ThreadPoolExecutor(2) as pool:
        pending: list[Any] = []
        for body in batches(count):
            for client in clients:
                pending.append(pool.submit(send, client, body))
            if len(pending) > 8:
                for future in pending[:-4]:
                    future.result()
                pending = pending[-4:]
        for future in pending:
            future.result()
    for client in clients:
        client.close()
    elapsed = time.perf_counter() - began
    print(
        f"loaded {count} articles into {len(servers)} store(s) in {elapsed:.0f} s",
        flush=True,
    )


async def vacuum_analyze(server: Server) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from app.core.config import Settings
    from app.core.embedded import start_embedded

    url = Settings(database_url=server.database_url).database_url or start_embedded(server.data_dir)
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text("VACUUM ANALYZE"))
    await engine.dispose()


def paths(client: httpx.Client, limit: int) -> dict[str, str]:
    found = {"healthz": "/healthz"}
    for name, q in QUERIES.items():
        found[name] = f"/v1/search?q={q.replace(' ', '%20')}&limit={limit}"
    cursor = None
    for _ in range(4):
        # The cursor goes into the path: `params` would replace its query string.
        path = f"{found['everything']}&cursor={cursor}" if cursor else found["everything"]
        page = client.get(path)
        assert page.status_code == 200, page.text[:300]
        cursor = page.json()["next_cursor"]
    found["everything p5"] = f"{found['everything']}&cursor={cursor}"
    return found


def measure(
    servers: dict[tuple[str, int], Server], requests: int, rounds: int, limit: int
) -> dict[tuple[str, int], dict[str, tuple[float, float]]]:
    clients = {key: httpx.Client(base_url=s.url, timeout=60) for key, s in servers.items()}
    urls = {key: paths(client, limit) for key, client in clients.items()}
    names = list(next(iter(urls.values())))
    times: dict[tuple[str, int], dict[str, list[float]]] = {
        key: {name: [] for name in names} for key in servers
    }
    rng = random.Random(0)
    per_run = -(-requests // rounds)
    for _ in range(rounds):
        runs = [(key, name) for key in servers for name in names]
        rng.shuffle(runs)
        for key, name in runs:
            for request in range(per_run + 1):
                start = time.perf_counter()
                response = clients[key].get(urls[key][name])
                elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200, (key, name, response.text[:300])
                if request:  # the first of a run only warms
                    times[key][name].append(elapsed)
    for client in clients.values():
        client.close()
    return {
        key: {name: (percentile(t, 50), percentile(t, 95)) for name, t in by_name.items()}
        for key, by_name in times.items()
    }


def hits(server: Server, limit: int) -> dict[str, int]:
    """How many hits each query's pages hold in all (its window, at most)."""
    counts = {}
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for name, q in QUERIES.items():
            total, cursor = 0, None
            while True:
                params: dict[str, Any] = {"q": q, "limit": 200}
                if cursor:
                    params["cursor"] = cursor
                page = client.get("/v1/search", params=params).json()
                total += len(page["items"])
                cursor = page["next_cursor"]
                if not cursor:
                    break
            counts[name] = total
    return counts


def reuse(
    versions: dict[str, Path | None], names: dict[str, str], size: int, env: dict[str, str]
) -> None:
    """Every version's kept store of `size` articles, each a copy of one loaded
    store (`factstore_search_{size}`, loaded by the first version unless it is
    there, and never served, so it stays at the first version's schema)."""
    base = f"factstore_search_{size}"
    first = next(iter(versions))
    if database_articles(base) != size:
        drop_database(base)
        with Server(env, database=base, checkout=versions[first], fresh=False, keep=True) as server:
            load([server], size)
            asyncio.run(vacuum_analyze(server))
    for version in versions:
        if database_articles(names[version]) != size:
            drop_database(names[version])
            create_database(names[version], template=base)
            print(f"copied {base} to {names[version]}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--against", type=Path, help="another checkout, run side by side")
    parser.add_argument("--requests", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep the stores, reuse kept ones")
    args = parser.parse_args()
    versions: dict[str, Path | None] = {"new": None}
    if args.against:
        versions = {"old": args.against.resolve(), "new": None}
    env = {"FACTSTORE_EXTRACT_WORKERS": "0", "FACTSTORE_EXTRACT_DEFAULT": "false"}
    with ExitStack() as stack:
        servers: dict[tuple[str, int], Server] = {}
        for size in args.sizes:
            names = {version: f"factstore_search_{version}_{size}" for version in versions}
            if args.reuse:
                reuse(versions, names, size, env)
            for version, checkout in versions.items():
                servers[version, size] = stack.enter_context(
                    Server(
                        env,
                        database=names[version],
                        checkout=checkout,
                        fresh=not args.reuse,
                        keep=args.reuse,
                    )
                )
            if not args.reuse:
                load([servers[v, size] for v in versions], size)
                for version in versions:
                    asyncio.run(vacuum_analyze(servers[version, size]))
        for key, server in servers.items():
            print(f"hits in all pages at {key[1]} articles ({key[0]}): {hits(server, args.limit)}")
        table = measure(servers, args.requests, args.rounds, args.limit)
    first, last = args.sizes[0], args.sizes[-1]
    names = list(next(iter(table.values())))
    header = "".join(
        f"{f'{v} p50@{s}':>15}{'p95':>7}{'x hz':>7}" for v in versions for s in args.sizes
    )
    print(f"\n{'query':14}{header}")
    for name in names:
        row = ""
        for version in versions:
            for size in args.sizes:
                p50, p95 = table[version, size][name]
                health = table[version, size]["healthz"][0]
                row += f"{p50:15.2f}{p95:7.2f}{p50 / health:7.1f}"
        print(f"{name:14}{row}")
    print()
    for version in versions:
        for name in names:
            if name == "healthz":
                continue
            growth = table[version, last][name][0] / table[version, first][name][0]
            health = table[version, last]["healthz"][0]
            vs_health = table[version, last][name][0] / health
            vs_rare = table[version, last][name][0] / table[version, last]["rare"][0]
            flag = "" if vs_health <= 8 and growth <= 1.5 else "  <-- over target"
            print(
                f"{version} {name:14} p50 x{vs_health:5.1f} vs healthz @{last}, "
                f"x{growth:4.2f} @{last} vs @{first}, x{vs_rare:4.2f} vs rare{flag}"
            )
    if args.against:
        print()
        for size in args.sizes:
            for name in names:
                if name != "healthz":
                    ratio = table["new", size][name][0] / table["old", size][name][0]
                    print(f"new / old p50 @{size} {name:14} {ratio:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
