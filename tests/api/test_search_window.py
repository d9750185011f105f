"""Search ranks the newest matches (the window), found block of ids by block of ids.

The paragraphs' ids are pushed forward between articles so that the matches of a
query lie in id blocks of several sizes, far apart, as in a store of millions of
paragraphs: the window must still be exactly the newest matches, whatever blocks
they are in, ranked best first, and paged through by cursor without a gap or a repeat.
"""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.support import PostArticle
from tests.fixtures.app import MakeApp


async def _skip_ids(session: AsyncSession, count: int) -> None:
    """The next paragraph gets an id `count` higher than it would have."""
    await session.execute(
        text(
            "SELECT setval(pg_get_serial_sequence('paragraphs', 'id'), "
            "nextval(pg_get_serial_sequence('paragraphs', 'id')) + :count)"
        ),
        {"count": count},
    )


async def _pages(client: httpx.AsyncClient, q: str, limit: int) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        params: dict[str, Any] = {"q": q, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/v1/search", params=params)).json()
        hits += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return hits
    raise AssertionError("search pages did not end")


async def test_window_is_the_newest_matches_across_far_apart_id_blocks(
    session: AsyncSession,
    make_app: MakeApp,
    post_article: PostArticle,
) -> None:
    # Three articles of matches, each far past the one before (past blocks of 4,096,
    # 65,536 and over 4 million ids), with paragraphs that do not match between.
    # The oldest article's matches rank best (the word three times).
    posted = []
    for n, gap in enumerate([0, 70_000, 5_000_000]):
        await _skip_ids(session, gap)
        best = "Quokkas, quokkas and quokkas {i}." if n == 0 else "Quokkas {i} once."
        paragraphs = [best.format(i=i) + f" (part {n})" for i in range(30)]
        paragraphs += [f"Nothing to see in paragraph {i} of part {n}." for i in range(5)]
        posted.append(await post_article({"paragraphs": paragraphs}))
    matching = [
        p["id"] for article in posted for p in article["paragraphs"] if "uokkas" in p["text"]
    ]
    assert len(matching) == 90

    async with make_app(search_window=50) as served:
        client = served.client
        hits = await _pages(client, "quokkas", limit=7)
    ids = [h["paragraph"]["id"] for h in hits]
    # Exactly the 50 newest matches: all of the newest article's and the 20 newest of
    # the middle one's; none of the oldest, though they rank best.
    assert sorted(ids, reverse=True) == sorted(matching, reverse=True)[:50]
    assert len(set(ids)) == len(ids)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)

    async with make_app(search_window=500) as served:
        client = served.client
        hits = await _pages(client, "quokkas", limit=20)
    # A window larger than the matches holds them all, the oldest article's first.
    assert sorted(h["paragraph"]["id"] for h in hits) == sorted(matching)
    assert {h["paragraph"]["id"] for h in hits[:30]} == {
        p["id"] for p in posted[0]["paragraphs"] if "uokkas" in p["text"]
    }


async def test_a_rare_word_is_found_far_behind_many_newer_paragraphs(
    session: AsyncSession, client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    old = await post_article({"paragraphs": ["The wombat census was published."]})
    await _skip_ids(session, 9_000_000)
    await post_article({"paragraphs": [f"Other news, item {i}." for i in range(10)]})
    hits = (await client.get("/v1/search", params={"q": "wombat census"})).json()["items"]
    assert [h["paragraph"]["id"] for h in hits] == [old["paragraphs"][0]["id"]]
    assert hits[0]["snippet"] == "The <mark>wombat</mark> <mark>census</mark> was published."


async def test_articles_q_finds_articles_by_their_current_paragraphs(
    session: AsyncSession, client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    # `q` on the articles list goes through the same index as search.
    first = await post_article({"paragraphs": ["Platypus sightings rose."]})
    await _skip_ids(session, 300_000)
    second = await post_article({"paragraphs": ["More platypus sightings."]})
    found = (await client.get("/v1/articles", params={"q": "platypus sightings"})).json()
    assert [a["id"] for a in found["items"]] == [second["id"], first["id"]]


async def test_equal_scores_come_newest_first_and_pages_hold_every_hit_once(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    # Thirty paragraphs score alike (the word once each); three score higher (twice).
    alike = await post_article(
        {"paragraphs": [f"A numbat was counted, number {i}." for i in range(30)]}
    )
    better = await post_article(
        {"paragraphs": [f"Numbat after numbat, census {i}." for i in range(3)]}
    )
    alike_ids = [p["id"] for p in alike["paragraphs"]]
    better_ids = [p["id"] for p in better["paragraphs"]]

    hits = await _pages(client, "numbat", limit=4)
    ids = [h["paragraph"]["id"] for h in hits]
    # Every hit once, over nine pages; the higher scores first, then newest first
    # among equal scores, across the pages' cursors too.
    assert len(ids) == len(set(ids)) == 33
    assert ids == sorted(better_ids, reverse=True) + sorted(alike_ids, reverse=True)
    scores = [h["score"] for h in hits]
    assert len(set(scores[:3])) == 1 and len(set(scores[3:])) == 1
    assert scores[0] > scores[3]


async def _expected_window(session: AsyncSession, q: str, window: int) -> list[int]:
    """The window by its definition: the `window` newest matches, best rank first,
    newest first among equal ranks."""
    rows = await session.execute(
        text(
            "SELECT id FROM (SELECT id, ts_rank(tsv, websearch_to_tsquery('english', :q)) AS r"
            " FROM paragraphs WHERE tsv @@ websearch_to_tsquery('english', :q)"
            " AND is_current AND duplicate_of_id IS NULL ORDER BY id DESC LIMIT :window) w"
            " ORDER BY r DESC, id DESC"
        ),
        {"q": q, "window": window},
    )
    return [row[0] for row in rows]


async def test_a_rare_word_and_a_common_word_page_through_their_windows(
    session: AsyncSession,
    make_app: MakeApp,
    post_article: PostArticle,
) -> None:
    # A rare word: six matches in an old article, six in a middle one millions of
    # ids later, four in the newest, which is mostly paragraphs of a common word.
    # Past its first ranges, the rare word's matches look too few for the walk over
    # id blocks, and the rest of its window is read from the index over the word
    # alone; the common word's window fills in the first range.
    for part, gap in (("old", 0), ("middle", 3_000_000)):
        await _skip_ids(session, gap)
        await post_article(
            {"paragraphs": [f"Kakapo {'kakapo ' * (i % 3)}nests, {part} {i}." for i in range(6)]}
        )
    await _skip_ids(session, 3_000_000)
    newest = [f"Kakapo chicks hatched, count {i}." for i in range(4)]
    newest += [f"Other news of the day, item {i}." for i in range(40)]
    await post_article({"paragraphs": newest})

    for q, window in (("kakapo", 12), ("kakapo", 500), ("news", 25), ("news", 500)):
        expected = await _expected_window(session, q, window)
        async with make_app(search_window=window) as served:
            client = served.client
            hits = await _pages(client, q, limit=5)
            single = (await client.get("/v1/search", params={"q": q, "limit": 200})).json()
        ids = [h["paragraph"]["id"] for h in hits]
        # Pages of five hold the window once, in the order of one large page and of
        # its definition: across every cursor boundary, no hit lost or repeated.
        assert ids == expected, (q, window)
        assert ids == [h["paragraph"]["id"] for h in single["items"]]
        assert len(ids) == min(window, 16 if q == "kakapo" else 40)
        scores = [h["score"] for h in hits]
        assert scores == sorted(scores, reverse=True)
        assert all("<mark>" in h["snippet"] for h in hits)
