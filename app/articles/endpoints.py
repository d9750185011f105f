"""HTTP endpoints of articles and paragraphs."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.api.deps import (
    AdminPrincipal,
    IngestPrincipal,
    LookUpDep,
    ReadAccess,
    SessionDep,
    SessionMakerDep,
    SettingsDep,
)
from app.articles import bulk, grouping, repository, service
from app.articles.deletion import delete_article
from app.articles.schemas import (
    ArticleDetail,
    ArticleFacts,
    ArticleIn,
    ArticleOut,
    IngestedArticle,
    JobOut,
    ParagraphOut,
    job_out,
)
from app.articles.tasks import defer_ingest
from app.core.config import Settings
from app.core.db import short_session
from app.core.errors import Conflict, FactstoreError, NotFound, Problem, Unprocessable
from app.core.pagination import JsonDocument, JsonPage, Page, PageDep
from app.core.types import DATETIME_RANGE, DateTimeParam, Id, SearchQuery, SourceText
from app.exports.routing import ListRoute
from app.idempotency import service as idempotency
from app.keys.service import Principal, still_valid
from app.observability.metrics import record_ingest

router = APIRouter(prefix="/v1", tags=["articles"], route_class=ListRoute)

ExtractParam = Annotated[
    bool | None,
    Query(description="Run the built-in extractor (default: the server's setting, normally true)."),
]
EXTRACT_413 = (
    "The body is too large, or (`/problems/too-large-to-extract`) its text is more than"
    " the extractor takes (`FACTSTORE_MAX_EXTRACT_CHARS`)."
)
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="A retry with the same key and body gets the first answer.",
    ),
]


async def _ingested(session: AsyncSession, article_id: int) -> tuple[str, int]:
    """The stored article and its facts (an `IngestedArticle` rendered by PostgreSQL, as
    every read is), and its revision."""
    found = await repository.ingested_document(session, article_id)
    if found is None:  # the stored story it repeats was deleted since the look-up
        raise Conflict(f"article {article_id} was deleted meanwhile; retry")
    return found


def group_writer(
    request: Request, sessionmaker: async_sessionmaker[AsyncSession]
) -> grouping.GroupWriter:
    """The app's group writer, on the write pool."""
    state = request.app.state
    writer: grouping.GroupWriter | None = getattr(state, "group_writer", None)
    if writer is None or writer.sessionmaker is not sessionmaker:
        writer = state.group_writer = grouping.GroupWriter(sessionmaker)
    return writer


@router.post(
    "/articles",
    status_code=201,
    response_model=IngestedArticle,
    responses={
        200: {"model": IngestedArticle, "description": "The same content was already stored."},
        201: {"description": "Stored as a new story or a new revision."},
        202: {"model": JobOut, "description": "`wait=false`: queued; poll the job's URL."},
        409: {"model": Problem, "description": "The first request with this key still runs."},
        413: {"model": Problem, "description": EXTRACT_413},
        422: {"model": Problem, "description": "Invalid body, or a quote not in its paragraph."},
    },
)
async def post_article(
    payload: ArticleIn,
    request: Request,
    session: SessionDep,
    sessionmaker: SessionMakerDep,
    look_up: LookUpDep,
    settings: SettingsDep,
    principal: IngestPrincipal,
    extract: ExtractParam = None,
    idempotency_key: IdempotencyKey = None,
    wait: Annotated[
        bool,
        Query(
            description="false: check the body, queue it for `factstore worker`, and answer"
            " 202 with the job's URL (`GET /v1/jobs/{id}`) at once."
        ),
    ] = True,
) -> Response:
    """Ingest one article with its paragraphs and facts, in one transaction.

    That transaction is the group writer's (`grouping.GroupWriter`, shared by the posts
    ready at the same time, each article whole in it), committed before the article is
    read back and the answer sent.  With an Idempotency-Key it is the request's
    session, committed by `SessionMiddleware` before the answer is sent, with the
    recorded answer in it.  The key's use and an Idempotency-Key's claim (and, on
    failure, release) commit in side transactions of their own
    (`core.db.SideTransaction`)."""
    if idempotency_key is not None:
        fingerprint = idempotency.request_fingerprint(
            request.method, request.url.path, request.url.query, await request.body()
        )
        stored = await idempotency.claim(sessionmaker, principal.id, idempotency_key, fingerprint)
        if stored is not None:
            headers = {"Location": stored.location} if stored.location else None
            return JSONResponse(stored.body, status_code=stored.status, headers=headers)
    try:
        run_extractor = settings.extract_default if extract is None else extract
        if not wait:
            public_id = await defer_ingest(
                request.app.state.queue,
                session,
                payload,
                settings,
                extract=run_extractor,
                owner=principal.id,
            )
            body = job_out(public_id, "queued").model_dump(mode="json")
            status, location = 202, body["url"]
        elif idempotency_key is None:
            # Written and read back by the group writer (committed with the posts that
            # were ready at the same time): the request's own session stays unused.
            ready = await service.ready_to_write(
                payload, extract=run_extractor, settings=settings, look_up=look_up
            )
            if isinstance(ready, service.IngestOutcome):  # stored already, unchanged
                outcome = ready
                async with short_session(look_up) as reading:
                    document, revision = await _ingested(reading, outcome.article_id)
            else:
                written = await group_writer(request, sessionmaker).write(
                    ready.prepared, ready.batches, new_story=ready.new_story
                )
                outcome, document, revision = written.outcome, written.document, written.revision
            status = 201 if outcome.created else 200
            record_ingest(status, revision)
            # Sent as PostgreSQL rendered it, as every read is: validating and
            # serialising it again would spend the API's one thread on nothing.
            return Response(
                document,
                status_code=status,
                headers={"Location": f"/v1/articles/{outcome.article_id}"},
                media_type="application/json",
            )
        else:
            # With an Idempotency-Key the answer is recorded in the article's own
            # transaction (the request's), so a retry finds it exactly when it is stored.
            outcome = await service.ingest_article(
                session, payload, extract=run_extractor, settings=settings, look_up=look_up
            )
            document, revision = await _ingested(session, outcome.article_id)
            status = 201 if outcome.created else 200
            location = f"/v1/articles/{outcome.article_id}"
            record_ingest(status, revision)
            body = json.loads(document)
        if idempotency_key is not None:
            answer = idempotency.StoredAnswer(status, body, location)
            await idempotency.record_answer(session, principal.id, idempotency_key, answer)
    except BaseException as exc:
        if isinstance(exc, FactstoreError):
            record_ingest(exc.status_code, None)
        if idempotency_key is not None:
            # Ends the request's transaction (the middleware would roll it back too, but
            # only after this release, which waits for the claim row it may have locked).
            await session.rollback()
            await idempotency.release(sessionmaker, principal.id, idempotency_key)
        raise
    return JSONResponse(body, status_code=status, headers={"Location": location})


