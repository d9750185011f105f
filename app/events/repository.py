"""Reads of events as JSON documents (see `documents`): the list with its filters
(keyset-paged) and single events; and the write of an article's events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    Select,
    Text,
    bindparam,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.bulk_insert import PendingRows, ReservedIds, copy_rows
from app.core.documents import as_text
from app.core.pagination import Keyset, PageParams
from app.core.reads import fetch_built_document
from app.events.documents import event_document
from app.extract.types import EventFact, FactDate
from app.facts.citations import StoredParagraph, citation_rows
from app.models import Citation, Event, EventParticipant

EVENT_ORDER = Keyset("events", (Event.id, int))


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


# An event to store: its common columns, its article's paragraphs, the fact, its
# participants' entity ids, and its claim columns.
EventUnit = tuple[
    dict[str, Any], dict[int, StoredParagraph], EventFact, list[int | None], dict[str, Any]
]


def date_start(value: FactDate | None) -> date | None:
    if value is None:
        return None
    parts = [int(p) for p in value.value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


async def event_rows(
    session: AsyncSession, events: Sequence[EventUnit], reserved: ReservedIds | None
) -> list[dict[str, Any]]:
    """The events' rows, with their ids (drawn now: a claim may be named after one)."""
    if not events:
        return []
    if reserved is None:
        reserved = await ReservedIds.draw(session, {Event: len(events)})
    ids = reserved.take(Event.__tablename__, len(events))
    return [
        {
            "id": event_id,
            **common,
            "type": e.type,
            "summary": e.summary,
            "date_value": e.date.value if e.date else None,
            "date_precision": e.date.precision if e.date else None,
            "date_start": date_start(e.date),
            "confidence": e.confidence,
            **claim,
        }
        for event_id, (common, _, e, _, claim) in zip(ids, events, strict=True)
    ]


async def store_events(
    session: AsyncSession,
    events: Sequence[EventUnit],
    rows: Sequence[dict[str, Any]],
    pending: PendingRows | None = None,
) -> None:
    """Store the events (`rows`, from `event_rows`), their participants and citations
    (or hold them in `pending`)."""
    if not events:
        return
    await copy_rows(session, Event, list(rows), pending)
    participants = []
    citations = []
    for row, (common, by_index, event, entity_ids, _) in zip(rows, events, strict=True):
        event_id = row["id"]
        for position, (p, entity_id) in enumerate(zip(event.participants, entity_ids, strict=True)):
            participants.append(
                {
                    "event_id": event_id,
                    "entity_id": entity_id,
                    "name": p.name,
                    "role": p.role,
                    "position": position,
                }
            )
        citations += citation_rows(
            common["article_id"], by_index, event.citations, event_id=event_id
        )
    await copy_rows(session, EventParticipant, participants, pending)
    await copy_rows(session, Citation, citations, pending)
