"""Claims settled claim by claim equal claims settled group by group.

Ingest, revisions and deletes settle only the claims they touch (`joining.settle`
with `claims`): an event group's claims are planned again from the events of the
claims that share a participant with the new events, or that lost statements.
Here a random history of posts (bulk and single), revisions and deletes in one
week's meetings and one actor's pledges builds claims that merge and split (and,
in wire histories, paragraphs carried word for word by several outlets, which move
between sources as earlier carriers arrive); then every group is settled whole, as
`factstore claims rebuild` does, and nothing may change: not a claim, not a
statement's claim or source, not a tally.
"""

from __future__ import annotations

import random
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import joining
from tests.api.support import PostArticle, post_bulk

FIRST = "Ana Ben Chen Dara Eva Femi Gus Hana Ivo Jan Kai Lea Mia Noor Omar Pia Raj Sol"
LAST = "Silva Okafor Wei Nolan Lind Ade Holm Sato Petrov Berg Moe Roth Diaz Khan Ali Falk Rao Ruiz"
PEOPLE = [f"{first} {last}" for first, last in zip(FIRST.split(), LAST.split(), strict=True)]
YEARS = [2027, 2028, None]

# Everything settling decides, without timestamps of the write itself.
_SNAPSHOT = {
    "claims": "SELECT id, key, kind, group_key, entity_ids, status, statement_count,"
    " source_count, first_reported, last_reported, metric, actor_name, document"
    " FROM claims ORDER BY id",
    "events": "SELECT id, claim_id, claim_source FROM events WHERE is_current ORDER BY id",
    "commitments": "SELECT id, claim_id, claim_source FROM commitments WHERE is_current"
    " ORDER BY id",
    "buckets": "SELECT * FROM claim_buckets ORDER BY claim_id, lifecycle, bucket",
    "labels": "SELECT * FROM claim_labels WHERE n > 0 ORDER BY claim_id, kind, label",
    "texts": "SELECT * FROM claim_texts ORDER BY claim_id, text_key",
    "sources": "SELECT * FROM claim_sources ORDER BY claim_id, origin",
}

# Rows where the marked tops and each kind's most given label differ.
_WRONG_TOPS = """
WITH w AS (
  SELECT DISTINCT ON (claim_id, kind) claim_id, kind, label FROM claim_labels
  ORDER BY claim_id, kind, n DESC, label COLLATE "C"
), t AS (SELECT claim_id, kind, label FROM claim_labels WHERE top)
SELECT count(*) FROM ((SELECT * FROM t EXCEPT ALL SELECT * FROM w)
  UNION ALL (SELECT * FROM w EXCEPT ALL SELECT * FROM t)) d
"""


def _story(n: int, rng: random.Random, version: int = 0, wire: bool = False) -> dict[str, Any]:
    # People meet within their circle of three; now and then a meeting bridges two
    # circles (their claims merge), and a revision or delete of it splits them.
    circle = rng.randrange(len(PEOPLE) // 3)
    names = rng.sample(PEOPLE[3 * circle : 3 * circle + 3], rng.choice([1, 1, 2]))
    if rng.random() < 0.1:
        names.append(
            rng.choice([p for p in PEOPLE if p not in PEOPLE[3 * circle : 3 * circle + 3]])
        )
    # A wire story's paragraphs are one of a few texts that outlets carry word for
    # word: a copy posted before the outlet that carried it first moves to its source.
    tag = f"wire {rng.randrange(2)}" if wire else f"report {n}.{version}"
    meeting = " and ".join(names) + f" met in Oslo on Tuesday ({tag})."
    year = rng.choice(YEARS)
    pledge = (
        f"Norway pledged {rng.choice([300, 300, 450])} million euros of climate finance"
        + (f" by {year}" if year else "")
        + f" ({tag})."
    )
    facts: dict[str, Any] = {
        "events": [
            {
                "type": "meeting",
                "summary": meeting,
                "date": {"value": "2025-03-04"},
                "participants": [
                    {"name": p, "type": "person", "role": "participant"} for p in names
                ],
                "citations": [{"paragraph_index": 0, "quote": meeting}],
            }
        ]
    }
    if rng.random() < 0.6:
        commitment: dict[str, Any] = {
            "actor": {"name": "Norway", "type": "location"},
            "metric": "climate finance",
            "amount": {"value": float(pledge.split()[2]) * 1e6, "currency": "EUR"},
            "citations": [{"paragraph_index": 1, "quote": pledge}],
        }
        if year:
            commitment["target_year"] = year
        facts["commitments"] = [commitment]
    return {
        "url": f"https://{rng.choice(['nrk.no', 'vg.no', 'reuters.com'])}/oslo-{n}",
        "published_at": f"2025-03-0{4 + n % 3}T{8 + n % 9:02d}:00:00Z",
        "paragraphs": [meeting, pledge],
        "facts": facts,
    }


async def _snapshot(session: AsyncSession) -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: [tuple(r) for r in await session.execute(text(sql))]
        for name, sql in _SNAPSHOT.items()
    }


