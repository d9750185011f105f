"""Ingestion: one story, one transaction, whatever races or retries arrive.

Story identity is enforced by the unique `story_key` and `INSERT ... ON CONFLICT`:
of concurrent posts of one story exactly one inserts it; the others wait for
that insert to commit and answer with the stored article.  The costly extraction
runs before the write transaction begins, and the look-up before it runs in a short
session of its own, so no connection (let alone a row lock) is held while it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import anyio.to_thread
from sqlalchemy import Row, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.articles import repository
from app.articles.extraction import extract_facts
from app.articles.fact_inputs import to_facts
from app.articles.fact_store import (
    FactTarget,
    current_mention_keys,
    delete_extracted_facts,
    retire_current_facts,
    store_facts,
    store_facts_many,
)
from app.articles.identity import content_hash, story_key
from app.articles.parsing import ParsedArticle, parse_article
from app.articles.schemas import ArticleIn
from app.articles.splitting import ParagraphDraft
from app.claims import joining, keys
from app.core.bulk_insert import PendingRows, ReservedIds, copy_rows, insert_ids
from app.core.config import Settings
from app.core.db import short_session
from app.core.errors import Conflict
from app.extract.types import Facts
from app.facts.citations import StoredParagraph
from app.facts.schemas import Provenance
from app.models import Article, ArticleRevision, Commitment, Event, Paragraph

CLIENT = Provenance(origin="client")
DEADLOCK_RETRIES = 3
STORY_RETRIES = 3  # a story deleted as it is revised: insert it again, this many times


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    article_id: int
    created: bool  # a new story (201) or a new revision of one (201), not a repeat (200)


def _is_retryable(exc: DBAPIError) -> bool:
    """Deadlock or serialization failure: the transaction may simply be tried again."""
    return getattr(exc.orig, "pgcode", None) in {"40P01", "40001"}


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """A post checked and parsed, with its identity and client facts: no database yet."""

    parsed: ParsedArticle
    key: str
    digest: str
    client_facts: Facts | None

    def batches(self) -> list[tuple[Facts, Provenance]]:
        return [] if self.client_facts is None else [(self.client_facts, CLIENT)]


def prepare_article(payload: ArticleIn, settings: Settings) -> PreparedArticle:
    """Parse and check a post; raises the 422 problems (bad body, quote not found)."""
    parsed = parse_article(payload, settings)
    facts = None
    if payload.facts is not None:
        facts = to_facts(payload.facts, parsed.texts, parsed.duplicate_of)
    return PreparedArticle(
        parsed,
        story_key(parsed.url, parsed.texts),
        content_hash(parsed.title, parsed.standfirst, parsed.texts),
        facts,
    )


# A post with more text than this is parsed in a worker thread: splitting a long text,
# and above all reading a whole HTML page, would otherwise hold the event loop (and
# every other request) for as long; a usual article costs less than the hand-over.
PARSE_IN_THREAD_CHARS = 65_536


def body_chars(payload: ArticleIn) -> int:
    return (
        len(payload.text or "") + len(payload.html or "") + sum(map(len, payload.paragraphs or []))
    )


async def prepare_article_off_loop(payload: ArticleIn, settings: Settings) -> PreparedArticle:
    """`prepare_article`, in a worker thread when the post is long."""
    if body_chars(payload) > PARSE_IN_THREAD_CHARS:
        return await anyio.to_thread.run_sync(prepare_article, payload, settings)
    return prepare_article(payload, settings)


@dataclass(frozen=True, slots=True)
class ReadyToWrite:
    """A post checked, looked up and extracted: what its write needs."""

    prepared: PreparedArticle
    batches: list[tuple[Facts, Provenance]]
    new_story: bool  # no story under its key at the look-up


async def ingest_article(
    session: AsyncSession,
    payload: ArticleIn,
    *,
    extract: bool,
    settings: Settings,
    look_up: async_sessionmaker[AsyncSession],
) -> IngestOutcome:
    """Store one post in `session`'s transaction, which the caller commits.

    No connection is held while the extractor runs (see `ready_to_write`), and
    `session` must be unused until here (it takes its connection at the write's first
    statement).  The write checks the story again under its lock (`_write`): one that
    a concurrent or retried post stored meanwhile gets a new revision, or with the
    same content is the stored article (200), so concurrent posts of one story still
    give one story.
    """
    ready = await ready_to_write(payload, extract=extract, settings=settings, look_up=look_up)
    if isinstance(ready, IngestOutcome):
        return ready
    return await write_article(session, ready.prepared, ready.batches)


async def ready_to_write(
    payload: ArticleIn,
    *,
    extract: bool,
    settings: Settings,
    look_up: async_sessionmaker[AsyncSession],
) -> ReadyToWrite | IngestOutcome:
    """Check and parse a post, look its story up, and extract its facts; or, when the
    same content is stored already, where it is (nothing to write).

    The stored story is looked up in a short session from `look_up`, over before
    extraction starts, so no connection waits on the extractor."""
    prepared = await prepare_article_off_loop(payload, settings)
    async with short_session(look_up) as looking:
        existing = await repository.get_by_story_key(looking, prepared.key)
    if existing is not None and existing.content_hash == prepared.digest:
        return IngestOutcome(existing.id, created=False)
    batches = prepared.batches()
    if extract:
        batches.append(await extract_facts(prepared.parsed, settings))
    return ReadyToWrite(prepared, batches, new_story=existing is None)


# The statements of one article's write (or a group of single posts') carry a few
# rows each: small arrays, for which a connection's generic plan (made once, for
# arrays of some ten rows) is right.  Left to choose, PostgreSQL planned most of
# them anew on every run, the read-back of the answer (a statement over a dozen
# tables) above all, and the planning cost it more than the running (README,
# Performance).  `SET LOCAL` ends with the transaction; a bulk batch keeps
# choosing, its arrays being hundreds of rows long.
CACHED_PLANS = text("SET LOCAL plan_cache_mode = force_generic_plan")


async def write_article(
    session: AsyncSession, prepared: PreparedArticle, batches: list[tuple[Facts, Provenance]]
) -> IngestOutcome:
    """Store one prepared article (a new story, a new revision, or nothing if unchanged),
    with cached plans for the rest of the transaction (`CACHED_PLANS`)."""
    await session.execute(CACHED_PLANS)
    for attempt in range(DEADLOCK_RETRIES):
        try:
            async with session.begin_nested():
                return await _write(session, prepared, batches)
        except DBAPIError as exc:
            if not _is_retryable(exc) or attempt == DEADLOCK_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def article_columns(prepared: PreparedArticle, now: datetime) -> dict[str, Any]:
    parsed = prepared.parsed
    return {
        "url": parsed.url,
        "title": parsed.title,
        "standfirst": parsed.standfirst,
        "source": parsed.source,
        "language": parsed.language,
        "published_at": parsed.published_at,
        "dated_at": parsed.published_at or now,
        "content_hash": prepared.digest,
        "paragraph_count": len(parsed.paragraphs),
    }


async def _claim_story(
    session: AsyncSession, prepared: PreparedArticle, metadata: dict[str, Any]
) -> tuple[int, Row[int, str, int, datetime] | None]:
    """Insert the story, or lock the stored one: its id, and the stored row (None when
    this call inserted it)."""
    for _ in range(STORY_RETRIES):
        article_id = await session.scalar(
            insert(Article)
            .values(story_key=prepared.key, **metadata)
            .on_conflict_do_nothing(index_elements=["story_key"])
            .returning(Article.id)
        )
        if article_id is not None:
            return article_id, None
        # The story exists (perhaps committed a moment ago by a concurrent post)...
        current = (
            await session.execute(
                select(Article.id, Article.content_hash, Article.revision, Article.dated_at)
                .where(Article.story_key == prepared.key)
                .with_for_update()
            )
        ).one_or_none()
        if current is not None:
            return current.id, current
        # ... or existed: a concurrent DELETE removed it between the two statements,
        # so inserting it again may now succeed.
    raise Conflict("the story was deleted and stored again meanwhile; retry")


async def _write(
    session: AsyncSession, prepared: PreparedArticle, batches: list[tuple[Facts, Provenance]]
) -> IngestOutcome:
    metadata = article_columns(prepared, datetime.now(UTC))
    article_id, current = await _claim_story(session, prepared, metadata)
    if current is not None:
        if current.content_hash == prepared.digest:
            return IngestOutcome(current.id, created=False)
        number, dated_at = current.revision + 1, current.dated_at
        retired = await retire_current_facts(session, article_id, replaced=True)
        await session.execute(
            update(Paragraph)
            .where(Paragraph.article_id == article_id, Paragraph.is_current)
            .values(is_current=False)
        )
        metadata.pop("dated_at")
        await session.execute(
            update(Article)
            .where(Article.id == article_id)
            .values(revision=number, updated_at=func.now(), **metadata)
        )
    else:
        number, dated_at = 1, metadata["dated_at"]
        retired = None
    # The revision's rows as a new story's are written (`write_new_stories`): their
    # ids drawn in one statement, their rows held and written a statement at a time.
    reserved = await _reserve_ids(session, [(prepared, batches)], articles=False)
    pending = PendingRows()
    (target,) = await insert_revisions(
        session, [(article_id, dated_at, number, prepared, batches)], reserved, pending
    )
    restated = await store_facts_many(session, [target], reserved, pending, retired)
    if retired is not None:
        # See `retire_current_facts`.
        await joining.settle_replaced(session, retired, restated)
    return IngestOutcome(article_id, created=True)


async def _reserve_ids(
    session: AsyncSession,
    fresh: Sequence[tuple[PreparedArticle, list[tuple[Facts, Provenance]]]],
    *,
    articles: bool = True,
) -> ReservedIds:
    """The ids of every row of the new stories (an article unless `articles` is
    false, a revision, its paragraphs, events and commitments), drawn in one
    statement."""
    facts = [f for _, batches in fresh for f, _ in batches]
    return await ReservedIds.draw(
        session,
        {
            Article: len(fresh) if articles else 0,
            ArticleRevision: len(fresh),
            Paragraph: sum(len(p.parsed.paragraphs) for p, _ in fresh),
            Event: sum(len(f.events) for f in facts),
            Commitment: sum(len(f.commitments) for f in facts),
        },
    )


async def write_new_stories(
    session: AsyncSession, fresh: Sequence[tuple[PreparedArticle, list[tuple[Facts, Provenance]]]]
) -> list[FactTarget]:
    """Insert new stories (distinct story keys, none stored at the look-up) with their
    facts, one statement per table whatever their number.  A story that a concurrent
    post stored meanwhile breaks the unique `story_key` and fails the whole statement:
    the caller rolls back and writes the articles one by one (`write_article`)."""
    reserved = await _reserve_ids(session, fresh)
    # The new rows are held and written a statement at a time for several tables:
    # the stories' own, then their facts' (`store_facts_many`, `PendingRows`).
    pending = PendingRows()
    now = datetime.now(UTC)
    rows = [{"story_key": p.key, **article_columns(p, now)} for p, _ in fresh]
    article_ids = await insert_ids(session, Article, rows, reserved, pending)
    targets = await insert_revisions(
        session,
        [
            (article_id, row["dated_at"], 1, prepared, batches)
            for article_id, row, (prepared, batches) in zip(article_ids, rows, fresh, strict=True)
        ],
        reserved,
        pending,
    )
    await store_facts_many(session, targets, reserved, pending)
    return targets


async def insert_revisions(
    session: AsyncSession,
    revisions: Sequence[tuple[int, datetime, int, PreparedArticle, list[tuple[Facts, Provenance]]]],
    reserved: ReservedIds,
    pending: PendingRows,
) -> list[FactTarget]:
    """Hold revisions `(article_id, dated_at, number, prepared, batches)` and their
    paragraphs in `pending`, under ids from `reserved`; return where each one's facts
    go."""
    revision_ids = await insert_ids(
        session,
        ArticleRevision,
        [{"article_id": a, "number": n, "content_hash": p.digest} for a, _, n, p, _ in revisions],
        reserved,
        pending,
    )
    count = sum(len(prepared.parsed.paragraphs) for _, _, _, prepared, _ in revisions)
    # Ids first, so that a repeated paragraph's row names the one it repeats.
    paragraph_ids = reserved.take(Paragraph.__tablename__, count)
    rows: list[dict[str, Any]] = []
    targets: list[FactTarget] = []
    offset = 0
    for (article_id, dated_at, _, prepared, batches), revision_id in zip(
        revisions, revision_ids, strict=True
    ):
        paragraphs = prepared.parsed.paragraphs
        ids = paragraph_ids[offset : offset + len(paragraphs)]
        offset += len(paragraphs)
        rows += [
            {
                "id": pid,
                "article_id": article_id,
                "revision_id": revision_id,
                "index": index,
                "text": p.text,
                "kind": p.kind,
                "duplicate_of_id": None if p.duplicate_of is None else ids[p.duplicate_of],
            }
            for index, (pid, p) in enumerate(zip(ids, paragraphs, strict=True))
        ]
        stored = [
            StoredParagraph(pid, index, p.text)
            for index, (pid, p) in enumerate(zip(ids, paragraphs, strict=True))
        ]
        outlet = keys.outlet(prepared.parsed.url, prepared.parsed.source, article_id)
        targets.append(
            FactTarget(article_id, dated_at, revision_id, stored, batches, outlet=outlet)
        )
    await copy_rows(session, Paragraph, rows, pending)
    return targets


async def reextract_article(
    session: AsyncSession,
    article_id: int,
    settings: Settings,
    *,
    look_up: async_sessionmaker[AsyncSession],
) -> bool:
    """Re-run the current extractor on the stored latest revision and replace only
    the extracted facts (client facts stay).  False when the article does not exist.

    As in `ingest_article`, the article is read in a short session from `look_up` and
    `session` is first used after extraction, so no connection waits on the extractor.
    """
    async with short_session(look_up) as looking:
        article = await repository.get_article_with_paragraphs(looking, article_id)
    if article is None:
        return False
    index_of = {p.id: p.index for p in article.paragraphs}
    parsed = ParsedArticle(
        url=article.url,
        title=article.title,
        standfirst=article.standfirst,
        source=article.source,
        language=article.language,
        published_at=article.published_at,
        paragraphs=[
            ParagraphDraft(
                p.text, p.kind, index_of.get(p.duplicate_of_id) if p.duplicate_of_id else None
            )
            for p in article.paragraphs
        ],
    )
    facts = await extract_facts(parsed, settings)
    # The extractor ran without a lock: the article may be gone or revised by now.
    revision = await session.scalar(
        select(Article.revision).where(Article.id == article_id).with_for_update()
    )
    if revision is None:
        return False
    if revision != article.revision:
        raise Conflict("the article got a new revision while it was re-extracted; retry")
    revision_id = article.paragraphs[0].revision_id
    retired = await delete_extracted_facts(session, article_id, replaced=True)
    # The client's mentions stay; the extractor may find the very same spans again.
    restated = await store_facts(
        session,
        article_id=article_id,
        dated_at=article.dated_at,
        revision_id=revision_id,
        paragraphs=[StoredParagraph(p.id, p.index, p.text) for p in article.paragraphs],
        batches=[facts],
        existing_mentions=await current_mention_keys(session, article_id),
        retired=retired,
    )
    # See `retire_current_facts`.
    await joining.settle_replaced(session, retired, restated)
    return True
