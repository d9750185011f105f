"""HTTP endpoints of articles and paragraphs."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.deps import AdminPrincipal, IngestPrincipal, ReadAccess, SessionDep, SettingsDep
from app.articles import repository, service
from app.articles.deletion import delete_article
from app.articles.presenters import article_detail, article_out, paragraph_out
from app.articles.schemas import (
    ArticleDetail,
    ArticleIn,
    ArticleOut,
    ArticleStatus,
    IngestedArticle,
    ParagraphOut,
)
from app.core.config import Settings
from app.core.errors import FactstoreError, NotFound, Problem
from app.core.pagination import Page, PageDep
from app.core.types import Id
from app.facts.repository import article_facts
from app.facts.schemas import ArticleFacts
from app.idempotency import service as idempotency

router = APIRouter(prefix="/v1", tags=["articles"])

ExtractParam = Annotated[
    bool | None,
    Query(description="Run the built-in extractor (default: the server's setting, normally true)."),
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="A retry with the same key and body gets the first answer.",
    ),
]


async def _ingested(session: AsyncSession, article_id: int) -> IngestedArticle:
    article = await repository.get_article_with_paragraphs(session, article_id)
    assert article is not None
    detail = article_detail(article)
    return IngestedArticle(**detail.model_dump(), facts=await article_facts(session, article_id))


@router.post(
    "/articles",
    status_code=201,
    response_model=IngestedArticle,
    responses={
        200: {"model": IngestedArticle, "description": "The same content was already stored."},
        201: {"description": "Stored as a new story or a new revision."},
        409: {"model": Problem, "description": "The first request with this key still runs."},
        422: {"model": Problem, "description": "Invalid body, or a quote not in its paragraph."},
    },
)
async def post_article(
    payload: ArticleIn,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: IngestPrincipal,
    extract: ExtractParam = None,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Ingest one article with its paragraphs and facts, in one transaction."""
    if idempotency_key is not None:
        fingerprint = idempotency.request_fingerprint(
            request.method, request.url.path, request.url.query, await request.body()
        )
        stored = await idempotency.claim(
            request.app.state.sessionmaker, principal.id, idempotency_key, fingerprint
        )
        if stored is not None:
            headers = {"Location": stored.location} if stored.location else None
            return JSONResponse(stored.body, status_code=stored.status, headers=headers)
    try:
        outcome = await service.ingest_article(
            session,
            payload,
            extract=settings.extract_default if extract is None else extract,
            settings=settings,
        )
        body = (await _ingested(session, outcome.article_id)).model_dump(mode="json", by_alias=True)
        status = 201 if outcome.created else 200
        location = f"/v1/articles/{outcome.article_id}"
        if idempotency_key is not None:
            answer = idempotency.StoredAnswer(status, body, location)
            await idempotency.record_answer(session, principal.id, idempotency_key, answer)
    except BaseException:
        if idempotency_key is not None:
            await session.rollback()
            await idempotency.release(request.app.state.sessionmaker, principal.id, idempotency_key)
        raise
    return JSONResponse(body, status_code=status, headers={"Location": location})


async def _bulk_lines(
    request: Request, body: bytes, settings: Settings, extract: bool
) -> AsyncIterator[bytes]:
    for number, raw in enumerate(body.splitlines(), start=1):
        if not raw.strip():
            continue
        yield (
            json.dumps(
                (await _bulk_one(request, settings, extract, number, raw)).model_dump(
                    exclude_none=True
                )
            ).encode()
            + b"\n"
        )


async def _bulk_one(
    request: Request, settings: Settings, extract: bool, number: int, raw: bytes
) -> ArticleStatus:
    """One line, in its own transaction: a bad line never costs the others."""
    try:
        payload = ArticleIn.model_validate_json(raw)
        async with request.app.state.sessionmaker() as session, session.begin():
            outcome = await service.ingest_article(
                session, payload, extract=extract, settings=settings
            )
            article = await repository.get_article(session, outcome.article_id)
            assert article is not None
            revision = article.revision
        return ArticleStatus(
            line=number,
            status=201 if outcome.created else 200,
            article_id=outcome.article_id,
            revision=revision,
        )
    except ValidationError as exc:
        errors = [
            {"loc": [str(p) for p in e["loc"]], "msg": e["msg"], "type": e["type"]}
            for e in exc.errors(include_input=False, include_url=False)
        ]
        return ArticleStatus(
            line=number,
            status=422,
            problem={"status": 422, "detail": "invalid article", "errors": errors},
        )
    except FactstoreError as exc:
        return ArticleStatus(
            line=number,
            status=exc.status_code,
            problem={"status": exc.status_code, "detail": exc.detail, "errors": exc.errors},
        )


