"""A Python client of the factstore API, sync (`FactstoreClient`) and async
(`AsyncFactstoreClient`), typed with the server's own Pydantic models.

Lists are iterated across pages (`iter_entities(...)` follows `next_cursor`).
Transient failures (connection errors, 502/503/504, 429 honouring `Retry-After`,
409 while a first keyed request still runs) are retried a bounded number of times
with exponential backoff.  Each article post carries an `Idempotency-Key` made once
per logical post and sent again on every retry, so a retry never stores twice.
Any other 4xx/5xx raises `ProblemError` carrying the RFC 9457 problem details.

    with FactstoreClient("http://127.0.0.1:8000", api_key=KEY) as fs:
        stored = fs.post_article({"url": "https://example.com/a", "text": "..."})
        for commitment in fs.iter_commitments(target_year=2035):
            print(commitment.metric, commitment.citations[0].quote)
"""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, Self, TypeVar

import anyio
import httpx
from pydantic import BaseModel, TypeAdapter

from app import __version__
from app.articles.schemas import (
    ArticleDetail,
    ArticleFacts,
    ArticleIn,
    ArticleOut,
    ArticleStatus,
    ParagraphOut,
)
from app.claims.schemas import ClaimDetail, ClaimOut, TimelineOut, TimelineStep
from app.commitments.schemas import CommitmentOut
from app.core.schemas import Page, Problem
from app.entities.schemas import EntityOut, MentionOut
from app.events.schemas import EventOut
from app.search.schemas import SearchHit

M = TypeVar("M", bound=BaseModel)
Statement = CommitmentOut | EventOut
Params = Mapping[str, Any]
ExportKind = Literal["entities", "events", "commitments", "articles"]
ExportFormat = Literal["csv", "ndjson"]

RETRY_STATUSES = frozenset({429, 502, 503, 504})
TRANSIENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError)
_STATUS_LINES = TypeAdapter(list[ArticleStatus])


class ProblemError(Exception):
    """The server refused the request; `problem` holds its RFC 9457 details."""

    def __init__(self, problem: Problem, response: httpx.Response) -> None:
        super().__init__(f"{problem.status} {problem.title}: {problem.detail}")
        self.problem = problem
        self.status = problem.status
        self.response = response


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most `attempts` tries; waits `backoff * 2**n` (with jitter) or `Retry-After`."""

    attempts: int = 4
    backoff: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait before try `attempt + 1` (attempt counts from 0)."""
        retry_after = retry_after_seconds(response) if response is not None else None
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        return min(self.backoff * 2.0**attempt, self.max_delay) * random.uniform(0.5, 1.0)


def retry_after_seconds(response: httpx.Response) -> float | None:
    """`Retry-After` as seconds: delta-seconds or an HTTP date; None when absent or bad."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass(frozen=True, slots=True)
class Ingested:
    """The answer to one posted article."""

    created: bool  # a new story or a new revision (201), not already stored (200)
    article: ArticleDetail
    facts: ArticleFacts


def _problem_of(response: httpx.Response) -> Problem:
    try:
        return Problem.model_validate(response.json())
    except (ValueError, TypeError):
        return Problem(
            type="about:blank",
            title=response.reason_phrase or "Error",
            status=response.status_code,
            detail=response.text[:500] or response.reason_phrase,
        )


def _next_cursor(page: BaseModel) -> str | None:
    """A page's `next_cursor` (a `Page`'s, or a claim timeline's)."""
    cursor = getattr(page, "next_cursor", None)
    return cursor if isinstance(cursor, str) else None


def _should_retry(response: httpx.Response, keyed: bool) -> bool:
    return response.status_code in RETRY_STATUSES or (keyed and response.status_code == 409)


def _checked(response: httpx.Response) -> httpx.Response:
    if response.status_code >= 400:
        raise ProblemError(_problem_of(response), response)
    return response


def _article_body(article: ArticleIn | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(article, ArticleIn):
        body: dict[str, Any] = article.model_dump(mode="json", by_alias=True, exclude_none=True)
        return body
    return dict(article)


def _clean(params: Params) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v is not None}


def _extract_param(extract: bool | None) -> dict[str, str]:
    return {} if extract is None else {"extract": "true" if extract else "false"}


