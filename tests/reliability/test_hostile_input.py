"""Requests that once answered 500: each now gets its 4xx problem, and nothing is stored.

Deeply negated search queries, lone surrogates, names that normalise to nothing and
date-times PostgreSQL cannot hold (issue 15, section 3).
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from app.articles import bulk, extraction, service
from app.articles.splitting import split_text
from app.extract.types import CommitmentFact, EntityFact, EventFact, Facts, ParticipantFact, Span
from tests.api.support import PostArticle, assert_problem
from tests.fixtures.app import MakeApp
from tests.reliability.conftest import URL_PREFIX

PARAGRAPH = "Reliant Kappa pledged to raise defence spending to 3% of GDP by 2030."


async def _nothing_stored(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/articles")).json()["items"] == []
    assert (await client.get("/v1/entities")).json()["items"] == []


# -- search queries ------------------------------------------------------------------

# PostgreSQL stacks one NOT per `-` before a word (spaces and operator characters
# between them skipped) on a stack of 32, and fails the statement past it.
NEGATED = ["-" * 33, "- " * 40 + "budget", "-!" * 40 + "budget", "budget " + "-(" * 33]
SEARCHES = ["/v1/search", "/v1/articles", "/v1/commitments"]


@pytest.mark.parametrize("path", SEARCHES)
@pytest.mark.parametrize("q", NEGATED)
async def test_deeply_negated_query_is_422(client: httpx.AsyncClient, path: str, q: str) -> None:
    problem = assert_problem(await client.get(path, params={"q": q}), 422)
    assert problem["errors"][0]["loc"] == ["query", "q"]
    assert "'-'" in problem["errors"][0]["msg"]


@pytest.mark.parametrize("path", ["/", "/commitments"])
async def test_deeply_negated_query_in_the_explorer_is_a_client_error(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path, params={"q": "-" * 40})
    assert response.status_code == 422, response.text
    assert "Traceback" not in response.text


async def test_ordinary_negation_still_searches(
    client: httpx.AsyncClient, post_article: PostArticle
) -> None:
    await post_article({"paragraphs": [PARAGRAPH, "Reliant Lambda cut its budget."]})
    hits = (await client.get("/v1/search", params={"q": "-budget spending"})).json()["items"]
    assert [h["paragraph"]["index"] for h in hits] == [0]
    # A few minus signs in a row are still a query (a double negation, as PostgreSQL reads it).
    response = await client.get("/v1/search", params={"q": "--budget"})
    assert response.status_code == 200, response.text


# -- lone surrogates -----------------------------------------------------------------

SURROGATE_BODIES = [
    # JSON escapes of a lone surrogate, in a paragraph and in a title.
    b'{"paragraphs": ["Reliant Kappa \\ud800 pledged aid."]}',
    b'{"title": "Budget \\udfff", "paragraphs": ["Reliant Kappa pledged aid."]}',
    # The raw bytes ED B2 80 (a surrogate encoded as if it were a character).
    b'{"paragraphs": ["Reliant Kappa \xed\xb2\x80 pledged aid."]}',
    b'{"text": "**Budget \xed\xb2\x80**\\nReliant Kappa pledged aid."}',
]


@pytest.mark.parametrize("body", SURROGATE_BODIES)
async def test_lone_surrogate_in_a_single_post_is_422(
    client: httpx.AsyncClient, admin_headers: dict[str, str], body: bytes
) -> None:
    headers = {**admin_headers, "Content-Type": "application/json"}
    for query in ("extract=false", "extract=false&wait=false"):
        response = await client.post(f"/v1/articles?{query}", content=body, headers=headers)
        problem = assert_problem(response, 422)
        assert problem["errors"][0]["loc"][0] == "body"
    # The same line in bulk was already refused; both say so.
    bulk = await client.post(
        "/v1/articles/bulk?extract=false",
        content=body + b"\n",
        headers={**admin_headers, "Content-Type": "application/x-ndjson"},
    )
    assert bulk.status_code == 200
    assert json.loads(bulk.text)["status"] == 422
    await _nothing_stored(client)
    # The connection serves the next request.
    assert (await client.get("/healthz")).status_code == 200


# -- names that normalise to nothing -------------------------------------------------


def _facts(name: str) -> list[tuple[str, dict[str, Any]]]:
    cite = [{"paragraph_index": 0, "quote": "Reliant Kappa"}]
    return [
        (
            "entities",
            {"entities": [{"name": name, "type": "organization", "mentions": cite}]},
        ),
        (
            "events",
            {
                "events": [
                    {
                        "type": "pledge",
                        "summary": "A pledge",
                        "participants": [{"name": name, "role": "agent"}],
                        "citations": cite,
                    }
                ]
            },
        ),
        (
            "commitments",
            {
                "commitments": [
                    {"actor": {"name": name}, "metric": "defence spending", "citations": cite}
                ]
            },
        ),
    ]


@pytest.mark.parametrize("name", ["!!!", "\U0001f600", "’s", "“…”"])
async def test_client_name_that_normalises_to_nothing_is_422(
    client: httpx.AsyncClient, admin_headers: dict[str, str], name: str
) -> None:
    for kind, facts in _facts(name):
        for wait in ("true", "false"):
            response = await client.post(
                f"/v1/articles?extract=false&wait={wait}",
                json={"paragraphs": [PARAGRAPH], "facts": facts},
                headers=admin_headers,
            )
            problem = assert_problem(response, 422)
            assert problem["errors"][0]["loc"][:3] == ["body", "facts", kind], problem
            assert "letter or digit" in problem["errors"][0]["msg"]
    await _nothing_stored(client)


async def test_extractor_names_that_normalise_to_nothing_are_left_out(
    client: httpx.AsyncClient, admin_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extractor reached entity resolution with such a name on long real text."""
    span = Span(0, 0, len("Reliant Kappa"))

    async def nameless(docs: Any) -> list[Facts]:
        return [
            Facts(
                entities=[
                    EntityFact("!!!", "organization", mentions=[span]),
                    EntityFact("Reliant Kappa", "organization", mentions=[span]),
                ],
                events=[
                    EventFact(
                        "pledge",
                        "Reliant Kappa pledged",
                        participants=[
                            ParticipantFact("\U0001f600", "agent"),
                            ParticipantFact("Reliant Kappa", "agent"),
                        ],
                        citations=[span],
                    )
                ],
                commitments=[
                    CommitmentFact(actor_name="’s", metric="defence spending", citations=[span])
                ],
            )
            for _ in docs
        ]

    monkeypatch.setattr(extraction.ExtractorPool, "extract_many", lambda self, docs: nameless(docs))
    response = await client.post(
        "/v1/articles?extract=true", json={"paragraphs": [PARAGRAPH]}, headers=admin_headers
    )
    assert response.status_code == 201, response.text
    facts = response.json()["facts"]
    assert [e["name"] for e in facts["entities"]] == ["Reliant Kappa"]
    (event,) = facts["events"]
    assert [p["name"] for p in event["participants"]] == ["Reliant Kappa"]
    (commitment,) = facts["commitments"]
    assert commitment["actor"] is None
    assert commitment["citations"][0]["quote"] == "Reliant Kappa"


