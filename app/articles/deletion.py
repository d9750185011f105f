"""Deleting an article and the facts only it supports."""

from __future__ import annotations

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.articles.fact_store import retire_current_facts
from app.models import Article, Commitment, Entity, Event, EventParticipant, Mention


async def delete_article(session: AsyncSession, article_id: int) -> bool:
    """Remove the article (its revisions, paragraphs, events, commitments and mentions
    go with it by cascade), then every entity nothing else mentions any more."""
    found = await session.scalar(
        select(Article.id).where(Article.id == article_id).with_for_update()
    )
    if found is None:
        return False
    touched: set[int | None] = set(
        (
            await session.scalars(select(Mention.entity_id).where(Mention.article_id == article_id))
        ).all()
    )
    touched |= set(
        (
            await session.scalars(
                select(Commitment.actor_entity_id).where(
                    Commitment.article_id == article_id, Commitment.actor_entity_id.is_not(None)
                )
            )
        ).all()
    )
    touched |= set(
        (
            await session.scalars(
                select(EventParticipant.entity_id)
                .join(Event, Event.id == EventParticipant.event_id)
                .where(Event.article_id == article_id)
            )
        ).all()
    )
    await retire_current_facts(session, article_id)
    await session.execute(delete(Article).where(Article.id == article_id))
    if touched:
        await session.execute(
            delete(Entity).where(
                Entity.id.in_(sorted(i for i in touched if i is not None)),
                ~exists().where(Mention.entity_id == Entity.id),
                ~exists().where(EventParticipant.entity_id == Entity.id),
                ~exists().where(Commitment.actor_entity_id == Entity.id),
            )
        )
    return True