@pytest.mark.parametrize(
    ("seed", "wire"), [(1, False), (2, False), (3, False), (4, True), (5, True)]
)
async def test_settling_touched_claims_equals_settling_whole_groups(
    seed: int,
    wire: bool,
    client: httpx.AsyncClient,
    post_article: PostArticle,
    session: AsyncSession,
    admin_headers: dict[str, str],
) -> None:
    rng = random.Random(seed)
    posted: dict[int, int] = {}  # story number: article id
    stories = [_story(n, rng, wire=wire) for n in range(40)]
    order = list(range(len(stories)))
    rng.shuffle(order)
    merges = 0  # posts after which fewer meeting claims stand than before
    first: dict[str, tuple[str, str]] = {}  # a paragraph's first (publication, outlet)
    taken_over = 0  # stories that carried a stored paragraph before its first outlet
    current: dict[int, dict[str, Any]] = {}  # story number: its latest revision
    updates = 0
    step = 0
    while step < len(order):
        size = rng.choice([1, 4, 7])
        chunk = order[step : step + size]
        step += size
        before = await session.scalar(text("SELECT count(*) FROM claims WHERE kind = 'event'"))
        if size == 1:
            article = await post_article(stories[chunk[0]])
            posted[chunk[0]] = article["id"]
        else:
            await post_bulk(client, admin_headers, [stories[n] for n in chunk])
            for n in chunk:
                found = await session.scalar(
                    text("SELECT id FROM articles WHERE url = :u"), {"u": stories[n]["url"]}
                )
                posted[n] = found
        after = await session.scalar(text("SELECT count(*) FROM claims WHERE kind = 'event'"))
        merges += after < before
        for n in chunk:
            story = stories[n]
            seen = (story["published_at"], story["url"].split("/")[2])
            for paragraph in story["paragraphs"]:
                if paragraph in first and seen[1] != first[paragraph][1]:
                    taken_over += seen < first[paragraph]
                first[paragraph] = min(first.get(paragraph, seen), seen)
        # Now and then a story is revised (its meeting's people change) or deleted.
        if rng.random() < 0.3 and posted:
            n = rng.choice(sorted(posted))
            if rng.random() < 0.5:
                revised = {**_story(n, rng, version=1), "url": stories[n]["url"]}
                await post_article(revised)
                current[n] = revised
            else:
                current.pop(n, None)
                response = await client.delete(
                    f"/v1/articles/{posted.pop(n)}", headers=admin_headers
                )
                assert response.status_code == 204, response.text
        # Or updated with a paragraph more: its facts are restated, and its pledge's
        # claim keeps its tallies as they are.
        if rng.random() < 0.3 and posted:
            n = rng.choice(sorted(posted))
            body = current.get(n, stories[n])
            updated = {**body, "paragraphs": [*body["paragraphs"], f"Update {step}."]}
            await post_article(updated)
            current[n] = updated
            updates += 1
    sizes = [
        r.statement_count
        for r in await session.execute(
            text("SELECT statement_count FROM claims WHERE kind = 'event'")
        )
    ]
    # The history did what it is for: meetings joined, and new ones merged claims;
    # wire copies came before the outlets that carried their paragraphs first.
    assert max(sizes) >= 3 and len(sizes) >= 2
    assert merges > 0 or wire
    assert taken_over > 0 or not wire
    assert updates > 0
    # Each kind of each event claim's labels has one top: its most given label, ties
    # to the least by code point (what adding compares new labels with).
    tops = await session.scalar(text("SELECT count(*) FROM claim_labels WHERE top"))
    assert tops and await session.scalar(text(_WRONG_TOPS)) == 0
    settled = await _snapshot(session)
    groups = [
        g
        for (g,) in await session.execute(
            text(
                "SELECT DISTINCT claim_group FROM events UNION SELECT claim_group FROM commitments"
            )
        )
    ]
    await joining.settle(session, groups)
    await session.flush()
    assert await _snapshot(session) == settled


