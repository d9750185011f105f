"""Queries over articles and their paragraphs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.core.pagination import Keyset, PageParams
from app.models import Article, Mention, Paragraph

ARTICLE_ORDER = Keyset("articles", (Article.dated_at, datetime), (Article.id, int))


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


async def get_by_story_key(session: AsyncSession, key: str) -> Article | None:
    return (await session.scalars(select(Article).where(Article.story_key == key))).one_or_none()


async def list_articles(
    session: AsyncSession,
    params: PageParams,
    *,
    source: str | None,
    since: datetime | None,
    until: datetime | None,
    entity_id: int | None,
    q: str | None,
) -> tuple[list[Article], str | None]:
    stmt = select(Article)
    if source is not None:
        stmt = stmt.where(Article.source == source)
    if since is not None:
        stmt = stmt.where(Article.dated_at >= since)
    if until is not None:
        stmt = stmt.where(Article.dated_at < until)
    if entity_id is not None:
        stmt = stmt.where(
            select(Mention.id)
            .where(
                Mention.article_id == Article.id,
                Mention.entity_id == entity_id,
                Mention.is_current,
            )
            .exists()
        )
    if q:
        query = func.websearch_to_tsquery("english", q)
        stmt = stmt.where(
            select(Paragraph.id)
            .where(
                Paragraph.article_id == Article.id,
                Paragraph.is_current,
                Paragraph.tsv.bool_op("@@")(query),
            )
            .exists()
        )
    rows = (await session.scalars(ARTICLE_ORDER.apply(stmt, params))).all()
    return ARTICLE_ORDER.page(rows, params, lambda a: (a.dated_at, a.id))


async def get_paragraph(session: AsyncSession, paragraph_id: int) -> Paragraph | None:
    return await session.get(Paragraph, paragraph_id)