def _ingested(response: httpx.Response) -> Ingested:
    data = response.json()
    return Ingested(
        created=response.status_code == 201,
        article=ArticleDetail.model_validate(data),
        facts=ArticleFacts.model_validate(data["facts"]),
    )


def _ndjson(articles: Iterable[ArticleIn | Mapping[str, Any]]) -> bytes:
    return b"".join(json.dumps(_article_body(a)).encode() + b"\n" for a in articles)


def _bulk_statuses(response: httpx.Response) -> list[ArticleStatus]:
    return _STATUS_LINES.validate_python(
        [json.loads(line) for line in response.text.splitlines() if line.strip()]
    )


def _export_params(fmt: ExportFormat, filters: Params) -> dict[str, Any]:
    return {"limit": 200, **_clean(filters), "format": fmt}


def _strip_header(body: bytes, fmt: ExportFormat, first: bool) -> bytes:
    """Later CSV pages repeat the header line; column names hold no line break."""
    if fmt == "csv" and not first:
        return body.split(b"\r\n", 1)[1] if b"\r\n" in body else b""
    return body


class _Base:
    def __init__(self, api_key: str | None, retry: RetryPolicy | None) -> None:
        self.retry = retry or RetryPolicy()
        self.headers = {"User-Agent": f"factstore-client/{__version__}"}
        if api_key:
            self.headers["Authorization"] = f"Bearer {api_key}"