async def _post_then_delete(
    client: httpx.AsyncClient,
    post_article: PostArticle,
    session: AsyncSession,
    admin_headers: dict[str, str],
    extra: dict[str, Any],
    claim_id: int,
) -> None:
    """Post `extra`, whose facts all join the claim, and delete it again: the claim
    is recounted from its statements, and nothing settling decides may differ from
    what adding its reports made."""
    before = await _snapshot(session)
    article = await post_article(extra)
    joined = [f["claim_id"] for kind in ("commitments", "events") for f in article["facts"][kind]]
    assert joined and set(joined) == {claim_id}
    assert await _snapshot(session) != before
    response = await client.delete(f"/v1/articles/{article['id']}", headers=admin_headers)
    assert response.status_code == 204, response.text
    await session.flush()
    assert await _snapshot(session) == before


def _pledge_report(
    url: str,
    published_at: str,
    paragraphs: list[str],
    cited: list[tuple[int, str, str, float]],
) -> dict[str, Any]:
    """Norway's climate finance for 2030: a commitment per (paragraph, quote, metric,
    amount in euros)."""
    return {
        "url": url,
        "published_at": published_at,
        "paragraphs": paragraphs,
        "facts": {
            "commitments": [
                {
                    "actor": {"name": "Norway", "type": "location"},
                    "metric": metric,
                    "amount": {"value": amount, "currency": "EUR"},
                    "target_year": 2030,
                    "citations": [{"paragraph_index": index, "quote": quote}],
                }
                for index, quote, metric, amount in cited
            ]
        },
    }


SUMMARY = "Norway will give 300 million euros of climate finance by 2030."
BODY = "Oslo said on Tuesday that it would provide 300 million euros for climate projects by 2030."
DELIVERED = "Norway has disbursed the first 100 million euros of its 300 million euro pledge."
ROUNDED = "Norway pledged some 302 million euros in climate finance for 2030."
DELIVERED_MORE = "Norway has now disbursed 200 million euros of its 300 million euro pledge."


