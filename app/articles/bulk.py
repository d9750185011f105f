"""Bulk ingestion: batches of lines, extracted in the pool while the previous batch is written.

Each batch of new stories is written in one transaction with one statement per
table (`insert_revisions`, `store_facts_many`; articles and facts by COPY) and the
ids of all its rows drawn in one more, so the cost per article is a few rows, not a
few round trips.  Per-article atomicity and "one bad line never loses the others"
hold because a line can fail only before the batch is written (bad JSON, bad body,
a quote not found) or, rarely, in the database (a story that a concurrent post
stored since the look-up breaks the unique story key); then the batch is rolled
back and its lines are written one by one, each in its own transaction, with the
facts already extracted.  Lines that touch a stored story (a new revision) or
repeat a story of the same batch also take that path.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

import anyio.to_thread
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.articles import repository
from app.articles.extraction import PROVENANCE, check_extraction_budget, document_of, get_pool
from app.articles.schemas import ArticleIn, ArticleStatus
from app.articles.service import (
    PARSE_IN_THREAD_CHARS,
    PreparedArticle,
    prepare_article,
    write_new_stories,
)
from app.articles.service import write_article as write_one
from app.core.bulk_insert import any_of
from app.core.config import Settings
from app.core.errors import (
    FactstoreError,
    Unauthorized,
    invalid_request_detail,
    is_transient_database_error,
    validation_errors,
)
from app.extract.types import Facts
from app.facts.schemas import Provenance
from app.models import Article

# A batch's statements cost about the same whatever its size (some 20 statements),
# so larger batches spread that over more articles; the byte cap keeps a batch of long
# articles as small in rows as a batch of short ones.
BATCH_LINES = 400
BATCH_BYTES = 512 * 1024
# With extraction, smaller batches keep the extractor pool busy while the previous
# batch is written, instead of leaving it idle through one long final write.
EXTRACT_BATCH_LINES = 64
YIELD_EVERY = 16  # lines parsed between two turns of the event loop

logger = logging.getLogger("factstore.bulk")


@dataclass(slots=True)
class _Line:
    number: int
    prepared: PreparedArticle | None = None
    status: ArticleStatus | None = None  # set once the line is answered
    stored: tuple[int, int] | None = None  # (article id, revision) of an unchanged story
    revises: bool = False  # the story was stored, with other content: a new revision
    batches: list[tuple[Facts, Provenance]] = field(default_factory=list)


def _prepare(number: int, raw: bytes, settings: Settings) -> _Line:
    line = _Line(number)
    try:
        line.prepared = prepare_article(ArticleIn.model_validate_json(raw), settings)
    except ValidationError as exc:
        # As a single post's body is refused (a line is one article's body).
        errors = validation_errors(
            exc.errors(include_input=False, include_url=False), within=("body",)
        )
        line.status = ArticleStatus(
            line=number,
            status=422,
            problem={"status": 422, "detail": invalid_request_detail(errors), "errors": errors},
        )
    except FactstoreError as exc:
        line.status = _problem(number, exc)
    except Exception as exc:
        line.status = _unexpected(number, exc)
    return line


def _unexpected(number: int, exc: Exception) -> ArticleStatus:
    """A line that failed for no fault of its own: 503 (retry) or 500; the stream goes on."""
    status = 503 if is_transient_database_error(exc) else 500
    logger.error("bulk line %d failed", number, exc_info=exc)
    detail = "the database is unavailable; retry later" if status == 503 else "internal error"
    return ArticleStatus(line=number, status=status, problem={"status": status, "detail": detail})


def _problem(number: int, exc: FactstoreError) -> ArticleStatus:
    return ArticleStatus(
        line=number,
        status=exc.status_code,
        problem={"status": exc.status_code, "detail": exc.detail, "errors": exc.errors},
    )


async def _look_up(sessionmaker: async_sessionmaker[AsyncSession], lines: list[_Line]) -> None:
    """Note the stored stories the lines name; an unchanged one needs no more work."""
    keys = [line.prepared.key for line in lines if line.prepared]
    if not keys:
        return
    try:
        async with sessionmaker() as session:
            rows = await session.execute(
                select(Article.story_key, Article.id, Article.content_hash, Article.revision).where(
                    any_of(Article.story_key, keys)
                )
            )
            stored = {r.story_key: r for r in rows}
    except Exception as exc:  # only a shortcut is lost: the writes check again
        logger.warning("bulk look-up failed: %s", type(exc).__name__)
        return
    for line in lines:
        row = stored.get(line.prepared.key) if line.prepared else None
        if row is not None and line.prepared:
            if row.content_hash == line.prepared.digest:
                line.stored = (row.id, row.revision)
            else:
                line.revises = True


async def _extract(lines: list[_Line], settings: Settings, extract: bool) -> None:
    todo = [line for line in lines if line.prepared and line.stored is None]
    if extract:
        for line in todo:
            assert line.prepared is not None
            try:
                check_extraction_budget(line.prepared.parsed, settings)
            except FactstoreError as exc:
                line.status = _problem(line.number, exc)
        todo = [line for line in todo if line.status is None]
    for line in todo:
        assert line.prepared is not None
        line.batches = line.prepared.batches()
    if extract and todo:
        docs = [document_of(line.prepared.parsed) for line in todo if line.prepared]
        try:
            extracted = await get_pool(settings).extract_many(docs)
        except Exception as exc:
            for line in todo:
                line.status = _unexpected(line.number, exc)
            return
        for line, facts in zip(todo, extracted, strict=True):
            line.batches.append((facts, PROVENANCE))


async def _write_batch(session: AsyncSession, lines: Sequence[_Line]) -> None:
    """Insert the lines' stories, none of which was stored at the look-up (see
    `write_new_stories`: a story stored meanwhile fails the whole batch)."""
    fresh = [(line, line.prepared) for line in lines if line.prepared]
    targets = await write_new_stories(session, [(p, line.batches) for line, p in fresh])
    for (line, _), target in zip(fresh, targets, strict=True):
        line.status = ArticleStatus(
            line=line.number, status=201, article_id=target.article_id, revision=1
        )


async def _write_one(sessionmaker: async_sessionmaker[AsyncSession], line: _Line) -> None:
    assert line.prepared is not None
    try:
        async with sessionmaker() as session, session.begin():
            outcome = await write_one(session, line.prepared, line.batches)
            article = await repository.get_article(session, outcome.article_id)
            assert article is not None
            line.status = ArticleStatus(
                line=line.number,
                status=201 if outcome.created else 200,
                article_id=outcome.article_id,
                revision=article.revision,
            )
    except FactstoreError as exc:
        line.status = _problem(line.number, exc)
    except Exception as exc:
        line.status = _unexpected(line.number, exc)


async def _write(sessionmaker: async_sessionmaker[AsyncSession], lines: list[_Line]) -> None:
    for line in lines:
        if line.stored is not None:
            line.status = ArticleStatus(
                line=line.number, status=200, article_id=line.stored[0], revision=line.stored[1]
            )
    pending = [line for line in lines if line.status is None]
    first: dict[str, _Line] = {}
    for line in pending:
        assert line.prepared is not None
        if not line.revises:
            first.setdefault(line.prepared.key, line)
    batch = list(first.values())
    if batch:
        try:
            async with sessionmaker() as session, session.begin():
                await _write_batch(session, batch)
        except Exception:
            for line in batch:
                line.status = None  # rolled back: each line gets its own transaction
    for line in pending:
        if line.status is None:
            await _write_one(sessionmaker, line)


async def _prepare_all(numbered: Sequence[tuple[int, bytes]], settings: Settings) -> list[_Line]:
    """Parse lines, letting the event loop run now and then: the previous batch's
    statements go on in the database meanwhile."""
    lines = []
    for i, (number, raw) in enumerate(numbered):
        if len(raw) > PARSE_IN_THREAD_CHARS:
            lines.append(await anyio.to_thread.run_sync(_prepare, number, raw, settings))
            continue
        lines.append(_prepare(number, raw, settings))
        if i % YIELD_EVERY == YIELD_EVERY - 1:
            await asyncio.sleep(0)
    return lines


async def _extract_then_write(
    sessionmaker: async_sessionmaker[AsyncSession],
    lines: list[_Line],
    extraction: asyncio.Future[None],
) -> list[_Line]:
    await extraction
    await _write(sessionmaker, lines)
    return lines


UTF8_BOM = b"\xef\xbb\xbf"


def _refused(numbered: Sequence[tuple[int, bytes]], exc: FactstoreError) -> list[ArticleStatus]:
    return [_problem(number, exc) for number, _ in numbered]


async def ingest_lines(
    sessionmaker: async_sessionmaker[AsyncSession],
    body: bytes,
    settings: Settings,
    extract: bool,
    still_allowed: Callable[[], Awaitable[bool]] | None = None,
) -> AsyncIterator[list[ArticleStatus]]:
    """One status per non-blank line, in order, a batch's statuses at a time (so the
    answer is sent in a few large chunks, not one small chunk a line).  While batch n
    is written, batch n+1 is parsed here and extracted in the pool.

    Before each batch after the first is written, `still_allowed` is asked again: a
    key revoked during a long upload stores nothing more, and every line from there
    on is answered 401."""
    # A byte order mark is no part of the first line (editors on some systems add one).
    body = body.removeprefix(UTF8_BOM)
    numbered = [(n, raw) for n, raw in enumerate(body.splitlines(), start=1) if raw.strip()]
    writing: asyncio.Task[list[_Line]] | None = None
    try:
        size = EXTRACT_BATCH_LINES if extract else BATCH_LINES
        batches = list(_batches(numbered, size, BATCH_BYTES))
        for index, batch in enumerate(batches):
            lines = await _prepare_all(batch, settings)
            await _look_up(sessionmaker, lines)
            extraction = asyncio.ensure_future(_extract(lines, settings, extract))
            if writing is not None:
                yield _statuses(await writing)
                writing = None
            if index > 0 and still_allowed is not None and not await still_allowed():
                extraction.cancel()
                revoked = Unauthorized("the API key was revoked during the upload")
                for rest in batches[index:]:
                    yield _refused(rest, revoked)
                return
            writing = asyncio.create_task(_extract_then_write(sessionmaker, lines, extraction))
        if writing is not None:
            yield _statuses(await writing)
    finally:
        if writing is not None and not writing.done():
            writing.cancel()  # the client went away: its batch is rolled back


def _batches(
    numbered: Sequence[tuple[int, bytes]], max_lines: int, max_bytes: int
) -> Iterator[Sequence[tuple[int, bytes]]]:
    """Consecutive runs of lines, each of at most `max_lines` lines and, past its
    first line, `max_bytes` bytes."""
    start = size = 0
    for end, (_, raw) in enumerate(numbered):
        if end > start and (end - start == max_lines or size + len(raw) > max_bytes):
            yield numbered[start:end]
            start, size = end, 0
        size += len(raw)
    if start < len(numbered):
        yield numbered[start:]


def _statuses(lines: list[_Line]) -> list[ArticleStatus]:
    statuses = [line.status for line in lines]
    assert all(status is not None for status in statuses)
    return cast(list[ArticleStatus], statuses)
