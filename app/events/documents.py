"""Events rendered as JSON by Postgres (see `facts.documents`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, case, null

from app.core.documents import json_list, json_object
from app.facts.documents import citations_document, provenance_document
from app.models import Citation, Event, EventParticipant


@cache
def event_document() -> ColumnElement[Any]:
    """`EventOut` of the `events` row in scope."""
    participant = json_object(
        entity_id=EventParticipant.entity_id, name=EventParticipant.name, role=EventParticipant.role
    )
    dated = and_(Event.date_value.is_not(None), Event.date_precision.is_not(None))
    return json_object(
        id=Event.id,
        type=Event.type,
        summary=Event.summary,
        date=case(
            (dated, json_object(value=Event.date_value, precision=Event.date_precision)),
            else_=null(),
        ),
        participants=json_list(
            participant,
            EventParticipant.position,
            EventParticipant.id,
            where=EventParticipant.event_id == Event.id,
        ),
        article_id=Event.article_id,
        citations=citations_document(Citation.event_id == Event.id),
        confidence=Event.confidence,
        provenance=provenance_document(Event),
        claim_id=Event.claim_id,
    )