@pytest.mark.parametrize(
    "extra",
    [
        # The earliest report, carrying a stored paragraph word for word: it becomes
        # the claim's first report and that text's first carrier.
        _pledge_report(
            "https://www.bbc.co.uk/news/norway-climate",
            "2025-03-03T07:00:00Z",
            [BODY],
            [(0, BODY, "climate-related finance", 3e8)],
        ),
        # A later delivery of another amount, from a new outlet.
        _pledge_report(
            "https://www.lemonde.fr/norvege",
            "2025-03-09T12:00:00Z",
            [DELIVERED_MORE, SUMMARY],
            [(0, DELIVERED_MORE, "climate finance", 2e8), (1, SUMMARY, "climate finance", 3e8)],
        ),
        # Another article of an outlet already counted, with the same summary.
        _pledge_report(
            "https://www.nrk.no/norway-climate-2",
            "2025-03-06T10:00:00Z",
            [SUMMARY],
            [(0, SUMMARY, "climate funds", 3e8)],
        ),
    ],
)
async def test_a_report_posted_then_deleted_leaves_its_claim_as_it_was(
    extra: dict[str, Any],
    client: httpx.AsyncClient,
    post_article: PostArticle,
    session: AsyncSession,
    admin_headers: dict[str, str],
) -> None:
    # The claim is built by adding reports; deleting one recounts it from its
    # statements: the two ways of counting must agree on every tally.
    stories = [
        # An article stating the pledge twice (summary and body): one source, one
        # article, two statements.
        _pledge_report(
            "https://www.nrk.no/norway-climate",
            "2025-03-04T08:00:00Z",
            [SUMMARY, BODY],
            [(0, SUMMARY, "climate finance", 3e8), (1, BODY, "climate finance", 3e8)],
        ),
        # Another outlet carrying the body word for word at the same minute: the tie
        # goes to the outlet first by code point, so the copy is nrk.no's source.
        _pledge_report(
            "https://www.vg.no/norway-climate",
            "2025-03-04T08:00:00Z",
            [BODY],
            [(0, BODY, "climate aid", 3e8)],
        ),
        # A later report of a slightly different amount (the same bucket of values).
        _pledge_report(
            "https://apnews.com/norway-climate",
            "2025-03-05T11:00:00Z",
            [ROUNDED],
            [(0, ROUNDED, "climate finance", 3.02e8)],
        ),
        _pledge_report(
            "https://www.reuters.com/norway-climate",
            "2025-03-08T09:00:00Z",
            [DELIVERED],
            [(0, DELIVERED, "climate funding", 1e8)],
        ),
    ]
    for story in stories:
        await post_article(story)
    (claim_id,) = {
        c
        for (c,) in await session.execute(text("SELECT claim_id FROM commitments WHERE is_current"))
    }
    claim = (await client.get(f"/v1/claims/{claim_id}")).json()
    assert claim["source_count"] == 3
    assert claim["metric"] == "climate aid"
    assert claim["disbursed"]["value"] == 1e8
    await _post_then_delete(client, post_article, session, admin_headers, extra, claim_id)


def _meeting_report(
    url: str, published_at: str, paragraph: str, summary: str, people: list[str], day: str
) -> dict[str, Any]:
    """A meeting in Oslo of `people`, on `day` (a date or a month)."""
    return {
        "url": url,
        "published_at": published_at,
        "paragraphs": [paragraph],
        "facts": {
            "events": [
                {
                    "type": "meeting",
                    "summary": summary,
                    "date": {"value": day},
                    "participants": [
                        {"name": p, "type": "person", "role": "participant"} for p in people
                    ],
                    "citations": [{"paragraph_index": 0, "quote": paragraph}],
                }
            ]
        },
    }


MET = "Jonas Gahr Støre met Ulf Kristersson in Oslo on Tuesday to discuss energy."


