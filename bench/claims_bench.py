"""Claims: the same claims whatever the order, and what joining costs bulk ingest.

    python bench/claims_bench.py [--articles 20000] [--body 400] [--clients 2] [--against DIR]
        [--baseline DIR] [--extract N [--new-pledges]] [--revisions N]
        [--first-order random|published] [--pledges N] [--locks] [--db-prefix NAME]
        [--keep [--load-only]]
        [--reads-only]

Makes a corpus of articles about a few dozen real-world-like pledges (restated by
many outlets in other words, undated, disputed, revised, delivered; syndicated
copies; meetings between the pledging governments), posts it in two random
orders into two fresh stores through the bulk endpoint (client facts,
`extract=false`), and checks that both stores make the same claims: the same
sets of articles in each claim, with the same status, amounts, dispute and source
count.  A third fresh store ingests the first order with claims joining off
(`FACTSTORE_JOIN_CLAIMS=false`), and the bench prints bulk throughput with and
without joining (what joining alone costs; the issue's target, within 10% of the
throughput before claims, is measured with `--baseline`), and the CPU an article
of the API process and of the store's PostgreSQL backends.  The first order's stores with
and without joining are served at once and fed in turn, `--slice` articles at a
time (the first of each turn rotating), so that the machine's speed, which drifts
by a third over minutes here, weighs on both alike; the bench also prints the
slices' ratios (median and quartiles).  The second order runs after, alone.
`--first-order published` posts order 1 by publication time instead, as a feed
posts news: a paragraph's first carrier then mostly comes first, and its copies
rarely move to another source (random orders move them again and again).
`--against` measures another checkout (say, `git worktree add --detach
/tmp/main-claims main` with its own `.venv`) the same way in the same run (its
stores fed in the same turns), and checks both make the same claims.
`--baseline` measures the issue's own baseline, "today's throughput" when claims
were asked for: a checkout of the code from before claims (`git worktree add
--detach /tmp/main-filed e90c97a`, with its own `.venv`), its store fed order 1 in
the same turns (ingest only: it makes no claims), and prints order 1 with joining
against it beside the ratio to joining off.

`--extract N` then posts N more articles (the corpus's next stories, about the same
pledges; with `--new-pledges`, about other pledges of the same actors and kinds of
spending, with other amounts and target years) to order 1's stores
(with and without joining, and the baseline's), with extraction (the default ingest:
`extract=true`, no client facts), each store served by an API process of its own
with the default extractor pool, a slice at a time in turn; it prints articles/s and
the ratios.  These articles are two or three short paragraphs, so extraction costs
far less an article here than on real news, and joining's share is the larger.

`--revisions N` times revisions posted one at a time to each checkout's store with
joining, of reports in the largest claim: N that restate the report's pledge (a
paragraph more) and N that change its amount by 1% (within the claim's tolerance,
so the claim is recounted), p50 and p75 against `/healthz`.

`--pledges N` spreads the same number of articles over N pledges (three an actor,
past the 12 named actors made-up countries): with many, each claim gathers fewer
reports and concurrent batches share fewer groups, as with news about many
subjects; the default, 36, is the issue's few dozen.

`--locks` (with `DATABASE_URL`) samples, while order 1 is fed to each checkout's
store with joining, who holds the claim groups' locks and what the holder is doing
(`bench/lock_sampler.py`): how much of the store's transaction time the locks are
held, and of that, which statement runs or whether the API's turn has come.

After order 1, each store is `VACUUM ANALYZE`d and its claim reads are timed (p50
against `/healthz`): the list, the largest claim's detail, its timeline's first
page and its statements' first two pages.  With `DATABASE_URL`, `--keep` leaves
each checkout's order-1 store behind (databases named from `--db-prefix`;
`--load-only` loads nothing else), and `--reads-only` serves those stores again,
every checkout's at once, and times the reads with their requests interleaved: the
before/after comparison.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.harness import AUTH, Server, chunks, median, ndjson, post_bulk
from bench.lock_sampler import LockSampler

ACTORS = [
    "Germany",
    "France",
    "Japan",
    "Canada",
    "Norway",
    "Poland",
    "Italy",
    "Spain",
    "Sweden",
    "Australia",
    "Netherlands",
    "Denmark",
]
METRICS = {
    "defence": ["defence spending", "military budget", "spending on the armed forces"],
    "humanitarian": ["humanitarian aid", "humanitarian assistance", "emergency relief"],
    "climate": ["climate finance", "climate funding", "money for climate adaptation"],
}
OUTLETS = [f"outlet{n}.example" for n in range(40)] + [
    "reuters.com",
    "bbc.co.uk",
    "apnews.com",
    "lemonde.fr",
    "dw.com",
]
# The few dozen pledges: three for each named actor.
PLEDGES = len(ACTORS) * len(METRICS)
FILLER = "Officials gave no further details. The plan still needs parliament's approval."


# Made-up country names for `--pledges` beyond the named actors' (capitalised, so
# that they name entities).
_SYLLABLES = ["ka", "lo", "mi", "ra", "te", "vo", "su", "ne", "di", "po", "an", "el"]
_ENDINGS = ["ia", "land", "stan", "ora", "ovia", "ea"]


def actors(pledges: int) -> list[str]:
    """One actor for every three pledges: the named ones first, then made-up ones."""
    count = max(1, pledges // len(METRICS))
    names = list(ACTORS[:count])
    rng = random.Random(3)
    while len(names) < count:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        name = stem.capitalize() + rng.choice(_ENDINGS)
        if name not in names:
            names.append(name)
    return names


def _pledges(rng: random.Random, named: Sequence[str]) -> list[dict[str, Any]]:
    pledges = []
    for actor in named:
        for metric_class in rng.sample(sorted(METRICS), 3):
            pledges.append(
                {
                    "actor": actor,
                    "class": metric_class,
                    "amount": rng.randint(2, 90) * 100_000_000,
                    "year": rng.randint(2026, 2035),
                    "day": rng.randint(0, 200),
                }
            )
    return pledges


def _date(day: int) -> str:
    month, dom = 1 + day // 28 % 12, 1 + day % 28
    return f"2025-{month:02d}-{dom:02d}T{8 + day % 10:02d}:00:00Z"


def corpus(count: int, rng: random.Random, named: Sequence[str] = ACTORS) -> list[dict[str, Any]]:
    """`count` articles about three pledges of each actor of `named`."""
    pledges = _pledges(rng, named)
    articles: list[dict[str, Any]] = []
    for n in range(count):
        p = rng.choice(pledges)
        roll = rng.random()
        amount, year, day, verb = p["amount"], p["year"], p["day"] + rng.randint(0, 5), "pledged"
        if roll < 0.08:  # a later delivery report
            amount, day, verb = p["amount"] // rng.choice([5, 4, 2]), p["day"] + 60, "delivered"
        elif roll < 0.12:  # another figure the same week: a dispute
            amount = p["amount"] * 3 // 2
        elif roll < 0.15:  # a raise weeks later: a revision
            amount, day, verb = p["amount"] * 2, p["day"] + 40, "raised its pledge to"
        elif roll < 0.22:
            year = None
        metric = rng.choice(METRICS[p["class"]])
        when = f" by {year}" if year else ""
        millions = amount // 1_000_000
        sentence = (
            f"{p['actor']} has {verb} €{millions}m of {metric}{when}, story {n} reports."
            if verb == "delivered"
            else f"{p['actor']} {verb} {millions} million euros for {metric}{when} (report {n})."
        )
        quote = sentence[: sentence.index(" (report") if "(report" in sentence else -1]
        outlet = rng.choice(OUTLETS)
        article: dict[str, Any] = {
            "url": f"https://www.{outlet}/{n}",
            "published_at": _date(day),
            "paragraphs": [sentence, FILLER + f" ({n})"],
            "facts": {
                "commitments": [
                    {
                        "actor": {"name": p["actor"], "type": "location"},
                        "metric": metric,
                        "amount": {"value": amount, "currency": "EUR"},
                        "target_year": year,
                        "citations": [{"paragraph_index": 0, "quote": quote}],
                    }
                ],
                "events": [],
            },
        }
        if rng.random() < 0.2:
            other = rng.choice(named)
            meeting = f"Leaders of {p['actor']} and {other} met to discuss it."
            article["paragraphs"].append(meeting)
            article["facts"]["events"].append(
                {
                    "type": "meeting",
                    "summary": meeting,
                    "date": {"value": _date(day)[:10]},
                    "participants": [
                        {"name": p["actor"], "type": "location", "role": "participant"},
                        {"name": other, "type": "location", "role": "participant"},
                    ],
                    "citations": [{"paragraph_index": 2, "quote": meeting}],
                }
            )
        articles.append(article)
        if rng.random() < 0.03:  # a syndicated copy on another site
            copy = dict(article, url=f"https://www.{rng.choice(OUTLETS)}/syndicated-{n}")
            articles.append(copy)
    return articles


def ingest(
    server: Server | str,
    articles: Sequence[dict[str, Any]],
    body: int,
    clients: int,
    *,
    extract: bool = False,
) -> float:
    bodies = [ndjson(c) for c in chunks(articles, body)]
    url = server if isinstance(server, str) else server.url

    def send(lines: bytes) -> list[int]:
        with httpx.Client(base_url=url) as client:
            return post_bulk(client, lines, extract=extract)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        statuses = [s for result in pool.map(send, bodies) for s in result]
    elapsed = time.perf_counter() - start
    bad = [s for s in statuses if s != 201]
    if bad:
        raise SystemExit(f"{len(bad)} lines were not stored: {sorted(set(bad))}")
    return elapsed


def extraction_corpus(
    count: int, stories: int, stored: int, *, new_pledges: bool, named: Sequence[str] = ACTORS
) -> list[dict[str, Any]]:
    """Articles for the extractor, without client facts, under URLs of their own (new
    stories): the corpus's `count` stories after its first `stories` (the `stored`
    articles, syndicated copies included), about the same pledges; or, `new_pledges`,
    stories about other pledges of the same actors and kinds of spending (other
    amounts and target years)."""
    if new_pledges:
        articles = corpus(count, random.Random(99), named)
    else:
        # The corpus of more stories begins with the stored ones, drawn alike.
        articles = corpus(stories + count, random.Random(17), named)[stored:]
    return [
        {**{k: v for k, v in a.items() if k != "facts"}, "url": f"{a['url']}/extracted"}
        for a in articles
    ]


def _extraction(
    servers: dict[tuple[str, int], Server], args: argparse.Namespace, stored: int
) -> None:
    """Ingest with extraction (the default ingest) on stores that hold order 1: each
    store gets an API process of its own with the default extractor pool (one
    process per core), and `--extract` more articles are posted with `extract=true`,
    a slice at a time in turn, as order 1 was.  Prints each store's articles/s and
    the ratios: what joining costs where extraction is the work."""
    articles = extraction_corpus(
        args.extract,
        args.articles,
        stored,
        new_pledges=args.new_pledges,
        named=actors(args.pledges),
    )
    workers = {"FACTSTORE_EXTRACT_WORKERS": str(len(os.sched_getaffinity(0)))}
    urls = {key: server.add_api(workers) for key, server in servers.items()}
    elapsed = dict.fromkeys(urls, 0.0)
    turn = list(urls)
    for n, part in enumerate(chunks(articles, EXTRACT_SLICE)):
        for key in turn[n % len(turn) :] + turn[: n % len(turn)]:
            elapsed[key] += ingest(urls[key], part, EXTRACT_BODY, args.clients, extract=True)
    speed = {key: len(articles) / took for key, took in elapsed.items()}
    for (name, phase), found in speed.items():
        print(
            f"{name} {_what(phase)}, then {len(articles):,} articles with extraction:"
            f" {found:,.1f} articles/s",
            flush=True,
        )
    for name in dict.fromkeys(name for name, _ in speed):
        with_joining = speed[(name, 1)]
        print(
            f"{name}: with extraction, with/without joining {with_joining:,.1f} /"
            f" {speed[(name, 3)]:,.1f} articles/s = {with_joining / speed[(name, 3)]:.3f}"
            + (
                f"; with joining/the code from before claims {with_joining:,.1f} /"
                f" {speed[(name, BASELINE)]:,.1f} = {with_joining / speed[(name, BASELINE)]:.3f}"
                " (that code's extractor differs too)"
                if (name, BASELINE) in speed
                else ""
            ),
            flush=True,
        )


def largest_claim_statements(client: httpx.Client, count: int) -> tuple[int, list[dict[str, Any]]]:
    """The largest commitment claim's statement count, and its first `count` statements."""
    claims = _pages(client, "/v1/claims", kind="commitment")
    biggest = max(claims, key=lambda c: c["statement_count"])
    statements = _pages(client, f"/v1/claims/{biggest['id']}/statements")[:count]
    return biggest["statement_count"], statements