# -- date-times PostgreSQL cannot hold -------------------------------------------------

OUT_OF_RANGE = [
    "9999-12-31T23:59:59-14:00",  # year 10000 in UTC
    "0001-01-01T00:00:00+14:00",  # year 0 in UTC
    "0001-01-01T00:00:00Z",  # stored as -infinity
    "9999-12-31T23:59:59.999999Z",  # stored as +infinity
    "1799-12-31T23:59:59Z",
    "2201-01-01T00:00:00Z",
    "2200-12-31T23:00:00-01:00",  # 2201 in UTC
]


@pytest.mark.parametrize("when", OUT_OF_RANGE)
async def test_published_at_out_of_range_is_422(
    client: httpx.AsyncClient, admin_headers: dict[str, str], when: str
) -> None:
    body = {"paragraphs": [PARAGRAPH], "published_at": when}
    for wait in ("true", "false"):
        response = await client.post(
            f"/v1/articles?extract=false&wait={wait}", json=body, headers=admin_headers
        )
        problem = assert_problem(response, 422)
        assert problem["errors"][0]["loc"] == ["body", "published_at"]
        assert "1800-01-01" in problem["errors"][0]["msg"]
    assert await _bulk_line_status(client, admin_headers, body) == 422
    await _nothing_stored(client)


async def _bulk_line_status(
    client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, object]
) -> int:
    """The status a bulk upload answers for `body` as its only line."""
    bulk = await client.post(
        "/v1/articles/bulk?extract=false",
        content=json.dumps(body) + "\n",
        headers={**headers, "Content-Type": "application/x-ndjson"},
    )
    status: int = json.loads(bulk.text)["status"]
    return status


