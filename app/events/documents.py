"""Events rendered as JSON by Postgres (see `facts.documents`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, case, null

from app.core.documents import json_list, model_document
from app.events.schemas import DateOut, EventOut, ParticipantOut
from app.facts.documents import citations_document, provenance_document
from app.models import Citation, Event, EventParticipant


@cache
def event_document() -> ColumnElement[Any]:
    """`EventOut` of the `events` row in scope."""
    dated = and_(Event.date_value.is_not(None), Event.date_precision.is_not(None))
    date = model_document(DateOut, Event, value=Event.date_value, precision=Event.date_precision)
    participants = json_list(
        model_document(ParticipantOut, EventParticipant),
        EventParticipant.position,
        EventParticipant.id,
        where=EventParticipant.event_id == Event.id,
    )
    return model_document(
        EventOut,
        Event,
        date=case((dated, date), else_=null()),
        participants=participants,
        citations=citations_document(Citation.event_id == Event.id),
        provenance=provenance_document(Event),
    )
