"""Ingestion: one story, one transaction, whatever races or retries arrive.

Story identity is enforced by the unique `story_key` and `INSERT ... ON CONFLICT`:
of concurrent posts of one story exactly one inserts it; the others wait for
that insert to commit and answer with the stored article.  The costly extraction
runs before the transaction, so no row lock is held while it runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from app.articles import repository
from app.articles.extraction import extract_facts
from app.articles.identity import content_hash, story_key
from app.articles.parsing import ParsedArticle, parse_article
from app.articles.schemas import ArticleIn
from app.articles.splitting import ParagraphDraft
from app.core.config import Settings
from app.extract.types import Facts
from app.facts.inputs import to_facts
from app.facts.store import (
    Provenance,
    StoredParagraph,
    delete_extracted_facts,
    retire_current_facts,
    store_facts,
)
from app.models import Article, ArticleRevision, Paragraph

CLIENT = Provenance("client")
DEADLOCK_RETRIES = 3


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    article_id: int
    created: bool  # a new story (201) or a new revision of one (201), not a repeat (200)


def _is_retryable(exc: DBAPIError) -> bool:
    """Deadlock or serialization failure: the transaction may simply be tried again."""
    return getattr(exc.orig, "pgcode", None) in {"40P01", "40001"}


async def ingest_article(
    session: AsyncSession, payload: ArticleIn, *, extract: bool, settings: Settings
) -> IngestOutcome:
    parsed = parse_article(payload, settings)
    key = story_key(parsed.url, parsed.texts)
    digest = content_hash(parsed.title, parsed.standfirst, parsed.texts)
    existing = await repository.get_by_story_key(session, key)
    if existing is not None and existing.content_hash == digest:
        return IngestOutcome(existing.id, created=False)

    batches: list[tuple[Facts, Provenance]] = []
    if payload.facts is not None:
        batches.append((to_facts(payload.facts, parsed.texts, parsed.duplicate_of), CLIENT))
    if extract:
        batches.append(await extract_facts(parsed, settings.spacy_model))

    for attempt in range(DEADLOCK_RETRIES):
        try:
            async with session.begin_nested():
                return await _write(session, parsed, key, digest, batches)
        except DBAPIError as exc:
            if not _is_retryable(exc) or attempt == DEADLOCK_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


async def _write(
    session: AsyncSession,
    parsed: ParsedArticle,
    key: str,
    digest: str,
    batches: list[tuple[Facts, Provenance]],
) -> IngestOutcome:
    now = datetime.now(UTC)
    metadata = {
        "url": parsed.url,
        "title": parsed.title,
        "standfirst": parsed.standfirst,
        "source": parsed.source,
        "language": parsed.language,
        "published_at": parsed.published_at,
        "dated_at": parsed.published_at or now,
        "content_hash": digest,
        "paragraph_count": len(parsed.paragraphs),
    }
    article_id = await session.scalar(
        insert(Article)
        .values(story_key=key, **metadata)
        .on_conflict_do_nothing(index_elements=["story_key"])
        .returning(Article.id)
    )
    if article_id is None:
        # The story exists (perhaps committed a moment ago by a concurrent post).
        current = (
            await session.execute(
                select(Article.id, Article.content_hash, Article.revision)
                .where(Article.story_key == key)
                .with_for_update()
            )
        ).one()
        if current.content_hash == digest:
            return IngestOutcome(current.id, created=False)
        article_id, number = current.id, current.revision + 1
        await retire_current_facts(session, article_id)
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
        number = 1
    revision_id = await session.scalar(
        insert(ArticleRevision)
        .values(article_id=article_id, number=number, content_hash=digest)
        .returning(ArticleRevision.id)
    )
    assert revision_id is not None
    paragraph_ids = (
        await session.scalars(
            insert(Paragraph).returning(Paragraph.id, sort_by_parameter_order=True),
            [
                {
                    "article_id": article_id,
                    "revision_id": revision_id,
                    "index": index,
                    "text": p.text,
                    "kind": p.kind,
                }
                for index, p in enumerate(parsed.paragraphs)
            ],
        )
    ).all()
    duplicates = [
        (paragraph_ids[i], paragraph_ids[p.duplicate_of])
        for i, p in enumerate(parsed.paragraphs)
        if p.duplicate_of is not None
    ]
    if duplicates:
        await session.execute(
            text(
                "UPDATE paragraphs SET duplicate_of_id = d.dup"
                " FROM unnest(CAST(:pids AS bigint[]), CAST(:dups AS bigint[])) AS d(pid, dup)"
                " WHERE paragraphs.id = d.pid"
            ),
            {"pids": [pid for pid, _ in duplicates], "dups": [dup for _, dup in duplicates]},
        )
    stored = [
        StoredParagraph(pid, index, p.text)
        for index, (pid, p) in enumerate(zip(paragraph_ids, parsed.paragraphs, strict=True))
    ]
    await store_facts(
        session,
        article_id=article_id,
        revision_id=revision_id,
        paragraphs=stored,
        batches=batches,
    )
    return IngestOutcome(article_id, created=True)


async def reextract_article(session: AsyncSession, article_id: int, settings: Settings) -> bool:
    """Re-run the current extractor on the stored latest revision and replace only
    the extracted facts (client facts stay).  False when the article does not exist."""
    article = await repository.get_article_with_paragraphs(session, article_id)
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
    facts = await extract_facts(parsed, settings.spacy_model)
    revision_id = article.paragraphs[0].revision_id
    await delete_extracted_facts(session, article_id)
    await store_facts(
        session,
        article_id=article_id,
        revision_id=revision_id,
        paragraphs=[StoredParagraph(p.id, p.index, p.text) for p in article.paragraphs],
        batches=[facts],
    )
    return True