def revision(
    client: httpx.Client, statement: dict[str, Any], *, changed: bool, n: int
) -> dict[str, Any]:
    """A revision of the statement's article, a paragraph longer (`Update n.`), whose
    commitment restates the statement's pledge or, `changed`, raises its amount by
    1% (the same claim, within its tolerance)."""
    article = client.get(f"/v1/articles/{statement['article_id']}").json()
    fact = client.get(f"/v1/commitments/{statement['id']}").json()
    amount = fact["amount"]["value"] * (1.01 if changed else 1)
    return {
        "url": article["url"],
        "published_at": article["published_at"],
        "paragraphs": [p["text"] for p in article["paragraphs"]] + [f"Update {n}."],
        "facts": {
            "commitments": [
                {
                    "actor": {"name": fact["actor"]["name"], "type": "location"},
                    "metric": fact["metric"],
                    "amount": {"value": amount, "currency": fact["amount"]["currency"]},
                    "target_year": fact["target_year"],
                    "citations": [
                        {"paragraph_index": c["paragraph_index"], "quote": c["quote"]}
                        for c in fact["citations"]
                    ],
                }
            ]
        },
    }


def _revisions(servers: Sequence[tuple[str, Server]], count: int) -> None:
    """Revisions of reports in the largest claim, posted one at a time to each
    checkout's store with joining in turn: `count` updates that restate the report's
    pledge (a paragraph more) and `count` that change its amount by 1% (the same
    claim, within its tolerance): p50 and p75 of each against `/healthz`."""
    clients = [httpx.Client(base_url=s.url, headers=AUTH, timeout=60) for _, s in servers]
    try:
        # Each store's own largest claim (the same claim, under its ids there).
        sizes, statements = [], []
        for client in clients:
            size, found = largest_claim_statements(client, 2 * count)
            sizes.append(size)
            statements.append(found)
        times: list[dict[str, list[float]]] = [
            {"/healthz": [], "restated": [], "changed": []} for _ in clients
        ]
        for n in range(2 * count * len(clients)):
            k = n % len(clients)
            client = clients[k]
            statement = statements[k][n // len(clients)]
            kind = "restated" if n // len(clients) % 2 == 0 else "changed"
            body = revision(client, statement, changed=kind == "changed", n=n)
            start = time.perf_counter()
            client.get("/healthz")
            times[k]["/healthz"].append(time.perf_counter() - start)
            start = time.perf_counter()
            response = client.post("/v1/articles", params={"extract": "false"}, json=body)
            times[k][kind].append(time.perf_counter() - start)
            assert response.status_code == 201, response.text
    finally:
        for client in clients:
            client.close()
    for (name, _), size, measured in zip(servers, sizes, times, strict=True):
        base = median(measured.pop("/healthz"))
        shown = []
        for kind, found in measured.items():
            found.sort()
            shown.append(
                f"{kind} p50 {median(found) * 1000:.1f} ms ({median(found) / base:.1f}x),"
                f" p75 {found[3 * len(found) // 4] * 1000:.1f} ms"
            )
        print(
            f"{name} revisions of reports in the largest claim ({size:,}"
            f" statements), {len(found)} of each, vs /healthz {base * 1000:.2f} ms: "
            + "; ".join(shown),
            flush=True,
        )


# Ingest with extraction (`--extract`): lines per request, and articles per turn.
EXTRACT_BODY = 50
EXTRACT_SLICE = 300


def _pages(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {"limit": 200, **params, **({"cursor": cursor} if cursor else {})}
        page = client.get(path, params=query, timeout=60).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def claims_of(server: Server) -> dict[frozenset[str], tuple[Any, ...]]:
    """Each claim as the set of its statements' article URLs, with what it says."""
    with httpx.Client(base_url=server.url) as client:
        url_of = {a["id"]: a["url"] for a in _pages(client, "/v1/articles")}
        members: dict[int, set[str]] = {}
        for path in ("/v1/commitments", "/v1/events"):
            for fact in _pages(client, path):
                members.setdefault(fact["claim_id"], set()).add(url_of[fact["article_id"]])
        claims = {}
        for claim in _pages(client, "/v1/claims"):
            disputed = claim["disputed"]
            claims[frozenset(members.pop(claim["id"]))] = (
                claim["kind"],
                claim["status"],
                claim["pledged"] and claim["pledged"]["value"],
                claim["disbursed"] and claim["disbursed"]["value"],
                claim["source_count"],
                claim["statement_count"],
                disputed and tuple(sorted(v["amount"]["value"] for v in disputed["values"])),
            )
        if members:
            raise SystemExit(f"statements in no listed claim: {sorted(members)[:5]}")
    return claims


def _read_paths(client: httpx.Client) -> dict[str, str]:
    """The reads measured, on the largest claim: the list, its detail, its timeline's
    first page, and its statements' first two pages (where the code has them)."""
    claims = _pages(client, "/v1/claims")
    biggest = max(claims, key=lambda c: c["statement_count"])
    claim = f"/v1/claims/{biggest['id']}"
    paths = {
        "/healthz": "/healthz",
        "list (100)": "/v1/claims?limit=100",
        f"detail ({biggest['statement_count']} statements)": claim,
        "timeline": f"{claim}/timeline",
    }
    first = client.get(f"{claim}/statements", timeout=60)
    if first.status_code == 200:
        paths["statements p1"] = f"{claim}/statements"
        cursor = first.json()["next_cursor"]
        if cursor is not None:  # a small store's largest claim may fit one page
            paths["statements p2"] = f"{claim}/statements?cursor={cursor}"
    return paths


def claim_reads(servers: Sequence[tuple[str, Server]], requests: int = 60) -> None:
    """p50 of the claim reads against `/healthz` (the read targets are ratios to it),
    on each server, their requests interleaved so that the machine's load weighs on
    all alike."""
    clients = [httpx.Client(base_url=s.url) for _, s in servers]
    try:
        paths = [_read_paths(c) for c in clients]
        times: list[dict[str, list[float]]] = [{read: [] for read in p} for p in paths]
        for client, wanted in zip(clients, paths, strict=True):  # warm up
            for path in wanted.values():
                for _ in range(3):
                    client.get(path, timeout=60)
        for _ in range(requests):
            for n, (client, wanted) in enumerate(zip(clients, paths, strict=True)):
                for read, path in wanted.items():
                    start = time.perf_counter()
                    status = client.get(path, timeout=60).status_code
                    times[n][read].append(time.perf_counter() - start)
                    assert status == 200, (path, status)
    finally:
        for client in clients:
            client.close()
    for (name, _), measured in zip(servers, times, strict=True):
        p50 = {read: median(t) for read, t in measured.items()}
        base = p50.pop("/healthz")
        listed = ", ".join(f"{read} {t * 1000:.1f} ms ({t / base:.1f}x)" for read, t in p50.items())
        print(f"{name} claim reads p50 vs /healthz {base * 1000:.2f} ms: {listed}", flush=True)


def vacuum_analyze(server: Server) -> None:
    """`VACUUM ANALYZE` the store, as autovacuum would have by the time it is read
    (the machine's PostgreSQL may run with it off): the planner's statistics, and
    the visibility map that index-only scans need."""
    import asyncio

    from bench.reads_bench import _vacuum_analyze  # only where a store is read

    asyncio.run(_vacuum_analyze(server))


# The phase of the code from before claims (`--baseline`): order 1, ingest only.
BASELINE = 0


def _database(args: argparse.Namespace, phase: int, checkout: Path | None) -> str:
    """Each phase's database; each checkout's own, so that a kept store (`--keep`)
    of each is there for `--reads-only`."""
    if phase == BASELINE:
        return f"{args.db_prefix}_baseline"
    name = f"{args.db_prefix}_{'off' if phase == 3 else phase}"
    return name if checkout is None else f"{name}_against"


@dataclass(frozen=True)
class Phase:
    speed: float  # articles/s
    api_ms: float  # API CPU an article
    postgres_ms: float  # PostgreSQL CPU an article (its backends for this store)


def _env(phase: int) -> dict[str, str]:
    env = {"FACTSTORE_EXTRACT_WORKERS": "0"}
    if phase == 3:
        env["FACTSTORE_JOIN_CLAIMS"] = "false"
    return env


def _what(phase: int) -> str:
    if phase == BASELINE:
        return "order 1 on the code from before claims"
    return f"order {phase}" if phase < 3 else "order 1 without joining"


def _report(name: str, phase: int, articles: int, elapsed: float, cpu: dict[str, float]) -> Phase:
    found = Phase(
        articles / elapsed, cpu["api"] * 1000 / articles, cpu["postgres"] * 1000 / articles
    )
    print(
        f"{name} {_what(phase)}: {elapsed:.1f} s, {found.speed:,.0f} articles/s;"
        f" CPU an article: API {found.api_ms:.3f} ms, PostgreSQL {found.postgres_ms:.3f} ms",
        flush=True,
    )
    return found


def _ingest_phase(
    order: Sequence[dict[str, Any]],
    args: argparse.Namespace,
    checkout: Path | None,
    name: str,
    phase: int,
) -> tuple[Phase, dict[frozenset[str], tuple[Any, ...]]]:
    """One phase alone (order 2, joining): its speed and CPU, and the claims."""
    with Server(_env(phase), database=_database(args, phase, checkout), checkout=checkout) as s:
        before = s.cpu_seconds()
        elapsed = ingest(s, order, args.body, args.clients)
        after = s.cpu_seconds()
        claims = claims_of(s)
    cpu = {role: after[role] - before[role] for role in after}
    return _report(name, phase, len(order), elapsed, cpu), claims


def _interleaved(
    order: Sequence[dict[str, Any]],
    args: argparse.Namespace,
    runs: Sequence[tuple[str, Path | None]],
    baseline: Path | None = None,
) -> tuple[dict[str, dict[int, Phase]], dict[str, dict[frozenset[str], tuple[Any, ...]]]]:
    """Order 1 with joining (phase 1) and without (phase 3), on every checkout, all
    served at once and fed the order a slice at a time in turn: every store grows
    alike, and each slice's turn goes to every store within seconds, so a drift of
    the machine's speed weighs on all of them alike.  The turn's first store rotates
    from slice to slice.  With `baseline`, the code from before claims is served and
    fed too (`BASELINE`, its speed under the first run's name).  Prints the slices'
    ratios; returns each phase's speed and CPU, and phase 1's claims (its store is
    then read)."""
    keys = [(name, checkout, phase) for name, checkout in runs for phase in (1, 3)]
    if baseline is not None:
        keys.append((runs[0][0], baseline, BASELINE))
    elapsed = {(name, phase): 0.0 for name, _, phase in keys}
    cpu = {(name, phase): {"api": 0.0, "postgres": 0.0} for name, _, phase in keys}
    slice_ratios: dict[str, list[float]] = {name: [] for name, _ in runs}
    samplers: dict[str, LockSampler] = {}
    baseline_ratios: list[float] = []
    claims: dict[str, dict[frozenset[str], tuple[Any, ...]]] = {}
    with ExitStack() as stack:
        servers = {
            (name, phase): stack.enter_context(
                Server(
                    _env(phase),
                    database=_database(args, phase, checkout),
                    checkout=checkout,
                    keep=args.keep and phase == 1,
                )
            )
            for name, checkout, phase in keys
        }
        turn = list(servers)
        if args.locks:
            for name, checkout in runs:
                url = servers[(name, 1)].database_url
                if url is None:
                    raise SystemExit("--locks samples a PostgreSQL server's stores (DATABASE_URL)")
                samplers[name] = LockSampler(url, _database(args, 1, checkout))
        for n, part in enumerate(chunks(order, args.slice)):
            took: dict[tuple[str, int], float] = {}
            for key in turn[n % len(turn) :] + turn[: n % len(turn)]:
                server = servers[key]
                sampler = samplers.get(key[0]) if key[1] == 1 else None
                before = server.cpu_seconds()
                with sampler if sampler is not None else nullcontext():
                    took[key] = ingest(server, part, args.body, args.clients)
                after = server.cpu_seconds()
                elapsed[key] += took[key]
                for role in cpu[key]:
                    cpu[key][role] += after[role] - before[role]
            for name, _ in runs:
                slice_ratios[name].append(took[(name, 3)] / took[(name, 1)])
            if baseline is not None:
                baseline_ratios.append(took[(runs[0][0], BASELINE)] / took[(runs[0][0], 1)])
        for name, _ in runs:
            claims[name] = claims_of(servers[(name, 1)])
        for name, _ in runs:
            vacuum_analyze(servers[(name, 1)])
        claim_reads([(name, servers[(name, 1)]) for name, _ in runs])
        if args.revisions:
            _revisions([(name, servers[(name, 1)]) for name, _ in runs], args.revisions)
        if args.extract:
            _extraction(servers, args, len(order))
    phased: dict[str, dict[int, Phase]] = {name: {} for name, _ in runs}
    for name, _, phase in keys:
        key = (name, phase)
        phased[name][phase] = _report(name, phase, len(order), elapsed[key], cpu[key])
    for name, sampler in samplers.items():
        sampler.report(f"{name} order 1")
    named = [(f"{name} order 1 with/without joining", slice_ratios[name]) for name, _ in runs]
    if baseline is not None:
        named.append((f"{runs[0][0]} order 1 with joining/before claims", baseline_ratios))
    for what, in_order in named:
        ratios = sorted(in_order)
        print(
            f"{what} slice by slice ({len(ratios)} slices of"
            f" {args.slice:,} articles): median {median(ratios):.3f},"
            f" quartiles {ratios[len(ratios) // 4]:.3f}-{ratios[(3 * len(ratios)) // 4]:.3f},"
            f" last quarter's median {median(in_order[-max(1, len(ratios) // 4) :]):.3f}",
            flush=True,
        )
    return phased, claims


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--body", type=int, default=400, help="lines per bulk request")
    parser.add_argument("--clients", type=int, default=2, help="concurrent bulk requests")
    parser.add_argument(
        "--slice",
        type=int,
        default=4000,
        help="articles fed to each store in turn (order 1, with and without joining)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout of factstore (with its .venv), measured the same way after this one",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of the code from before claims (with its .venv): the issue's"
        " baseline, fed order 1 in the same turns",
    )
    parser.add_argument(
        "--first-order",
        choices=("random", "published"),
        default="random",
        help="order 1 (measured with and without joining): random, or by publication"
        " time (ties in the corpus's order), as a feed posts news; order 2 stays random",
    )
    parser.add_argument(
        "--extract",
        type=int,
        default=0,
        help="then post this many more articles with extraction to order 1's stores"
        " (with and without joining, and the baseline's), in turn",
    )
    parser.add_argument(
        "--revisions",
        type=int,
        default=0,
        help="then time this many revisions of reports in the largest claim that restate"
        " its pledge, and as many that change its amount, on each checkout's store",
    )
    parser.add_argument(
        "--new-pledges",
        action="store_true",
        help="with --extract: articles about other pledges of the same actors and kinds"
        " of spending (other amounts and target years), not the stored pledges",
    )
    parser.add_argument(
        "--pledges",
        type=int,
        default=PLEDGES,
        help="how many pledges the articles are about (three an actor; past the named"
        " actors' 36, made-up countries'): more pledges, fewer reports of each",
    )
    parser.add_argument(
        "--locks",
        action="store_true",
        help="sample who holds the claim groups' locks while order 1 is fed with joining"
        " (`bench/lock_sampler.py`; DATABASE_URL)",
    )
    parser.add_argument(
        "--db-prefix", default="factstore_claims", help="names of the databases (DATABASE_URL)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep order 1's stores (each checkout's) for --reads-only; with --load-only,"
        " load nothing else",
    )
    parser.add_argument(
        "--load-only",
        action="store_true",
        help="order 1 only, with and without joining (with --keep)",
    )
    parser.add_argument(
        "--reads-only",
        action="store_true",
        help="no ingest: the claim reads on the stores an earlier --keep run left,"
        " every checkout's served at once and read in turn",
    )
    args = parser.parse_args()
    runs = [("this checkout", None)]
    if args.against:
        runs.append((str(args.against), args.against))
    if args.reads_only:
        return _reads_only(args, runs)
    articles = corpus(args.articles, random.Random(17), actors(args.pledges))
    orders = []
    for seed in (1, 2):
        order = list(articles)
        random.Random(seed).shuffle(order)
        orders.append(order)
    if args.first_order == "published":
        orders[0] = sorted(articles, key=lambda a: str(a["published_at"]))
    print(
        f"{len(articles)} articles about {len(actors(args.pledges)) * len(METRICS)} pledges"
        " (with syndicated copies)"
    )
    # Order 1 with joining and without it are fed in turn, a slice at a time, to
    # stores served at once (every checkout's), so that a drift of the machine's
    # speed weighs on the comparison alike; order 2 then runs on each checkout back
    # to back.
    phased, first_claims = _interleaved(orders[0], args, runs, args.baseline)
    claims: dict[str, dict[int, dict[frozenset[str], tuple[Any, ...]]]] = {
        name: {1: found} for name, found in first_claims.items()
    }
    if args.load_only:
        return 0
    for name, checkout in runs:
        phased[name][2], claims[name][2] = _ingest_phase(orders[1], args, checkout, name, 2)
    outcomes = []
    for name, _ in runs:
        same = claims[name][1] == claims[name][2]
        differing = len(set(claims[name][1].items()) ^ set(claims[name][2].items()))
        print(f"{name} same claims in both orders: {'yes' if same else f'NO ({differing} differ)'}")
        outcomes.append((name, phased[name], same, claims[name][1]))
    for name, p, _, _ in outcomes:
        first, second, plain = p[1], p[2], p[3]
        ratio = first.speed / plain.speed
        both = (first.speed + second.speed) / 2 / plain.speed
        verdict = "met" if ratio >= 0.9 else "NOT met"
        print(
            f"{name}: order 1 with/without joining (fed in turn) {first.speed:,.0f} /"
            f" {plain.speed:,.0f} articles/s = {ratio:.3f} (target >= 0.90: {verdict});"
            f" order 2 (alone, after) {second.speed / plain.speed:.3f};"
            f" both orders' mean {both:.3f}"
        )
        if BASELINE in p:
            base = p[BASELINE]
            verdict = "met" if first.speed / base.speed >= 0.9 else "NOT met"
            print(
                f"{name}: order 1 with joining/the code from before claims (fed in turn)"
                f" {first.speed:,.0f} / {base.speed:,.0f} articles/s ="
                f" {first.speed / base.speed:.3f} (target >= 0.90: {verdict});"
                f" CPU an article before claims: API {base.api_ms:.3f} ms,"
                f" PostgreSQL {base.postgres_ms:.3f} ms"
            )
        joined_api = (first.api_ms + second.api_ms) / 2
        joined_pg = (first.postgres_ms + second.postgres_ms) / 2
        print(
            f"{name}: CPU an article without/with joining (both orders' mean):"
            f" API {plain.api_ms:.3f} / {joined_api:.3f} ms = {plain.api_ms / joined_api:.3f};"
            f" PostgreSQL {plain.postgres_ms:.3f} / {joined_pg:.3f} ms;"
            f" both {(plain.api_ms + plain.postgres_ms) / (joined_api + joined_pg):.3f}"
        )
    if len(outcomes) > 1:
        agree = outcomes[0][3] == outcomes[1][3]
        print(f"same claims as {outcomes[1][0]}: {'yes' if agree else 'NO'}")
    biggest = sorted(outcomes[0][3].items(), key=lambda kv: -len(kv[0]))[:3]
    for urls, claim in biggest:
        print(f"  a claim of {len(urls)} statements: {claim}")
    return 0 if all(o[2] for o in outcomes) else 1


def _reads_only(args: argparse.Namespace, runs: Sequence[tuple[str, Path | None]]) -> int:
    env = {"FACTSTORE_EXTRACT_WORKERS": "0"}
    with ExitStack() as stack:
        servers = [
            (
                name,
                stack.enter_context(
                    Server(
                        env,
                        database=_database(args, 1, checkout),
                        checkout=checkout,
                        fresh=False,
                        keep=True,
                    )
                ),
            )
            for name, checkout in runs
        ]
        for _, server in servers:
            vacuum_analyze(server)
        claim_reads(servers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