@router.post(
    "/articles/bulk",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"application/x-ndjson": {}},
            "description": "One result line per input line, in order: "
            '`{"line", "status", "article_id", "revision"}` or `{"line", "status", "problem"}`.',
        }
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
            "description": "One article object (as for POST /v1/articles) per line.",
        }
    },
)
async def post_bulk(
    request: Request,
    settings: SettingsDep,
    principal: IngestPrincipal,
    extract: ExtractParam = None,
) -> StreamingResponse:
    """Ingest many articles; each line is stored (or rejected) on its own."""
    run_extractor = settings.extract_default if extract is None else extract
    return StreamingResponse(
        # The body is read here, not in the stream: while a StreamingResponse runs, the
        # server's receive channel belongs to its disconnect listener.
        _bulk_lines(request, await request.body(), settings, run_extractor),
        media_type="application/x-ndjson",
    )


@router.get("/articles", response_model=Page[ArticleOut], dependencies=[ReadAccess])
async def list_articles(
    session: SessionDep,
    page: PageDep,
    source: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[
        datetime | None, Query(description="Published (else ingested) at or after.")
    ] = None,
    until: Annotated[
        datetime | None, Query(description="Published (else ingested) before.")
    ] = None,
    entity_id: Annotated[Id | None, Query(description="Articles mentioning this entity.")] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=500, description="Words in the text.")
    ] = None,
) -> Page[ArticleOut]:
    """Articles, newest first (by publication time, else ingestion time)."""
    items, cursor = await repository.list_articles(
        session, page, source=source, since=since, until=until, entity_id=entity_id, q=q
    )
    return Page(items=[article_out(a) for a in items], next_cursor=cursor)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetail,
    dependencies=[ReadAccess],
    responses={404: {"model": Problem}},
)
async def get_article(article_id: Id, session: SessionDep) -> ArticleDetail:
    """One article with the paragraphs of its latest revision."""
    article = await repository.get_article_with_paragraphs(session, article_id)
    if article is None:
        raise NotFound(f"article {article_id} does not exist")
    return article_detail(article)


@router.get(
    "/articles/{article_id}/facts",
    response_model=ArticleFacts,
    dependencies=[ReadAccess],
    responses={404: {"model": Problem}},
)
async def get_article_facts(article_id: Id, session: SessionDep) -> ArticleFacts:
    """Entities, events and commitments of the article's latest revision."""
    if await repository.get_article(session, article_id) is None:
        raise NotFound(f"article {article_id} does not exist")
    return await article_facts(session, article_id)


@router.post(
    "/articles/{article_id}/extract",
    response_model=IngestedArticle,
    responses={404: {"model": Problem}},
)
async def reextract(
    article_id: Id, session: SessionDep, settings: SettingsDep, principal: IngestPrincipal
) -> IngestedArticle:
    """Re-run the current built-in extractor on a stored article; replaces only its
    extracted facts (client-supplied facts stay)."""
    if not await service.reextract_article(session, article_id, settings):
        raise NotFound(f"article {article_id} does not exist")
    return await _ingested(session, article_id)


@router.delete(
    "/articles/{article_id}",
    status_code=204,
    responses={404: {"model": Problem}, 401: {"model": Problem}, 403: {"model": Problem}},
)
async def remove_article(article_id: Id, session: SessionDep, principal: AdminPrincipal) -> None:
    """Remove the article and every fact that only it supports."""
    if not await delete_article(session, article_id):
        raise NotFound(f"article {article_id} does not exist")


@router.get(
    "/paragraphs/{paragraph_id}",
    response_model=ParagraphOut,
    dependencies=[ReadAccess],
    tags=["paragraphs"],
    responses={404: {"model": Problem}},
)
async def get_paragraph(paragraph_id: Id, session: SessionDep) -> ParagraphOut:
    """One paragraph: its text, article and index (also of earlier revisions)."""
    paragraph = await repository.get_paragraph(session, paragraph_id)
    if paragraph is None:
        raise NotFound(f"paragraph {paragraph_id} does not exist")
    return paragraph_out(paragraph)
