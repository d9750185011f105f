"""Queries over articles and their paragraphs: ORM rows for the write path, JSON
documents (see `documents`) for reads."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, ColumnElement, Select, Text, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.articles.documents import article_detail_document, facts_document, paragraph_document
from app.core.documents import as_text
from app.core.pagination import Keyset, PageParams
from app.core.reads import fetch_built, fetch_built_document, fetch_document
from app.models import Article, Commitment, Entity, Event, EventParticipant, Mention, Paragraph
from app.models.article import search_vector

ARTICLE_ORDER = Keyset("articles", (Article.dated_at, datetime), (Article.id, int))
# The same order (and cursors) over the mentions of one entity.
_MENTIONED_ORDER = Keyset(
    "articles", (Mention.article_dated_at, datetime), (Mention.article_id, int)
)


async def get_article(session: AsyncSession, article_id: int) -> Article | None:
    return await session.get(Article, article_id)


async def get_article_with_paragraphs(session: AsyncSession, article_id: int) -> Article | None:
    return (
        await session.scalars(
            select(Article)
            .where(Article.id == article_id)
            .options(selectinload(Article.paragraphs))
            .execution_options(populate_existing=True)
        )
    ).one_or_none()


# What a post needs to know of its stored story, built once (`fetch_built`): loading
# the whole row as an ORM object cost a single post more than the look-up itself.
_STORED_STORY = select(Article.id, Article.content_hash).where(
    Article.story_key == bindparam("key", type_=Text)
)


async def get_by_story_key(session: AsyncSession, key: str) -> StoredStory | None:
    """The stored story of `key`: its article's id and content hash."""
    rows = await fetch_built(session, _STORED_STORY, {"key": key})
    return StoredStory(rows[0][0], rows[0][1]) if rows else None


class StoredStory(NamedTuple):
    id: int
    content_hash: str


async def list_articles(
    session: AsyncSession,
    params: PageParams,
    *,
    source: str | None,
    since: datetime | None,
    until: datetime | None,
    entity_id: int | None,
    q: str | None,
) -> tuple[list[str], str | None]:
    """A page of `ArticleOut` documents."""
    conditions: list[ColumnElement[bool]] = []
    if source is not None:
        conditions.append(Article.source == source)
    if q:
        query = func.websearch_to_tsquery("english", q)
        conditions.append(
            select(Paragraph.id)
            .where(
                Paragraph.article_id == Article.id,
                Paragraph.is_current,
                # The search index answers the first (a rare word's articles); the
                # second, the same test on the stored `tsv`, is the cheap one when
                # an article's paragraphs are looked at one by one (a common word).
                search_vector().bool_op("@@")(query),
                Paragraph.tsv.bool_op("@@")(query),
            )
            .exists()
        )
    stmt = select(Article.dated_at, Article.id, Article.document)
    if entity_id is None:
        if since is not None:
            conditions.append(Article.dated_at >= since)
        if until is not None:
            conditions.append(Article.dated_at < until)
        return await ARTICLE_ORDER.documents(session, stmt.where(*conditions), params)
    # The entity's articles come from its current mentions, which carry the article's
    # `dated_at` and are indexed in this list's order; DISTINCT folds an article's
    # several mentions into one.
    if since is not None:
        conditions.append(Mention.article_dated_at >= since)
    if until is not None:
        conditions.append(Mention.article_dated_at < until)
    mentioned = (
        select(Mention.article_dated_at, Mention.article_id)
        .where(Mention.entity_id == entity_id, Mention.is_current, *conditions)
        .distinct()
    )
    if source is not None or q:
        mentioned = mentioned.join(Article, Article.id == Mention.article_id)
    page = _MENTIONED_ORDER.apply(mentioned, params).subquery()
    stmt = stmt.join(page, page.c.article_id == Article.id)
    return await ARTICLE_ORDER.documents(session, stmt, params)


async def article_detail(session: AsyncSession, article_id: int) -> str | None:
    """The `ArticleDetail` document, or None."""
    return await fetch_built_document(session, _article_detail_statement(), {"id": article_id})


@cache
def _article_detail_statement() -> Select[*tuple[Any, ...]]:
    """Built once with the article as a bind parameter, so no request compiles it."""
    return select(as_text(article_detail_document())).where(
        Article.id == bindparam("id", type_=BigInteger)
    )


async def ingested_document(session: AsyncSession, article_id: int) -> tuple[str, int] | None:
    """The `IngestedArticle` document (the article's detail with its facts) as JSON text,
    and the article's revision, in one statement; or None."""
    ((detail, facts, revision),) = await fetch_built(
        session, _ingested_statement(), {"id": article_id}
    )
    if detail is None:
        return None
    # Both are JSON objects rendered by PostgreSQL: the facts become the detail's last field.
    return f'{detail[:-1]},"facts":{facts}}}', revision


@cache
def _ingested_statement() -> Select[*tuple[Any, ...]]:
    """Three scalar sub-queries of one bind parameter (built once): the outer statement
    has no FROM, so nothing in them correlates with anything outside them."""
    article_id = bindparam("id", type_=BigInteger)
    detail = select(as_text(article_detail_document())).where(Article.id == article_id)
    facts = select(as_text(article_facts_document(article_id)))
    revision = select(Article.revision).where(Article.id == article_id)
    return select(detail.scalar_subquery(), facts.scalar_subquery(), revision.scalar_subquery())


async def paragraph(session: AsyncSession, paragraph_id: int) -> str | None:
    """The `ParagraphOut` document (of any revision), or None."""
    stmt = select(as_text(paragraph_document())).where(Paragraph.id == paragraph_id)
    return await fetch_document(session, stmt)


async def article_facts(session: AsyncSession, article_id: int) -> str | None:
    """`ArticleFacts` of the article's latest revision as one JSON document, or None
    if there is no such article."""
    return await fetch_built_document(
        session, _article_facts_statement(), {"article_id": article_id}
    )


@cache
def _article_facts_statement() -> Select[*tuple[Any, ...]]:
    """Built once with the article as a bind parameter: building this large statement
    and its cache key for each request cost more than running it."""
    article_id = bindparam("article_id", type_=BigInteger)
    document = article_facts_document(article_id)
    return select(as_text(document)).where(
        select(Article.id).where(Article.id == article_id).exists()
    )


def article_facts_document(article_id: ColumnElement[int]) -> ColumnElement[Any]:
    """The `ArticleFacts` document of the latest revision of the article `article_id`
    (a bind parameter or a column of an enclosing statement)."""
    # Entities mentioned, taking part in an event, or committing, in the latest revision.
    entity_ids = (
        select(Mention.entity_id)
        .where(Mention.article_id == article_id, Mention.is_current)
        .union(
            select(EventParticipant.entity_id)
            .join(Event, Event.id == EventParticipant.event_id)
            .where(
                Event.article_id == article_id,
                Event.is_current,
                EventParticipant.entity_id.is_not(None),
            ),
            select(Commitment.actor_entity_id).where(
                Commitment.article_id == article_id,
                Commitment.is_current,
                Commitment.actor_entity_id.is_not(None),
            ),
        )
    )
    return facts_document(
        entities=Entity.id.in_(entity_ids),
        events=and_(Event.article_id == article_id, Event.is_current),
        commitments=and_(Commitment.article_id == article_id, Commitment.is_current),
    )
