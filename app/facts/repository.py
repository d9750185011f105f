"""Reads of facts: lists with filters (keyset-paged) and the facts of one article."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import Keyset, PageParams
from app.facts.loaders import commitments_query, entities_query, events_query
from app.facts.presenters import commitment_out, entity_out, event_out, mention_out
from app.facts.schemas import ArticleFacts, CommitmentOut, EntityOut, EventOut, MentionOut
from app.models import Commitment, Entity, Event, EventParticipant, Mention

ENTITY_ORDER = Keyset("entities", (Entity.id, int))
EVENT_ORDER = Keyset("events", (Event.id, int))
COMMITMENT_ORDER = Keyset("commitments", (Commitment.id, int))
MENTION_ORDER = Keyset("mentions", (Mention.id, int))

_WORD = re.compile(r"\w+")


def name_prefix_query(q: str) -> ColumnElement[object] | None:
    """`to_tsquery('simple', 'word1:* & word2:*')` from free text, or None if it has no words."""
    words = _WORD.findall(q.casefold())[:10]
    if not words:
        return None
    return func.to_tsquery("simple", " & ".join(f"{w}:*" for w in words))


async def get_entity(session: AsyncSession, entity_id: int) -> EntityOut | None:
    row = (await session.scalars(entities_query().where(Entity.id == entity_id))).one_or_none()
    return entity_out(row) if row else None


async def list_entities(
    session: AsyncSession, params: PageParams, *, q: str | None, type_: str | None
) -> tuple[list[EntityOut], str | None]:
    stmt = entities_query()
    if q is not None:
        query = name_prefix_query(q)
        if query is None:
            return [], None
        # Read the GIN index's matches first (a MATERIALIZED CTE is an optimisation
        # fence), then page through them: left to itself the planner walks the primary
        # key backwards and tests every entity against the query until a page is full.
        matches = select(Entity.id).where(Entity.search.bool_op("@@")(query))
        if type_ is not None:
            matches = matches.where(Entity.type == type_)
        found = matches.cte("matches").prefix_with("MATERIALIZED")
        page = Keyset("entities", (found.c.id, int)).apply(select(found.c.id), params).subquery()
        stmt = stmt.join(page, page.c.id == Entity.id)
    elif type_ is not None:
        stmt = stmt.where(Entity.type == type_)
    rows = (await session.scalars(ENTITY_ORDER.apply(stmt, params))).all()
    items, cursor = ENTITY_ORDER.page(rows, params, lambda e: (e.id,))
    return [entity_out(e) for e in items], cursor


async def list_mentions(
    session: AsyncSession, params: PageParams, *, entity_id: int
) -> tuple[list[MentionOut], str | None]:
    stmt = select(Mention).where(Mention.entity_id == entity_id, Mention.is_current)
    rows = (await session.scalars(MENTION_ORDER.apply(stmt, params))).all()
    items, cursor = MENTION_ORDER.page(rows, params, lambda m: (m.id,))
    return [mention_out(m) for m in items], cursor


async def get_event(session: AsyncSession, event_id: int) -> EventOut | None:
    stmt = events_query().where(Event.id == event_id, Event.is_current)
    row = (await session.scalars(stmt)).one_or_none()
    return event_out(row) if row else None


async def list_events(
    session: AsyncSession,
    params: PageParams,
    *,
    entity_id: int | None = None,
    type_: str | None = None,
    article_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> tuple[list[EventOut], str | None]:
    stmt = events_query().where(Event.is_current)
    if entity_id is not None:
        stmt = stmt.where(
            Event.id.in_(
                select(EventParticipant.event_id).where(EventParticipant.entity_id == entity_id)
            )
        )
    if type_ is not None:
        stmt = stmt.where(Event.type == type_)
    if article_id is not None:
        stmt = stmt.where(Event.article_id == article_id)
    if since is not None:
        stmt = stmt.where(Event.date_start >= since)
    if until is not None:
        stmt = stmt.where(Event.date_start < until)
    rows = (await session.scalars(EVENT_ORDER.apply(stmt, params))).all()
    items, cursor = EVENT_ORDER.page(rows, params, lambda e: (e.id,))
    return [event_out(e) for e in items], cursor


async def get_commitment(session: AsyncSession, commitment_id: int) -> CommitmentOut | None:
    stmt = commitments_query().where(Commitment.id == commitment_id, Commitment.is_current)
    row = (await session.scalars(stmt)).one_or_none()
    return commitment_out(row) if row else None


async def list_commitments(
    session: AsyncSession,
    params: PageParams,
    *,
    actor_id: int | None = None,
    article_id: int | None = None,
    currency: str | None = None,
    target_year: int | None = None,
    q: str | None = None,
) -> tuple[list[CommitmentOut], str | None]:
    stmt = commitments_query().where(Commitment.is_current)
    if actor_id is not None:
        stmt = stmt.where(Commitment.actor_entity_id == actor_id)
    if article_id is not None:
        stmt = stmt.where(Commitment.article_id == article_id)
    if currency is not None:
        stmt = stmt.where(Commitment.amount_currency == currency)
    if target_year is not None:
        stmt = stmt.where(Commitment.target_year == target_year)
    if q:
        stmt = stmt.where(Commitment.search.bool_op("@@")(func.websearch_to_tsquery("english", q)))
    rows = (await session.scalars(COMMITMENT_ORDER.apply(stmt, params))).all()
    items, cursor = COMMITMENT_ORDER.page(rows, params, lambda c: (c.id,))
    return [commitment_out(c) for c in items], cursor


async def article_facts(session: AsyncSession, article_id: int) -> ArticleFacts:
    # Entities mentioned, taking part in an event, or committing, in the latest revision.
    entity_ids = (
        select(Mention.entity_id)
        .where(Mention.article_id == article_id, Mention.is_current)
        .union(
            select(EventParticipant.entity_id)
            .join(Event, Event.id == EventParticipant.event_id)
            .where(Event.article_id == article_id, Event.is_current),
            select(Commitment.actor_entity_id).where(
                Commitment.article_id == article_id,
                Commitment.is_current,
                Commitment.actor_entity_id.is_not(None),
            ),
        )
    )
    entities = (
        await session.scalars(entities_query().where(Entity.id.in_(entity_ids)).order_by(Entity.id))
    ).all()
    events = (
        await session.scalars(
            events_query()
            .where(Event.article_id == article_id, Event.is_current)
            .order_by(Event.id)
        )
    ).all()
    commitments = (
        await session.scalars(
            commitments_query()
            .where(Commitment.article_id == article_id, Commitment.is_current)
            .order_by(Commitment.id)
        )
    ).all()
    return ArticleFacts(
        entities=[entity_out(e) for e in entities],
        events=[event_out(e) for e in events],
        commitments=[commitment_out(c) for c in commitments],
    )
