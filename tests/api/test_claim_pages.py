"""A claim with more statements than a page: its detail shows the first ones and
sources (with full counts), and its statements and timeline are paged to the end.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.api.support import PostArticle, assert_problem
from tests.api.test_claims import _meeting

# Outlets that each report the pledge once: more than the detail shows.
OUTLETS = [f"news{n:02d}.example" for n in range(55)]
HOME = "reuters.com"  # reports it again and again: more articles than a source shows
HOME_REPORTS = 23
RAISE_DAY = 45  # weeks after the first reports: a revision


def _pledge(url: str, day: int, amount: float, words: str, hour: int = 9) -> dict[str, Any]:
    sentence = f"Germany pledged €{amount / 1e9:g}bn in humanitarian aid for 2026, {words}."
    quote = sentence[: sentence.index(" for 2026")]
    return {
        "url": url,
        "published_at": f"2025-{3 + day // 28:02d}-{1 + day % 28:02d}T{hour:02d}:00:00Z",
        "paragraphs": [sentence],
        "facts": {
            "commitments": [
                {
                    "actor": {"name": "Germany", "type": "location"},
                    "metric": "humanitarian aid",
                    "amount": {"value": amount, "currency": "EUR"},
                    "target_year": 2026,
                    "citations": [{"paragraph_index": 0, "quote": quote}],
                }
            ]
        },
    }


def stories() -> list[dict[str, Any]]:
    stories = []
    for n, outlet in enumerate(OUTLETS):
        # Several reports share a publication time: the id breaks the tie.
        stories.append(_pledge(f"https://www.{outlet}/aid", n % 5, 2e9, f"outlet {n} says"))
    for n in range(HOME_REPORTS):
        stories.append(_pledge(f"https://www.{HOME}/aid-{n}", n % 7, 2e9, f"update {n}", hour=11))
    first = stories[0]
    for copier in ("zeta.example", "alpha.example"):  # syndicated copies, listed alphabetically
        copy = dict(first, url=f"https://www.{copier}/wire-copy")
        stories.append(dict(copy, published_at="2025-03-10T09:00:00Z"))
    for n, outlet in enumerate(OUTLETS[:3]):
        stories.append(_pledge(f"https://www.{outlet}/raise", RAISE_DAY, 2.5e9, f"raise {n}"))
    return stories


@pytest.fixture
async def claim(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> dict[str, Any]:
    """The claim's detail, once its stories are posted in one bulk request."""
    lines = "\n".join(json.dumps(story) for story in stories())
    response = await client.post(
        "/v1/articles/bulk",
        params={"extract": "false"},
        content=lines.encode(),
        headers={**admin_headers, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    assert {json.loads(line)["status"] for line in response.text.splitlines()} == {201}
    (listed,) = (await client.get("/v1/claims")).json()["items"]
    detail = await client.get(f"/v1/claims/{listed['id']}")
    assert detail.status_code == 200, detail.text
    found: dict[str, Any] = detail.json()
    return found


async def _all_commitments(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """Every commitment, oldest report (its article's publication) first."""
    articles = (await client.get("/v1/articles", params={"limit": 200})).json()["items"]
    published = {a["id"]: a["published_at"] for a in articles}
    items = (await client.get("/v1/commitments", params={"limit": 200})).json()["items"]
    return sorted(items, key=lambda c: (published[c["article_id"]], c["id"]))


async def test_the_detail_shows_the_first_statements_and_counts_them_all(
    client: httpx.AsyncClient, claim: dict[str, Any]
) -> None:
    everything = await _all_commitments(client)
    assert claim["statement_count"] == len(everything) == len(stories())
    assert [s["id"] for s in claim["statements"]] == [c["id"] for c in everything[:20]]
    assert claim["statements_next_cursor"] is not None
    assert claim["status"] == "revised"
    assert claim["pledged"] == {"value": 2.5e9, "currency": "EUR"}


async def test_the_detail_shows_fifty_sources_with_full_counts(
    client: httpx.AsyncClient, claim: dict[str, Any]
) -> None:
    # Each outlet, and the home outlet; the copies are no source of their own.
    assert claim["source_count"] == len(OUTLETS) + 1
    sources = claim["sources"]
    assert len(sources) == 50
    firsts = [s["first_reported"] for s in sources]
    assert firsts == sorted(firsts)
    (home,) = [s for s in sources if s["outlet"] == HOME]
    assert home["article_count"] == home["statement_count"] == HOME_REPORTS
    assert len(home["article_ids"]) == len(home["statement_ids"]) == 20
    (copied,) = [s for s in sources if s["outlet"] == OUTLETS[0]]
    assert copied["syndicated"] == ["alpha.example", "zeta.example"]
    # Its own article and the two copies; the raise is its fourth statement.
    assert copied["article_count"] == copied["statement_count"] == 4
    everything = await _all_commitments(client)
    mine = [c for c in everything if c["id"] in copied["statement_ids"]]
    assert [c["id"] for c in mine] == copied["statement_ids"]


async def test_following_the_statements_cursor_gives_each_statement_once_in_order(
    client: httpx.AsyncClient, claim: dict[str, Any]
) -> None:
    seen = [s["id"] for s in claim["statements"]]
    cursor = claim["statements_next_cursor"]
    pages = 0
    while cursor is not None:
        response = await client.get(
            f"/v1/claims/{claim['id']}/statements", params={"limit": 9, "cursor": cursor}
        )
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 9
        assert all(item["claim_id"] == claim["id"] for item in page["items"])
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is not None:
            assert f"cursor={cursor}" in response.headers["link"]
        else:
            assert "link" not in response.headers
        pages += 1
    assert pages == 7  # the 63 after the first 20, nine at a time
    assert seen == [c["id"] for c in await _all_commitments(client)]
    # From the start, the list's first page is the detail's.
    first = (await client.get(f"/v1/claims/{claim['id']}/statements", params={"limit": 20})).json()
    assert [s["id"] for s in first["items"]] == [s["id"] for s in claim["statements"]]
    assert first["next_cursor"] == claim["statements_next_cursor"]


async def test_timeline_pages_make_the_whole_timeline(
    client: httpx.AsyncClient, claim: dict[str, Any]
) -> None:
    path = f"/v1/claims/{claim['id']}/timeline"
    first = (await client.get(path)).json()
    assert len(first["steps"]) == 50 and first["next_cursor"] is not None
    steps: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 8}
    while True:
        response = await client.get(path, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["steps"]) <= 8
        # The claim's figures are the whole claim's on every page.
        assert (page["status"], page["pledged"]) == ("revised", claim["pledged"])
        steps += page["steps"]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    everything = await _all_commitments(client)
    assert [s["statement_id"] for s in steps] == [c["id"] for c in everything]
    assert steps[:50] == first["steps"]
    # The first report of the raise, wherever its page falls, is the revised step.
    (revised,) = [s for s in steps if s["status"] == "revised"]
    raises = [c for c in everything if c["amount"]["value"] == 2.5e9]
    assert revised["statement_id"] == raises[0]["id"]
    assert {s["status"] for s in steps} == {"pledged", "revised"}


@pytest.mark.parametrize(
    ("list_path", "other"), [("statements", "timeline"), ("timeline", "statements")]
)
async def test_a_bad_cursor_is_a_problem_and_an_unknown_claim_is_404(
    client: httpx.AsyncClient, claim: dict[str, Any], list_path: str, other: str
) -> None:
    path = f"/v1/claims/{claim['id']}/{list_path}"
    assert_problem(await client.get(path, params={"cursor": "not-a-cursor"}), 400)
    # The other list's cursor has the same keys but is refused: it names its list.
    elsewhere = (await client.get(f"/v1/claims/{claim['id']}/{other}", params={"limit": 1})).json()
    assert_problem(await client.get(path, params={"cursor": elsewhere["next_cursor"]}), 400)
    assert_problem(await client.get(path, params={"limit": 0}), 422)
    assert_problem(await client.get(path, params={"limit": 201}), 422)
    assert_problem(await client.get(f"/v1/claims/{10**12}/{list_path}"), 404)


async def test_a_source_counts_an_article_with_two_statements_once(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    story = _pledge("https://www.reuters.com/aid-twice", 0, 2e9, "the ministry says")
    again = "Berlin repeated that Germany pledged €2bn in humanitarian aid for 2026."
    story["paragraphs"].append(again)
    (commitment,) = story["facts"]["commitments"]
    repeated = dict(commitment, citations=[{"paragraph_index": 1, "quote": again[14:]}])
    story["facts"]["commitments"].append(repeated)
    stored = await post_article(story)
    claim_ids = {c["claim_id"] for c in stored["facts"]["commitments"]}
    assert len(claim_ids) == 1
    claim = (await client.get(f"/v1/claims/{claim_ids.pop()}")).json()
    (source,) = claim["sources"]
    assert (source["article_count"], source["statement_count"]) == (1, 2)
    assert source["article_ids"] == [stored["id"]]
    assert sorted(source["statement_ids"]) == sorted(
        c["id"] for c in stored["facts"]["commitments"]
    )


async def test_an_event_claims_statements_and_timeline_are_paged_too(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    published = ["2025-09-03T12:00Z", "2025-09-03T10:00Z", "2025-09-04T08:00Z", "2025-09-03T10:00Z"]
    stored = [
        await post_article(
            _meeting(f"https://n{n}.example/m", ["Ana Ruiz", "Ben Osei"], "2025-09-03", when)
        )
        for n, when in enumerate(published)
    ]
    (claim,) = (await client.get("/v1/claims", params={"kind": "event"})).json()["items"]
    assert claim["statement_count"] == 4
    events = {a["facts"]["events"][0]["id"]: a["published_at"] for a in stored}
    oldest_first = sorted(events, key=lambda i: (events[i], i))
    for path, key in (("statements", "id"), ("timeline", "statement_id")):
        seen: list[int] = []
        params: dict[str, Any] = {"limit": 3}
        while True:
            page = (await client.get(f"/v1/claims/{claim['id']}/{path}", params=params)).json()
            seen += [item[key] for item in page["items" if path == "statements" else "steps"]]
            if page["next_cursor"] is None:
                break
            params["cursor"] = page["next_cursor"]
        assert seen == oldest_first, path
