"""Claims: the same claims whatever the order, and what joining costs bulk ingest.

    python bench/claims_bench.py [--articles 20000] [--body 400] [--clients 2] [--against DIR]

Makes a corpus of articles about a few dozen real-world-like pledges (restated by
many outlets in other words, undated, disputed, revised, delivered; syndicated
copies; meetings between the pledging governments), posts it in two random
orders into two fresh stores through the bulk endpoint (client facts,
`extract=false`), and checks that both stores make the same claims: the same
sets of articles in each claim, with the same status, amounts, dispute and source
count.  A third fresh store ingests the first order with claims joining off
(`FACTSTORE_JOIN_CLAIMS=false`), and the bench prints bulk throughput with and
without joining (the issue's target: within 10%).  `--against` measures another
checkout (say, `git worktree add --detach /tmp/main-claims main` with its own
`.venv`) the same way in the same run, and checks both make the same claims.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.harness import Server, chunks, median, ndjson, post_bulk

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
FILLER = "Officials gave no further details. The plan still needs parliament's approval."


def _pledges(rng: random.Random) -> list[dict[str, Any]]:
    pledges = []
    for actor in ACTORS:
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


def corpus(count: int, rng: random.Random) -> list[dict[str, Any]]:
    pledges = _pledges(rng)
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
            other = rng.choice(ACTORS)
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


def ingest(server: Server, articles: Sequence[dict[str, Any]], body: int, clients: int) -> float:
    bodies = [ndjson(c) for c in chunks(articles, body)]

    def send(lines: bytes) -> list[int]:
        with httpx.Client(base_url=server.url) as client:
            return post_bulk(client, lines, extract=False)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        statuses = [s for result in pool.map(send, bodies) for s in result]
    elapsed = time.perf_counter() - start
    bad = [s for s in statuses if s != 201]
    if bad:
        raise SystemExit(f"{len(bad)} lines were not stored: {sorted(set(bad))}")
    return elapsed


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


def claim_reads(server: Server, requests: int = 30) -> None:
    """p50 of the claim reads (the list, the largest claim's detail and timeline)
    against `/healthz`: the read targets are ratios to it."""
    with httpx.Client(base_url=server.url) as client:
        claims = _pages(client, "/v1/claims")
        biggest = max(claims, key=lambda c: c["statement_count"])
        paths = {
            "/healthz": "/healthz",
            "list (100)": "/v1/claims?limit=100",
            f"detail ({biggest['statement_count']} statements)": f"/v1/claims/{biggest['id']}",
            "timeline": f"/v1/claims/{biggest['id']}/timeline",
        }
        p50 = {}
        for name, path in paths.items():
            times = []
            for _ in range(requests):
                start = time.perf_counter()
                assert client.get(path, timeout=60).status_code == 200
                times.append(time.perf_counter() - start)
            p50[name] = median(times)
    base = p50.pop("/healthz")
    listed = ", ".join(f"{name} {t * 1000:.1f} ms ({t / base:.1f}x)" for name, t in p50.items())
    print(f"claim reads p50 vs /healthz {base * 1000:.1f} ms: {listed}")


def _run(
    orders: Sequence[Sequence[dict[str, Any]]],
    args: argparse.Namespace,
    checkout: Path | None,
    name: str,
) -> tuple[float, float, bool, dict[frozenset[str], tuple[Any, ...]]]:
    """Ingest order 1 joining, order 2 joining, order 1 not joining; return the
    throughputs with and without joining, whether both orders made the same claims,
    and the claims."""
    results = []
    joined = 0.0
    for n, order in enumerate(orders, start=1):
        env = {"FACTSTORE_EXTRACT_WORKERS": "0"}
        with Server(env, database=f"factstore_claims_{n}", checkout=checkout) as s:
            elapsed = ingest(s, order, args.body, args.clients)
            claims = claims_of(s)
            if n == 1:
                claim_reads(s)
        results.append(claims)
        print(
            f"{name} order {n}: {elapsed:.1f} s, {len(order) / elapsed:,.0f} articles/s with"
            f" claims; {len(claims)} claims",
            flush=True,
        )
        if n == 1:
            joined = len(order) / elapsed
    same = results[0] == results[1]
    differing = len(set(results[0].items()) ^ set(results[1].items()))
    print(f"{name} same claims in both orders: {'yes' if same else f'NO ({differing} differ)'}")
    env = {"FACTSTORE_EXTRACT_WORKERS": "0", "FACTSTORE_JOIN_CLAIMS": "false"}
    with Server(env, database="factstore_claims_off", checkout=checkout) as s:
        elapsed = ingest(s, orders[0], args.body, args.clients)
    plain = len(orders[0]) / elapsed
    print(f"{name} order 1 without joining: {elapsed:.1f} s, {plain:,.0f} articles/s", flush=True)
    return joined, plain, same, results[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--body", type=int, default=400, help="lines per bulk request")
    parser.add_argument("--clients", type=int, default=2, help="concurrent bulk requests")
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout of factstore (with its .venv), measured the same way after this one",
    )
    args = parser.parse_args()
    articles = corpus(args.articles, random.Random(17))
    orders = []
    for seed in (1, 2):
        order = list(articles)
        random.Random(seed).shuffle(order)
        orders.append(order)
    print(f"{len(articles)} articles about {len(ACTORS) * 3} pledges (with syndicated copies)")
    runs = [("this checkout", None)]
    if args.against:
        runs.append((str(args.against), args.against))
    outcomes = []
    for name, checkout in runs:
        outcomes.append((name, *_run(orders, args, checkout, name)))
    for name, joined, plain, _, _ in outcomes:
        ratio = joined / plain
        verdict = "met" if ratio >= 0.9 else "NOT met"
        print(
            f"{name}: with/without joining {joined:,.0f} / {plain:,.0f} articles/s ="
            f" {ratio:.3f} (target >= 0.90: {verdict})"
        )
    if len(outcomes) > 1:
        agree = outcomes[0][4] == outcomes[1][4]
        print(f"same claims as {outcomes[1][0]}: {'yes' if agree else 'NO'}")
    biggest = sorted(outcomes[0][4].items(), key=lambda kv: -len(kv[0]))[:3]
    for urls, claim in biggest:
        print(f"  a claim of {len(urls)} statements: {claim}")
    return 0 if all(o[3] for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