@pytest.mark.parametrize(
    "extra",
    [
        # The earliest report, carrying the stored paragraph word for word.
        _meeting_report(
            "https://www.bbc.co.uk/news/oslo-meeting",
            "2025-03-03T07:00:00Z",
            MET,
            "Nordic prime ministers met in Oslo",
            ["Jonas Gahr Støre", "Ulf Kristersson"],
            "2025-03-04",
        ),
        # A later report that gives the most given summary once more, and a spelling
        # of a name that then is given as often as the other (the tie goes to the
        # first by code point: "Store").
        _meeting_report(
            "https://www.svt.se/oslo-meeting",
            "2025-03-06T12:00:00Z",
            "Kristersson and Jonas Gahr Store met in Oslo on Tuesday.",
            "Støre and Kristersson met in Oslo",
            ["Jonas Gahr Store", "Ulf Kristersson"],
            "2025-03-04",
        ),
    ],
)
async def test_a_meeting_report_posted_then_deleted_leaves_its_claim_as_it_was(
    extra: dict[str, Any],
    client: httpx.AsyncClient,
    post_article: PostArticle,
    session: AsyncSession,
    admin_headers: dict[str, str],
) -> None:
    stories = [
        _meeting_report(
            "https://www.nrk.no/oslo-meeting",
            "2025-03-04T08:00:00Z",
            MET,
            "Støre and Kristersson met in Oslo",
            ["Jonas Gahr Støre", "Ulf Kristersson"],
            "2025-03-04",
        ),
        # A copy of the paragraph at the same minute: nrk.no's source by code point.
        _meeting_report(
            "https://www.vg.no/oslo-meeting",
            "2025-03-04T08:00:00Z",
            MET,
            "Støre and Kristersson met in Oslo",
            ["Jonas Gahr Støre", "Ulf Kristersson"],
            "2025-03-04",
        ),
        _meeting_report(
            "https://www.dn.se/oslo-meeting",
            "2025-03-05T09:00:00Z",
            "Swedish premier Ulf Kristersson met Jonas Gahr Store in Oslo.",
            "Kristersson visited Oslo",
            ["Jonas Gahr Store", "Ulf Kristersson"],
            "2025-03-04",
        ),
    ]
    for story in stories:
        await post_article(story)
    (claim_id,) = {
        c for (c,) in await session.execute(text("SELECT claim_id FROM events WHERE is_current"))
    }
    claim = (await client.get(f"/v1/claims/{claim_id}")).json()
    assert claim["source_count"] == 2
    await _post_then_delete(client, post_article, session, admin_headers, extra, claim_id)


async def test_a_claim_that_absorbs_a_smaller_one_keeps_its_id(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    """A meeting report that bridges two meeting claims of the week merges them; the
    merged claim is the one that held most of the reports, under its own id (links to
    it keep working), although its key now follows the other claim's participant."""
    day = "2025-03-04"
    # Posted first, so its participants' entities have the smallest ids: the merged
    # claim's key is named after one of them.
    small = await post_article(
        _meeting_report(
            "https://www.nrk.no/oslo-talks",
            f"{day}T07:00:00Z",
            "Ana Silva met Ben Okafor in Oslo.",
            "Silva and Okafor met",
            ["Ana Silva", "Ben Okafor"],
            day,
        )
    )
    large = [
        await post_article(
            _meeting_report(
                f"https://www.{site}/bergen-talks",
                f"{day}T{9 + n:02d}:00:00Z",
                f"Chen Wei met Dara Nolan in Bergen ({site}).",
                "Wei and Nolan met",
                ["Chen Wei", "Dara Nolan"],
                day,
            )
        )
        for n, site in enumerate(["vg.no", "dn.se", "svt.se"])
    ]
    small_id = small["facts"]["events"][0]["claim_id"]
    (large_id,) = {a["facts"]["events"][0]["claim_id"] for a in large}
    assert small_id != large_id
    bridge = await post_article(
        _meeting_report(
            "https://www.aftenposten.no/talks",
            f"{day}T15:00:00Z",
            "Ben Okafor met Chen Wei in Oslo.",
            "Okafor and Wei met",
            ["Ben Okafor", "Chen Wei"],
            day,
        )
    )
    assert bridge["facts"]["events"][0]["claim_id"] == large_id
    merged = (await client.get(f"/v1/claims/{large_id}")).json()
    assert merged["statement_count"] == 5
    assert sorted(p["name"] for p in merged["participants"]) == [
        "Ana Silva",
        "Ben Okafor",
        "Chen Wei",
        "Dara Nolan",
    ]
    statements = (await client.get(f"/v1/claims/{large_id}/statements")).json()["items"]
    assert sorted(s["article_id"] for s in statements) == sorted(
        a["id"] for a in [small, *large, bridge]
    )
    assert {s["claim_id"] for s in statements} == {large_id}
    assert (await client.get(f"/v1/claims/{small_id}")).status_code == 404
