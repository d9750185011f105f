"""Reads of facts as JSON documents (see `documents`): lists with filters
(keyset-paged), single facts, and the facts of one article."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    Select,
    Text,
    and_,
    bindparam,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import Keyset, PageParams
from app.core.reads import fetch_built_document, fetch_document, fetch_documents, fetch_rows
from app.facts.documents import (
    as_text,
    commitment_document,
    entity_document,
    event_document,
    facts_document,
    mention_document,
)
from app.models import Article, Commitment, Entity, Event, EventParticipant, Mention

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


async def get_entity(session: AsyncSession, entity_id: int) -> str | None:
    stmt = select(as_text(entity_document())).where(Entity.id == entity_id)
    return await fetch_document(session, stmt)


async def entity_exists(session: AsyncSession, entity_id: int) -> bool:
    return bool(await fetch_rows(session, select(Entity.id).where(Entity.id == entity_id)))


async def list_entities(
    session: AsyncSession, params: PageParams, *, q: str | None, type_: str | None
) -> tuple[list[str], str | None]:
    stmt = select(Entity.id, as_text(entity_document()).label("doc"))
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
    return await ENTITY_ORDER.documents(session, stmt, params)


async def list_mentions(
    session: AsyncSession, params: PageParams, *, entity_id: int
) -> tuple[list[str], str | None]:
    stmt = select(Mention.id, as_text(mention_document()).label("doc")).where(
        Mention.entity_id == entity_id, Mention.is_current
    )
    return await MENTION_ORDER.documents(session, stmt, params)


async def get_mention(session: AsyncSession, mention_id: int) -> str | None:
    """A mention of any revision, as annotations address it."""
    stmt = select(as_text(mention_document())).where(Mention.id == mention_id)
    return await fetch_document(session, stmt)


async def article_mentions(session: AsyncSession, article_id: int) -> list[str]:
    """Every mention in the article's latest revision, in reading order."""
    stmt = (
        select(as_text(mention_document()))
        .where(Mention.article_id == article_id, Mention.is_current)
        .order_by(Mention.paragraph_index, Mention.start, Mention.id)
    )
    return await fetch_documents(session, stmt)


async def get_event(session: AsyncSession, event_id: int) -> str | None:
    return await fetch_built_document(session, _event_statement(), {"id": event_id})


@cache
def _event_statement() -> Select[*tuple[Any, ...]]:
    """Built once, as the lists are (`_events_statement`), so no request pays for
    compiling it."""
    return select(as_text(event_document())).where(
        Event.id == bindparam("id", type_=BigInteger), Event.is_current
    )


async def list_events(
    session: AsyncSession,
    params: PageParams,
    *,
    entity_id: int | None = None,
    type_: str | None = None,
    article_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
) -> tuple[list[str], str | None]:
    filters = {
        "entity_id": entity_id,
        "type": type_,
        "article_id": article_id,
        "since": since,
        "until": until,
    }
    given = {name: value for name, value in filters.items() if value is not None}
    stmt, order = _events_statement(frozenset(given), after=params.cursor is not None)
    return await order.bound_documents(session, stmt, given, params)


@cache
def _events_statement(
    filters: frozenset[str], *, after: bool
) -> tuple[Select[*tuple[Any, ...]], Keyset]:
    """The events list for the `filters` given, built once with bind parameters: its
    event documents make it a large statement, and building it (and its cache key)
    for each request was a noticeable share of the request."""
    stmt = select(Event.id, as_text(event_document()).label("doc")).where(Event.is_current)
    order = EVENT_ORDER
    if "entity_id" in filters:
        # Walk the entity's participations newest first and look each event up: a
        # page costs the same for an entity in every tenth event as for one in a few
        # old ones (`Event.id IN (...)` walked the events down to the page's last).
        participated = (
            select(EventParticipant.event_id)
            .where(EventParticipant.entity_id == bindparam("entity_id", type_=BigInteger))
            .distinct()
            .order_by(EventParticipant.event_id.desc())
            .subquery("participated")
        )
        stmt = stmt.join(participated, participated.c.event_id == Event.id)
        order = Keyset(EVENT_ORDER.name, (participated.c.event_id, int))
    if "type" in filters:
        stmt = stmt.where(Event.type == bindparam("type", type_=Text))
    if "article_id" in filters:
        stmt = stmt.where(Event.article_id == bindparam("article_id", type_=BigInteger))
    if "since" in filters:
        stmt = stmt.where(Event.date_start >= bindparam("since", type_=Date))
    if "until" in filters:
        stmt = stmt.where(Event.date_start < bindparam("until", type_=Date))
    return order.bound(stmt, after=after), order


async def get_commitment(session: AsyncSession, commitment_id: int) -> str | None:
    return await fetch_built_document(session, _commitment_statement(), {"id": commitment_id})


@cache
def _commitment_statement() -> Select[*tuple[Any, ...]]:
    return select(as_text(commitment_document())).where(
        Commitment.id == bindparam("id", type_=BigInteger), Commitment.is_current
    )


async def list_commitments(
    session: AsyncSession,
    params: PageParams,
    *,
    actor_id: int | None = None,
    article_id: int | None = None,
    currency: str | None = None,
    target_year: int | None = None,
    q: str | None = None,
) -> tuple[list[str], str | None]:
    filters = {
        "actor_id": actor_id,
        "article_id": article_id,
        "currency": currency,
        "target_year": target_year,
        "q": q or None,
    }
    given = {name: value for name, value in filters.items() if value is not None}
    stmt = _commitments_statement(frozenset(given), after=params.cursor is not None)
    return await COMMITMENT_ORDER.bound_documents(session, stmt, given, params)


@cache
def _commitments_statement(filters: frozenset[str], *, after: bool) -> Select[*tuple[Any, ...]]:
    """The commitments list for the `filters` given, built once with bind parameters
    (as `_events_statement`)."""
    stmt = select(Commitment.id, as_text(commitment_document()).label("doc")).where(
        Commitment.is_current
    )
    if "actor_id" in filters:
        stmt = stmt.where(Commitment.actor_entity_id == bindparam("actor_id", type_=BigInteger))
    if "article_id" in filters:
        stmt = stmt.where(Commitment.article_id == bindparam("article_id", type_=BigInteger))
    if "currency" in filters:
        stmt = stmt.where(Commitment.amount_currency == bindparam("currency", type_=Text))
    if "target_year" in filters:
        stmt = stmt.where(Commitment.target_year == bindparam("target_year", type_=Integer))
    if "q" in filters:
        query = func.websearch_to_tsquery("english", bindparam("q", type_=Text))
        stmt = stmt.where(Commitment.search.bool_op("@@")(query))
    return COMMITMENT_ORDER.bound(stmt, after=after)


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
            .where(Event.article_id == article_id, Event.is_current),
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