@pytest.mark.parametrize(
    "when",
    [
        "2200-12-31T23:59:59Z",
        (datetime.now(UTC) + timedelta(days=30)).isoformat(timespec="seconds"),
    ],
    # Ids that do not move with the clock: pytest-xdist's workers must collect alike.
    ids=["year-2200", "in-30-days"],
)
async def test_published_at_far_in_the_future_is_422_and_pins_nothing(
    client: httpx.AsyncClient, admin_headers: dict[str, str], when: str
) -> None:
    # An article dated ahead would head every newest-first list until its date.
    body = {"paragraphs": [PARAGRAPH], "published_at": when}
    response = await client.post("/v1/articles?extract=false", json=body, headers=admin_headers)
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["loc"] == ["body", "published_at"]
    assert problem["errors"][0]["type"] == "future"
    assert await _bulk_line_status(client, admin_headers, body) == 422
    await _nothing_stored(client)


@pytest.mark.parametrize(
    "when",
    [
        "1800-01-01T00:00:00Z",
        "1800-01-01T01:00:00+01:00",
        # Within the margin ahead of the clock: an embargoed story.
        (datetime.now(UTC) + timedelta(hours=47)).isoformat(timespec="seconds"),
    ],
    ids=["1800-utc", "1800-plus-one-hour", "in-47-hours"],
)
async def test_published_at_at_the_ends_of_the_range_is_stored(
    client: httpx.AsyncClient, post_article: PostArticle, when: str
) -> None:
    article = await post_article({"paragraphs": [PARAGRAPH], "published_at": when})
    stored = (await client.get(f"/v1/articles/{article['id']}")).json()
    assert stored["published_at"] is not None
    listed = (await client.get("/v1/articles")).json()
    assert [a["id"] for a in listed["items"]] == [article["id"]]


@pytest.mark.parametrize("when", OUT_OF_RANGE)
@pytest.mark.parametrize("name", ["since", "until"])
async def test_since_and_until_out_of_range_are_422(
    client: httpx.AsyncClient, name: str, when: str
) -> None:
    problem = assert_problem(await client.get("/v1/articles", params={name: when}), 422)
    assert problem["errors"][0]["loc"] == ["query", name]


def _cursor(raw: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("path", "params", "cursor"),
    [
        *(
            ("/v1/articles", {}, ["articles", [{"t": when}, 1]])
            for when in ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]
        ),
        ("/v1/search", {"q": "budget"}, ["search", [1e299, 1]]),
        ("/v1/search", {"q": "budget"}, ["search", [-1e39, 1]]),
    ],
)
async def test_cursor_beyond_what_postgresql_holds_is_400(
    client: httpx.AsyncClient, path: str, params: dict[str, str], cursor: object
) -> None:
    # Malformed cursors are 400 invalid-cursor; these are the same.
    response = await client.get(path, params={**params, "cursor": _cursor(cursor)})
    problem = assert_problem(response, 400)
    assert problem["type"] == "/problems/invalid-cursor"


# -- the extraction budget -----------------------------------------------------------

LONG = "Reliant Kappa pledged to raise defence spending to 3% of GDP by 2030, its chief said."


