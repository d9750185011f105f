"""Facts rendered as JSON by Postgres: one statement per read, no ORM objects.

Through the ORM, a page of events took three statements, thousands of Python
objects and two rounds of pydantic validation, many times the database's own
work.  Here each fact is one `json_build_object` expression
(its participants, citations or aliases gathered by correlated sub-queries on
indexed foreign keys), so a page is one statement whose rows are JSON texts that
go to the client as they are.  Every document has exactly the shape of its
response model in `schemas`; tests compare the two for each kind of fact.
The expressions are built once (`cache`): they are immutable, and building one
costs about as much as running it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Double, and_, case, null, or_

from app.core.documents import json_list, json_object, model_document
from app.facts.schemas import Provenance
from app.models import Citation, Commitment, Entity, EntityAlias, Event, EventParticipant, Mention

# Numerics leave as float8: the type the response models declare (float).
_DOUBLE: Double[float] = Double()


def _span(row: type[Citation] | type[Mention]) -> dict[str, Any]:
    return {
        "article_id": row.article_id,
        "paragraph_id": row.paragraph_id,
        "paragraph_index": row.paragraph_index,
        "start": row.start,
        "end": row.end,
        "quote": row.quote,
        "prefix": row.prefix,
        "suffix": row.suffix,
    }


def _citations(owner: ColumnElement[bool]) -> ColumnElement[Any]:
    return json_list(json_object(**_span(Citation)), Citation.position, Citation.id, where=owner)


def _provenance(row: type[Event] | type[Commitment]) -> ColumnElement[Any]:
    return model_document(Provenance, row)


@cache
def entity_document() -> ColumnElement[Any]:
    """`EntityOut` of the `entities` row in scope."""
    return json_object(
        id=Entity.id,
        name=Entity.name,
        type=Entity.type,
        aliases=json_list(
            EntityAlias.alias, EntityAlias.id, where=EntityAlias.entity_id == Entity.id
        ),
        mention_count=Entity.mention_count,
        article_count=Entity.article_count,
    )


@cache
def mention_document() -> ColumnElement[Any]:
    """`MentionOut` of the `mentions` row in scope."""
    return json_object(**_span(Mention), id=Mention.id, entity_id=Mention.entity_id)


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
        citations=_citations(Citation.event_id == Event.id),
        confidence=Event.confidence,
        provenance=_provenance(Event),
        claim_id=Event.claim_id,
    )


@cache
def commitment_document() -> ColumnElement[Any]:
    """`CommitmentOut` of the `commitments` row in scope."""
    has_actor = or_(Commitment.actor_name.is_not(None), Commitment.actor_entity_id.is_not(None))
    has_amount = and_(Commitment.amount_value.is_not(None), Commitment.amount_currency.is_not(None))
    has_share = or_(Commitment.gdp_from.is_not(None), Commitment.gdp_to.is_not(None))
    return json_object(
        id=Commitment.id,
        actor=case(
            (
                has_actor,
                json_object(entity_id=Commitment.actor_entity_id, name=Commitment.actor_name),
            ),
            else_=null(),
        ),
        metric=Commitment.metric,
        amount=case(
            (
                has_amount,
                json_object(
                    value=Commitment.amount_value.cast(_DOUBLE),
                    currency=Commitment.amount_currency,
                ),
            ),
            else_=null(),
        ),
        share_of_gdp=case(
            (
                has_share,
                json_object(
                    from_=Commitment.gdp_from.cast(_DOUBLE), to=Commitment.gdp_to.cast(_DOUBLE)
                ),
            ),
            else_=null(),
        ),
        target_year=Commitment.target_year,
        period=Commitment.period,
        status=Commitment.status,
        article_id=Commitment.article_id,
        citations=_citations(Citation.commitment_id == Commitment.id),
        confidence=Commitment.confidence,
        provenance=_provenance(Commitment),
        claim_id=Commitment.claim_id,
    )


def facts_document(
    *, entities: ColumnElement[bool], events: ColumnElement[bool], commitments: ColumnElement[bool]
) -> ColumnElement[Any]:
    """`ArticleFacts`: the entities, events and commitments that match, each by id."""
    return json_object(
        entities=json_list(entity_document(), Entity.id, where=entities),
        events=json_list(event_document(), Event.id, where=events),
        commitments=json_list(commitment_document(), Commitment.id, where=commitments),
    )
