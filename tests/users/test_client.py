"""The Python client against the in-process app and a real server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from fastapi import FastAPI

from app.claims.schemas import ClaimDetail
from app.client import AsyncFactstoreClient, FactstoreClient, ProblemError, RetryPolicy
from app.commitments.schemas import CommitmentOut
from app.entities.schemas import EntityOut
from tests.api import test_claim_pages as claim_pages
from tests.fixtures.app import ADMIN_KEY
from tests.users.conftest import NO_WAIT, unique_article

COMMITMENT = {
    "actor": {"name": "NATO members", "type": "group"},
    "metric": "defense spending",
    "share_of_gdp": {"from": 2, "to": 5},
    "target_year": 2035,
    "citations": [{"paragraph_index": 0, "quote": "raise defense spending from 2% to 5% of GDP"}],
}


class FlakyTransport(httpx.AsyncBaseTransport):
    """Answers the first `failures` requests with `status` itself; passes the rest on.
    Records every request it sees."""

    def __init__(
        self, app: FastAPI, failures: int, status: int = 503, headers: dict[str, str] | None = None
    ) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.failures = failures
        self.status = status
        self.headers = headers or {}
        self.seen: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if len(self.seen) <= self.failures:
            return httpx.Response(self.status, headers=self.headers, json={"status": self.status})
        return await self.inner.handle_async_request(request)


async def test_post_and_read_back_typed(fs: AsyncFactstoreClient) -> None:
    body = unique_article(
        paragraphs=["NATO members agreed to raise defense spending from 2% to 5% of GDP by 2035."],
        facts={"commitments": [COMMITMENT]},
    )
    stored = await fs.post_article(body, extract=False)
    assert stored.created
    commitment = stored.facts.commitments[0]
    assert commitment.share_of_gdp is not None and commitment.share_of_gdp.to == 5
    assert commitment.citations[0].quote == "raise defense spending from 2% to 5% of GDP"

    again = await fs.post_article(body, extract=False)
    assert not again.created
    assert again.article.id == stored.article.id
    assert (await fs.get_commitment(commitment.id)).metric == "defense spending"
    paragraph = await fs.get_paragraph(commitment.citations[0].paragraph_id)
    assert paragraph.text.startswith("NATO members agreed")


async def test_iteration_follows_every_page(fs: AsyncFactstoreClient) -> None:
    names = [f"Minister Number{i} Zq" for i in range(5)]
    entities = [
        {"name": n, "type": "person", "mentions": [{"paragraph_index": 0, "quote": n}]}
        for n in names
    ]
    await fs.post_article(
        unique_article(paragraphs=[" and ".join(names) + " met."], facts={"entities": entities}),
        extract=False,
    )
    found = [e async for e in fs.iter_entities(q="zq", limit=2)]
    assert all(isinstance(e, EntityOut) for e in found)
    assert sorted(e.name for e in found) == sorted(names)


async def test_retry_after_503_reuses_the_idempotency_key(app: FastAPI) -> None:
    transport = FlakyTransport(app, failures=1, status=503)
    async with AsyncFactstoreClient(
        "http://test", ADMIN_KEY, transport=transport, retry=NO_WAIT
    ) as fs:
        stored = await fs.post_article(unique_article(), extract=False)
    assert stored.created
    assert len(transport.seen) == 2
    keys = [r.headers["Idempotency-Key"] for r in transport.seen]
    assert keys[0] == keys[1] and len(keys[0]) >= 16


async def test_each_logical_post_has_its_own_key(app: FastAPI) -> None:
    transport = FlakyTransport(app, failures=0)
    async with AsyncFactstoreClient("http://test", ADMIN_KEY, transport=transport) as fs:
        await fs.post_article(unique_article(), extract=False)
        await fs.post_article(unique_article(), extract=False)
    first, second = (r.headers["Idempotency-Key"] for r in transport.seen)
    assert first != second


async def test_retries_are_bounded(app: FastAPI) -> None:
    transport = FlakyTransport(app, failures=10, status=502)
    async with AsyncFactstoreClient(
        "http://test", ADMIN_KEY, transport=transport, retry=RetryPolicy(attempts=3, backoff=0)
    ) as fs:
        with pytest.raises(ProblemError) as caught:
            await fs.get_entity(1)
    assert caught.value.status == 502
    assert len(transport.seen) == 3


async def test_429_waits_as_retry_after_says(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr("app.client.anyio.sleep", sleep)
    transport = FlakyTransport(app, failures=1, status=429, headers={"Retry-After": "7"})
    async with AsyncFactstoreClient("http://test", ADMIN_KEY, transport=transport) as fs:
        await fs.post_article(unique_article(), extract=False)
    assert waits == [7.0]


def test_retry_after_as_http_date() -> None:
    when = datetime.now(UTC) + timedelta(seconds=30)
    response = httpx.Response(503, headers={"Retry-After": format_datetime(when, usegmt=True)})
    assert 25 <= RetryPolicy().delay(0, response) <= 30
    assert RetryPolicy(max_delay=5).delay(0, response) == 5


async def test_4xx_raises_problem_details_without_retry(app: FastAPI) -> None:
    transport = FlakyTransport(app, failures=0)
    async with AsyncFactstoreClient(
        "http://test", ADMIN_KEY, transport=transport, retry=NO_WAIT
    ) as fs:
        with pytest.raises(ProblemError) as caught:
            await fs.post_article(
                unique_article(
                    facts={
                        "commitments": [
                            {**COMMITMENT, "citations": [{"paragraph_index": 0, "quote": "nope"}]}
                        ]
                    }
                ),
                extract=False,
            )
    problem = caught.value.problem
    assert problem.status == 422
    assert problem.type == "/problems/quote-not-found"
    assert "nope" in problem.detail
    assert len(transport.seen) == 1


async def test_connect_errors_are_retried(app: FastAPI) -> None:
    class RefusesOnce(FlakyTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            self.seen.append(request)
            if len(self.seen) == 1:
                raise httpx.ConnectError("refused", request=request)
            return await self.inner.handle_async_request(request)

    transport = RefusesOnce(app, failures=0)
    async with AsyncFactstoreClient("http://test", transport=transport, retry=NO_WAIT) as fs:
        assert [e async for e in fs.iter_events()] == []
    assert len(transport.seen) == 2


def test_sync_client_against_a_real_server(live_client: FactstoreClient) -> None:
    statuses = live_client.post_bulk(
        [unique_article(), {"url": "https://news.example/bad", "text": ""}], extract=False
    )
    assert [s.status for s in statuses] == [201, 422]
    stored = live_client.get_article(statuses[0].article_id or 0)
    assert stored.paragraphs[1].text == "Ministers met in Brussels."
    hits = list(live_client.iter_search("Brussels", limit=1))
    assert hits and all("Brussels" in h.paragraph.text for h in hits)
    with pytest.raises(ProblemError) as caught:
        live_client.get_article(10**12)
    assert caught.value.status == 404


async def test_claim_iterators_follow_every_page(fs: AsyncFactstoreClient) -> None:
    stories = claim_pages.stories()
    statuses = await fs.post_bulk(stories, extract=False)
    assert {s.status for s in statuses} == {201}
    (listed,) = [c async for c in fs.iter_claims(kind="commitment", limit=1)]
    claim = await fs.get_claim(listed.id)
    assert isinstance(claim, ClaimDetail)
    assert len(claim.statements) == 20 and claim.statements_next_cursor is not None
    statements = [s async for s in fs.iter_claim_statements(claim.id, limit=7)]
    assert all(isinstance(s, CommitmentOut) for s in statements)
    ids = [s.id for s in statements]
    assert len(ids) == len(set(ids)) == claim.statement_count == len(stories)
    assert ids[:20] == [s.id for s in claim.statements]
    steps = [s async for s in fs.iter_claim_timeline(claim.id, limit=7)]
    assert [s.statement_id for s in steps] == ids
    assert [s.status for s in steps].count("revised") == 1


def test_sync_claim_iterators_against_a_real_server(live_client: FactstoreClient) -> None:
    token = uuid.uuid4().hex[:8]
    stories = [
        dict(story, url=story["url"].replace("/aid", f"/aid-{token}"), title=f"{token} {n}")
        for n, story in enumerate(claim_pages.stories()[:30])
    ]
    statuses = live_client.post_bulk(stories, extract=False)
    assert {s.status for s in statuses} == {201}
    article = live_client.get_article(statuses[0].article_id or 0)
    facts = live_client.get_article_facts(article.id)
    claim_id = facts.commitments[0].claim_id
    assert claim_id is not None
    assert claim_id in {c.id for c in live_client.iter_claims(kind="commitment")}
    ids = [s.id for s in live_client.iter_claim_statements(claim_id, limit=8)]
    assert len(ids) == len(set(ids)) == live_client.get_claim(claim_id).statement_count
    steps = list(live_client.iter_claim_timeline(claim_id, limit=8))
    assert [s.statement_id for s in steps] == ids