async def test_extraction_over_budget_is_413_single_bulk_and_queued(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    # 13 distinct paragraphs of 90-odd characters: over 1,000 to extract.
    big = {"paragraphs": [f"{LONG} ({i})" for i in range(13)]}
    small = {"paragraphs": [LONG]}
    async with make_app(max_extract_chars=1000, queue=True) as served:
        client = served.client
        for wait in ("true", "false"):
            response = await client.post(
                f"/v1/articles?extract=true&wait={wait}", json=big, headers=admin_headers
            )
            problem = assert_problem(response, 413)
            assert problem["type"] == "/problems/too-large-to-extract"
            assert "1000" in problem["detail"]
        bulk = await client.post(
            "/v1/articles/bulk?extract=true",
            content=f"{json.dumps(big)}\n{json.dumps(small)}\n",
            headers={**admin_headers, "Content-Type": "application/x-ndjson"},
        )
        first, second = (json.loads(line) for line in bulk.text.splitlines())
        assert first["status"] == 413
        assert second["status"] == 201, second
        # Repeated paragraphs are extracted once, so they do not count twice.
        repeated = {"paragraphs": [LONG] * 30}
        ok = await client.post("/v1/articles?extract=true", json=repeated, headers=admin_headers)
        assert ok.status_code == 201, ok.text
        # Without extraction the budget does not apply.
        stored = await client.post("/v1/articles?extract=false", json=big, headers=admin_headers)
        assert stored.status_code == 201, stored.text
        article_id = stored.json()["id"]
        again = await client.post(f"/v1/articles/{article_id}/extract", headers=admin_headers)
        assert_problem(again, 413)
        # Stored: the small bulk line, the repeated article, the big one without extraction.
        listed = (await client.get("/v1/articles")).json()["items"]
        assert len(listed) == 3


# -- Markdown a hostile client may post -------------------------------------------------

# Lines on which the Markdown patterns once backtracked: an ATX heading with a long run
# of spaces (cubic), many unclosed `**` or link openings (quadratic).  At these sizes
# the old patterns ran for minutes to hours, holding the event loop.
HOSTILE_MARKDOWN = {
    "heading with a run of spaces": "# a" + " " * 20_000 + "x",
    "unclosed strong": "**a " * 5_000,
    "unclosed underscores": "__a " * 5_000,
    "unclosed links": "[a](" * 5_000,
    "unclosed images": "![a](" * 4_000,
    "unclosed brackets": "[a" * 10_000,
}


@pytest.mark.slow  # a child process on big inputs
def test_hostile_markdown_is_split_and_returns() -> None:
    """Run in a child process with a hang guard (it is no speed figure: each text takes
    a fraction of a second now; `bench/snippets_bench.py --markdown` times them)."""
    script = (
        "import json, sys\n"
        "from app.articles.splitting import split_text\n"
        "split = {k: split_text(v).paragraphs for k, v in json.load(sys.stdin).items()}\n"
        "print(json.dumps({k: [p.text for p in v] for k, v in split.items()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(HOSTILE_MARKDOWN),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    split = json.loads(done.stdout)
    # Unclosed markup stays as text; the heading's text is its first word and the rest.
    assert split["heading with a run of spaces"] == ["a" + " " * 20_000 + "x"]
    assert split["unclosed strong"] == [HOSTILE_MARKDOWN["unclosed strong"].strip()]
    assert split["unclosed links"] == [HOSTILE_MARKDOWN["unclosed links"].strip()]


def test_markdown_still_reads_as_before() -> None:
    cases = {
        "### Title ###": ("heading", "Title"),
        "# C#": ("heading", "C"),
        "#Hashtag": ("body", "#Hashtag"),
        "####### Seven": ("body", "####### Seven"),
        "**a *b* c**": ("heading", "a b c"),
        "A **bold** and __strong__ word, **not closed": (
            "body",
            "A bold and strong word, **not closed",
        ),
        "See [the report](https://x.org/r) and ![c](c.png) [x]": (
            "body",
            "See the report and  [x]",
        ),
    }
    for line, expected in cases.items():
        (paragraph,) = split_text(f"Lead.\n{line}").paragraphs[1:]
        assert (paragraph.kind, paragraph.text) == expected, line


async def test_a_long_post_is_parsed_off_the_event_loop(
    client: httpx.AsyncClient, admin_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a whole HTML page of some megabytes took seconds, on the event loop."""
    threads: list[tuple[str, int]] = []

    def noting(where: str, prepare: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            threads.append((where, threading.get_ident()))
            return prepare(*args)

        return wrapper

    monkeypatch.setattr(service, "prepare_article", noting("post", service.prepare_article))
    monkeypatch.setattr(bulk, "prepare_article", noting("bulk", bulk.prepare_article))
    loop = threading.get_ident()
    page = "<html><body><article>" + f"<p>{LONG}</p>" * 1000 + "</article></body></html>"
    headers = {**admin_headers, "Content-Type": "application/x-ndjson"}
    for body in ({"html": page}, {"paragraphs": [PARAGRAPH]}):
        post = await client.post("/v1/articles?extract=false", json=body, headers=admin_headers)
        assert post.status_code == 201, post.text
        lines = await client.post(
            "/v1/articles/bulk?extract=false",
            content=json.dumps({**body, "url": URL_PREFIX + str(len(threads))}) + "\n",
            headers=headers,
        )
        assert json.loads(lines.text)["status"] in (200, 201), lines.text
    # The long page was parsed in a worker thread; the short paragraph on the loop.
    assert [where for where, _ in threads] == ["post", "bulk", "post", "bulk"]
    assert all(thread != loop for _, thread in threads[:2])
    assert all(thread == loop for _, thread in threads[2:])