async def _bulk_lines(
    request: Request, body: bytes, settings: Settings, extract: bool, principal: Principal
) -> AsyncIterator[bytes]:
    sessionmaker = request.app.state.sessionmaker

    async def still_allowed() -> bool:
        async with sessionmaker() as session:
            return await still_valid(session, principal)

    async for statuses in bulk.ingest_lines(sessionmaker, body, settings, extract, still_allowed):
        chunk = []
        for status in statuses:
            record_ingest(status.status, status.revision)
            chunk.append(json.dumps(status.model_dump(exclude_none=True)))
        yield ("\n".join(chunk) + "\n").encode()


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
    # The body is read here, not in the stream: while a StreamingResponse runs, the
    # server's receive channel belongs to its disconnect listener.
    body = (await request.body()).removeprefix(bulk.UTF8_BOM)
    if not body.strip():
        raise Unprocessable(
            "the body has no lines; send one article object a line",
            errors=[{"loc": ["body"], "msg": "no article lines", "type": "missing"}],
        )
    return StreamingResponse(
        _bulk_lines(request, body, settings, run_extractor, principal),
        media_type="application/x-ndjson",
    )


@router.api_route(
    "/articles/bulk", methods=["GET", "PUT", "PATCH", "DELETE"], include_in_schema=False
)
async def bulk_other_methods() -> None:
    """`bulk` is no article id: other methods get 405, not a 422 about a bad id."""
    raise HTTPException(405)


@router.get("/articles", response_model=Page[ArticleOut], dependencies=[ReadAccess])
async def list_articles(
    session: SessionDep,
    page: PageDep,
    source: Annotated[SourceText | None, Query()] = None,
    since: Annotated[
        DateTimeParam | None,
        Query(description=f"Published (else ingested) at or after; from {DATETIME_RANGE}."),
    ] = None,
    until: Annotated[
        DateTimeParam | None,
        Query(description=f"Published (else ingested) before; from {DATETIME_RANGE}."),
    ] = None,
    entity_id: Annotated[Id | None, Query(description="Articles mentioning this entity.")] = None,
    q: Annotated[
        SearchQuery | None,
        Query(description="Words in the text."),
    ] = None,
) -> JsonPage:
    """Articles, newest first (by publication time, else ingestion time)."""
    items, cursor = await repository.list_articles(
        session, page, source=source, since=since, until=until, entity_id=entity_id, q=q
    )
    return JsonPage(items, cursor)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetail,
    dependencies=[ReadAccess],
    responses={404: {"model": Problem}},
)
async def get_article(article_id: Id, session: SessionDep) -> JsonDocument:
    """One article with the paragraphs of its latest revision."""
    article = await repository.article_detail(session, article_id)
    if article is None:
        raise NotFound(f"article {article_id} does not exist")
    return JsonDocument(article)


@router.get(
    "/articles/{article_id}/facts",
    response_model=ArticleFacts,
    dependencies=[ReadAccess],
    responses={404: {"model": Problem}},
)
async def get_article_facts(article_id: Id, session: SessionDep) -> JsonDocument:
    """Entities, events and commitments of the article's latest revision."""
    facts = await repository.article_facts(session, article_id)
    if facts is None:
        raise NotFound(f"article {article_id} does not exist")
    return JsonDocument(facts)


@router.post(
    "/articles/{article_id}/extract",
    response_model=IngestedArticle,
    responses={
        404: {"model": Problem},
        409: {"model": Problem, "description": "The article changed meanwhile; retry."},
        413: {"model": Problem, "description": EXTRACT_413},
    },
)
async def reextract(
    article_id: Id,
    session: SessionDep,
    look_up: LookUpDep,
    settings: SettingsDep,
    principal: IngestPrincipal,
) -> Response:
    """Re-run the current built-in extractor on a stored article; replaces only its
    extracted facts (client-supplied facts stay)."""
    if not await service.reextract_article(session, article_id, settings, look_up=look_up):
        raise NotFound(f"article {article_id} does not exist")
    document, _ = await _ingested(session, article_id)
    return Response(document, media_type="application/json")


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
async def get_paragraph(paragraph_id: Id, session: SessionDep) -> JsonDocument:
    """One paragraph: its text, article and index (also of earlier revisions)."""
    paragraph = await repository.paragraph(session, paragraph_id)
    if paragraph is None:
        raise NotFound(f"paragraph {paragraph_id} does not exist")
    return JsonDocument(paragraph)