class FactstoreClient(_Base):
    """The blocking client.  Use it as a context manager, or call `close()`."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(api_key, retry)
        self.http = httpx.Client(
            base_url=base_url, headers=self.headers, timeout=timeout, transport=transport
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send with retries on transient failures; raise `ProblemError` on an error answer."""
        keyed = bool(headers and "Idempotency-Key" in headers)
        for attempt in range(self.retry.attempts):
            last = attempt == self.retry.attempts - 1
            try:
                response = self.http.request(
                    method,
                    path,
                    params=_clean(params) if params else None,
                    headers=headers,
                    **kwargs,
                )
            except TRANSIENT_ERRORS:
                if last:
                    raise
                time.sleep(self.retry.delay(attempt, None))
                continue
            if last or not _should_retry(response, keyed):
                return _checked(response)
            time.sleep(self.retry.delay(attempt, response))
        raise AssertionError("unreachable")

    def _get(self, path: str, model: type[M], params: Params | None = None) -> M:
        return model.model_validate(self.request("GET", path, params=params).json())

    def _pages(self, path: str, model: type[M], params: Params) -> Iterator[M]:
        for page in self._follow(path, Page[model], params):  # type: ignore[valid-type]
            yield from page.items

    def _follow(self, path: str, model: type[M], params: Params) -> Iterator[M]:
        """Each page of `path`, from its `next_cursor` to the next."""
        cursor: str | None = None
        while True:
            page = self._get(path, model, {**params, "cursor": cursor})
            yield page
            cursor = _next_cursor(page)
            if cursor is None:
                return

    # Writing

    def post_article(
        self, article: ArticleIn | Mapping[str, Any], *, extract: bool | None = None
    ) -> Ingested:
        """Store one article (retried under one Idempotency-Key)."""
        response = self.request(
            "POST",
            "/v1/articles",
            params=_extract_param(extract),
            json=_article_body(article),
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        return _ingested(response)

    def post_bulk(
        self, articles: Iterable[ArticleIn | Mapping[str, Any]], *, extract: bool | None = None
    ) -> list[ArticleStatus]:
        """Store many articles; one status per article, in order.  A retried batch is
        safe: stories already stored answer 200."""
        response = self.request(
            "POST",
            "/v1/articles/bulk",
            params=_extract_param(extract),
            content=_ndjson(articles),
            headers={"Content-Type": "application/x-ndjson"},
        )
        return _bulk_statuses(response)

    # Reading one

    def get_article(self, article_id: int) -> ArticleDetail:
        return self._get(f"/v1/articles/{article_id}", ArticleDetail)

    def get_article_facts(self, article_id: int) -> ArticleFacts:
        return self._get(f"/v1/articles/{article_id}/facts", ArticleFacts)

    def get_paragraph(self, paragraph_id: int) -> ParagraphOut:
        return self._get(f"/v1/paragraphs/{paragraph_id}", ParagraphOut)

    def get_entity(self, entity_id: int) -> EntityOut:
        return self._get(f"/v1/entities/{entity_id}", EntityOut)

    def get_event(self, event_id: int) -> EventOut:
        return self._get(f"/v1/events/{event_id}", EventOut)

    def get_commitment(self, commitment_id: int) -> CommitmentOut:
        return self._get(f"/v1/commitments/{commitment_id}", CommitmentOut)

    def get_claim(self, claim_id: int) -> ClaimDetail:
        """The claim with its first statements and sources (`iter_claim_statements`
        gives them all)."""
        return self._get(f"/v1/claims/{claim_id}", ClaimDetail)

    # Lists, every page (filters as in the API: `q`, `type`, `since`, `target_year`, ...)

    def iter_articles(self, **filters: Any) -> Iterator[ArticleOut]:
        return self._pages("/v1/articles", ArticleOut, filters)

    def iter_entities(self, **filters: Any) -> Iterator[EntityOut]:
        return self._pages("/v1/entities", EntityOut, filters)

    def iter_mentions(self, entity_id: int, **filters: Any) -> Iterator[MentionOut]:
        return self._pages(f"/v1/entities/{entity_id}/mentions", MentionOut, filters)

    def iter_events(self, **filters: Any) -> Iterator[EventOut]:
        return self._pages("/v1/events", EventOut, filters)

    def iter_commitments(self, **filters: Any) -> Iterator[CommitmentOut]:
        return self._pages("/v1/commitments", CommitmentOut, filters)

    def iter_search(self, q: str, **filters: Any) -> Iterator[SearchHit]:
        return self._pages("/v1/search", SearchHit, {**filters, "q": q})

    def iter_claims(self, **filters: Any) -> Iterator[ClaimOut]:
        return self._pages("/v1/claims", ClaimOut, filters)

    def iter_claim_statements(self, claim_id: int, **params: Any) -> Iterator[Statement]:
        """Every statement of the claim (commitments or events), oldest report first."""
        path = f"/v1/claims/{claim_id}/statements"
        for page in self._follow(path, Page[Statement], params):
            yield from page.items

    def iter_claim_timeline(self, claim_id: int, **params: Any) -> Iterator[TimelineStep]:
        """Every step of the claim's timeline, oldest report first."""
        for page in self._follow(f"/v1/claims/{claim_id}/timeline", TimelineOut, params):
            yield from page.steps

    def export(self, kind: ExportKind, fmt: ExportFormat, **filters: Any) -> Iterator[bytes]:
        """The whole list as CSV (one header) or NDJSON, page by page, following `Link`."""
        response = self.request("GET", f"/v1/{kind}", params=_export_params(fmt, filters))
        first = True
        while True:
            yield _strip_header(response.content, fmt, first)
            following = response.links.get("next", {}).get("url")
            if following is None:
                return
            response, first = self.request("GET", following), False


class AsyncFactstoreClient(_Base):
    """The asyncio client: the same methods, awaited (`iter_*` are async iterators)."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(api_key, retry)
        self.http = httpx.AsyncClient(
            base_url=base_url, headers=self.headers, timeout=timeout, transport=transport
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send with retries on transient failures; raise `ProblemError` on an error answer."""
        keyed = bool(headers and "Idempotency-Key" in headers)
        for attempt in range(self.retry.attempts):
            last = attempt == self.retry.attempts - 1
            try:
                response = await self.http.request(
                    method,
                    path,
                    params=_clean(params) if params else None,
                    headers=headers,
                    **kwargs,
                )
            except TRANSIENT_ERRORS:
                if last:
                    raise
                await anyio.sleep(self.retry.delay(attempt, None))
                continue
            if last or not _should_retry(response, keyed):
                return _checked(response)
            await anyio.sleep(self.retry.delay(attempt, response))
        raise AssertionError("unreachable")

    async def _get(self, path: str, model: type[M], params: Params | None = None) -> M:
        return model.model_validate((await self.request("GET", path, params=params)).json())

    async def _pages(self, path: str, model: type[M], params: Params) -> AsyncIterator[M]:
        async for page in self._follow(path, Page[model], params):  # type: ignore[valid-type]
            for item in page.items:
                yield item

    async def _follow(self, path: str, model: type[M], params: Params) -> AsyncIterator[M]:
        """Each page of `path`, from its `next_cursor` to the next."""
        cursor: str | None = None
        while True:
            page = await self._get(path, model, {**params, "cursor": cursor})
            yield page
            cursor = _next_cursor(page)
            if cursor is None:
                return

    async def post_article(
        self, article: ArticleIn | Mapping[str, Any], *, extract: bool | None = None
    ) -> Ingested:
        """Store one article (retried under one Idempotency-Key)."""
        response = await self.request(
            "POST",
            "/v1/articles",
            params=_extract_param(extract),
            json=_article_body(article),
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )
        return _ingested(response)

    async def post_bulk(
        self, articles: Iterable[ArticleIn | Mapping[str, Any]], *, extract: bool | None = None
    ) -> list[ArticleStatus]:
        """Store many articles; one status per article, in order."""
        response = await self.request(
            "POST",
            "/v1/articles/bulk",
            params=_extract_param(extract),
            content=_ndjson(articles),
            headers={"Content-Type": "application/x-ndjson"},
        )
        return _bulk_statuses(response)

    async def get_article(self, article_id: int) -> ArticleDetail:
        return await self._get(f"/v1/articles/{article_id}", ArticleDetail)

    async def get_article_facts(self, article_id: int) -> ArticleFacts:
        return await self._get(f"/v1/articles/{article_id}/facts", ArticleFacts)

    async def get_paragraph(self, paragraph_id: int) -> ParagraphOut:
        return await self._get(f"/v1/paragraphs/{paragraph_id}", ParagraphOut)

    async def get_entity(self, entity_id: int) -> EntityOut:
        return await self._get(f"/v1/entities/{entity_id}", EntityOut)

    async def get_event(self, event_id: int) -> EventOut:
        return await self._get(f"/v1/events/{event_id}", EventOut)

    async def get_commitment(self, commitment_id: int) -> CommitmentOut:
        return await self._get(f"/v1/commitments/{commitment_id}", CommitmentOut)

    async def get_claim(self, claim_id: int) -> ClaimDetail:
        return await self._get(f"/v1/claims/{claim_id}", ClaimDetail)

    def iter_articles(self, **filters: Any) -> AsyncIterator[ArticleOut]:
        return self._pages("/v1/articles", ArticleOut, filters)

    def iter_entities(self, **filters: Any) -> AsyncIterator[EntityOut]:
        return self._pages("/v1/entities", EntityOut, filters)

    def iter_mentions(self, entity_id: int, **filters: Any) -> AsyncIterator[MentionOut]:
        return self._pages(f"/v1/entities/{entity_id}/mentions", MentionOut, filters)

    def iter_events(self, **filters: Any) -> AsyncIterator[EventOut]:
        return self._pages("/v1/events", EventOut, filters)

    def iter_commitments(self, **filters: Any) -> AsyncIterator[CommitmentOut]:
        return self._pages("/v1/commitments", CommitmentOut, filters)

    def iter_search(self, q: str, **filters: Any) -> AsyncIterator[SearchHit]:
        return self._pages("/v1/search", SearchHit, {**filters, "q": q})

    def iter_claims(self, **filters: Any) -> AsyncIterator[ClaimOut]:
        return self._pages("/v1/claims", ClaimOut, filters)

    async def iter_claim_statements(self, claim_id: int, **params: Any) -> AsyncIterator[Statement]:
        path = f"/v1/claims/{claim_id}/statements"
        async for page in self._follow(path, Page[Statement], params):
            for item in page.items:
                yield item

    async def iter_claim_timeline(
        self, claim_id: int, **params: Any
    ) -> AsyncIterator[TimelineStep]:
        async for page in self._follow(f"/v1/claims/{claim_id}/timeline", TimelineOut, params):
            for step in page.steps:
                yield step

    async def export(
        self, kind: ExportKind, fmt: ExportFormat, **filters: Any
    ) -> AsyncIterator[bytes]:
        """The whole list as CSV (one header) or NDJSON, page by page, following `Link`."""
        response = await self.request("GET", f"/v1/{kind}", params=_export_params(fmt, filters))
        first = True
        while True:
            yield _strip_header(response.content, fmt, first)
            following = response.links.get("next", {}).get("url")
            if following is None:
                return
            response, first = await self.request("GET", following), False
